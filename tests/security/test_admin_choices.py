"""The rule in the admin's forms and endpoints (``core.admin_forms``, ``core.narrowing``):
covered for every model, kept for those who may see, and what it keeps on save.

* every page model's and every snippet's admin form, built for an outsider, narrows each
  page-valued field (and the issuers), in the form and in its inline panels' rows; the
  system check fails for a model that lacks the base form or viewset;
* members of the secret document's group and superusers still see and choose it;
* a value an outsider may not see (a result decision, a study plan's document, a relation,
  a rich text link) is kept when the outsider saves;
* page links render without the address of a closed page, for everyone; the editor's copy
  carries no address for it either;
* tags and issuers follow the documents that use them; usage listings leave out the pages
  one may not see; the copy form answers a missing parent without a server error.
"""

import json

import pytest
from django import forms
from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.blocks import PageChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.rich_text import expand_db_html
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_choosers import visible_tags
from core.checks import admin_forms_apply_the_visibility_rule
from home.models import HomePage
from organisation import roles
from regulations.models import DocumentRelation, Issuer, PartyDocumentPage
from tests.factories import (
    CircularPageFactory,
    DocumentRelationFactory,
    IssuerFactory,
    RegulationPageFactory,
    UserFactory,
    logged_in,
)

from .admin_forms_helpers import add_relation_row, form_data
from .admin_walk_helpers import factory_sequences_kept, secret_world  # noqa: F401  (a fixture)
from .conftest import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("factory_sequences_kept")]


@pytest.fixture
def world(docs):
    return secret_world(docs)


def _outsider():
    return get_user_model().objects.get(username="bientap")


def _insider():
    return UserFactory(roles=[roles.EDITOR, roles.STANDING_COMMITTEE])


def _latest(page):
    """The latest version of ``page`` (read anew: the object in hand knows older ones)."""
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def _admin_forms(user):
    """An unbound admin form of every page model and snippet, as the admin builds them."""
    for model in get_page_models():
        if model is not Page:
            form_class = model.get_edit_handler().get_form_class()
            yield model, form_class(instance=model(), for_user=user, parent_page=None)
    for model in get_snippet_models():
        form_class = model.snippet_viewset.get_form_class()
        yield model, form_class(instance=model(), for_user=user)


def _choice_fields(form):
    yield from form.fields.items()
    for name, formset in getattr(form, "formsets", {}).items():
        for child_name, field in formset.empty_form.fields.items():
            yield f"{name}.{child_name}", field


def test_every_page_valued_field_of_every_admin_form_is_narrowed(world):
    secret, user = world.secret, _outsider()
    checked = []
    for model, form in _admin_forms(user):
        for name, field in _choice_fields(form):
            if not isinstance(field, forms.ModelChoiceField):
                continue
            related = field.queryset.model
            if issubclass(related, Page):
                label = f"{model._meta.label}.{name}"
                assert not field.queryset.filter(pk=secret.pk).exists(), label
                if hasattr(field.widget, "get_instance"):
                    assert field.widget.get_instance(secret.pk) is None, label
                checked.append(label)
            elif related is Issuer:
                assert not field.queryset.filter(pk=world.secret_issuer.pk).exists()
    # The relation's target, the result decision, the plan's documents, a news' movement.
    assert len(checked) >= 4, checked


def _blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _blocks(child)
    if hasattr(block, "child_block"):  # a list block
        yield from _blocks(block.child_block)


def test_no_stream_field_holds_a_page_chooser_block():
    """A block is drawn without the user, so its page chooser would show a hidden title."""
    for model in [*get_page_models(), *get_snippet_models()]:
        for field in model._meta.fields:
            if isinstance(field, StreamField):
                for block in _blocks(field.stream_block):
                    assert not isinstance(block, PageChooserBlock), (model, field.name)


