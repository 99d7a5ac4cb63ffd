"""What `make load` needs from the database: synthetic documents and the addresses to visit.

Besides the pages read, the plan names what the writing users of the load test change
through the real views: deliveries their units acknowledge (synthetic documents sent to the
load accounts' units, so that there is always one pending), the open emulation movement
they register for, the study plan they confirm, and the documents the publisher edits and
publishes in the Wagtail admin (with each one's StreamField body as the admin's form posts
it, since the admin builds that part of the form in JavaScript).
"""

import json
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.vietnamese import fold
from core.visibility import visible_pages
from home.demo.loader import ACCOUNTS
from organisation.demo_accounts import DEMO_PASSWORD
from organisation.models import UnitMembership

# Accounts the load test logs in with (a mix of roles; the superuser is left out on purpose:
# it skips the visibility rule, which would make its pages cheaper than everyone else's).
LOAD_USERNAMES = [a.username for a in ACCOUNTS if not a.superuser]
# Who writes: units' leaders and editors acknowledge and register (they act for a unit),
# every account in a plan's audience confirms study, the Chánh Văn phòng publishes.
UNIT_WRITERS = [
    a.username
    for a in ACCOUNTS
    if a.unit and a.unit_role in (UnitMembership.Role.LEADER, UnitMembership.Role.EDITOR)
]
STUDY_WRITERS = [a.username for a in ACCOUNTS if a.unit]
PUBLISHER = "chanhvanphong"
ADDRESSED_DOCUMENTS = 600
PUBLISHED_DOCUMENTS = 200


def add_synthetic_documents(count: int) -> int:
    """Add synthetic documents (``search.benchmark``) until ``count`` exist; index them."""
    from core.visibility import every_restriction_rule
    from regulations.models import DocumentLibraryPage, PartyDocumentPage
    from search.benchmark import create_pages, generate_documents
    from search.bulk import index_pages

    synthetic = PartyDocumentPage.objects.filter(import_hash="")
    have = synthetic.count()
    if have >= count:
        return 0
    library = DocumentLibraryPage.objects.first()
    documents = generate_documents(count, seed=23)
    for _skip in range(have):
        next(documents)
    created = []
    batch = []
    for document in documents:
        batch.append(document)
        if len(batch) == 2000:
            created += create_pages(library, batch)
            batch = []
    if batch:
        created += create_pages(library, batch)
    restrictions = every_restriction_rule()
    for start in range(0, len(created), 500):
        pages = (
            PartyDocumentPage.objects.filter(pk__in=created[start : start + 500])
            .specific()
            .prefetch_related("issuers", "tagged_items__tag", "attachments")
        )
        index_pages(pages, restrictions)
    return len(created)


def write_plan(path: Path, seed: int = 3) -> dict:
    """The addresses and queries the load test draws from, visible to every load account."""
    from regulations.models import DocumentLibraryPage, PartyDocumentPage

    rng = random.Random(seed)
    member = get_user_model().objects.get(username="dangvien")
    documents = list(
        visible_pages(member, PartyDocumentPage.objects.all())
        .order_by("?")
        .values_list("url_path", "title", "number", "issued_on")[:400]
    )
    library = DocumentLibraryPage.objects.first()
    root_path = library.get_parent().url_path  # the home page's path is the site root "/"
    urls = ["/" + url_path[len(root_path) :] for url_path, *_rest in documents]
    queries, prefixes = [], []
    for _url, title, number, _issued in documents[:200]:
        words = title.split()
        start = rng.randint(0, max(0, len(words) - 3))
        phrase = " ".join(words[start : start + rng.randint(1, 3)])
        queries.append(rng.choice([phrase, phrase, fold(phrase), number]))
        word = rng.choice(words)
        prefixes.append(word[: rng.randint(2, max(2, min(6, len(word))))])
    years = sorted({issued.year for *_rest, issued in documents})
    plan = {
        "library": "/" + library.url_path[len(root_path) :],
        "documents": urls,
        "queries": queries,
        "prefixes": prefixes,
        "filters": [{"year": str(year)} for year in years[-5:]]
        + [{"type": code} for code in ("NQ", "CT", "QĐ", "KL", "HD")]
        + [{"validity": "in_force"}, {"sort": "number"}],
        "users": LOAD_USERNAMES,
        "password": DEMO_PASSWORD,
        "writes": write_targets(),
    }
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    return plan


