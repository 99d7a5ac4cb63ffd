"""Public state is computed from what everybody may see (issue 17, "public state").

A secret document (``RegulationPageFactory(secret=True)``: "Mật", readable by the group "Ban
Thường vụ Tỉnh ủy") must not shape what others see. When it replaces, repeals or suspends a
public document, the public document's stored validity (library filter, facet counts, search
API, feeds) and its page stay exactly what they were for a member, while the secret
document's readers see the whole picture on the page, marked as known only to them. A
citation of a secret document reads like a citation of a missing one; an issuer known only
from secret documents appears in no list or count.
"""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from organisation.roles import EDITOR, STANDING_COMMITTEE
from regulations.choices import RelationType, Validity
from regulations.models import DocumentRelation, PartyDocumentPage
from regulations.services import sync_secrecy
from tests.factories import (
    DocumentRelationFactory,
    GroupFactory,
    IssuerFactory,
    RegulationPageFactory,
    UserFactory,
    logged_in,
)

from .conftest import same_page, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_factory_sequences")]

LIBRARY = "/van-ban/"
OLD, NEW = datetime.date(2024, 3, 4), datetime.date(2025, 2, 3)  # both in effect today
ENDINGS = {
    RelationType.REPEALS: Validity.EXPIRED,
    RelationType.REPLACES: Validity.EXPIRED,
    RelationType.SUSPENDS: Validity.SUSPENDED,
}


@pytest.fixture
def member() -> Client:
    return logged_in(UserFactory())


@pytest.fixture
def reader() -> Client:
    """A member of the secret documents' group."""
    return logged_in(UserFactory(roles=[STANDING_COMMITTEE]))


def public_document(**fields) -> PartyDocumentPage:
    return RegulationPageFactory(**{"issued_on": OLD, **fields})


def secret_document(**fields) -> PartyDocumentPage:
    return RegulationPageFactory(secret=True, **{"issued_on": NEW, **fields})


def stored_validity(document) -> str:
    return PartyDocumentPage.objects.get(pk=document.pk).validity


def option_counts(html: str, name: str) -> dict[str, int]:
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    pattern = r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>'
    return {value: int(count) for value, count in re.findall(pattern, select)}


def public_views(client, document) -> dict[str, str]:
    """Every channel that shows a document's validity or counts it, as ``client`` gets it."""
    number = document.number
    api = json.loads(text_of(client.get("/api/v1/search/", {"q": number})))
    return {
        "page": text_of(client.get(document.url)),
        "library": text_of(client.get(LIBRARY)),
        "in_force": text_of(client.get(LIBRARY, {"validity": Validity.IN_FORCE})),
        "ended": text_of(client.get(LIBRARY, {"validity": Validity.EXPIRED})),
        "suspended": text_of(client.get(LIBRARY, {"validity": Validity.SUSPENDED})),
        "rss": text_of(client.get(f"{LIBRARY}rss/")),
        "atom": text_of(client.get(f"{LIBRARY}atom/")),
        "api": json.dumps([r for r in api["results"] if r["number"] == number]),
        "api_facets": json.dumps(api.get("facets"), sort_keys=True),
    }


def assert_same_views(before: dict, after: dict) -> None:
    """Each channel's answer is the same, once the per-request CSRF token is set aside."""
    token = re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]*"')
    for channel in before:
        assert token.sub(r"\1", before[channel]) == token.sub(r"\1", after[channel]), channel


# --------------------------------------------------------------------------------------------
# Validity


@pytest.mark.parametrize("relation_type", list(ENDINGS))
def test_a_secret_ending_leaves_every_public_channel_unchanged(relation_type, member):
    target = public_document()
    assert stored_validity(target) == Validity.IN_FORCE
    before = public_views(member, target)
    source = secret_document()
    DocumentRelationFactory(source=source, target=target, relation_type=relation_type)
    assert stored_validity(target) == Validity.IN_FORCE
    after = public_views(member, target)
    assert_same_views(before, after)
    assert target.number in after["in_force"] and target.number not in after["ended"]
    assert option_counts(after["library"], "validity") == option_counts(
        before["library"], "validity"
    )
    assert source.number not in after["page"] and "không còn hiệu lực" not in after["page"]