def test_the_system_check_wants_the_rule_on_every_page_model_and_snippet(monkeypatch):
    assert admin_forms_apply_the_visibility_rule() == []
    monkeypatch.setattr(HomePage, "base_form_class", WagtailAdminPageForm)
    monkeypatch.setattr(Issuer, "snippet_viewset", SnippetViewSet(model=Issuer))
    ids = {error.id for error in admin_forms_apply_the_visibility_rule()}
    assert ids == {"core.E001", "core.E002"}


@pytest.mark.parametrize("who", ["insider", "superuser"])
def test_those_who_may_see_still_choose_the_secret_document(who, world):
    user = _insider() if who == "insider" else UserFactory(superuser=True)
    client = logged_in(user)
    html = client.get(f"/admin/pages/{world.plan.pk}/edit/").content.decode()
    assert world.secret.number in html
    data = form_data(client.get(f"/admin/pages/{world.public.pk}/edit/").content.decode())
    add_relation_row(data, world.secret.pk)
    response = client.post(f"/admin/pages/{world.public.pk}/edit/", data)
    assert response.status_code == 302
    draft = _latest(world.public)
    assert [r.target_id for r in draft.outgoing_relations.all()].count(world.secret.pk) == 2
    tags = visible_tags(user).values_list("name", flat=True)
    assert {"kho Lam Ngọc", "phương án nhân sự"} <= set(tags)


def test_what_an_outsider_may_not_see_is_kept_when_they_save(world):
    client, secret = logged_in(_outsider()), world.secret
    for page in (world.movement, world.plan, world.public):
        versions = page.revisions.count()
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert secret.number not in html and secret.title not in html
        response = client.post(f"/admin/pages/{page.pk}/edit/", form_data(html))
        assert response.status_code == 302, page
        assert page.revisions.count() == versions + 1  # saved by the outsider
    movement = _latest(world.movement)
    assert movement.result_decision_id == secret.pk
    assert f'id="{secret.pk}"' in movement.aims  # the rich text link, kept
    plan = _latest(world.plan)
    assert {doc.pk for doc in plan.documents.all()} == {secret.pk, world.public.pk}
    public = _latest(world.public)
    assert [r.target_id for r in public.outgoing_relations.all()] == [secret.pk]


def test_page_links_render_without_the_address_of_a_closed_page(world):
    public = world.public
    html = (
        f'<p><a linktype="page" id="{world.secret.pk}">a</a> '
        f'<a linktype="page" id="{public.pk}">b</a></p>'
    )
    rendered = expand_db_html(html)
    assert f'<a href="{public.url}">b</a>' in rendered
    assert "<a>a</a>" in rendered and world.secret.url not in rendered
    converter = ContentstateConverter(features=["link"])
    entities = json.loads(converter.from_database_format(html))["entityMap"].values()
    data = {entity["data"]["id"]: entity["data"] for entity in entities}
    assert data[world.secret.pk] == {"id": world.secret.pk, "url": None, "parentId": None}
    assert data[public.pk]["url"] == public.url


def test_a_new_link_to_a_secret_page_is_refused_with_the_missing_page_message(world):
    client = logged_in(_outsider())
    url = f"/admin/pages/{world.movement.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data["result_summary"] = (
        '{"blocks": [{"key": "k1", "type": "unstyled", "depth": 0, "text": "x", '
        '"inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 1, "key": 0}], '
        f'"data": {{}}}}], "entityMap": {{"0": {{"type": "LINK", "mutability": "MUTABLE", '
        f'"data": {{"id": {world.secret.pk}}}}}}}}}'
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Có liên kết tới một trang không tồn tại hoặc không chọn được" in text_of(response)


