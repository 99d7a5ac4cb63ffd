"""The search service (``search.service.search``) on the demo library: Vietnamese matching,
document numbers, phrases, typing mistakes, facets, sorting, pagination and snippets.

DOMAIN.md §5 is the specification: toneless typing (and ``d`` for ``đ``) finds marked text,
both tone placements are one spelling, marks typed by the user rank exact matches first, and
document numbers are found however they are typed.
"""

import pytest

from core.vietnamese import fold
from search.service import search

from .search_helpers import SECRET_NUMBER, import_docs, numbers, page_ids, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def thuongvu(user_for):
    return user_for("standing_committee")


# --- toneless typing finds marked text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("quy che lam viec ban chap hanh dang bo tinh", "01-QC/TU"),
        ("quy che lam viec uy ban kiem tra", "02-QC/UBKTTU"),
        ("chinh quyen dia phuong hai cap", "2298-CV/TU"),
        ("ne tranh dun day so trach nhiem", "12-TT/TU"),
        ("QUY DINH THOI HAN GIAI QUYET VAN BAN", "11-QĐi/TU"),
        ("nghi quyet nong thon moi kieu mau", "01-NQ/TU"),
        ("khu kinh te dong nam", "14-NQ/TU"),
    ],
)
def test_toneless_query_finds_marked_document_first(member, query, expected_first):
    assert numbers(member, query)[:1] == [expected_first]


def test_toneless_quy_che_lam_viec_finds_both_working_regulations_first(member):
    assert set(numbers(member, "quy che lam viec")[:2]) == {"01-QC/TU", "02-QC/UBKTTU"}


@pytest.mark.parametrize(
    ("toneless", "marked"),
    [
        ("quy che lam viec", "quy chế làm việc"),
        ("dang uy", "đảng ủy"),
        ("huy hieu dang", "Huy hiệu Đảng"),
        ("nhan su", "nhân sự"),
        ("chu ky so", "chữ ký số"),
    ],
)
def test_toneless_query_finds_the_same_documents_as_marked(member, toneless, marked):
    assert search(member, toneless).count > 0
    assert set(page_ids(member, toneless)) == set(page_ids(member, marked))


def test_d_for_dj_finds_dang_uy(member):
    found = search(member, "dang uy", per_page=100)
    assert found.count > 0
    # every hit has the words "đảng" and "ủy" (or old-style "uỷ") somewhere, marks and all
    for hit in found.hits:
        words = set(fold(f"{hit.entry.title} {hit.entry.display_text}").split())
        assert {"dang", "uy"} <= {word.strip(",.;:()") for word in words}, hit.entry.title
    assert "2298-CV/TU" in numbers(member, "dang uy")  # "Các đảng ủy xã, phường"


def test_huy_hieu_dang_finds_the_news_item_first(member):
    assert "Huy hiệu Đảng" in titles(member, "huy hieu dang")[0]


def test_qd_finds_the_qd_documents(member):
    found = numbers(member, "QD")
    assert "2410-QĐ/TU" in found
    assert "12-HD/VPTU" in found  # its body cites "Quy định số 137-QĐ/TW"


def test_secret_document_found_toneless_by_standing_committee_only(member, thuongvu):
    assert numbers(thuongvu, "nhan su")[:1] == [SECRET_NUMBER]
    assert numbers(thuongvu, "phuong an nhan su khoa XX")[:1] == [SECRET_NUMBER]
    assert SECRET_NUMBER not in numbers(member, "nhan su")
    assert SECRET_NUMBER not in numbers(member, "phuong an nhan su khoa XX")


# --- old and new tone placement ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [("Uỷ ban", "Ủy ban"), ("khoá", "khóa"), ("Tỉnh uỷ", "Tỉnh ủy"), ("hoà", "hòa")],
)
def test_old_and_new_tone_placement_give_the_same_results(member, old, new):
    assert search(member, new).count > 0
    assert page_ids(member, old) == page_ids(member, new)


