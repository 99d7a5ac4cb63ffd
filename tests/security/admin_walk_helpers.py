"""The world of the admin leak walk: secret documents, what they leave behind, their markers.

``secret_world()`` adds, through the factories and as a member of the secret documents'
group would, what makes the admin tempted to show a secret: a second secret document with
an issuer and a tag no other object uses, a secret draft, and public pages that point at
the demo's secret 105-KL/TU (a movement's result decision, a study plan's documents, rich
text links in a movement's aims and a news item's body, a relation of the security
fixtures' public document).

``secret_markers()`` reads every secret document from the database (``confidentiality``
set) and returns what must never reach an outsider: numbers, titles, addresses, summaries,
body lines found in no other document, and the issuers and tags only secret documents use.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from taggit.models import Tag
from wagtail.models import Page

from emulation.models import EmulationMovementPage
from home.models import NewsPage
from organisation.models import UnitPage
from regulations.models import Issuer, PartyDocumentPage
from study.models import StudyPlanPage
from tests.factories import (
    CircularPageFactory,
    EmulationMovementPageFactory,
    IssuerFactory,
    NewsPageFactory,
    RegulationPageFactory,
    StudyPlanPageFactory,
)

from .conftest import text_of

# The roles the walk plays: editors outside every secret document's group.
OUTSIDERS = ["bientap", "lanhdaophong", "chanhvanphong", "bientap.truongvinh"]
MISSING_ID = 987_654


@dataclass
class World:
    secret: PartyDocumentPage  # the demo's 105-KL/TU
    public: PartyDocumentPage  # cites it (security fixtures)
    movement: EmulationMovementPage
    plan: StudyPlanPage
    unit_page: UnitPage  # its editor is bientap.truongvinh
    news: NewsPage  # links the secret document in its body
    secret_issuer: Issuer


def _link(page, text) -> str:
    return f'<p>Xem <a linktype="page" id="{page.pk}">{text}</a>.</p>'


def secret_world(docs) -> World:
    secret, public = docs["secret"].page, docs["public"].page
    issuer = IssuerFactory(name="Ban Nội chính Tỉnh ủy tổ Lam Ngọc", code="BNCLN")
    RegulationPageFactory(
        secret=True,
        issuer=issuer,
        title="Quy định về bảo vệ tài liệu tổ công tác Lam Ngọc",
        summary="Phương án Lam Ngọc bảo vệ kho lưu trữ số hóa tầng hầm B2.",
        tags=["kho Lam Ngọc"],
    )
    CircularPageFactory(
        secret=True,
        publish=False,
        title="Dự thảo kế hoạch Hồng Ngọc về sắp xếp cán bộ chủ chốt",
        summary="Dự thảo Hồng Ngọc chưa trình Ban Thường vụ.",
        tags=["dự thảo Hồng Ngọc"],
    )
    movement = EmulationMovementPageFactory(
        result_decision=secret, aims=_link(secret, "kết luận của Ban Thường vụ")
    )
    plan = StudyPlanPageFactory(documents=[secret, public])
    news = NewsPageFactory(body=[("paragraph", _link(secret, "theo kết luận"))])
    return World(
        secret=secret,
        public=public,
        movement=movement,
        plan=plan,
        unit_page=UnitPage.objects.get(unit__code="phuong-truong-vinh"),
        news=news,
        secret_issuer=issuer,
    )


def _tags_only_on(secret_ids) -> list[str]:
    """Names of the tags that only secret documents use (every tagged-item table read)."""
    from django.apps import apps
    from taggit.models import ItemBase

    used_elsewhere, on_secrets = set(), set()
    for through in apps.get_models():
        if not issubclass(through, ItemBase):
            continue
        rows = through._default_manager.all()
        target = {f.name: f for f in through._meta.get_fields()}.get("content_object")
        if target is not None and target.concrete:  # a page's tags (page ids are shared)
            on_secrets |= set(
                rows.filter(content_object__in=secret_ids).values_list("tag_id", flat=True)
            )
            rows = rows.exclude(content_object__in=secret_ids)
        used_elsewhere |= set(rows.values_list("tag_id", flat=True))
    return sorted(
        Tag.objects.filter(pk__in=on_secrets - used_elsewhere).values_list("name", flat=True)
    )


def secret_markers() -> list[str]:
    """What no answer to an outsider may contain (see the module's docstring)."""
    secrets = list(PartyDocumentPage.objects.exclude(confidentiality=""))
    assert len(secrets) >= 3, "the demo's secret document and the walk's own"
    secret_ids = [doc.pk for doc in secrets]
    others = PartyDocumentPage.objects.filter(confidentiality="")
    other_text = "\n".join(f"{doc.title}\n{doc.summary}\n{doc.body_text}" for doc in others)
    markers = set()
    for doc in secrets:
        markers |= {doc.number, doc.title, doc.slug, quote(doc.slug)}
        if doc.summary:
            markers.add(doc.summary)
        for line in doc.body_text.splitlines():
            line = line.strip()
            if len(line) >= 25 and line not in other_text:
                markers.add(line[:60])
    issuers = Issuer.objects.filter(documents__in=secret_ids).exclude(
        documents__in=others.values("pk")
    )
    markers |= {issuer.name for issuer in issuers}
    markers |= set(_tags_only_on(secret_ids))
    return sorted(markers)


def leaks(text: str, markers) -> list[str]:
    return [marker for marker in markers if marker in text]


CSRF = re.compile(r'(csrfmiddlewaretoken"? value="|"CSRF_TOKEN": "|"csrfToken": ")[^"]*"')
# Draftail's block keys are drawn at random each time a text is converted for the editor.
BLOCK_KEY = re.compile(r'(\\?(?:"|&quot;)key\\?(?:"|&quot;): \\?(?:"|&quot;))\w+')
SESSION = re.compile(r"editing-sessions/[^\"'\s]*|\"(session_id|revision_id|id)\": \"?[\w-]+\"?")


def normalised(response, *ids) -> tuple[int, str]:
    """Status and body with the ids posted, CSRF tokens and editing sessions set aside."""
    text = text_of(response)
    for value in ids:
        text = re.sub(rf"\b{value}\b", "ID", text)
    text = BLOCK_KEY.sub(r"\1KEY", CSRF.sub(r"\1CSRF", text))
    return response.status_code, SESSION.sub("SESSION", text)


def outsiders():
    users = list(get_user_model().objects.filter(username__in=OUTSIDERS))
    assert len(users) == len(OUTSIDERS)
    return users


def pages_of(model, user, limit=3):
    """Up to ``limit`` pages of exactly ``model`` that ``user`` may see and edit."""
    from core.visibility import admin_visible_pages

    pages = admin_visible_pages(
        user, model.objects.filter(content_type__model=model._meta.model_name)
    )
    return [
        page for page in pages.order_by("-pk")[:20] if page.permissions_for_user(user).can_edit()
    ][:limit]


def add_parent(model, user) -> Page | None:
    """A page under which ``user`` may create a ``model`` page, if any."""
    from core.visibility import admin_visible_pages

    parents = admin_visible_pages(user, Page.objects.type(*model.allowed_parent_page_models()))
    for parent in parents.specific().order_by("depth", "pk"):
        if model.can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage():
            return parent
    return None


@pytest.fixture
def factory_sequences_kept():
    """Put the factories' sequence counters back as they were after the test.

    These tests use the document and page factories before ``tests/test_factories.py``
    runs, whose checks read the first values of the sequences (the first regulation is about
    "công tác văn thư"); the counters are global to the session.
    """
    import factory

    import tests.factories as factories

    classes = {
        value
        for module in vars(factories).values()
        if isinstance(module, type(factories))
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, factory.base.BaseFactory)
    }
    saved = {cls: cls._meta._counter.seq for cls in classes if cls._meta._counter is not None}
    yield
    for cls in classes:
        if cls._meta.counter_reference is cls._meta and cls._meta._counter is not None:
            cls.reset_sequence(saved.get(cls, cls._setup_next_sequence()), force=True)
