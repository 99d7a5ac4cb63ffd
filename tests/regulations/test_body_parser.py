"""Tests of regulations.body_parser: plain text -> structured blocks -> anchors, ToC, text.

Plain pytest, no Django: run with ``pytest -p no:django``.
"""

import json
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regulations.body_parser import (
    BLOCK_TYPES,
    anchor_for,
    assign_anchors,
    blocks_to_text,
    label_for,
    parse,
    parse_body,
    table_of_contents,
)


@pytest.fixture(autouse=True)
def _media_root():
    """Override the project-wide autouse fixture that needs Django: this module is pure Python."""


SAMPLES_PATH = Path("/work/shared/samples/documents.jsonl")
SAMPLES = [json.loads(line) for line in SAMPLES_PATH.read_text(encoding="utf-8").splitlines()]
SAMPLE_IDS = [f"{doc['number']}@{doc['issued_on']}" for doc in SAMPLES]


def sample(number: str, issued_on: str) -> dict:
    return next(d for d in SAMPLES if d["number"] == number and d["issued_on"] == issued_on)


def types(blocks: list[dict]) -> list[str]:
    return [block["type"] for block in blocks]


def of_type(blocks: list[dict], block_type: str) -> list:
    return [block["value"] for block in blocks if block["type"] == block_type]


def one(line: str) -> dict:
    blocks = parse_body(line)
    assert len(blocks) == 1, blocks
    return blocks[0]


def flatten(outline: list[dict]) -> list[dict]:
    entries = []
    for entry in outline:
        entries.append(entry)
        entries.extend(flatten(entry["children"]))
    return entries