@pytest.mark.parametrize("relation_type", list(ENDINGS))
def test_its_readers_see_the_whole_picture_marked_as_theirs(relation_type, reader):
    target = public_document()
    source = secret_document()
    DocumentRelationFactory(source=source, target=target, relation_type=relation_type)
    html = text_of(reader.get(target.url))
    label = str(Validity(ENDINGS[relation_type]).label)
    note = html.split("notice-known-to-few", 1)[1].split("</p>", 1)[0]
    assert label in note and source.number in note and f'href="{source.url}"' in note
    assert "Chỉ những người được xem văn bản mật đó biết điều này" in note
    rows = html.split('id="relations-heading"', 1)[1]
    assert source.number in rows and "chỉ những người được xem văn bản này biết" in rows
    # The stored validity, the filters and the counts stay the public ones, for them too.
    assert stored_validity(target) == Validity.IN_FORCE
    assert target.number in text_of(reader.get(LIBRARY, {"validity": Validity.IN_FORCE}))


def test_a_public_ending_still_ends_for_everyone(member):
    target = public_document()
    DocumentRelationFactory(
        source=public_document(issued_on=NEW), target=target, relation_type=RelationType.REPEALS
    )
    assert stored_validity(target) == Validity.EXPIRED
    html = text_of(member.get(target.url))
    assert "Văn bản này không còn hiệu lực." in html and "notice-known-to-few" not in html


def test_a_secret_document_ended_by_one_its_readers_all_see(reader):
    """Same group: every reader of the target may see the source, so it counts when stored."""
    target = RegulationPageFactory(secret=True, issued_on=OLD)
    DocumentRelationFactory(
        source=secret_document(), target=target, relation_type=RelationType.REPLACES
    )
    assert stored_validity(target) == Validity.EXPIRED
    assert "notice-known-to-few" not in text_of(reader.get(target.url))


def test_a_secret_document_ended_by_one_of_another_group():
    other = GroupFactory(name="Tiểu ban Nhân sự")
    target = RegulationPageFactory(secret=True, issued_on=OLD)
    source = RegulationPageFactory(secret=True, issued_on=NEW, restricted_groups=[other])
    DocumentRelationFactory(source=source, target=target, relation_type=RelationType.REPEALS)
    assert stored_validity(target) == Validity.IN_FORCE


def test_validity_follows_when_the_ending_document_changes_secrecy(member):
    target = public_document()
    source = secret_document()
    DocumentRelationFactory(source=source, target=target, relation_type=RelationType.REPEALS)
    assert stored_validity(target) == Validity.IN_FORCE
    # Declassified: a version without the mark is published, the restriction is lifted.
    source.confidentiality = ""
    source.restricted_groups.set([])
    source.save_revision().publish()
    assert stored_validity(target) == Validity.EXPIRED
    assert target.number in text_of(member.get(LIBRARY, {"validity": Validity.EXPIRED}))
    # Marked secret again (a draft is restricted at once): the public document is back.
    source = PartyDocumentPage.objects.get(pk=source.pk).specific
    source.confidentiality = "Mật"
    source.restricted_groups.set([Group.objects.get(name=STANDING_COMMITTEE)])
    source.save_revision()
    sync_secrecy(source, relax=False)
    assert stored_validity(target) == Validity.IN_FORCE


# --------------------------------------------------------------------------------------------
# Relations and "not in the library"