def test_old_tone_placement_in_a_document_matches_marked_query_exactly(member):
    old, new = import_docs(
        {"title": "Quy chế phối hợp giữa Uỷ ban Kiểm tra và Văn phòng khoá thử"},
        {"title": "Quy chế phối hợp giữa Uy ban Kiem tra và Văn phòng khoa thử"},
    )
    for query in ("Ủy ban khóa thử", "Uỷ ban khoá thử"):
        found = page_ids(member, query)
        assert found.index(old.pk) < found.index(new.pk), query


def test_decomposed_query_is_the_same_as_composed(member):
    import unicodedata

    query = "quy chế làm việc"
    assert page_ids(member, unicodedata.normalize("NFD", query)) == page_ids(member, query)


# --- marks typed by the user: exact marks first ------------------------------------------------


@pytest.fixture
def ban_and_ban(db):
    """Two documents that differ only by the mark on one word of their title."""
    marked, plain = import_docs(
        {
            "title": "Biên bản bàn giao hồ sơ điều phối Zêta",
            "body": "Nội dung về hồ sơ điều phối Zêta.",
        },
        {
            "title": "Biên bản ban giao hồ sơ điều phối Zêta",
            "body": "Nội dung về hồ sơ điều phối Zêta.",
        },
    )
    return marked, plain


def test_marked_query_ranks_exact_marks_first(member, ban_and_ban):
    marked, plain = ban_and_ban
    found = page_ids(member, "bàn giao Zêta")
    assert found.index(marked.pk) < found.index(plain.pk)
    found = page_ids(member, "bàn")
    assert found.index(marked.pk) < found.index(plain.pk)


def test_marked_query_without_mark_on_the_word_ranks_the_unmarked_word_first(member, ban_and_ban):
    """ "ban giao Zêta" has marks, so "ban" is read as typed: the "ban" title comes first."""
    marked, plain = ban_and_ban
    found = page_ids(member, "ban giao Zêta")
    assert found.index(plain.pk) < found.index(marked.pk)


def test_toneless_query_finds_both_marked_and_unmarked(member, ban_and_ban):
    marked, plain = ban_and_ban
    for query in ("ban giao zeta", "ban"):
        found = page_ids(member, query)
        assert {marked.pk, plain.pk} <= set(found), query


def test_marked_query_still_finds_folded_matches(member, ban_and_ban):
    """Marks rank, they do not filter: "bàn" finds the "ban" document too, after."""
    marked, plain = ban_and_ban
    assert {marked.pk, plain.pk} <= set(page_ids(member, "bàn giao"))


# --- document numbers --------------------------------------------------------------------------


@pytest.fixture
def regulation_137(db):
    (page,) = import_docs(
        {
            "number": "137-QĐ/TW",
            "doc_type": "QĐi",
            "kind": "regulation",
            "title": "Quy định về công tác văn thư và quản lý văn bản trong các cơ quan Đảng",
            "issuer": "Bộ Chính trị",
            "issuer_code": "TW",
            "issued_on": "2023-12-01",
            "body": "Quy định này quy định về soạn thảo, ban hành và quản lý văn bản của Đảng.",
        }
    )
    return page


@pytest.mark.parametrize(
    "query",
    [
        "137-QĐ/TW",
        "137-QD/TW",
        "137-qđ/tw",
        "137 qđ tw",
        "137 QD TW",
        "137–QĐ/TW",
        "Số 137-QĐ/TW",
        "số 137",
        "so 137",
        "Quy định 137",
        "quy dinh 137",
        "qd 137",
        "137",
    ],
)
def test_document_number_variants_rank_the_document_first(member, regulation_137, query):
    found = search(member, query)
    assert found.hits, query
    assert found.hits[0].entry.page_id == regulation_137.pk, query


def test_document_number_with_words_ranks_the_document_first(member, regulation_137):
    for query in ("quy định 137 văn thư", "137-QĐ/TW văn thư"):
        assert page_ids(member, query)[:1] == [regulation_137.pk], query