def test_tags_follow_the_documents_that_use_them(world):
    user = _outsider()
    names = set(visible_tags(user).values_list("name", flat=True))
    assert not {"kho Lam Ngọc", "dự thảo Hồng Ngọc", "phương án nhân sự"} & names
    assert "thể thức văn bản" in names  # a public document's tag
    CircularPageFactory(tags=["kho Lam Ngọc"])  # now a public document uses it too
    assert visible_tags(user).filter(name="kho Lam Ngọc").exists()
    answer = logged_in(user).get("/admin/tag-autocomplete/?term=kho").json()
    assert answer == ["kho Lam Ngọc"]


def test_issuers_follow_the_documents_that_use_them(world):
    outsider, secret_issuer = _outsider(), world.secret_issuer
    fresh = IssuerFactory(name="Ban Chỉ đạo mới thành lập", code="BCĐM")  # no document yet
    client = logged_in(outsider)
    listing = text_of(client.get("/admin/snippets/regulations/issuer/"))
    assert secret_issuer.name not in listing and fresh.name in listing
    chooser = text_of(client.get("/admin/snippets/choose/regulations/issuer/"))
    assert secret_issuer.name not in chooser and fresh.name in chooser
    for view in ("edit", "usage", "delete", "history"):
        hidden = client.get(f"/admin/snippets/regulations/issuer/{view}/{secret_issuer.pk}/")
        missing = client.get(f"/admin/snippets/regulations/issuer/{view}/987654/")
        assert (hidden.status_code, text_of(hidden)) == (404, text_of(missing)), view
    insider_listing = text_of(logged_in(_insider()).get("/admin/snippets/regulations/issuer/"))
    assert secret_issuer.name in insider_listing


def test_a_new_document_is_never_offered_an_issuer_only_secret_documents_use(world):
    for _ in range(3):  # the secret-only issuer becomes the most used of all
        RegulationPageFactory(secret=True, issuer=world.secret_issuer)
    library = Page.objects.get(slug="van-ban")
    html = logged_in(_outsider()).get(f"/admin/pages/add/regulations/circularpage/{library.pk}/")
    assert world.secret_issuer.name not in text_of(html)
    form_class = PartyDocumentPage.get_edit_handler().get_form_class()
    form = form_class(instance=PartyDocumentPage(), for_user=_outsider(), parent_page=library)
    assert world.secret_issuer.pk not in form.initial["issuers"]


def test_usage_listings_leave_out_the_pages_one_may_not_see(world):
    source = RegulationPageFactory(secret=True, title="Quy định Thạch Anh về hồ sơ mật")
    DocumentRelationFactory(source=source, target=world.public, relation_type="amends")
    url = f"/admin/pages/{world.public.pk}/usage/"
    outsider = text_of(logged_in(_outsider()).get(url))
    assert "Thạch Anh" not in outsider and "(Trang riêng tư)" not in outsider
    assert "Private" not in outsider
    assert "Thạch Anh" in text_of(logged_in(_insider()).get(url))


def test_copying_without_a_new_parent_is_refused_not_a_server_error(world):
    """Refused before the form (400, the copy hook of core.wagtail_hooks, also tested in
    tests/security/test_malformed_posts.py), and nothing is copied."""
    client = logged_in(get_user_model().objects.get(username="chanhvanphong"))
    url = f"/admin/pages/{world.public.pk}/copy/"
    data = form_data(client.get(url).content.decode())
    del data["new_parent_page"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert DocumentRelation.objects.filter(source__number=world.public.number).count() == 1


def test_delete_confirmations_count_only_the_uses_one_may_see(world):
    source = RegulationPageFactory(secret=True, title="Quy định Thạch Anh về hồ sơ mật")
    DocumentRelationFactory(source=source, target=world.public, relation_type="amends")
    url = f"/admin/pages/{world.public.pk}/delete/"
    outsider = logged_in(UserFactory(roles=[roles.ADMINISTRATOR]))  # may delete pages
    assert outsider.get(url).context["usage_count"] == 0
    insider = logged_in(UserFactory(roles=[roles.ADMINISTRATOR, roles.STANDING_COMMITTEE]))
    assert insider.get(url).context["usage_count"] == 1