def test_a_secret_citation_reads_like_a_missing_one(member, reader):
    source = public_document(issued_on=NEW)
    cited = secret_document(issued_on=OLD)
    DocumentRelationFactory(source=source, target=cited, relation_type=RelationType.CITES)
    path = source.url
    with_secret = member.get(path)
    assert f"{cited.number} <span" in text_of(with_secret)
    assert "chưa có trong thư viện" in text_of(with_secret)
    assert cited.title not in text_of(with_secret) and cited.slug not in text_of(with_secret)
    # Its readers follow the citation to it.
    assert f'href="{cited.url}"' in text_of(reader.get(path))
    # The same citation with no such document in the library: the same page.
    cited.delete()
    assert DocumentRelation.objects.get(source=source).target is None
    without = member.get(path)
    assert same_page(with_secret, without, path, path)


def test_a_relation_from_a_secret_document_is_as_absent_as_none(member):
    target = public_document()
    before = member.get(target.url)
    DocumentRelationFactory(
        source=secret_document(), target=target, relation_type=RelationType.GUIDES
    )
    assert same_page(before, member.get(target.url), target.url, target.url)


def test_an_undated_citation_finds_the_public_document_a_secret_one_shares_a_number_with(
    member,
):
    cited = public_document(number="88-HD/TU", doc_type="HD")
    secret_document(number="88-HD/TU", doc_type="HD")
    source = public_document(issued_on=NEW)
    relation = DocumentRelationFactory(
        source=source, target=None, target_number="88-HD/TU", target_issued_on=None
    )
    from regulations.relations import resolve_pending_relations

    resolve_pending_relations(cited)
    relation.refresh_from_db()
    assert relation.target_id == cited.pk
    assert f'href="{cited.url}"' in text_of(member.get(source.url))


# --------------------------------------------------------------------------------------------
# Issuers


@pytest.fixture
def secret_issuer():
    issuer = IssuerFactory(name="Tiểu ban Bảo vệ chính trị nội bộ", code="TBBVNB")
    secret_document(issuer=issuer)
    return issuer


def test_an_issuer_known_only_from_secret_documents_is_in_no_public_list(
    secret_issuer, member, reader
):
    for client, shown in ((member, False), (reader, True)):
        library = text_of(client.get(LIBRARY))
        assert ("TBBVNB" in option_counts(library, "issuer")) is shown
        assert (secret_issuer.code in text_of(client.get(LIBRARY, {"type": "QĐ"}))) is shown
        search = text_of(client.get("/tim-kiem/", {"q": "quy định"}))
        assert (secret_issuer.code in search) is shown
        api = json.loads(text_of(client.get("/api/v1/search/", {"q": "quy định"})))
        assert (secret_issuer.code in json.dumps(api.get("facets"))) is shown


def test_an_issuer_known_only_from_secret_documents_is_not_offered_to_editors(secret_issuer):
    from tests.workflows.helpers import add_url, library

    url = add_url("regulations.RegulationPage", library())
    for roles, shown in (([EDITOR], False), ([EDITOR, STANDING_COMMITTEE], True)):
        html = text_of(logged_in(UserFactory(roles=roles)).get(url))
        # The issuer choice: checkboxes under a search box (core.admin_widgets).
        choices = re.search(r"<div class=\"searchable-choices\".*?</div>\s*</div>", html, re.S)
        assert (secret_issuer.name in choices.group()) is shown


def test_the_daily_refresh_keeps_to_the_same_rule():
    """``stale_documents`` (the daily check) counts relations as ``compute_validity`` does."""
    from regulations.validity import refresh_due_validity, stale_documents

    target = public_document()
    later = datetime.date(2031, 1, 1)
    source = secret_document(effective_on=later)  # repeals it from 2031
    DocumentRelationFactory(source=source, target=target, relation_type=RelationType.REPEALS)
    assert not stale_documents(later).filter(pk=target.pk).exists()
    refresh_due_validity(later)
    assert stored_validity(target) == Validity.IN_FORCE
    PartyDocumentPage.objects.filter(pk=target.pk).update(validity=Validity.EXPIRED)
    assert stale_documents(later).filter(pk=target.pk).exists()  # nothing public ends it