def test_ambiguous_number_lists_every_document(member):
    (older,) = import_docs(
        {
            "number": "01-QC/TU",
            "doc_type": "QC",
            "kind": "regulation",
            "title": "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XVIII",
            "issuer": "Tỉnh ủy Nghệ An",
            "issuer_code": "TU",
            "issued_on": "2015-12-08",
        }
    )
    for query in ("01-QC/TU", "01-qc/tu", "1-QC/TU", "01 qc tu", "quy chế 01", "quy che 1"):
        found = search(member, query, per_page=100)
        first_two = [hit.entry for hit in found.hits[:2]]
        assert [entry.number for entry in first_two] == ["01-QC/TU", "01-QC/TU"], query
        assert {entry.year for entry in first_two} == {2015, 2020}, query
        assert older.pk in {entry.page_id for entry in first_two}


def test_number_ranked_first_even_when_other_documents_cite_it(member):
    """ "01-QC/TU" is cited in other documents' text; the document itself comes first."""
    found = numbers(member, "01-QC/TU")
    assert found[0] == "01-QC/TU"
    assert "02-QC/UBKTTU" in found  # cites "Quy chế số 01-QC/TU"


# --- phrases, word order, typing mistakes ------------------------------------------------------


def test_quoted_phrase_requires_adjacent_words(member):
    (scattered,) = import_docs(
        {
            "title": "Thông báo lịch trực tuần",
            "body": "Cổng thông tin điện tử; trục đường chính; liên hệ Văn phòng.",
        }
    )
    phrase = page_ids(member, '"trục liên thông"')
    assert search(member, '"trục liên thông"').count == len(phrase)
    assert "1690-CV/VPTU" in numbers(member, '"trục liên thông"')
    assert scattered.pk not in phrase
    assert scattered.pk in page_ids(member, "trục liên thông")  # the words, without quotes
    assert scattered.pk not in page_ids(member, '"truc lien thong"')  # folded phrase too
    assert "1690-CV/VPTU" in numbers(member, '"truc lien thong"')


def test_quoted_phrase_in_wrong_order_is_not_matched(member):
    assert "1690-CV/VPTU" not in numbers(member, '"thông liên trục"')


def test_words_in_any_order(member):
    forward = set(page_ids(member, "trục liên thông"))
    assert forward
    assert set(page_ids(member, "thông trục liên")) == forward
    assert set(page_ids(member, "lien thong truc")) == forward
    assert set(page_ids(member, "viec lam che quy")) == set(page_ids(member, "quy che lam viec"))
    assert set(numbers(member, "viec lam che quy")[:2]) == {"01-QC/TU", "02-QC/UBKTTU"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quy hoahc can bo", "61-HD/BTCTU"),
        ("chinh quyen dia phuong hai cpa", "2298-CV/TU"),
        ("chinh quyeen dia phuong hai cap", "2298-CV/TU"),
        ("phong chong tham nhungg", "21-CT/TU"),
        ("nghi quyet nong thon moi kieeu mau", "01-NQ/TU"),
    ],
)
def test_one_letter_typo_still_finds_the_document(member, query, expected):
    assert numbers(member, query)[:1] == [expected]


def test_typo_correction_does_not_reveal_words_of_secret_documents(member):
    """A word only the secret document has is not offered as a correction to a member."""
    # "HẢI-ĐĂNG-719" is the code name of the plan, only in the secret document.
    assert search(member, "haii dang 719").count == 0 or SECRET_NUMBER not in numbers(
        member, "haii dang 719"
    )


# --- facets --------------------------------------------------------------------------------


FACET_QUERIES = ["can bo", "dang", "văn bản điện tử", "01-QC/TU", "quy chế"]


@pytest.mark.parametrize("query", FACET_QUERIES)
def test_facet_counts_equal_result_counts_under_each_filter(member, query):
    response = search(member, query)
    assert response.count > 0
    assert set(response.facets) == {"section", "type", "issuer", "field", "year", "validity"}
    for name, options in response.facets.items():
        for option in options:
            filtered = search(member, query, filters={name: option["value"]}, with_facets=False)
            assert filtered.count == option["count"], (name, option)
            assert option["selected"] is False