def _synthetic_ids() -> list[int]:
    from regulations.models import PartyDocumentPage

    return list(
        PartyDocumentPage.objects.filter(import_hash="").order_by("pk").values_list("pk", flat=True)
    )


def address_to_load_units(page_ids: list[int]) -> int:
    """Send ``page_ids`` to the units of the load accounts; returns the deliveries added.

    The pages' addressing says so too, so that a publish (``sync_deliveries``) keeps them.
    """
    from announcements.models import Delivery
    from organisation.models import Unit
    from regulations.models import PartyDocumentPage

    codes = {a.unit for a in ACCOUNTS if a.username in UNIT_WRITERS}
    units = list(Unit.objects.filter(code__in=codes))
    through = PartyDocumentPage.recipient_units.through
    have = set(
        through.objects.filter(partydocumentpage_id__in=page_ids).values_list(
            "partydocumentpage_id", "unit_id"
        )
    )
    through.objects.bulk_create(
        [
            through(partydocumentpage_id=page_id, unit_id=unit.pk)
            for page_id in page_ids
            for unit in units
            if (page_id, unit.pk) not in have
        ]
    )
    delivered = set(Delivery.objects.filter(page_id__in=page_ids).values_list("page_id", "unit_id"))
    added = Delivery.objects.bulk_create(
        [
            Delivery(page_id=page_id, unit_id=unit.pk)
            for page_id in page_ids
            for unit in units
            if (page_id, unit.pk) not in delivered
        ]
    )
    return len(added)


def publish_form(page) -> dict:
    """The fields of ``page``'s admin form that the admin's JavaScript builds (the body)."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    body = [(block["type"], block["value"]) for block in page.body.raw_data]
    return nested_form_data({"body": streamfield(body)})


def write_targets() -> dict:
    """What the writing users change: see the module's docstring."""
    from emulation.models import EmulationMovementPage
    from regulations.models import PartyDocumentPage
    from study.models import StudyPlanPage

    ids = _synthetic_ids()
    addressed = ids[:ADDRESSED_DOCUMENTS]
    address_to_load_units(addressed)
    today = timezone.localdate()
    # the demo's movement is open for 45 days after the demo was loaded: none, no registering
    movement = next(
        (
            m
            for m in EmulationMovementPage.objects.live().order_by("pk")
            if m.registration_open(today)
        ),
        None,
    )
    plan = StudyPlanPage.objects.live().filter(audience_all=True).order_by("pk").first()
    to_publish = PartyDocumentPage.objects.filter(
        pk__in=ids[ADDRESSED_DOCUMENTS : ADDRESSED_DOCUMENTS + PUBLISHED_DOCUMENTS]
    ).order_by("pk")
    return {
        "unit_writers": UNIT_WRITERS,
        "study_writers": STUDY_WRITERS,
        "publisher": PUBLISHER,
        "register": f"/thi-dua/{movement.pk}/dang-ky/" if movement else "",
        "study_plan": _site_path(plan.url_path),
        "publish": [
            {
                "id": page.pk,
                "url": _site_path(page.url_path),
                "form": publish_form(page),
                "signer": page.signer or "Lê Quang Huy",
            }
            for page in to_publish
        ],
    }


def _site_path(url_path: str) -> str:
    """The address of a page under the site's root page (whose own url_path is "/home/")."""
    from wagtail.models import Site

    root_path = Site.objects.get(is_default_site=True).root_page.url_path
    return "/" + url_path[len(root_path) :]
