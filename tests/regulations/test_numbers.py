"""Tests for regulations.numbers: keys of Party document numbers and number queries."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regulations.abbreviations import NameQuery, parse_name_query
from regulations.numbers import (
    NumberQuery,
    folded_number_key,
    matches,
    number_digits,
    number_key,
    parse_number_query,
)

# Numbers as printed in the sample library (documents.jsonl), plus two cited ones.
LIBRARY = [
    "01-QC/TU", "02-QC/UBKTTU", "12-HD/VPTU", "24-HD/VPTU", "2410-QĐ/TU", "03-HD/HĐTĐKT",
    "52-HD/BTCTU", "18-HD/HU", "05-KH/TU", "17-QC/TU", "1690-CV/VPTU", "11-QĐi/TU", "46-CTr/TU",
    "21-CT/TU", "12-TT/TU", "61-HD/BTCTU", "105-KL/TU", "2298-CV/TU", "01-NQ/TU", "14-NQ/TU",
    "137-QĐ/TW", "05-QC/BTCTU-BDVTU",
]  # fmt: skip


def hits(query: str) -> set[str]:
    parsed = parse_number_query(query)
    assert parsed is not None, query
    return {number for number in LIBRARY if matches(parsed, folded_number_key(number))}


# --- keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "key", "folded"),
    [
        ("Số 137-QĐ/TW", "137-QĐ/TW", "137-QD/TW"),
        ("số 137-QĐ/TW", "137-QĐ/TW", "137-QD/TW"),
        ("So 137-QD/TW", "137-QD/TW", "137-QD/TW"),
        ("Số: 1757-CV/TU", "1757-CV/TU", "1757-CV/TU"),
        ("SỐ 26-NQ/TW", "26-NQ/TW", "26-NQ/TW"),
        ("05-QC/BTCTU-BDVTU", "05-QC/BTCTU-BDVTU", "05-QC/BTCTU-BDVTU"),
        ("08-QĐi/TW", "08-QĐI/TW", "08-QDI/TW"),
        ("12-HD/HĐTĐKT", "12-HD/HĐTĐKT", "12-HD/HDTDKT"),
        ("46-CTr/TU", "46-CTR/TU", "46-CTR/TU"),
        ("  137 \u2013 QĐ / TW ", "137-QĐ/TW", "137-QD/TW"),
        ("137\u2014QĐ\uff0fTW", "137-QĐ/TW", "137-QD/TW"),
        ("137\u2212QĐ/TW", "137-QĐ/TW", "137-QD/TW"),
        ("137\u2011QĐ/TW", "137-QĐ/TW", "137-QD/TW"),
        ("Q\u0110/TW", "QĐ/TW", "QD/TW"),
        ("", "", ""),
    ],
)
def test_number_keys(printed, key, folded):
    assert number_key(printed) == key
    assert folded_number_key(printed) == folded


def test_keys_are_built_from_decomposed_text_too():
    assert number_key("Sô\u0301 137-QĐ/TW") == "137-QĐ/TW"


def test_only_a_so_right_before_the_digits_is_stripped():
    assert number_key("Sổ tay 12") == "SỔ TAY 12"
    assert number_key("Số hiệu 12") == "SỐ HIỆU 12"
    assert number_key("Some 12") == "SOME 12"


@pytest.mark.parametrize(
    ("printed", "digits"),
    [("08-QĐi/TW", "8"), ("8-QĐi/TW", "8"), ("Số 0137-QĐ/TW", "137"), ("00-X/Y", "0"), ("QĐ", "")],
)
def test_number_digits(printed, digits):
    assert number_digits(printed) == digits


# --- parsing queries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "digits", "types", "issuer", "exact"),
    [
        ("137-QĐ/TW", "137", {"QD", "QDI"}, "TW", "137-QD/TW"),
        ("137-QD/TW", "137", {"QD", "QDI"}, "TW", "137-QD/TW"),
        ("137 qđ tw", "137", {"QD", "QDI"}, "TW", "137-QD/TW"),
        ("137 \u2013 QĐ / TW", "137", {"QD", "QDI"}, "TW", "137-QD/TW"),
        ("số 137", "137", set(), None, None),
        ("so 137", "137", set(), None, None),
        ("Số: 137", "137", set(), None, None),
        ("137", "137", set(), None, None),
        ("Quy định 137", "137", {"QDI", "QD"}, None, None),
        ("quy dinh 137", "137", {"QDI", "QD"}, None, None),
        ("qd 137", "137", {"QD", "QDI"}, None, None),
        ("QĐ 137", "137", {"QD", "QDI"}, None, None),
        ("qđi 137", "137", {"QDI"}, None, None),
        ("137-QĐ", "137", {"QD", "QDI"}, None, None),
        ("chỉ thị 21", "21", {"CT"}, None, None),
        ("chi thi 21", "21", {"CT"}, None, None),
        ("11 qđi tu", "11", {"QDI"}, "TU", "11-QDI/TU"),
        ("11 qdi tu", "11", {"QDI"}, "TU", "11-QDI/TU"),
        ("2410-QD/TU", "2410", {"QD", "QDI"}, "TU", "2410-QD/TU"),
        ("12-HD/VPTU", "12", {"HD"}, "VPTU", "12-HD/VPTU"),
        ("12 hd vptu", "12", {"HD"}, "VPTU", "12-HD/VPTU"),
        ("05-QC/BTCTU-BDVTU", "5", {"QC"}, "BTCTU-BDVTU", "05-QC/BTCTU-BDVTU"),
        ("03-HD/HĐTĐKT", "3", {"HD"}, "HDTDKT", "03-HD/HDTDKT"),
        ("46-CTr/TU", "46", {"CTR"}, "TU", "46-CTR/TU"),
        ("số 1690", "1690", set(), None, None),
        ("Quyết định số 2410", "2410", {"QD"}, None, None),
        ("quyet dinh so 2410", "2410", {"QD"}, None, None),
        ("nghị quyết 26", "26", {"NQ"}, None, None),
        ("kết luận 105-KL/TU", "105", {"KL"}, "TU", "105-KL/TU"),
        ("quy chế 01", "1", {"QC"}, None, None),
        ("thông tri 12", "12", {"TT"}, None, None),
        ("hướng dẫn 52", "52", {"HD"}, None, None),
        ("thông báo 7", "7", {"TB"}, None, None),
        ("công văn 1690", "1690", {"CV"}, None, None),
        ("báo cáo 3", "3", {"BC"}, None, None),
        ("kế hoạch 05", "5", {"KH"}, None, None),
        ("chương trình 46", "46", {"CTR"}, None, None),
        ("tờ trình 9", "9", {"TTR"}, None, None),
        ("văn bản số 12", "12", set(), None, None),
        ("Số 08-QĐi/TW", "8", {"QDI"}, "TW", "08-QDI/TW"),
        ("2024", "2024", set(), None, None),
    ],
)
def test_parse_number_queries(query, digits, types, issuer, exact):
    assert parse_number_query(query) == NumberQuery(
        digits=digits, type_codes=frozenset(types), issuer=issuer, exact_key=exact, rest=""
    )


@pytest.mark.parametrize(
    "query",
    [
        "quy che lam viec",
        "khóa XIX",
        "nhiệm kỳ 2020 - 2025",
        "nhiệm kỳ 2020-2025",
        "giai đoạn 2021 \u2013 2025",
        "Quy chế 2020 - 2025",
        "năm 2024",
        "quy hoach can bo nhiem ky 2025",
        "chữ ký số 2023",
        "chuyển đổi số 2025",
        "quyết định ngày 01/7/2025",
        "quyết định 01/7/2025",
        "Điều 5",
        "huy hiệu 30 năm tuổi đảng",
        "số",
        "quy định",
        "",
        "   ",
        "-/",
    ],
)
def test_text_without_a_document_number(query):
    assert parse_number_query(query) is None


@pytest.mark.parametrize(
    ("query", "rest"),
    [
        ("Quy định số 137-QĐ/TW về công tác văn thư", "về công tác văn thư"),
        ("quyết định 2410 thi đua khen thưởng", "thi đua khen thưởng"),
        ("văn bản điện tử 12-HD/VPTU", "văn bản điện tử"),
        ("Hướng dẫn số 12-HD/VPTU, thể thức", "thể thức"),
        ("12-HD/VPTU - thể thức", "thể thức"),
        ("chữ ký số 1690-CV/VPTU", "chữ ký số"),
        ('"trục liên thông" số 1690-CV/VPTU', '"trục liên thông" số'),
        ("Uỷ ban kiểm tra 02-QC/UBKTTU", "ủy ban kiểm tra"),
    ],
)
def test_rest_keeps_the_other_words_normalised(query, rest):
    parsed = parse_number_query(query)
    assert parsed is not None
    assert parsed.rest == rest


def test_first_number_wins():
    parsed = parse_number_query("Quyết định 2410-QĐ/TU sửa đổi Quy chế 20-QC/TU")
    assert parsed is not None
    assert (parsed.digits, parsed.exact_key) == ("2410", "2410-QD/TU")
    assert parsed.rest == "sửa đổi quy chế 20-qc/tu"


def test_year_in_text_is_skipped_for_a_later_number():
    parsed = parse_number_query("năm 2024 quyết định 2410")
    assert parsed is not None
    assert parsed.digits == "2410"
    assert parsed.rest == "năm 2024"


def test_loose_issuer_must_look_like_a_code():
    parsed = parse_number_query("2410 qd thu hut dau tu")
    assert parsed is not None
    assert parsed.issuer is None
    assert parsed.rest == "thu hut dau tu"


# --- matching -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # the "number" category of the sample queries
        ("12-HD/VPTU", {"12-HD/VPTU"}),
        ("2410-QD/TU", {"2410-QĐ/TU"}),
        ("11 qđi tu", {"11-QĐi/TU"}),
        ("số 1690", {"1690-CV/VPTU"}),
        ("chỉ thị 21", {"21-CT/TU"}),
        ("01-QC/TU", {"01-QC/TU"}),
        ("105-KL/TU", {"105-KL/TU"}),
        # more ways to type the same numbers
        ("137-QĐ/TW", {"137-QĐ/TW"}),
        ("137 qd tw", {"137-QĐ/TW"}),
        ("Quy định 137", {"137-QĐ/TW"}),
        ("quy dinh 11", {"11-QĐi/TU"}),
        ("qd 11", {"11-QĐi/TU"}),
        ("QĐ 2410", {"2410-QĐ/TU"}),
        ("12", {"12-HD/VPTU", "12-TT/TU"}),
        ("số 12", {"12-HD/VPTU", "12-TT/TU"}),
        ("thông tri 12", {"12-TT/TU"}),
        ("12 hd", {"12-HD/VPTU"}),
        ("số 1", {"01-QC/TU", "01-NQ/TU"}),
        ("nghị quyết 1", {"01-NQ/TU"}),
        ("nghi quyet so 01", {"01-NQ/TU"}),
        ("03-HD/HDTDKT", {"03-HD/HĐTĐKT"}),
        ("3 hd hđtđkt", {"03-HD/HĐTĐKT"}),
        ("chương trình 46", {"46-CTr/TU"}),
        ("5 qc btctu", {"05-QC/BTCTU-BDVTU"}),
        ("05 qc bdvtu", {"05-QC/BTCTU-BDVTU"}),
        ("05-QC/BTCTU-BDVTU", {"05-QC/BTCTU-BDVTU"}),
        ("05-QC/TU", set()),
        ("kết luận 105-KL/TU", {"105-KL/TU"}),
        ("quyết định 11", set()),
    ],
)
def test_queries_find_the_library_numbers(query, expected):
    assert hits(query) == expected


def test_matches_ignores_leading_zeros_and_accepts_unfolded_keys():
    parsed = parse_number_query("8-QĐi/TW")
    assert parsed is not None
    assert matches(parsed, "08-QDI/TW")
    assert matches(parsed, "Số 08-QĐi/TW")
    assert not matches(parsed, "08-QDI/TU")
    assert not matches(parsed, "18-QDI/TW")


def test_matches_needs_the_parts_the_query_names():
    query = NumberQuery(
        digits="7", type_codes=frozenset({"HD"}), issuer="TU", exact_key=None, rest=""
    )
    assert matches(query, "07-HD/TU")
    assert not matches(query, "07/TU")
    assert not matches(query, "07-HD")
    assert not matches(query, "HD/TU")
    assert not matches(query, "")


def test_exact_key_equals_the_folded_key_of_the_typed_number():
    for number in LIBRARY:
        parsed = parse_number_query(number)
        assert parsed is not None
        assert parsed.exact_key == folded_number_key(number)
        assert matches(parsed, folded_number_key(number))


# --- robustness -------------------------------------------------------------------------------


@given(st.text())
def test_no_input_raises(text):
    key = number_key(text)
    folded = folded_number_key(text)
    assert number_key(key) == key
    assert folded_number_key(folded) == folded
    assert number_digits(text).isdigit() or number_digits(text) == ""
    parsed = parse_number_query(text)
    if parsed is not None:
        assert parsed.digits.isdigit()
        assert not parsed.digits.startswith("0") or parsed.digits == "0"
        assert matches(parsed, text) in (True, False)
    query = NumberQuery(digits="1", type_codes=frozenset(), issuer="TU", exact_key=None, rest="")
    assert matches(query, text) in (True, False)


@given(
    st.integers(min_value=0, max_value=99999),
    st.sampled_from(["QĐ", "QĐi", "NQ", "CT", "KL", "HD", "CV", "CTr", "TTr"]),
    st.sampled_from(["TW", "TU", "VPTU", "BTCTU", "UBKTTU", "HU", "ĐU", "BTCTU-BDVTU"]),
    st.sampled_from(["", "Số ", "số: ", "so "]),
    st.sampled_from(["-", " - ", "\u2013", "\u2014", " \u2013 "]),
)
def test_printed_numbers_find_themselves(number, code, issuer, prefix, dash):
    printed = f"{prefix}{number:02d}{dash}{code}/{issuer}"
    parsed = parse_number_query(printed)
    assert parsed is not None
    assert parsed.exact_key == folded_number_key(printed)
    assert parsed.rest == ""
    assert matches(parsed, folded_number_key(f"{number}-{code}/{issuer}"))
    assert number_digits(printed) == str(number)


@pytest.mark.parametrize(
    "text",
    ["\ud800", "1\udfff-QĐ/TW", "\x00137\x00", "😀 137-QĐ/TW 🇻🇳", "1" * 10_000, "số " * 3000],
)
def test_odd_inputs_do_not_raise(text):
    number_key(text)
    folded_number_key(text)
    number_digits(text)
    parse_number_query(text)


# --- state numbers (issue 19) -------------------------------------------------------------------

STATE_LIBRARY = {  # number: stored type
    "45/2019/QH14": "NN-BL",
    "29/2018/QH14": "NN-L",
    "30/2020/NĐ-CP": "NN-NĐ",
    "30/2023/NĐ-CP": "NN-NĐ",
    "05/2023/TT-BNV": "NN-TT",
    "123/QĐ-TTg": "NN-QĐ",
    "1234/UBND-VX": "NN-CV",
    "01/2015/TTLT-BNV-BTC": "NN-TTLT",
    "12-TT/TU": "TT",
}


def state_hits(query: str) -> set[str]:
    parsed = parse_number_query(query)
    assert parsed is not None, query
    return {
        number
        for number, doc_type in STATE_LIBRARY.items()
        if matches(parsed, folded_number_key(number), doc_type)
    }


@pytest.mark.parametrize(
    ("query", "digits", "year", "types", "issuer", "exact"),
    [
        ("45/2019/QH14", "45", "2019", set(), "QH14", "45/2019/QH14"),
        ("45/2019/qh14", "45", "2019", set(), "QH14", "45/2019/QH14"),
        ("luật số 45/2019/QH14", "45", "2019", {"L", "BL"}, "QH14", "45/2019/QH14"),
        ("luat 45/2019", "45", "2019", {"L", "BL"}, None, None),
        ("nghị định 30", "30", None, {"ND"}, None, None),
        ("nd 30/2020", "30", "2020", {"ND"}, None, None),
        ("30/2020/nd-cp", "30", "2020", {"ND"}, "CP", "30/2020/ND-CP"),
        ("Số: 30/2020/NĐ-CP", "30", "2020", {"ND"}, "CP", "30/2020/ND-CP"),
        ("tt 05/2023", "5", "2023", {"TT"}, None, None),
        ("NĐ 30", "30", None, {"ND"}, None, None),
        ("123/QĐ-TTg", "123", None, {"QD", "QDI"}, "TTG", "123/QD-TTG"),
        ("1234/UBND-VX", "1234", None, set(), "UBND-VX", "1234/UBND-VX"),
        ("thông tư liên tịch 01/2015", "1", "2015", {"TTLT"}, None, None),
        ("01/2015/TTLT-BNV-BTC", "1", "2015", {"TTLT"}, "BNV-BTC", "01/2015/TTLT-BNV-BTC"),
    ],
)
def test_parse_state_number_queries(query, digits, year, types, issuer, exact):
    assert parse_number_query(query) == NumberQuery(
        digits=digits,
        type_codes=frozenset(types),
        issuer=issuer,
        exact_key=exact,
        rest="",
        year=year,
    )


@pytest.mark.parametrize(
    "query",
    ["nhiệm kỳ 2020/2025", "ngày 05/3/2020", "2020/2025", "bộ luật lao động 2019", "luật đất đai"],
)
def test_state_shaped_text_that_is_not_a_number(query):
    assert parse_number_query(query) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("45/2019/qh14", {"45/2019/QH14"}),
        ("luat 45/2019", {"45/2019/QH14"}),
        ("luật 29/2018", {"29/2018/QH14"}),
        ("bộ luật 29/2018", set()),  # a Luật, not a Bộ luật
        ("nghị định 45/2019", set()),
        ("45/2019/QH", {"45/2019/QH14"}),
        ("nghị định 30", {"30/2020/NĐ-CP", "30/2023/NĐ-CP"}),
        ("nd 30/2020", {"30/2020/NĐ-CP"}),
        ("30/2020/nd-cp", {"30/2020/NĐ-CP"}),
        ("tt 05/2023", {"05/2023/TT-BNV"}),
        ("thông tri 12", {"12-TT/TU"}),
        ("thông tư 12", set()),
        ("123/qd-ttg", {"123/QĐ-TTg"}),
        ("1234/ubnd", {"1234/UBND-VX"}),
        ("01/2015/TTLT-BTC", {"01/2015/TTLT-BNV-BTC"}),
    ],
)
def test_state_queries_find_their_documents(query, expected):
    assert state_hits(query) == expected


def test_state_exact_keys_are_the_folded_printed_numbers():
    for number in STATE_LIBRARY:
        parsed = parse_number_query(number)
        assert parsed is not None and parsed.exact_key == folded_number_key(number), number


@pytest.mark.parametrize(
    ("query", "title", "year", "rest"),
    [
        ("BLHS 2015", "bo luat hinh su", 2015, ""),
        ("blds", "bo luat dan su", None, ""),
        ("BLTTHS", "bo luat to tung hinh su", None, ""),
        ("BLLĐ 2019 điều 105", "bo luat lao dong", 2019, "dieu 105"),
        ("blld 2019", "bo luat lao dong", 2019, ""),
    ],
)
def test_abbreviations_of_codes(query, title, year, rest):
    assert parse_name_query(query) == NameQuery(title=title, year=year, rest=rest)


@pytest.mark.parametrize("query", ["LĐ", "LĐ 2019", "HP 2013", "lao động", ""])
def test_ambiguous_abbreviations_are_words(query):
    assert parse_name_query(query) is None


@pytest.mark.parametrize(
    ("query", "system"),
    [
        ("thông tư 12", "state"),
        ("luật số 45/2019/QH14", "state"),
        ("nghị định 30", "state"),
        ("thông tri 12", "party"),
        ("kết luận 105", "party"),
        ("nghị quyết 26", None),
        ("quyết định 123/QĐ-TTg", None),
        ("12-TT/TU", None),
    ],
)
def test_type_words_name_their_system(query, system):
    parsed = parse_number_query(query)
    assert parsed is not None and parsed.system == system


def test_a_state_type_word_does_not_find_a_party_document_of_the_same_code():
    thong_tri = parse_number_query("thông tri 5")
    assert thong_tri is not None
    assert not matches(thong_tri, folded_number_key("05/2023/TT-BNV"), "NN-TT")
    assert matches(thong_tri, folded_number_key("05-TT/TU"), "TT")
