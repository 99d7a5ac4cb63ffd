"""Editing a document's body as one text (issue 18: a 24-article guidance was 46 blocks).

The text is parsed by the importer's parser into the same blocks, anchors and search text
as an imported document; untouched text leaves the blocks as the block editor has them."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from regulations.body_parser import assign_anchors, blocks_to_text, parse_body
from regulations.models import CircularPage

from ..workflows.helpers import add_url, document_form, edit_url, library

pytestmark = pytest.mark.django_db
SLUG = "huong-dan-mot-o"
NUMBER = "77-HD/VPTU"


def guidance(articles: int = 24) -> str:
    lines = ["Căn cứ Quy chế làm việc của Tỉnh ủy khóa XX;", "Chương I", "NHỮNG QUY ĐỊNH CHUNG"]
    for number in range(1, articles + 1):
        lines.append(f"Điều {number}. Nội dung thứ {number}")
        lines.append(f"1. Khoản một của điều {number}.")
        lines.append("a) Điểm a thuộc khoản một;")
    lines.append("Nơi nhận: - Như trên, - Lưu Văn phòng.")
    return "\r\n".join(lines)  # as a browser's textarea posts it


def posted_blocks(page) -> list:
    return [(block["type"], block["value"]) for block in page.body.get_prep_value()]


def form(text=None, blocks=None, **extra) -> dict:
    data = document_form("Hướng dẫn soạn thảo một ô", SLUG, NUMBER, **extra)
    if blocks is not None:
        data.update(_stream(blocks))
    if text is not None:
        data["full_text"] = text
    return data


def _stream(blocks) -> dict:
    return nested_form_data({"body": streamfield(blocks)})


@pytest.fixture
def created(client_for):
    response = client_for("editor").post(
        add_url("regulations.CircularPage", library()), form(guidance(), blocks=[])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return CircularPage.objects.get(slug=SLUG)


def test_a_pasted_guidance_becomes_its_articles(created):
    stored = created.body.get_prep_value()
    types = [block["type"] for block in stored]
    assert types.count("article") == 24 and types.count("clause") == 24
    assert [(b["type"], b["value"]) for b in stored] == [
        (b["type"], b["value"]) for b in parse_body(guidance())
    ]
    anchors = [anchor for anchor in assign_anchors(stored) if anchor]
    assert anchors[:3] == ["chuong-i", "dieu-1", "dieu-2"] and "dieu-24" in anchors
    assert "Điều 24. Nội dung thứ 24" in created.body_text  # what the search index reads


def test_the_edit_form_shows_the_body_as_text(client_for, created):
    html = client_for("editor").get(edit_url(created)).content.decode()
    assert 'name="full_text"' in html
    assert "Điều 24. Nội dung thứ 24" in html and "a) Điểm a thuộc khoản một;" in html


def test_changing_the_text_rewrites_the_blocks(client_for, created):
    blocks = posted_blocks(created)
    text = blocks_to_text(created.body.get_prep_value()) + "\nĐiều 25. Điều khoản thi hành"
    response = client_for("editor").post(edit_url(created), form(text, blocks=blocks))
    assert response.status_code == 302
    page = CircularPage.objects.get(pk=created.pk).get_latest_revision_as_object()
    assert "dieu-25" in assign_anchors(page.body.get_prep_value())


def test_untouched_text_keeps_the_block_editors_work(client_for, created):
    blocks = posted_blocks(created)
    blocks[2] = ("article", {"number": "1", "title": "Tên điều sửa trong khối"})
    text = blocks_to_text(created.body.get_prep_value())
    response = client_for("editor").post(edit_url(created), form(text, blocks=blocks))
    assert response.status_code == 302
    page = CircularPage.objects.get(pk=created.pk).get_latest_revision_as_object()
    assert page.body.get_prep_value()[2]["value"]["title"] == "Tên điều sửa trong khối"


def test_changing_both_is_refused_rather_than_losing_one(client_for, created):
    blocks = posted_blocks(created)
    blocks[2] = ("article", {"number": "1", "title": "Sửa trong khối"})
    text = blocks_to_text(created.body.get_prep_value()) + "\nĐiều 25. Thêm trong ô"
    response = client_for("editor").post(edit_url(created), form(text, blocks=blocks))
    assert response.status_code == 200
    assert "chỉ sửa" in response.content.decode()
    page = CircularPage.objects.get(pk=created.pk).get_latest_revision_as_object()
    assert page.body.get_prep_value()[2]["value"]["title"] == "Nội dung thứ 1"


def test_a_form_posted_without_the_text_keeps_its_blocks(client_for, created):
    """Scripts and older forms post only the blocks: those are saved as they are."""
    blocks = [("paragraph", "Chỉ một đoạn.")]
    response = client_for("editor").post(edit_url(created), form(None, blocks=blocks))
    assert response.status_code == 302
    page = CircularPage.objects.get(pk=created.pk).get_latest_revision_as_object()
    assert posted_blocks(page) == blocks
