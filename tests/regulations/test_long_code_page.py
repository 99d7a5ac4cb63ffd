"""The page of a long code (issue 19): a member gets it in well under a second, its table of
contents folds by part and chapter, each part and chapter heading links back to it, and what
is kept per version of the body (``regulations.structure``) follows every edit."""

import json
import re
import statistics
import time

import pytest
from django.core.cache import cache

from regulations.blocks import DocumentBodyBlock
from regulations.body_html import block_html
from regulations.importer import import_documents
from regulations.models import PartyDocumentPage

from .legislation import civil_code, long_code

pytestmark = pytest.mark.django_db
LONG = long_code()


def _import(code, issued_on="2015-11-25"):
    line = json.dumps(
        {
            "number": code.number,
            "issued_on": issued_on,
            "doc_type": "BL",
            "kind": "state",
            "title": code.title,
            "issuer": "Quốc hội",
            "issuer_code": "QH",
            "signer": "Nguyễn Thị Kim Ngân",
            "body": code.text + "\nNguyễn Thị Kim Ngân",
        },
        ensure_ascii=False,
    )
    summary = import_documents([line])
    assert summary.ok, summary.errors
    return PartyDocumentPage.objects.get(number=code.number).specific


def _toc(html: str) -> str:
    return html.split('id="toc-heading"', 1)[1].split("</nav>", 1)[0]


def test_a_long_code_renders_in_well_under_a_second(client_for):
    page = _import(LONG)
    assert LONG.size > 450_000 and len(LONG.articles) == 700
    client = client_for("member")
    started = time.perf_counter()
    first = client.get(page.url)
    first_time = time.perf_counter() - started
    assert first.status_code == 200
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        assert client.get(page.url).status_code == 200
        timings.append(time.perf_counter() - started)
    # about 0.45 s and 0.07 s on the development machine (docs/benchmarks.md); the bounds leave
    # room for a busy shared CPU
    assert first_time < 3
    assert statistics.median(timings) < 1
    html = first.content.decode()
    assert re.findall(r'id="(dieu-[0-9a-z]+)"', html) == [f"dieu-{n}" for n in LONG.articles]


def test_the_table_of_contents_folds_by_part_and_chapter(client_for):
    page = _import(LONG)
    html = client_for("member").get(page.url).content.decode()
    toc = _toc(html)
    assert toc.count('href="#dieu-') == len(LONG.articles)  # every article is still listed
    branches = re.findall(r'<details class="toc-branch"( open)?><summary>(.*?)</summary>', toc)
    parts = [summary for opened, summary in branches if "Phần" in summary]
    chapters = [
        (opened, summary) for opened, summary in branches if "Chương" in summary.split(":")[0]
    ]
    assert len(parts) == len(LONG.parts) and len(chapters) == len(LONG.chapters)
    assert all(opened == "" for opened, _summary in chapters)  # folded: 36 lines, not 700
    assert all(
        " open" in branch
        for branch in re.findall(
            r"<details[^>]*>(?=<summary><span"
            r' class="visually-hidden">Phần)',
            toc,
        )
    )
    # the summary says what a chapter holds, and names the chapter for a screen reader
    assert re.search(
        r'<span class="visually-hidden">Chương I\. ĐIỀU KHOẢN CƠ BẢN: </span>\d+ điều', toc
    )
    # each part and chapter heading in the text links back to the table of contents
    body = html.split('id="body-heading"', 1)[1]
    back = body.count('<p class="back-to-toc-inline"><a href="#toc-heading">')
    assert back == len(LONG.parts) + len(LONG.chapters)


def test_a_short_document_keeps_its_table_of_contents_unfolded(client_for):
    page = PartyDocumentPage.objects.get(number="01-QC/TU")
    toc = _toc(client_for("member").get(page.url).content.decode())
    assert '<details class="toc-branch">' not in toc  # every branch open


def test_an_edit_of_the_body_is_shown_at_once(client_for):
    page = _import(civil_code())
    client = client_for("member")
    url = page.url
    assert "Thương hiệu mới" not in client.get(url).content.decode()
    before = client.get(url, {"q": "thuong hieu moi"}).content.decode()
    assert '"#dieu-1"' not in before.split('id="find-results"', 1)[1].split("</section>")[0]
    raw = page.body.get_prep_value()
    first_article = next(item for item in raw if item["type"] == "article")
    first_article["value"]["title"] = "Thương hiệu mới của điều một"
    page.body = raw
    page.save_revision().publish()
    html = client.get(url).content.decode()
    assert "Thương hiệu mới của điều một" in html
    found = client.get(url, {"q": "thuong hieu moi"}).content.decode()
    assert re.search(r'<li><a href="#dieu-1">Điều 1\. Thương hiệu mới', found)


def test_the_kept_rendering_is_the_same_as_a_fresh_one(client_for):
    page = _import(civil_code())
    client = client_for("member")

    def document(html):  # the document itself, not the form tokens of the header
        return html.split('<article class="document"', 1)[1].split("</article>", 1)[0]

    fresh = document(client.get(page.url).content.decode())
    kept = document(client.get(page.url).content.decode())
    cache.clear()
    assert document(client.get(page.url).content.decode()) == kept == fresh


@pytest.mark.parametrize(
    ("block_type", "value", "anchor"),
    [
        ("part", {"number": "thứ nhất", "title": "NHỮNG QUY ĐỊNH <CHUNG>"}, "phan-thu-nhat"),
        ("chapter", {"number": "II", "title": "TRÁCH NHIỆM & QUYỀN"}, "chuong-ii"),
        ("section", {"number": "1", "title": "Chế độ hội nghị"}, "muc-1"),
        ("article", {"number": "105", "title": 'Thời giờ làm việc "bình thường"'}, "dieu-105"),
        ("heading", {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU"}, "muc-i"),
        ("clause", {"number": "1", "text": "Dòng một\nDòng <hai>"}, ""),
        ("point", {"number": "đ", "text": "Tổ chức & thực hiện"}, ""),
        ("paragraph", "Căn cứ Hiến pháp;\n<script>x</script>", ""),
    ],
)
def test_each_block_is_written_as_its_template_writes_it(block_type, value, anchor):
    """The blocks' templates stay for Wagtail's previews: both must write the same markup."""
    block = DocumentBodyBlock().child_blocks[block_type]
    python_value = block.to_python(value)
    templated = block.render(python_value, context={"anchor": anchor, "block_type": block_type})

    def normal(html):
        html = re.sub(r"\s+", " ", str(html)).replace(" >", ">")
        return re.sub(r">\s+<", "><", html).replace("<br />", "<br>").strip()

    assert normal(block_html(block_type, value, anchor)) == normal(templated)
