"""State legal documents (issue 19): the kind ``state``, its types, import, library, relations,
validity, feeds, visibility and search, on the demo's state documents and imported lines."""

import json
import re

import pytest
from django.test import RequestFactory

from regulations.choices import Validity
from regulations.forms import PartyDocumentForm
from regulations.import_format import ImportLineError, parse_line
from regulations.import_format.codes import (
    STATE_DOC_TYPES,
    TYPE_LABELS,
    import_code,
    type_facet_label,
    type_key,
)
from regulations.library import library_context
from regulations.models import (
    CircularPage,
    DocumentLibraryPage,
    PartyDocumentPage,
    StateDocumentPage,
)
from regulations.numbers import number_key
from regulations.relations import relations_for
from search.entries import entry_for
from search.service import search
from tests.regulations.test_document_pages import _listed_numbers

from .library_helpers import LIBRARY_URL, doc_line, import_lines

DEMO_STATE = ("29/2018/QH14", "45/2019/QH14", "06/2022/QH15", "30/2020/NĐ-CP", "1234/UBND-VX")


def _line(**fields):
    base = {
        "number": "05/2023/TT-BNV",
        "issued_on": "2023-06-30",
        "doc_type": "TT",
        "kind": "state",
        "title": "Thông tư hướng dẫn thử nghiệm",
    }
    return json.dumps({**base, **fields}, ensure_ascii=False)


def _doc(number):
    return PartyDocumentPage.objects.get(number_key=number_key(number)).specific


# --------------------------------------------------------------------------------------------
# The import format (no database)


def test_state_types_are_the_issues_fourteen():
    assert list(STATE_DOC_TYPES) == [
        "HP", "BL", "L", "PL", "NQ", "NĐ", "QĐ", "TT", "TTLT", "CT", "KH", "TB", "HD", "CV",
    ]  # fmt: skip


def test_a_state_thong_tu_is_not_a_party_thong_tri():
    assert TYPE_LABELS["TT"] == "Thông tri"
    assert TYPE_LABELS[type_key("state", "TT")] == "Thông tư"
    assert type_key("state", "TT") != "TT" and import_code(type_key("state", "TT")) == "TT"
    assert type_key("circular", "TT") == "TT"
    # Beside the Party's types, a state type of the same name says which system it is.
    assert type_facet_label(type_key("state", "NQ")) == "Nghị quyết (Nhà nước)"
    assert type_facet_label("NQ") == "Nghị quyết"
    assert type_facet_label(type_key("state", "NĐ")) == "Nghị định"


@pytest.mark.parametrize("code", STATE_DOC_TYPES)
def test_every_state_type_is_accepted_with_kind_state(code):
    record = parse_line(_line(doc_type=code))
    assert (record.kind, record.doc_type) == ("state", code)


@pytest.mark.parametrize(("given", "code"), [("nd", "NĐ"), ("NĐ", "NĐ"), ("ttlt", "TTLT")])
def test_state_codes_are_read_like_party_codes(given, code):
    assert parse_line(_line(doc_type=given)).doc_type == code


@pytest.mark.parametrize("code", ["L", "BL", "HP", "PL", "NĐ", "TTLT"])
def test_a_code_only_the_state_uses_makes_a_state_document(code):
    assert parse_line(_line(doc_type=code, kind=None)).kind == "state"


def test_a_shared_code_without_kind_stays_a_party_document():
    assert parse_line(_line(doc_type="TT", kind=None)).kind == "circular"


def test_a_party_type_is_refused_for_a_state_document():
    with pytest.raises(ImportLineError) as error:
        parse_line(_line(doc_type="QĐi"))
    assert error.value.messages == [
        "Mã loại văn bản “QĐi” không phải loại văn bản của Nhà nước (“kind”: “state”); các mã "
        "được chấp nhận: HP, BL, L, PL, NQ, NĐ, QĐ, TT, TTLT, CT, KH, TB, HD, CV"
    ]