def to_roman(number: int) -> str:
    numerals = [(40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, numeral in numerals:
        while number >= value:
            result, number = result + numeral, number - value
    return result


# --- the samples -------------------------------------------------------------------------

# Independent, deliberately naive expectations computed from the raw sample lines.
NAIVE = {
    "chapter": re.compile(r"^Chương [IVXLC]+\b"),
    "article": re.compile(r"^Điều \d+[a-z]?\."),
    "clause": re.compile(r"^\d+(?:\.\d+)*[.\-)] "),
    "point": re.compile(r"^[a-zđ]\) "),
    "heading": re.compile(r"^[IVX]+ ?[-.–] "),
}


@pytest.mark.parametrize("doc", SAMPLES, ids=SAMPLE_IDS)
def test_sample_structure_counts_match_naive_line_counts(doc):
    lines = [line.strip() for line in doc["body"].split("\n") if line.strip()]
    counts = Counter(types(parse_body(doc["body"])))
    for block_type, regex in NAIVE.items():
        expected = sum(1 for line in lines if regex.match(line))
        assert counts[block_type] == expected, (block_type, doc["number"])
    assert counts["part"] == counts["section"] == 0
    assert sum(counts.values()) == len(lines)


@pytest.mark.parametrize("doc", SAMPLES, ids=SAMPLE_IDS)
def test_sample_round_trip(doc):
    blocks = parse_body(doc["body"])
    assert parse_body(blocks_to_text(blocks)) == blocks


@pytest.mark.parametrize("doc", SAMPLES, ids=SAMPLE_IDS)
def test_sample_signature_lines_and_preamble_are_paragraphs(doc):
    blocks = parse_body(doc["body"])
    assert types(blocks[-2:]) == ["paragraph", "paragraph"]
    assert blocks[-1]["value"] == doc["body"].strip().split("\n")[-1]
    first = doc["body"].split("\n")[0]
    if first.startswith(("Căn cứ", "Thực hiện", "Kính gửi", "Thời gian", "Tại phiên")):
        assert blocks[0] == {"type": "paragraph", "value": first}


@pytest.mark.parametrize("doc", SAMPLES, ids=SAMPLE_IDS)
def test_sample_anchors_are_unique_and_sequential(doc):
    blocks = parse_body(doc["body"])
    anchors = [a for a in assign_anchors(blocks) if a]
    assert len(anchors) == len(set(anchors))
    articles = [v["number"] for v in of_type(blocks, "article")]
    assert articles == [str(n) for n in range(1, len(articles) + 1)]


def test_regulation_01_qc_tu_2020_structure_and_anchors():
    blocks = parse_body(sample("01-QC/TU", "2020-11-16")["body"])
    anchors = [a for a in assign_anchors(blocks) if a]
    assert anchors == [
        "chuong-i",
        "dieu-1",
        "dieu-2",
        "chuong-ii",
        "dieu-3",
        "dieu-4",
        "dieu-5",
        "chuong-iii",
        "dieu-6",
        "dieu-7",
        "chuong-iv",
        "dieu-8",
    ]
    assert {"type": "chapter", "value": {"number": "II", "title": "TRÁCH NHIỆM, QUYỀN HẠN"}} in (
        blocks
    )
    assert {"type": "article", "value": {"number": "5", "title": "Thường trực Tỉnh ủy"}} in blocks
    # "Căn cứ Điều lệ Đảng ..." is a preamble, not an article.
    assert blocks[0]["type"] == "paragraph"
    index = blocks.index(
        {"type": "article", "value": {"number": "2", "title": "Nguyên tắc làm việc"}}
    )
    assert types(blocks[index : index + 4]) == ["article", "clause", "clause", "clause"]
    assert [b["value"]["number"] for b in blocks[index + 1 : index + 4]] == ["1", "2", "3"]


def test_regulation_01_qc_tu_2020_table_of_contents():
    outline = table_of_contents(parse_body(sample("01-QC/TU", "2020-11-16")["body"]))
    assert [entry["label"] for entry in outline] == [
        "Chương I. NHỮNG QUY ĐỊNH CHUNG",
        "Chương II. TRÁCH NHIỆM, QUYỀN HẠN",
        "Chương III. CHẾ ĐỘ LÀM VIỆC",
        "Chương IV. ĐIỀU KHOẢN THI HÀNH",
    ]
    chapter_ii = outline[1]
    assert chapter_ii["anchor"] == "chuong-ii"
    assert [child["anchor"] for child in chapter_ii["children"]] == ["dieu-3", "dieu-4", "dieu-5"]
    assert chapter_ii["children"][2] == {
        "type": "article",
        "number": "5",
        "title": "Thường trực Tỉnh ủy",
        "anchor": "dieu-5",
        "label": "Điều 5. Thường trực Tỉnh ủy",
        "children": [],
    }


def test_guidance_12_hd_vptu_headings_clauses_and_points():
    blocks = parse_body(sample("12-HD/VPTU", "2024-04-15")["body"])
    assert of_type(blocks, "heading") == [
        {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU"},
        {"number": "II", "title": "THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY"},
        {"number": "III", "title": "QUẢN LÝ VĂN BẢN ĐIỆN TỬ"},
        {"number": "IV", "title": "TỔ CHỨC THỰC HIỆN"},
    ]
    index = blocks.index(
        {"type": "clause", "value": {"number": "1", "text": "Các thành phần thể thức bắt buộc"}}
    )
    assert types(blocks[index : index + 3]) == ["clause", "point", "point"]
    assert [b["value"]["number"] for b in blocks[index + 1 : index + 3]] == ["a", "b"]
    outline = table_of_contents(blocks)
    assert [(e["anchor"], e["label"]) for e in outline] == [
        ("muc-i", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("muc-ii", "II. THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY"),
        ("muc-iii", "III. QUẢN LÝ VĂN BẢN ĐIỆN TỬ"),
        ("muc-iv", "IV. TỔ CHỨC THỰC HIỆN"),
    ]
    assert all(entry["children"] == [] for entry in outline)


def test_points_a_to_d_in_scoring_guidance():
    blocks = parse_body(sample("03-HD/HĐTĐKT", "2024-02-20")["body"])
    assert [p["number"] for p in of_type(blocks, "point")] == ["a", "b", "a", "b", "c", "d"]
    assert of_type(blocks, "point")[2]["text"] == "Thực hiện nhiệm vụ chính trị được giao: 40 điểm."


def test_amending_decision_keeps_quoted_wording_as_paragraphs():
    blocks = parse_body(sample("2410-QĐ/TU", "2024-10-08")["body"])
    assert [v["number"] for v in of_type(blocks, "article")] == ["1", "2", "3"]
    assert "dieu-6a" not in assign_anchors(blocks)
    quoted = [v for v in of_type(blocks, "paragraph") if v.startswith('"')]
    assert len(quoted) == 4
    assert quoted[-1].startswith('"Điều 6a. Khen thưởng')
    assert [v["text"] for v in of_type(blocks, "clause")][3] == "Bổ sung Điều 6a:"
    assert {"type": "paragraph", "value": "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH"} in blocks


def test_heading_with_inline_text_in_programme():
    blocks = parse_body(sample("46-CTr/TU", "2024-01-08")["body"])
    last = of_type(blocks, "heading")[-1]
    assert last["number"] == "V"
    assert last["title"].startswith("THỜI GIAN: kiểm tra trong quý II")


def test_letter_recipients_with_dashes_stay_paragraphs():
    blocks = parse_body(sample("2298-CV/TU", "2025-06-28")["body"])
    assert blocks[:2] == [
        {"type": "paragraph", "value": "Kính gửi: - Các đảng ủy xã, phường;"},
        {"type": "paragraph", "value": "- Các đảng ủy trực thuộc Tỉnh ủy."},
    ]
    assert table_of_contents(blocks) == []


def test_resolution_starting_with_heading_and_software_sentence():
    blocks = parse_body(sample("01-NQ/TU", "2021-03-10")["body"])
    assert blocks[0] == {"type": "heading", "value": {"number": "I", "title": "TÌNH HÌNH"}}
    regulation = parse_body(sample("11-QĐi/TU", "2023-02-10")["body"])
    software = [v for v in of_type(regulation, "paragraph") if v.startswith("Phần mềm")]
    assert len(software) == 1
    assert "part" not in types(regulation)


# --- recognising single lines ------------------------------------------------------------

RECOGNISED = [
    ("Phần I. NHỮNG VẤN ĐỀ CHUNG", "part", {"number": "I", "title": "NHỮNG VẤN ĐỀ CHUNG"}),
    ("PHẦN I - TÌNH HÌNH", "part", {"number": "I", "title": "TÌNH HÌNH"}),
    ("Phần thứ nhất", "part", {"number": "thứ nhất", "title": ""}),
    ("PHẦN THỨ HAI: NHIỆM VỤ", "part", {"number": "thứ hai", "title": "NHIỆM VỤ"}),
    ("Phần thứ mười một. Kết luận", "part", {"number": "thứ mười một", "title": "Kết luận"}),
    ("Phần 2. Phụ lục", "part", {"number": "2", "title": "Phụ lục"}),
    ("Chương I. NHỮNG QUY ĐỊNH CHUNG", "chapter", {"number": "I", "title": "NHỮNG QUY ĐỊNH CHUNG"}),
    ("Chương I: Những quy định chung", "chapter", {"number": "I", "title": "Những quy định chung"}),
    ("CHƯƠNG IV", "chapter", {"number": "IV", "title": ""}),
    (
        "CHƯƠNG XII ĐIỀU KHOẢN THI HÀNH",
        "chapter",
        {"number": "XII", "title": "ĐIỀU KHOẢN THI HÀNH"},
    ),
    ("Chương 3 - Tổ chức thực hiện", "chapter", {"number": "3", "title": "Tổ chức thực hiện"}),
    ("Mục 1. Chế độ hội nghị", "section", {"number": "1", "title": "Chế độ hội nghị"}),
    ("MỤC 2: CHẾ ĐỘ BÁO CÁO", "section", {"number": "2", "title": "CHẾ ĐỘ BÁO CÁO"}),
    ("Điều 5. Thường trực Tỉnh ủy", "article", {"number": "5", "title": "Thường trực Tỉnh ủy"}),
    ("Điều 5: Thường trực Tỉnh ủy", "article", {"number": "5", "title": "Thường trực Tỉnh ủy"}),
    ("Điều 5 - Thường trực Tỉnh ủy", "article", {"number": "5", "title": "Thường trực Tỉnh ủy"}),
    ("Điều 5 – Hiệu lực", "article", {"number": "5", "title": "Hiệu lực"}),
    ("Điều 5.", "article", {"number": "5", "title": ""}),
    ("Điều 5", "article", {"number": "5", "title": ""}),
    ("ĐIỀU 12. HIỆU LỰC", "article", {"number": "12", "title": "HIỆU LỰC"}),
    ("Điều 6a. Khen thưởng đột xuất", "article", {"number": "6a", "title": "Khen thưởng đột xuất"}),
    ("Điều 5.Phạm vi điều chỉnh", "article", {"number": "5", "title": "Phạm vi điều chỉnh"}),
    ("I- MỤC ĐÍCH, YÊU CẦU", "heading", {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU"}),
    ("II. NỘI DUNG", "heading", {"number": "II", "title": "NỘI DUNG"}),
    ("III – TỔ CHỨC THỰC HIỆN", "heading", {"number": "III", "title": "TỔ CHỨC THỰC HIỆN"}),
    ("IV - Thời gian", "heading", {"number": "IV", "title": "Thời gian"}),
    ("XIX. KIẾN NGHỊ", "heading", {"number": "XIX", "title": "KIẾN NGHỊ"}),
    ("V.KẾT LUẬN", "heading", {"number": "V", "title": "KẾT LUẬN"}),
    ("I.", "heading", {"number": "I", "title": ""}),
    ("1. Bảo đảm nguyên tắc", "clause", {"number": "1", "text": "Bảo đảm nguyên tắc"}),
    ("1- Đối tượng: đảng viên", "clause", {"number": "1", "text": "Đối tượng: đảng viên"}),
    ("12) Báo cáo", "clause", {"number": "12", "text": "Báo cáo"}),
    ("3/ Hồ sơ", "clause", {"number": "3", "text": "Hồ sơ"}),
    ("1.1. Mục tiêu chung", "clause", {"number": "1.1", "text": "Mục tiêu chung"}),
    ("1.1 Mục tiêu chung", "clause", {"number": "1.1", "text": "Mục tiêu chung"}),
    ("2.3.1. Chỉ tiêu", "clause", {"number": "2.3.1", "text": "Chỉ tiêu"}),
    ("1.Đánh giá", "clause", {"number": "1", "text": "Đánh giá"}),
    ("1- 100% chi bộ hoàn thành", "clause", {"number": "1", "text": "100% chi bộ hoàn thành"}),
    ("a) Tiêu đề", "point", {"number": "a", "text": "Tiêu đề"}),
    ("đ) Nơi nhận", "point", {"number": "đ", "text": "Nơi nhận"}),
    ("b. Nội dung văn bản", "point", {"number": "b", "text": "Nội dung văn bản"}),
    ("c/ Thời hạn", "point", {"number": "c", "text": "Thời hạn"}),
]


@pytest.mark.parametrize(("line", "block_type", "value"), RECOGNISED)
def test_recognises_structure(line, block_type, value):
    assert one(line) == {"type": block_type, "value": value}


def test_parse_is_an_alias_of_parse_body():
    assert parse("Điều 1. A") == parse_body("Điều 1. A")


FALSE_POSITIVES = [
    "2025 là năm bản lề của nhiệm kỳ.",
    "2025. Năm bản lề",
    "1.000 đồng mỗi đảng viên mỗi tháng.",
    "1.000.000 đồng",
    "1.5 triệu đồng",
    "1/2 số đảng viên tham gia.",
    "30/6/2025 là thời hạn cuối cùng.",
    "20/01/2025",
    "2 - 3 cán bộ cho mỗi chức danh.",
    "3-4 ngày làm việc",
    "05 ngày làm việc trước phiên họp.",
    "15 năm qua, Khu kinh tế đã phát triển.",
    "Điều lệ Đảng quy định rõ.",
    "Điều 32 Điều lệ Đảng quy định nhiệm vụ của Ủy ban Kiểm tra.",
    "Điều 5, Điều 6 của Quy chế được sửa đổi.",
    "Điều 5.1 được bãi bỏ.",
    "Điều chỉnh kế hoạch",
    "Điều5. Không có dấu cách",
    "Chương trình kiểm tra, giám sát năm 2024.",
    "Chương II của Quy chế quy định trách nhiệm.",
    "Theo quy định tại Chương II, Tỉnh ủy họp thường lệ.",
    "Phần mềm quản lý văn bản tự động cảnh báo.",
    "PHẦN MỀM QUẢN LÝ VĂN BẢN",
    "Phần thứ hai của báo cáo trình bày kết quả.",
    "Phần lớn đảng viên hoàn thành tốt nhiệm vụ.",
    "Mục tiêu đến năm 2025",
    "Mục đích, yêu cầu",
    "MỤC ĐÍCH, YÊU CẦU",
    "Mục 1 của Chương II quy định chế độ hội nghị.",
    "V. I. Lênin đã chỉ rõ.",
    "V.I. Lênin",
    "IX là số La Mã",
    "Ia- không phải số La Mã",
    "A. PHẦN MỞ ĐẦU",
    "v.v... và các nội dung khác",
    "- Các đảng ủy trực thuộc Tỉnh ủy.",
    "+ Hoàn thành xuất sắc nhiệm vụ.",
    "* Ghi chú",
    "• Gạch đầu dòng",
    "T/M BAN THƯỜNG VỤ",
    "K/T CHÁNH VĂN PHÒNG",
    "BÍ THƯ",
    "Nguyễn Đình Khải",
    "Kính gửi: - Các ban đảng;",
    '"1. Bằng khen của Ban Thường vụ."',
    "“Điều 6a. Khen thưởng”",
    "ab) không phải điểm",
    "A) không phải điểm",
    "1",
    "1.1",
    "１. Chữ số toàn chiều rộng",
    "Điều ５. Chữ số toàn chiều rộng",
]


@pytest.mark.parametrize("line", FALSE_POSITIVES)
def test_false_positives_stay_paragraphs(line):
    assert one(line) == {"type": "paragraph", "value": line}


def test_point_after_clause_and_clause_after_article():
    blocks = parse_body("Điều 3. Tỉnh ủy\n1. Lãnh đạo\na) Quyết định\nb) Ban hành\n2. Chỉ đạo")
    assert types(blocks) == ["article", "clause", "point", "point", "clause"]


def test_chapter_title_on_the_next_line():
    blocks = parse_body("Chương II\nTRÁCH NHIỆM, QUYỀN HẠN\nĐiều 3. Tỉnh ủy")
    assert blocks == [
        {"type": "chapter", "value": {"number": "II", "title": "TRÁCH NHIỆM, QUYỀN HẠN"}},
        {"type": "article", "value": {"number": "3", "title": "Tỉnh ủy"}},
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHƯƠNG I\nNhững quy định chung\nĐiều 1. A", ("chapter", "Những quy định chung")),
        ("Phần thứ nhất\nĐÁNH GIÁ TÌNH HÌNH\nI. KẾT QUẢ", ("part", "ĐÁNH GIÁ TÌNH HÌNH")),
        ("Mục 2.\nChế độ báo cáo\nĐiều 9. A", ("section", "Chế độ báo cáo")),
    ],
)
def test_container_title_on_the_next_line(text, expected):
    block = parse_body(text)[0]
    assert (block["type"], block["value"]["title"]) == expected
    assert len(parse_body(text)) == 2


@pytest.mark.parametrize(
    "following",
    [
        "Điều 1. Phạm vi điều chỉnh",
        "1. Tỉnh ủy họp thường lệ ba tháng một lần.",
        "Tỉnh ủy họp thường lệ ba tháng một lần; Ban Thường vụ họp mỗi tháng một lần.",
        "- Gạch đầu dòng",
        '"Trích dẫn"',
        "I- MỤC ĐÍCH",
    ],
)
def test_chapter_without_title_does_not_swallow_body_lines(following):
    blocks = parse_body(f"Chương II\n{following}")
    assert blocks[0] == {"type": "chapter", "value": {"number": "II", "title": ""}}
    assert len(blocks) == 2


def test_article_without_title_keeps_its_body_separate():
    blocks = parse_body("Điều 5.\nThường trực Tỉnh ủy")
    assert blocks == [
        {"type": "article", "value": {"number": "5", "title": ""}},
        {"type": "paragraph", "value": "Thường trực Tỉnh ủy"},
    ]


def test_roman_heading_inside_regulation_with_chapters():
    blocks = parse_body("Chương I. CHUNG\nĐiều 1. A\nI. Nội dung\n1. Một")
    assert types(blocks) == ["chapter", "article", "heading", "clause"]


def test_title_longer_than_the_admin_limit_is_a_paragraph():
    line = "I- " + "NỘI DUNG " * 80
    assert one(line)["type"] == "paragraph"
    assert one("Điều 1. " + "a" * 500)["type"] == "article"


# --- quotations --------------------------------------------------------------------------


def test_multi_line_quotation_is_paragraphs():
    text = (
        "Điều 1. Sửa đổi Quy chế như sau:\n"
        "1. Bổ sung Điều 6a:\n"
        "“Điều 6a. Khen thưởng đột xuất\n"
        "1. Khen thưởng đột xuất được xét ngay.\n"
        "a) Hồ sơ rút gọn.\n"
        "2. Thời gian thẩm định không quá 07 ngày.”\n"
        "2. Sửa đổi Điều 7.\n"
        "Điều 2. Hiệu lực thi hành"
    )
    blocks = parse_body(text)
    assert types(blocks) == ["article", "clause"] + ["paragraph"] * 4 + ["clause", "article"]
    assert [a for a in assign_anchors(blocks) if a] == ["dieu-1", "dieu-2"]
    assert parse_body(blocks_to_text(blocks)) == blocks


def test_unclosed_quotation_does_not_swallow_the_document():
    body = ["“Trích dẫn không đóng"] + [f"Điều {n}. Điều thứ {n}" for n in range(1, 60)]
    body.append("Câu có dấu ” lạc")
    blocks = parse_body("\n".join(body))
    assert len(of_type(blocks, "article")) == 59


def test_balanced_quotes_inside_lines_do_not_open_a_quotation():
    text = '"Hoàn thành xuất sắc" không vượt quá 20%.\n1. Một\n2. Hai "lẻ'
    assert types(parse_body(text)) == ["paragraph", "clause", "clause"]


# --- cleaning and robustness -------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", " \t\r\n \u00a0\n\u3000", "\ufeff", "\x00"])
def test_empty_input_gives_no_blocks(text):
    assert parse_body(text) == []


@pytest.mark.parametrize("value", [None, 5, ["Điều 1. A"], {"a": 1}])
def test_non_string_input_gives_no_blocks(value):
    assert parse_body(value) == []


def test_bytes_input_is_decoded():
    assert parse_body("Điều 1. A".encode()) == [
        {"type": "article", "value": {"number": "1", "title": "A"}}
    ]


def test_windows_line_endings_tabs_and_spacing():
    text = "\ufeffChương I.\tNHỮNG  QUY ĐỊNH CHUNG\r\n\r\n  Điều\u00a01.   Phạm vi\r\n\t1.\tMột\r"
    assert parse_body(text) == [
        {"type": "chapter", "value": {"number": "I", "title": "NHỮNG QUY ĐỊNH CHUNG"}},
        {"type": "article", "value": {"number": "1", "title": "Phạm vi"}},
        {"type": "clause", "value": {"number": "1", "text": "Một"}},
    ]


def test_decomposed_unicode_is_normalised_to_nfc():
    text = unicodedata.normalize("NFD", "Điều 5. Thường trực Tỉnh ủy\nChương II. TRÁCH NHIỆM")
    assert parse_body(text) == [
        {"type": "article", "value": {"number": "5", "title": "Thường trực Tỉnh ủy"}},
        {"type": "chapter", "value": {"number": "II", "title": "TRÁCH NHIỆM"}},
    ]


def test_legacy_eth_letter_in_dieu():
    assert one("\u00d0iều 3. Tỉnh ủy")["value"] == {"number": "3", "title": "Tỉnh ủy"}


def test_control_characters_and_lone_surrogates_are_removed():
    blocks = parse_body("Điều\x00 1. A\ud800B\u200b\nx\x07y")
    assert blocks == [
        {"type": "article", "value": {"number": "1", "title": "AB"}},
        {"type": "paragraph", "value": "xy"},
    ]
    json.dumps(blocks).encode("utf-8")


def test_ten_thousand_lines_parse_quickly():
    lines = []
    for chapter in range(1, 101):
        lines.append(f"Chương {to_roman(chapter % 40 or 1)}. CHƯƠNG SỐ {chapter}")
        for article in range(33):
            lines += [f"Điều {chapter * 100 + article}. Tên", "1. Khoản", "a) Điểm"]
    text = "\r\n".join(lines)
    assert len(lines) >= 10_000
    start = time.perf_counter()
    blocks = parse_body(text)
    anchors = assign_anchors(blocks)
    outline = table_of_contents(blocks)
    assert time.perf_counter() - start < 10
    assert len(blocks) == len(lines)
    assert len([a for a in anchors if a]) == len({a for a in anchors if a})
    assert len(outline) == 100


# --- anchors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block_type", "value", "anchor"),
    [
        ("part", {"number": "I", "title": ""}, "phan-i"),
        ("part", {"number": "thứ nhất", "title": ""}, "phan-thu-nhat"),
        ("part", {"number": "Thứ Mười Một"}, "phan-thu-muoi-mot"),
        ("chapter", {"number": "II", "title": "X"}, "chuong-ii"),
        ("section", {"number": "1", "title": "X"}, "muc-1"),
        ("article", {"number": "5", "title": "X"}, "dieu-5"),
        ("article", {"number": "6a", "title": ""}, "dieu-6a"),
        ("article", {"number": " 6 A "}, "dieu-6-a"),
        ("heading", {"number": "I", "title": "X"}, "muc-i"),
        ("heading", {"number": "IV"}, "muc-iv"),
        ("clause", {"number": "1", "text": "x"}, None),
        ("point", {"number": "a", "text": "x"}, None),
        ("paragraph", "text", None),
        ("article", {"number": ""}, None),
        ("article", {"number": "—"}, None),
        ("article", {}, None),
        ("article", None, None),
        ("article", "Điều 5", None),
        ("unknown", {"number": "1"}, None),
        (None, {"number": "1"}, None),
        (["article"], {"number": "1"}, None),
    ],
)
def test_anchor_for(block_type, value, anchor):
    assert anchor_for(block_type, value) == anchor


def test_anchor_for_accepts_non_string_numbers():
    assert anchor_for("article", {"number": 5}) == "dieu-5"


def test_repeated_sections_are_prefixed_with_their_chapter():
    text = "Chương I. A\nMục 1. X\nMục 2. Y\nChương II. B\nMục 1. Z\nĐiều 9. W"
    assert assign_anchors(parse_body(text)) == [
        "chuong-i",
        "chuong-i-muc-1",
        "muc-2",
        "chuong-ii",
        "chuong-ii-muc-1",
        "dieu-9",
    ]


def test_repeated_articles_keep_the_first_plain_and_number_the_rest():
    text = "Điều 5. A\nĐiều 6. B\nĐiều 5. C\nĐiều 5. D"
    assert assign_anchors(parse_body(text)) == ["dieu-5", "dieu-6", "dieu-5-2", "dieu-5-3"]


def test_repeated_chapters_are_prefixed_with_their_part():
    text = "Phần I. A\nChương I. X\nĐiều 1. a\nPhần II. B\nChương I. Y\nĐiều 2. b"
    assert assign_anchors(parse_body(text)) == [
        "phan-i",
        "phan-i-chuong-i",
        "dieu-1",
        "phan-ii",
        "phan-ii-chuong-i",
        "dieu-2",
    ]


def test_repeated_headings_in_parts_and_heading_section_clash():
    text = "Phần thứ nhất. A\nI. X\nII. Y\nPhần thứ hai. B\nI. Z"
    assert assign_anchors(parse_body(text)) == [
        "phan-thu-nhat",
        "phan-thu-nhat-muc-i",
        "muc-ii",
        "phan-thu-hai",
        "phan-thu-hai-muc-i",
    ]
    clash = assign_anchors(parse_body("Mục I. Chung\nI. NỘI DUNG"))
    assert clash == ["muc-i", "muc-i-2"]


def test_repeated_sections_without_enclosing_chapter_get_suffixes():
    assert assign_anchors(parse_body("Mục 1. A\nMục 1. B\nMục 1. C")) == [
        "muc-1",
        "muc-1-2",
        "muc-1-3",
    ]


def test_suffix_never_reuses_an_existing_anchor():
    blocks = [
        {"type": "article", "value": {"number": "5", "title": ""}},
        {"type": "article", "value": {"number": "5", "title": ""}},
        {"type": "section", "value": {"number": "x", "title": ""}},
        {"type": "article", "value": {"number": "5-2", "title": ""}},
    ]
    anchors = assign_anchors(blocks)
    assert anchors[0] == "dieu-5"
    assert len(set(anchors)) == 4


def test_anchors_are_deterministic_across_reimports():
    text = "\n".join(doc["body"] for doc in SAMPLES)
    first = assign_anchors(parse_body(text))
    assert first == assign_anchors(parse_body(text))
    assert first == assign_anchors(parse_body(blocks_to_text(parse_body(text))))
    present = [a for a in first if a]
    assert len(present) == len(set(present))
    assert "dieu-1" in present and "dieu-1-2" in present


def test_assign_anchors_tolerates_malformed_blocks():
    blocks = [None, 3, {"type": "article"}, {"value": {"number": "1"}}, ("article", {"number": 2})]
    assert assign_anchors(blocks) == [None, None, None, None, "dieu-2"]


# --- table of contents -------------------------------------------------------------------


def test_table_of_contents_nests_parts_chapters_sections_articles():
    text = (
        "Phần I. NHỮNG VẤN ĐỀ CHUNG\n"
        "Chương I. QUY ĐỊNH CHUNG\n"
        "Mục 1. Phạm vi\n"
        "Điều 1. Đối tượng\n"
        "1. Khoản\n"
        "Điều 2. Giải thích\n"
        "Mục 2. Nguyên tắc\n"
        "Điều 3. Nguyên tắc chung\n"
        "Chương II\n"
        "Điều 4.\n"
        "Phần thứ hai\n"
        "Điều 5. Hiệu lực"
    )
    outline = table_of_contents(parse_body(text))
    assert [e["label"] for e in outline] == ["Phần I. NHỮNG VẤN ĐỀ CHUNG", "Phần thứ hai"]
    chapters = outline[0]["children"]
    assert [c["label"] for c in chapters] == ["Chương I. QUY ĐỊNH CHUNG", "Chương II"]
    sections = chapters[0]["children"]
    assert [s["label"] for s in sections] == ["Mục 1. Phạm vi", "Mục 2. Nguyên tắc"]
    assert [a["anchor"] for a in sections[0]["children"]] == ["dieu-1", "dieu-2"]
    assert [a["anchor"] for a in sections[1]["children"]] == ["dieu-3"]
    assert chapters[1]["children"][0]["label"] == "Điều 4"
    assert outline[1]["anchor"] == "phan-thu-hai"
    assert outline[1]["children"][0]["anchor"] == "dieu-5"
    for entry in flatten(outline):
        assert set(entry) == {"type", "number", "title", "anchor", "label", "children"}


def test_table_of_contents_headings_nest_under_parts_and_articles_under_headings():
    text = "Phần thứ nhất. KẾT QUẢ\nI. KINH TẾ\n1. Nông nghiệp\nII. XÃ HỘI\nĐiều 1. A"
    outline = table_of_contents(parse_body(text))
    assert len(outline) == 1
    headings = outline[0]["children"]
    assert [(h["anchor"], h["label"]) for h in headings] == [
        ("muc-i", "I. KINH TẾ"),
        ("muc-ii", "II. XÃ HỘI"),
    ]
    assert headings[0]["children"] == []
    assert headings[1]["children"][0]["label"] == "Điều 1. A"


def test_table_of_contents_articles_without_chapters_are_top_level():
    outline = table_of_contents(parse_body(sample("2410-QĐ/TU", "2024-10-08")["body"]))
    assert [e["anchor"] for e in outline] == ["dieu-1", "dieu-2", "dieu-3"]


def test_table_of_contents_anchors_match_assign_anchors():
    blocks = parse_body("\n".join(doc["body"] for doc in SAMPLES))
    anchors = [a for a in assign_anchors(blocks) if a]
    assert [e["anchor"] for e in flatten(table_of_contents(blocks))] == anchors


def test_table_of_contents_accepts_wagtail_stream_children():
    children = [
        SimpleNamespace(block_type="chapter", value={"number": "I", "title": "A"}),
        SimpleNamespace(block_type="article", value={"number": "1", "title": "B"}),
        SimpleNamespace(block_type="paragraph", value="text"),
    ]
    outline = table_of_contents(iter(children))
    assert outline[0]["children"][0]["anchor"] == "dieu-1"


@pytest.mark.parametrize(
    ("block_type", "value", "label"),
    [
        ("part", {"number": "I", "title": "CHUNG"}, "Phần I. CHUNG"),
        ("part", {"number": "thứ nhất", "title": "A"}, "Phần thứ nhất. A"),
        ("chapter", {"number": "II", "title": "TRÁCH NHIỆM, QUYỀN HẠN"}, None),
        ("section", {"number": "1", "title": "Chế độ hội nghị"}, "Mục 1. Chế độ hội nghị"),
        ("article", {"number": "5", "title": "Thường trực Tỉnh ủy"}, None),
        ("article", {"number": "5", "title": ""}, "Điều 5"),
        ("heading", {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU"}, "I. MỤC ĐÍCH, YÊU CẦU"),
        ("heading", {"number": "IV"}, "IV."),
    ],
)
def test_labels(block_type, value, label):
    expected = (
        label
        or {
            "chapter": "Chương II. TRÁCH NHIỆM, QUYỀN HẠN",
            "article": "Điều 5. Thường trực Tỉnh ủy",
        }[block_type]
    )
    assert label_for(block_type, value) == expected


@pytest.mark.parametrize(
    ("block_type", "value"),
    [("clause", {"number": "1", "text": "x"}), ("paragraph", "x"), ("article", None), (None, {})],
)
def test_labels_only_for_outline_blocks(block_type, value):
    assert label_for(block_type, value) is None


# --- blocks_to_text ----------------------------------------------------------------------


def test_blocks_to_text_gives_canonical_readable_text():
    text = (
        "Căn cứ Điều lệ Đảng;\nCHƯƠNG I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1 - Phạm vi\nĐiều 2\n"
        "1- Một\n2) Hai\nb. Điểm\n- gạch\nI – NỘI DUNG\nPhần thứ nhất\nMục 3: X"
    )
    assert blocks_to_text(parse_body(text)) == (
        "Căn cứ Điều lệ Đảng;\nChương I. NHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nĐiều 2.\n"
        "1. Một\n2. Hai\nb) Điểm\n- gạch\nI. NỘI DUNG\nPhần thứ nhất\nMục 3. X"
    )


def test_blocks_to_text_of_nothing_is_empty():
    assert blocks_to_text([]) == ""
    assert parse_body(blocks_to_text([])) == []


def test_blocks_to_text_accepts_stream_children_tuples_and_junk():
    blocks = [
        SimpleNamespace(block_type="article", value={"number": "1", "title": "A"}),
        ("clause", {"number": "1", "text": "B\nC"}),
        {"type": "point", "value": {"number": "a"}},
        {"type": "paragraph", "value": "Đoạn"},
        {"type": "paragraph", "value": None},
        {"type": "chapter", "value": "not a dict"},
        {"type": "heading", "value": {"number": "II", "title": None}},
        None,
        42,
    ]
    # A string value is kept whatever its type, so search indexing never loses text.
    assert blocks_to_text(blocks) == "Điều 1. A\n1. B C\na)\nĐoạn\nnot a dict\nII."


# --- properties --------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "Tỉnh ủy",
        "quy chế",
        "văn bản",
        "Ban Thường vụ",
        "năm 2025",
        "1/2 số",
        "Điều lệ Đảng",
        "Chương trình",
        "Phần mềm",
        "1.000 đồng",
        "(trừ văn bản mật)",
        '"trích dẫn"',
        "“mở",
        "đóng”",
        "a)",
        "I.",
        ";",
        ":",
        "-",
        "ĐẢNG CỘNG SẢN",
    ]
)
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
UPPER = TEXT.map(str.upper)
ROMAN = st.integers(1, 39).map(to_roman)
SEP = st.sampled_from([". ", ": ", " - ", " – ", ".", " "])
LINES = st.one_of(
    st.builds("Phần {}{}{}".format, st.sampled_from(["I", "thứ nhất", "THỨ HAI", "3"]), SEP, UPPER),
    st.builds("Chương {}{}{}".format, ROMAN, SEP, UPPER),
    st.builds("CHƯƠNG {}".format, ROMAN),
    st.builds("Mục {}{}{}".format, st.integers(1, 20), SEP, TEXT),
    st.builds("Điều {}{}{}".format, st.integers(1, 200), SEP, TEXT),
    st.builds("Điều {}.".format, st.integers(1, 200)),
    st.builds("{}{}{}".format, ROMAN, st.sampled_from(["- ", ". ", " – "]), UPPER),
    st.builds("{}{}{}".format, st.integers(0, 300), st.sampled_from([". ", "- ", ") "]), TEXT),
    st.builds("{}.{}. {}".format, st.integers(1, 9), st.integers(1, 9), TEXT),
    st.builds("{}{}{}".format, st.sampled_from("abcdđegz"), st.sampled_from([") ", ". "]), TEXT),
    TEXT.map("- {}".format),
    TEXT.map("+ {}".format),
    TEXT,
    UPPER,
    TEXT.map('"{}'.format),
    TEXT.map("“{}”".format),
    TEXT.map("{}”".format),
)
STRUCTURED = st.lists(LINES, max_size=40).map("\n".join)

TOKENS = st.sampled_from(
    [
        *'IVXLC0123456789.-–—)/:;, \n\r\t"“”«»aăbcdđeghiklmnoơpqrstuưvxyAĐÐÉẦỀỨ',
        *["Chương ", "Điều ", "Mục ", "Phần ", "CHƯƠNG ", "thứ nhất", "THỨ HAI", "II", "\u0301"],
        *["\u00a0", "\ufeff", "\x00", "\u200b", "\u2028", "\x85", "\ud800", "ﬁ", "Ⅳ", "１"],
    ]
)
ADVERSARIAL = st.lists(TOKENS, max_size=120).map("".join)


def check_well_formed(blocks: list[dict]) -> None:
    for block in blocks:
        assert set(block) == {"type", "value"}
        assert block["type"] in BLOCK_TYPES
        value = block["value"]
        strings = [value] if block["type"] == "paragraph" else list(value.values())
        if block["type"] != "paragraph":
            text_key = "text" if block["type"] in ("clause", "point") else "title"
            assert set(value) == {"number", text_key}
            assert value["number"] and len(value["number"]) <= 20
        for string in strings:
            assert isinstance(string, str)
            assert string == string.strip()
            assert "\n" not in string and "\r" not in string and "\x00" not in string
            assert unicodedata.is_normalized("NFC", string)
            string.encode("utf-8")
        if block["type"] == "paragraph":
            assert block["value"]


def check_everything(text: str) -> None:
    blocks = parse_body(text)
    check_well_formed(blocks)
    assert parse_body(blocks_to_text(blocks)) == blocks
    anchors = assign_anchors(blocks)
    assert len(anchors) == len(blocks)
    present = [a for a in anchors if a]
    assert len(present) == len(set(present))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", a) for a in present)
    outline = table_of_contents(blocks)
    assert [e["anchor"] for e in flatten(outline)] == present


@settings(max_examples=300, deadline=None)
@given(STRUCTURED)
def test_property_structured_documents_round_trip(text):
    check_everything(text)


@settings(max_examples=300, deadline=None)
@given(ADVERSARIAL)
def test_property_adversarial_text_never_crashes_and_round_trips(text):
    check_everything(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_property_any_text_never_crashes(text):
    check_everything(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SAMPLES), min_size=1, max_size=3), st.randoms())
def test_property_shuffled_sample_lines_round_trip(docs, random):
    lines = [line for doc in docs for line in doc["body"].split("\n")]
    random.shuffle(lines)
    check_everything("\n".join(lines))
