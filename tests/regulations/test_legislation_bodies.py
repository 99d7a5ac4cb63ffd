"""Bodies of real-shaped legislation (issue 19): codes of 200-550 KB with hundreds of articles,
parts, chapters, sections, a header block and a preamble (``tests/regulations/legislation``).

Every article heading of the text is an article with its stable anchor ``#dieu-N`` (gaps kept,
never renumbered), chapters ``#chuong-...``, parts ``#phan-...``; what only looks like a
heading stays text. The last tests import a code and open its page.
"""

import json
import re
import time

import pytest

from core.vietnamese import fold
from regulations.body_parser import (
    assign_anchors,
    blocks_to_text,
    parse_body,
    table_of_contents,
)

from .legislation import civil_code, criminal_code, labour_code

CODES = {"dan-su": civil_code(), "lao-dong": labour_code(), "hinh-su": criminal_code()}
# An article heading as printed, found without the parser: "Điều 157. Title".
ARTICLE_LINE = re.compile(r"^Điều ([0-9]+[a-z]?)\. \S", re.M)


def of_type(blocks, block_type):
    return [block["value"] for block in blocks if block["type"] == block_type]


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_body(code.text) for name, code in CODES.items()}


@pytest.mark.parametrize("name", CODES)
def test_the_codes_are_real_sized(name):
    code = CODES[name]
    assert 200_000 <= code.size <= 550_000, code.size
    assert 200 <= len(code.articles) <= 700


@pytest.mark.parametrize("name", CODES)
def test_every_article_heading_of_the_text_is_an_article(parsed, name):
    code, blocks = CODES[name], parsed[name]
    in_text = ARTICLE_LINE.findall(code.text)
    articles = [value["number"] for value in of_type(blocks, "article")]
    assert len(articles) == len(in_text) == len(code.articles)
    assert articles == in_text == code.articles


@pytest.mark.parametrize("name", CODES)
def test_structure_counts_equal_what_was_printed(parsed, name):
    code, blocks = CODES[name], parsed[name]
    assert [value["number"] for value in of_type(blocks, "chapter")] == code.chapters
    assert [value["number"] for value in of_type(blocks, "part")] == code.parts
    assert len(of_type(blocks, "section")) == code.sections
    assert len(of_type(blocks, "clause")) == code.clauses
    assert len(of_type(blocks, "point")) == code.points


def test_numbering_gaps_are_kept_never_renumbered(parsed):
    anchors = dict(zip(map(id, parsed["dan-su"]), assign_anchors(parsed["dan-su"]), strict=True))
    numbers = [value["number"] for value in of_type(parsed["dan-su"], "article")]
    assert numbers[155:157] == ["156", "159"]  # 157 and 158 are not in the text
    assert "400" not in numbers and numbers[-1] == "692"
    article_anchors = [anchors[id(b)] for b in parsed["dan-su"] if b["type"] == "article"]
    assert article_anchors == [f"dieu-{number}" for number in numbers]
    assert "dieu-159" in article_anchors and "dieu-157" not in article_anchors


@pytest.mark.parametrize("name", CODES)
def test_anchors_are_stable_and_unique(parsed, name):
    blocks = parsed[name]
    anchors = assign_anchors(blocks)
    by_type = {}
    for block, anchor in zip(blocks, anchors, strict=True):
        by_type.setdefault(block["type"], []).append(anchor)
    assert by_type["article"] == [f"dieu-{n}" for n in CODES[name].articles]
    assert by_type["chapter"] == [f"chuong-{roman.lower()}" for roman in CODES[name].chapters]
    parts = [f"phan-{fold(ordinal).replace(' ', '-')}" for ordinal in CODES[name].parts]
    assert by_type.get("part", []) == parts  # "phan-thu-nhat", "phan-thu-sau"
    named = [anchor for anchor in anchors if anchor]
    assert len(named) == len(set(named))
    assert assign_anchors(parse_body(CODES[name].text)) == anchors  # the same on re-import


def test_parts_and_chapters_as_printed_without_a_space_after_the_colon(parsed):
    blocks = parsed["dan-su"]
    assert of_type(blocks, "part")[0] == {"number": "thứ nhất", "title": "NHỮNG QUY ĐỊNH CHUNG"}
    assert of_type(blocks, "part")[5]["number"] == "thứ sáu"
    assert of_type(blocks, "chapter")[0] == {"number": "I", "title": "ĐIỀU KHOẢN CƠ BẢN"}
    # "Chương II" with its title on the next line
    assert of_type(parsed["lao-dong"], "chapter")[1] == {
        "number": "II",
        "title": "QUY ĐỊNH CỤ THỂ NHÓM II",
    }