def test_a_state_type_is_refused_for_a_party_document():
    with pytest.raises(ImportLineError) as error:
        parse_line(_line(doc_type="NĐ", kind="circular"))
    assert error.value.messages == [
        "Mã loại văn bản “NĐ” là loại văn bản của Nhà nước, không dùng với “kind”: "
        "“circular”; hãy ghi “kind”: “state” (hoặc bỏ trống “kind”)"
    ]


def test_an_unknown_code_lists_both_systems():
    with pytest.raises(ImportLineError) as error:
        parse_line(_line(doc_type="XYZ"))
    (message,) = error.value.messages
    assert "văn bản của Nhà nước (“kind”: “state”): HP, BL, L, PL, NQ, NĐ" in message


def test_unknown_kind_names_state_among_the_kinds():
    with pytest.raises(ImportLineError) as error:
        parse_line(_line(kind="law"))
    assert "regulation, circular, state" in error.value.messages[0]


# --------------------------------------------------------------------------------------------
# The demo's state documents


@pytest.mark.django_db
def test_the_demo_holds_state_documents_as_their_own_page_type():
    state = StateDocumentPage.objects.live()
    assert sorted(state.values_list("number", flat=True)) == sorted(DEMO_STATE)
    code = _doc("45/2019/QH14")
    assert isinstance(code, StateDocumentPage)
    assert (code.doc_type, code.doc_type_label) == ("NN-BL", "Bộ luật")
    assert [(i.name, i.code) for i in code.issuers.all()] == [("Quốc hội", "QH")]
    assert _doc("30/2020/NĐ-CP").issuers.get().name == "Chính phủ"
    assert _doc("1234/UBND-VX").doc_type_label == "Công văn"
    library = DocumentLibraryPage.objects.get()
    assert StateDocumentPage.can_create_at(library)


@pytest.mark.django_db
def test_state_document_page_renders_with_anchors(client_for):
    page = _doc("45/2019/QH14")
    response = client_for("member").get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bộ luật" in html and 'id="dieu-105"' in html and 'id="dieu-220"' in html


@pytest.mark.django_db
def test_a_party_document_based_on_a_decree_in_both_directions(client_for):
    """12-HD/VPTU (a Party guidance) is based on Nghị định 30/2020/NĐ-CP."""
    guidance, decree = _doc("12-HD/VPTU"), _doc("30/2020/NĐ-CP")
    relation = guidance.outgoing_relations.get(relation_type="based_on")
    assert relation.target_id == decree.pk
    member = client_for("member")
    user = member.get(LIBRARY_URL).wsgi_request.user
    incoming = [
        (line.label, line.number)
        for line in relations_for(decree, user)["lines"]
        if not line.outgoing
    ]
    assert ("Là căn cứ của", "12-HD/VPTU") in incoming
    assert ("Được hướng dẫn bởi", "1234/UBND-VX") in incoming
    html = member.get(decree.url).content.decode()
    assert "Là căn cứ của" in html and "12-HD/VPTU" in html


@pytest.mark.django_db
def test_a_reference_to_a_law_resolves_when_the_law_arrives(tmp_path):
    _out, err, error = import_lines(
        tmp_path,
        [
            doc_line(
                "77-HD/VPTU",
                "2025-02-01",
                relations=[{"type": "based_on", "number": "99/2024/QH15", "issued_on": None}],
            )
        ],
    )
    assert error is None, err
    relation = _doc("77-HD/VPTU").outgoing_relations.get()
    assert relation.target is None
    _out, err, error = import_lines(
        tmp_path,
        [_line(number="Số 99/2024/QH15", doc_type="L", issued_on="2024-11-29", title="Luật X")],
    )
    assert error is None, err
    relation.refresh_from_db()
    assert relation.target.specific == _doc("99/2024/QH15")


