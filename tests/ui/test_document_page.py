"""Issue 18, the document page as readers know it from vbpl.vn: breadcrumb, properties and
validity with the relations beside the text, contents with "về mục lục", print button and
running head, the original file to download, the signature where the paper has it, and a
banner on secret documents."""

import re
from types import SimpleNamespace

import pytest

from regulations.models import DocumentAttachment, PartyDocumentPage
from regulations.signature import split_signature

pytestmark = pytest.mark.django_db


def paragraph(text):
    return (SimpleNamespace(block_type="paragraph", value=text), "")


def heading():
    return (SimpleNamespace(block_type="article", value={"number": "1"}), "dieu-1")


def test_the_signature_is_found_from_the_signer_back_over_the_capitalised_lines():
    blocks = [
        heading(),
        paragraph("Nội dung."),
        paragraph("T/M TỈNH ỦY"),
        paragraph("BÍ THƯ"),
        paragraph("Nguyễn Đình  Khải"),
    ]
    body, signature = split_signature(blocks, "Nguyễn Đình Khải")
    assert signature == ["T/M TỈNH ỦY", "BÍ THƯ", "Nguyễn Đình  Khải"]
    assert [item.anchor for item in body] == ["dieu-1", ""] and body[1].block.value == "Nội dung."


def test_a_signature_inside_the_last_paragraph_is_split_from_its_text():
    text = "Văn phòng Tỉnh ủy tổng hợp, báo cáo.\nT/M TỈNH ỦY\nBÍ THƯ\nNguyễn Đình Khải"
    body, signature = split_signature([heading(), paragraph(text)], "Nguyễn Đình Khải")
    assert signature == ["T/M TỈNH ỦY", "BÍ THƯ", "Nguyễn Đình Khải"]
    assert body[-1].text == "Văn phòng Tỉnh ủy tổng hợp, báo cáo."


def test_no_signature_when_the_body_does_not_end_with_the_signer():
    blocks = [heading(), paragraph("Nơi nhận: như trên.")]
    body, signature = split_signature(blocks, "Nguyễn Đình Khải")
    assert signature == [] and len(body) == 2
    assert split_signature(blocks, "")[1] == []


def public_document() -> PartyDocumentPage:
    return PartyDocumentPage.objects.live().get(number="2298-CV/TU")


def page_html(client, document) -> str:
    response = client.get(document.url)
    assert response.status_code == 200
    return response.content.decode()


def test_breadcrumb_properties_relations_beside_the_text_and_signature(client_for):
    document = public_document()
    html = page_html(client_for("member"), document)
    crumbs = html[html.index('<nav class="breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert "Trang chủ" in crumbs and "Thư viện văn bản" in crumbs and document.number in crumbs
    start = html.index('<aside class="document-aside"')
    aside = html[start : html.index("</aside>", start)]
    assert "Tình trạng hiệu lực" in aside and "Thuộc tính" in aside
    assert "data-print" in aside
    signature = html[html.index('<div class="doc-signature">') :]
    signature = signature[: signature.index("</div>")]
    assert re.search(rf'class="doc-signer">{document.signer}</p>', signature)


def test_relations_sit_beside_the_validity():
    document = PartyDocumentPage.objects.live().get(number="01-QC/TU")
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="dangvien"))
    html = page_html(client, document)
    start = html.index('<aside class="document-aside"')
    aside = html[start : html.index("</aside>", start)]
    assert 'id="relations-heading"' in aside
    assert 'id="toc-heading"' in aside
    assert "Về mục lục" in html


def test_the_original_file_is_offered_for_download(client_for, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    document = public_document()
    html = page_html(client_for("member"), document)
    assert "Tải văn bản gốc" not in html  # none to offer
    attachment = DocumentAttachment(page=document, title="Bản ký")
    attachment.file.save("2298-cv-tu.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    DocumentAttachment.objects.bulk_create([attachment])
    attachment = DocumentAttachment.objects.get(page=document)
    html = page_html(client_for("member"), document)
    assert f'href="/tep-dinh-kem/{attachment.pk}/"' in html
    assert "Tải văn bản gốc" in html


def test_a_secret_document_carries_a_banner_and_its_mark_on_every_printed_page(client_for):
    secret = PartyDocumentPage.objects.live().exclude(confidentiality="").first()
    html = page_html(client_for("administrator"), secret)
    assert 'class="secret-banner"' in html
    mark = secret.get_confidentiality_display().upper()
    assert re.search(rf'<div class="print-head"[^>]*>{mark} · Số {re.escape(secret.number)}', html)


def test_the_print_stylesheet_repeats_the_running_head():
    from django.conf import settings

    css = (settings.BASE_DIR / "static/css/print.css").read_text()
    assert re.search(r"\.print-head \{[^}]*position: fixed", css)
    assert ".breadcrumb" in css and ".doc-actions" in css