@pytest.mark.parametrize("name", CODES)
def test_header_block_and_preamble_stay_text(parsed, name):
    code, blocks = CODES[name], parsed[name]
    header = code.text.splitlines()[:9]
    assert [block["type"] for block in blocks[:9]] == ["paragraph"] * 9
    assert [block["value"] for block in blocks[:9]] == header
    assert header[0] == "QUỐC HỘI" and header[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header[3].endswith(f"số: {code.number}") and header[4].startswith("Hà Nội, ngày")
    assert header[7].startswith("Căn cứ Hiến pháp")
    assert blocks[9]["type"] in ("part", "chapter")


@pytest.mark.parametrize("name", CODES)
def test_sentences_that_look_like_headings_stay_text(parsed, name):
    lookalikes = CODES[name].lookalikes
    assert {line.split(" ")[0] for line in lookalikes} >= {"Điều", "Phần", "Chương", "Mục"}
    paragraphs = set(of_type(parsed[name], "paragraph"))
    assert all(line in paragraphs for line in lookalikes)


@pytest.mark.parametrize("name", CODES)
def test_table_of_contents_nests_every_article(parsed, name):
    outline = table_of_contents(parsed[name])

    def walk(entries, depth=0):
        for entry in entries:
            yield entry, depth
            yield from walk(entry["children"], depth + 1)

    entries = list(walk(outline))
    articles = [entry for entry, _depth in entries if entry["type"] == "article"]
    assert [entry["anchor"] for entry in articles] == [f"dieu-{n}" for n in CODES[name].articles]
    top = {entry["type"] for entry in outline}
    assert top == ({"part"} if CODES[name].parts else {"chapter"})
    assert all(depth > 0 for entry, depth in entries if entry["type"] == "article")


@pytest.mark.parametrize("name", CODES)
def test_text_round_trip(parsed, name):
    blocks = parsed[name]
    assert parse_body(blocks_to_text(blocks)) == blocks


def test_parsing_a_large_code_is_quick():
    started = time.perf_counter()
    parse_body(CODES["dan-su"].text)
    assert time.perf_counter() - started < 3  # about 0.1 s on the development machine


# --------------------------------------------------------------------------------------------
# Imported and opened


@pytest.mark.django_db
def test_an_imported_code_renders_every_anchor(client_for, tmp_path):
    from regulations.models import PartyDocumentPage

    from .library_helpers import import_lines

    code = CODES["hinh-su"]
    line = json.dumps(
        {
            "number": code.number,
            "issued_on": "2015-11-27",
            "doc_type": "BL",
            "kind": "state",
            "title": code.title,
            "issuer": "Quốc hội",
            "issuer_code": "QH",
            "body": code.text,
        },
        ensure_ascii=False,
    )
    _out, err, error = import_lines(tmp_path, [line])
    assert error is None, err
    page = PartyDocumentPage.objects.get(number=code.number).specific
    response = client_for("member").get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    ids = re.findall(r'id="(dieu-[0-9a-z]+)"', html)
    assert ids == [f"dieu-{n}" for n in code.articles]
    assert 'id="phan-thu-nhat"' in html and 'id="chuong-xxvi"' in html
    toc = html.split('id="toc-heading"', 1)[1].split("</nav>", 1)[0]
    assert toc.count('href="#dieu-') == len(code.articles)


@pytest.mark.django_db
def test_importing_a_long_code_is_not_slower_per_kb_than_a_short_document():
    """docs/benchmarks.md: about 1.6 ms/KB for a 470 KB code against about 70 ms/KB for
    documents of 2.5 KB (the cost of a document is mostly per document, not per KB)."""
    from regulations.importer import import_documents

    from .legislation import build_code

    def line(number, issued_on, text):
        return json.dumps(
            {
                "number": number,
                "issued_on": issued_on,
                "doc_type": "BL",
                "kind": "state",
                "title": f"Bộ luật thử nghiệm {number}",
                "issuer": "Quốc hội",
                "issuer_code": "QH",
                "body": text,
            },
            ensure_ascii=False,
        )

    big = CODES["dan-su"]
    short = build_code(
        title="Luật Thi đua, khen thưởng",
        number="06/2022/QH15",
        issuer="Quốc hội",
        date_line="Hà Nội, ngày 15 tháng 6 năm 2022",
        articles=4,
        chapters=1,
    )
    per_kb = {}
    for name, code, count, first in (("short", short, 8, 1), ("big", big, 1, 20)):
        numbers = range(first, first + count)
        lines = [line(f"{n}/2030/QH15", f"2030-01-{n:02d}", code.text) for n in numbers]
        started = time.perf_counter()
        summary = import_documents(lines)
        assert summary.ok and summary.created == count, summary.errors
        per_kb[name] = (time.perf_counter() - started) / (count * code.size / 1024)
    assert per_kb["big"] <= per_kb["short"], per_kb