@pytest.mark.django_db
def test_a_new_code_ends_the_one_it_replaces(tmp_path):
    """45/2019/QH14 replaces 10/2012/QH13: the old code, once imported, is expired."""
    _out, err, error = import_lines(
        tmp_path,
        [
            _line(
                number="10/2012/QH13",
                doc_type="BL",
                issued_on="2012-06-18",
                effective_on="2013-05-01",
                title="Bộ luật Lao động",
            )
        ],
    )
    assert error is None, err
    old = _doc("10/2012/QH13")
    assert isinstance(old, StateDocumentPage) and old.validity == Validity.EXPIRED
    assert _doc("45/2019/QH14").validity == Validity.IN_FORCE


@pytest.mark.django_db
def test_importing_a_state_line_again_changes_nothing_and_keeps_the_type(tmp_path):
    line = _line(issuer="Bộ Nội vụ", issuer_code="BNV")
    _out, err, error = import_lines(tmp_path, [line])
    assert error is None, err
    out, err, error = import_lines(tmp_path, [line])
    assert error is None and "không đổi: 1" in out
    page = _doc("05/2023/TT-BNV")
    assert (page.doc_type, page.doc_type_label) == ("NN-TT", "Thông tư")
    assert page.issuers.get().name == "Bộ Nội vụ"


@pytest.mark.django_db
def test_a_party_document_cannot_become_a_state_document_by_import(tmp_path):
    out, err, error = import_lines(
        tmp_path, [_line(number="12-HD/VPTU", issued_on="2024-04-15", doc_type="HD")]
    )
    assert error is not None
    assert "đã có trong thư viện với loại trang khác" in err + out
    assert isinstance(_doc("12-HD/VPTU"), CircularPage)


# --------------------------------------------------------------------------------------------
# The library: the system filter, types, feeds, visibility


@pytest.mark.django_db
def test_library_filters_by_system(client_for):
    member = client_for("member")
    state = member.get(LIBRARY_URL, {"system": "state"}).content.decode()
    assert sorted(_listed_numbers(state)) == sorted(DEMO_STATE)
    party = member.get(LIBRARY_URL, {"system": "party"}).content.decode()
    assert "19 văn bản" in party  # the demo's Party documents a member may see
    assert not set(_listed_numbers(party)) & set(DEMO_STATE)
    assert "0 văn bản" in member.get(LIBRARY_URL, {"system": "nha-nuoc"}).content.decode()
    html = member.get(LIBRARY_URL).content.decode()
    assert '<select id="filter-system" name="system">' in html
    assert "Nhà nước (5)" in html and "Đảng (19)" in html


@pytest.mark.django_db
def test_system_counts_follow_the_other_filters(rf_member_listing):
    facets = rf_member_listing({"year": "2019"}).facets
    assert {row["value"]: row["count"] for row in facets["system"]} == {
        "party": 1,  # 18-HD/HU
        "state": 1,  # 45/2019/QH14
    }
    chosen = rf_member_listing({"system": "state"}).facets
    assert [row["selected"] for row in chosen["system"]] == [False, True]
    types = {row["value"]: row["label"] for row in chosen["type"]}
    assert types == {
        "NN-L": "Luật",
        "NN-BL": "Bộ luật",
        "NN-NĐ": "Nghị định",
        "NN-CV": "Công văn (Nhà nước)",
    }


@pytest.fixture
def rf_member_listing(user_for):
    library = DocumentLibraryPage.objects.get()

    def listing(params):
        request = RequestFactory().get(LIBRARY_URL, params)
        request.user = user_for("member")
        return library_context(library, request)["listing"]

    return listing


@pytest.mark.django_db
def test_a_state_thong_tu_and_a_party_thong_tri_are_two_types(client_for, tmp_path):
    _out, err, error = import_lines(tmp_path, [_line()])
    assert error is None, err
    member = client_for("member")
    assert _listed_numbers(member.get(LIBRARY_URL, {"type": "NN-TT"}).content.decode()) == [
        "05/2023/TT-BNV"
    ]
    assert _listed_numbers(member.get(LIBRARY_URL, {"type": "TT"}).content.decode()) == ["12-TT/TU"]
    html = member.get(LIBRARY_URL).content.decode()
    assert "Thông tư (1)" in html and "Thông tri (1)" in html