@pytest.mark.parametrize("query", ["can bo", "01-QC/TU"])
def test_facet_counts_under_a_selected_filter(member, query):
    """With one filter chosen, each other facet counts the results of both filters."""
    import_docs(
        {
            "number": "01-QC/TU",
            "doc_type": "QC",
            "kind": "regulation",
            "title": "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XVIII, cán bộ",
            "issuer": "Tỉnh ủy Nghệ An",
            "issuer_code": "TU",
            "issued_on": "2015-12-08",
        }
    )
    response = search(member, query)
    for name, options in response.facets.items():
        for option in options[:3]:
            chosen = {name: option["value"]}
            narrowed = search(member, query, filters=chosen)
            assert narrowed.count == option["count"]
            selected = [item for item in narrowed.facets[name] if item["selected"]]
            assert [item["value"] for item in selected] == [option["value"]]
            # the chosen facet still offers the other values with their own counts
            assert {item["value"] for item in narrowed.facets[name]} == {
                item["value"] for item in options
            }
            for other, other_options in narrowed.facets.items():
                if other == name:
                    continue
                for other_option in other_options:
                    both = search(
                        member,
                        query,
                        filters={**chosen, other: other_option["value"]},
                        with_facets=False,
                    )
                    assert both.count == other_option["count"], (chosen, other, other_option)


def test_facets_of_a_number_query_under_a_year_filter(member):
    """Both 01-QC/TU appear in the year facet even when one year is chosen."""
    import_docs(
        {
            "number": "01-QC/TU",
            "doc_type": "QC",
            "kind": "regulation",
            "title": "Quy chế làm việc khóa XVIII",
            "issuer": "Tỉnh ủy Nghệ An",
            "issuer_code": "TU",
            "issued_on": "2015-12-08",
        }
    )
    # "1-QC/TU" is found by its number only (the text has the token "01", not "1")
    for query in ("01-QC/TU", "1-QC/TU", "quy che 1"):
        response = search(member, query, filters={"year": "2020"})
        assert response.count >= 1
        years = {item["value"]: item["count"] for item in response.facets["year"]}
        assert years.get("2015", 0) >= 1, query
        assert years["2015"] == search(member, query, filters={"year": "2015"}).count, query
        assert years["2020"] == response.count, query


def test_facet_filters(member):
    for hit in search(member, "can bo", filters={"type": "HD"}, per_page=100).hits:
        assert hit.entry.doc_type == "HD"
    for hit in search(member, "can bo", filters={"section": "news"}, per_page=100).hits:
        assert hit.entry.section == "news"
    for hit in search(member, "can bo", filters={"year": "2024"}, per_page=100).hits:
        assert hit.entry.year == 2024
    for hit in search(member, "can bo", filters={"issuer": "BTCTU"}, per_page=100).hits:
        assert "BTCTU" in hit.entry.issuers.split()
    assert search(member, "can bo", filters={"type": "XX"}).count == 0


def test_joint_issuers_are_counted_under_each_code(member):
    (joint,) = import_docs(
        {
            "number": "05-QC/BTCTU-BDVTU",
            "doc_type": "QC",
            "kind": "regulation",
            "title": "Quy chế phối hợp công tác Omega",
            "issuer": "Ban Tổ chức Tỉnh ủy - Ban Dân vận Tỉnh ủy",
            "issuer_code": "BTCTU-BDVTU",
        }
    )
    entry = joint.search_entry
    codes = entry.issuers.split()
    response = search(member, "Omega")
    issuers = {item["value"]: item["count"] for item in response.facets["issuer"]}
    for code in codes:
        assert issuers[code] == 1
        assert search(member, "Omega", filters={"issuer": code}).count == 1


# --- sorting and pagination ----------------------------------------------------------------


