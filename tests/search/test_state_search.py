"""Searching state legal documents (issue 19): the numbers, names and abbreviations people
type put the document first; an ambiguous query lists every candidate."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from search.service import search

from .search_helpers import import_docs, numbers

pytestmark = pytest.mark.django_db


def _state(number, issued_on, doc_type, title, issuer="Quốc hội", code="QH", **fields):
    return {
        "number": number,
        "issued_on": issued_on,
        "doc_type": doc_type,
        "kind": "state",
        "title": title,
        "issuer": issuer,
        "issuer_code": code,
        "field": "Pháp luật",
        **fields,
    }


CODES = [
    _state("100/2015/QH13", "2015-11-27", "BL", "Bộ luật Hình sự"),
    _state("91/2015/QH13", "2015-11-24", "BL", "Bộ luật Dân sự"),
    _state("33/2005/QH11", "2005-06-14", "BL", "Bộ luật Dân sự"),
    _state("101/2015/QH13", "2015-11-27", "BL", "Bộ luật Tố tụng hình sự"),
    _state(
        "05/2023/TT-BNV",
        "2023-06-30",
        "TT",
        "Thông tư hướng dẫn chế độ báo cáo thống kê ngành Nội vụ",
        issuer="Bộ Nội vụ",
        code="BNV",
    ),
    _state(
        "123/QĐ-TTg",
        "2024-02-01",
        "QĐ",
        "Quyết định phê duyệt Đề án chuyển đổi số trong cơ quan nhà nước",
        issuer="Thủ tướng Chính phủ",
        code="TTg",
    ),
]


@pytest.fixture
def codes():
    return import_docs(*CODES)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("45/2019/QH14", "45/2019/QH14"),
        ("45/2019/qh14", "45/2019/QH14"),
        ("luật số 45/2019/QH14", "45/2019/QH14"),
        ("Bộ luật số 45/2019/QH14", "45/2019/QH14"),
        ("luat 45/2019", "45/2019/QH14"),
        ("nghị định 30", "30/2020/NĐ-CP"),
        ("nghi dinh 30", "30/2020/NĐ-CP"),
        ("nd 30/2020", "30/2020/NĐ-CP"),
        ("30/2020/nd-cp", "30/2020/NĐ-CP"),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("Số: 30/2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("NĐ 30", "30/2020/NĐ-CP"),
        ("1234/UBND-VX", "1234/UBND-VX"),
        ("số 29/2018/QH14", "29/2018/QH14"),
        ("bộ luật lao động 2019", "45/2019/QH14"),
        ("bo luat lao dong 2019", "45/2019/QH14"),
        ("luat bao ve bi mat nha nuoc", "29/2018/QH14"),
        ("Luật Bảo vệ bí mật nhà nước", "29/2018/QH14"),
        ("BLLĐ 2019", "45/2019/QH14"),
        ("blld 2019", "45/2019/QH14"),
        ("BLLĐ", "45/2019/QH14"),
    ],
)
def test_state_queries_put_the_demo_document_first(member, query, first):
    assert numbers(member, query)[0] == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("tt 05/2023", "05/2023/TT-BNV"),
        ("thông tư 05/2023", "05/2023/TT-BNV"),
        ("05/2023/tt-bnv", "05/2023/TT-BNV"),
        ("123/QĐ-TTg", "123/QĐ-TTg"),
        ("quyết định 123/qd-ttg", "123/QĐ-TTg"),
        ("BLHS 2015", "100/2015/QH13"),
        ("blhs", "100/2015/QH13"),
        ("BLTTHS", "101/2015/QH13"),
        ("BLDS 2015", "91/2015/QH13"),
        ("BLDS 2005", "33/2005/QH11"),
    ],
)
def test_state_queries_put_the_imported_document_first(codes, member, query, first):
    assert numbers(member, query)[0] == first


def test_number_queries_list_only_what_they_name(codes, member):
    # the decree, then the letter whose text cites its number
    assert numbers(member, "30/2020/nd-cp") == ["30/2020/NĐ-CP", "1234/UBND-VX"]
    assert numbers(member, "BLHS 2015") == ["100/2015/QH13"]
    # a Party Thông tri 12-TT/TU is not a state Thông tư 05/2023
    assert "12-TT/TU" not in numbers(member, "tt 05/2023")


def test_an_ambiguous_abbreviation_lists_every_candidate(codes, member):
    assert numbers(member, "BLDS")[:2] == ["91/2015/QH13", "33/2005/QH11"]


def test_an_ambiguous_number_lists_every_candidate(member):
    import_docs(
        _state(
            "30/2023/NĐ-CP",
            "2023-06-08",
            "NĐ",
            "Nghị định quy định việc kiểm tra hồ sơ",
            issuer="Chính phủ",
            code="CP",
        )
    )
    assert numbers(member, "nghị định 30")[:2] == ["30/2023/NĐ-CP", "30/2020/NĐ-CP"]
    assert numbers(member, "nd 30/2020")[0] == "30/2020/NĐ-CP"
    assert numbers(member, "nd 30/2023")[0] == "30/2023/NĐ-CP"


def test_ld_alone_is_not_read_as_a_code(member):
    """ "LĐ" may be lao động or lãnh đạo: it is a word, not the Bộ luật Lao động."""
    response = search(member, "LĐ")
    assert response.query.name is None


def test_state_hits_in_the_api_and_the_command_line(member, client_for):
    data = client_for("member").get("/api/v1/search/", {"q": "nd 30/2020"}).json()
    first = data["results"][0]
    assert (first["number"], first["section"], first["type"]) == ("30/2020/NĐ-CP", "state", "NN-NĐ")
    assert {row["value"]: row["label"] for row in data["facets"]["type"]}["NN-NĐ"] == "Nghị định"
    out = StringIO()
    call_command("search_documents", "luat 45/2019", "--as", member.username, "--json", stdout=out)
    assert json.loads(out.getvalue())["results"][0]["number"] == "45/2019/QH14"


# --------------------------------------------------------------------------------------------
# Article-level results


def test_a_result_names_its_best_articles(member):
    hit = search(member, "thời giờ làm việc bình thường", with_articles=True).hits[0]
    assert hit.entry.number == "45/2019/QH14"
    first = hit.articles[0]
    assert first["anchor"] == "dieu-105"
    assert first["title"] == "Điều 105. Thời giờ làm việc bình thường"
    assert first["url"] == f"{hit.entry.url_path}#dieu-105"
    assert "<mark>" in first["snippet"]
    assert len(hit.articles) <= 3


def test_an_article_title_without_marks_puts_that_article_first(member):
    hit = search(member, "thoi gio lam viec binh thuong", with_articles=True).hits[0]
    assert hit.entry.number == "45/2019/QH14"
    assert hit.articles[0]["anchor"] == "dieu-105"


def test_articles_are_read_only_for_the_channels_that_show_them(member):
    """Reading the result pages for their articles is asked for by the channels that show them
    (the page, the API, the command line), not by every caller of ``search``."""
    assert search(member, "thời giờ làm việc bình thường").hits[0].articles == []


def test_articles_in_the_api_and_the_command_line(member, client_for):
    data = client_for("member").get("/api/v1/search/", {"q": "phân loại bí mật nhà nước"}).json()
    first = data["results"][0]
    assert first["number"] == "29/2018/QH14"
    assert first["articles"][0]["anchor"] == "dieu-8"
    assert set(first["articles"][0]) == {"anchor", "title", "url", "snippet"}
    assert all("articles" in result for result in data["results"])
    out = StringIO()
    call_command(
        "search_documents", "hợp đồng lao động", "--as", member.username, "--json", stdout=out
    )
    result = next(r for r in json.loads(out.getvalue())["results"] if r["number"] == "45/2019/QH14")
    assert result["articles"][0]["anchor"] == "dieu-13"
    assert len(result["articles"]) <= 3


def test_a_document_without_articles_has_none(member):
    hit = next(h for h in search(member, "văn thư").hits if h.entry.number == "1234/UBND-VX")
    assert hit.articles == []