@pytest.mark.django_db
def test_feeds_carry_state_documents(client_for):
    rss = client_for("member").get(LIBRARY_URL + "rss/").content.decode()
    assert "30/2020/NĐ-CP – Nghị định về công tác văn thư" in rss


@pytest.mark.django_db
def test_a_secret_state_document_is_hidden_and_uncounted(client_for, user_for, tmp_path):
    secret = _line(
        number="01/2024/QĐ-TTg",
        doc_type="QĐ",
        title="Quyết định mật thử nghiệm KHÁNH-LINH-42",
        confidentiality="Mật",
        restricted_to=["Ban Thường vụ Tỉnh ủy"],
    )
    _out, err, error = import_lines(tmp_path, [secret])
    assert error is None, err
    member = client_for("member")
    html = member.get(LIBRARY_URL, {"system": "state"}).content.decode()
    assert "01/2024/QĐ-TTg" not in html and "KHÁNH-LINH-42" not in html and "Nhà nước (5)" in html
    assert member.get(_doc("01/2024/QĐ-TTg").url).status_code == 404
    numbers = [hit.entry.number for hit in search(user_for("member"), "KHÁNH-LINH-42").hits]
    assert "01/2024/QĐ-TTg" not in numbers
    leader = client_for("standing_committee")
    assert "01/2024/QĐ-TTg" in leader.get(LIBRARY_URL, {"system": "state"}).content.decode()
    first = search(user_for("standing_committee"), "KHÁNH-LINH-42").hits[0].entry
    assert first.number == "01/2024/QĐ-TTg"


# --------------------------------------------------------------------------------------------
# Admin form and search


@pytest.mark.django_db
def test_each_page_type_offers_its_own_systems_types():
    state_form = PartyDocumentForm.__subclasses__()  # the forms Wagtail made for the models
    del state_form
    state = StateDocumentPage.get_edit_handler().get_form_class()(instance=StateDocumentPage())
    circular = CircularPage.get_edit_handler().get_form_class()(instance=CircularPage())
    state_types = [key for key, _label in state.fields["doc_type"].choices if key]
    circular_types = [key for key, _label in circular.fields["doc_type"].choices if key]
    assert state_types == [type_key("state", code) for code in STATE_DOC_TYPES]
    assert "TT" in circular_types and "NN-TT" not in circular_types
    assert dict(state.fields["doc_type"].choices)["NN-TT"] == "Thông tư"


@pytest.mark.django_db
def test_state_documents_are_their_own_search_section(user_for):
    values, _allowed = entry_for(_doc("29/2018/QH14"))
    assert (values["section"], values["doc_type"]) == ("state", "NN-L")
    response = search(user_for("member"), "luật bảo vệ bí mật nhà nước")
    first = response.hits[0].entry
    assert (first.number, first.section_label) == ("29/2018/QH14", "Văn bản của Nhà nước")
    assert first.get_doc_type_label() == "Luật"
    sections = {row["value"]: row["label"] for row in response.facets["section"]}
    assert sections["state"] == "Văn bản của Nhà nước"
    only_state = search(user_for("member"), "văn thư", filters={"section": "state"})
    assert {hit.entry.number for hit in only_state.hits} == {"30/2020/NĐ-CP", "1234/UBND-VX"}


@pytest.mark.django_db
def test_an_editor_may_add_a_state_document_in_the_library(client_for):
    library = DocumentLibraryPage.objects.get()
    url = f"/admin/pages/add/regulations/statedocumentpage/{library.pk}/"
    response = client_for("editor").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', html))
    assert options["NN-TT"] == "Thông tư" and options["NN-NĐ"] == "Nghị định"
    assert "QĐi" not in options and "TT" not in options