def test_sort_by_date(member):
    response = search(member, "can bo", sort="date", per_page=100)
    dates = [hit.entry.date for hit in response.hits]
    assert len(dates) == response.count > 3
    dated = [day for day in dates if day is not None]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated pages last
    relevance = search(member, "can bo", per_page=100)
    assert {hit.entry.pk for hit in relevance.hits} == {hit.entry.pk for hit in response.hits}


def test_unknown_sort_falls_back_to_relevance(member):
    assert search(member, "can bo", sort="xyz").sort == "relevance"


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("query", ["can bo", "01-QC/TU", "quy chế 01"])
def test_pagination_is_stable_and_complete(member, query, sort):
    everything = search(member, query, sort=sort, per_page=100)
    assert everything.count > 3
    per_page = 3
    seen = []
    for page in range(1, everything.num_pages * 0 + -(-everything.count // per_page) + 1):
        response = search(member, query, sort=sort, page=page, per_page=per_page)
        assert response.count == everything.count
        assert response.num_pages == -(-everything.count // per_page)
        assert len(response.hits) == min(per_page, everything.count - (page - 1) * per_page)
        seen += [hit.entry.pk for hit in response.hits]
    assert seen == [hit.entry.pk for hit in everything.hits]
    assert len(set(seen)) == len(seen) == everything.count
    first, second = (search(member, query, sort=sort, page=n, per_page=per_page) for n in (1, 2))
    assert {h.entry.pk for h in first.hits}.isdisjoint({h.entry.pk for h in second.hits})
    assert first.facets == second.facets


def test_page_beyond_the_end_is_empty_with_the_same_count(member):
    response = search(member, "can bo", page=50)
    assert response.hits == []
    assert response.count == search(member, "can bo").count


# --- snippets and highlighting -------------------------------------------------------------


def test_snippet_marks_the_marked_words_of_a_toneless_query(member):
    response = search(member, "chu ky so")
    hit = next(hit for hit in response.hits if hit.entry.number == "1690-CV/VPTU")
    assert "<mark>chữ</mark> <mark>ký</mark> <mark>số</mark>" in hit.snippet
    assert "<mark>chữ</mark> <mark>ký</mark> <mark>số</mark>" in hit.title_html


def test_snippet_marks_words_typed_with_d_for_dj(member):
    response = search(member, "dang uy xa phuong")
    hit = next(hit for hit in response.hits if hit.entry.number == "2298-CV/TU")
    assert "<mark>đảng</mark> <mark>ủy</mark>" in hit.snippet.lower()


def test_snippet_and_title_are_escaped(member):
    (page,) = import_docs(
        {
            "title": "Thông báo <b>kiểm thử</b> Xêta & đồng bộ",
            "body": 'Đoạn có thẻ <script>alert("Xêta")</script> và <img src=x onerror=alert(1)> '
            "cùng ký tự & và \" ' để kiểm thử Xêta.",
        }
    )
    response = search(member, "xeta")
    hit = next(hit for hit in response.hits if hit.entry.page_id == page.pk)
    assert "<script" not in hit.snippet and "<img" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<b>" not in hit.title_html and "&lt;b&gt;" in hit.title_html
    assert "<mark>Xêta</mark>" in hit.snippet
    assert "&amp;" in hit.title_html
    tags = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in tags and ">" not in tags


def test_snippet_of_a_query_that_matches_no_text_words(member, regulation_137):
    """A number query still gives a snippet (the start of the text) without broken HTML."""
    hit = search(member, "137-QĐ/TW").hits[0]
    assert hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")


# --- empty and odd queries -----------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", '""', "***", "AND OR NOT", "-:()", "😀"])
def test_empty_queries_give_a_message_and_no_results(member, query):
    response = search(member, query)
    assert response.count == 0 and response.hits == []
    assert response.message


def test_anonymous_user_finds_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    response = search(AnonymousUser(), "quy chế")
    assert response.count == 0 and response.hits == []
    assert all(options == [] for options in response.facets.values())
