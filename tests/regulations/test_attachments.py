"""Attachments with real PDF and DOCX files: upload checks, text extraction, downloads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.files.extraction import extract_text
from core.files.uploads import validate_attachment
from regulations.models import DocumentAttachment, PartyDocumentPage
from regulations.tasks import extract_attachment_text

from .library_helpers import (
    admin_edit_data,
    doc_line,
    encrypt_pdf,
    import_lines,
    make_docx,
    make_pdf,
)

pytestmark = pytest.mark.django_db

PDF_LINES = [
    "QUY CHẾ LÀM VIỆC CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH",
    "Điều 1. Phạm vi điều chỉnh: trách nhiệm, quyền hạn của Tỉnh ủy viên.",
]
DOCX_PARAGRAPHS = [
    "HƯỚNG DẪN ĐĂNG KÝ THI ĐUA NĂM 2025",
    "Các đảng ủy xã, phường gửi bản đăng ký về Hội đồng Thi đua - Khen thưởng trước ngày 15/3.",
]
HTML = b"<!DOCTYPE html><html><body><script>alert('xss')</script>Bi mat</body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


@pytest.fixture(scope="module")
def files():
    pdf = make_pdf(PDF_LINES)
    return {
        "pdf": pdf,
        "encrypted": encrypt_pdf(pdf),
        "docx": make_docx(
            DOCX_PARAGRAPHS, table=[["Đơn vị", "Điểm"], ["Phường Trường Vinh", "95"]]
        ),
        # Starts like a PDF (so it is accepted by type) but is cut short and unreadable.
        "truncated": pdf[:200],
        "garbage": bytes(range(256)) * 8,
        "html": HTML,
        "svg": SVG,
    }


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _doc(number):
    return PartyDocumentPage.objects.get(number=number).specific


def _attach(page, name, data, title=""):
    """An attachment stored directly (as old data or another channel could), unchecked."""
    attachment = DocumentAttachment(page=page, title=title, file=ContentFile(data, name=name))
    attachment.save()
    return attachment


def _member():
    from django.contrib.auth import get_user_model

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="dangvien"))
    return client


# --------------------------------------------------------------------------------------------
# Upload checks


@pytest.mark.parametrize(
    ("name", "key"),
    [("quy-che.pdf", "pdf"), ("Quy chế có mật khẩu.PDF", "encrypted"), ("huong-dan.docx", "docx")],
)
def test_good_files_are_accepted(files, name, key):
    upload = _upload(name, files[key])
    validate_attachment(upload)
    assert upload.tell() == 0  # left ready to be saved


@pytest.mark.parametrize(
    ("name", "key", "message"),
    [
        ("hong.pdf", "garbage", "Chỉ nhận tệp PDF hoặc DOCX"),
        ("trang.pdf", "html", "Chỉ nhận tệp PDF hoặc DOCX"),
        ("hinh.pdf", "svg", "Chỉ nhận tệp PDF hoặc DOCX"),
        ("trang.html", "html", "Chỉ nhận tệp PDF hoặc DOCX"),
        ("trong.pdf", None, "Chỉ nhận tệp PDF hoặc DOCX"),
        ("huong-dan.pdf", "docx", "Tên tệp không khớp với nội dung: đây là tệp DOCX."),
        ("quy-che.docx", "pdf", "Tên tệp không khớp với nội dung: đây là tệp PDF."),
        ("quy-che", "pdf", "Tên tệp không khớp với nội dung"),
    ],
)
def test_bad_files_are_refused_in_vietnamese(files, name, key, message):
    with pytest.raises(ValidationError) as info:
        validate_attachment(_upload(name, files[key] if key else b""))
    assert message in info.value.messages[0]


def test_zip_that_is_not_a_docx_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML)
    with pytest.raises(ValidationError, match="Chỉ nhận tệp PDF hoặc DOCX"):
        validate_attachment(_upload("tai-lieu.docx", buffer.getvalue()))


def test_files_over_the_size_limit_are_refused(files, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = len(files["pdf"]) - 1
    with pytest.raises(ValidationError) as info:
        validate_attachment(_upload("quy-che.pdf", files["pdf"]))
    assert "Tệp quá lớn" in info.value.messages[0]
    assert "dung lượng tối đa là" in info.value.messages[0]
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = len(files["pdf"])
    validate_attachment(_upload("quy-che.pdf", files["pdf"]))


# --------------------------------------------------------------------------------------------
# Text extraction


def test_extraction_of_good_files(files):
    pdf = extract_text(files["pdf"])
    assert not pdf.error
    assert "QUY CHẾ LÀM VIỆC CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH" in pdf.text
    assert "Tỉnh ủy viên" in pdf.text
    docx = extract_text(files["docx"])
    assert not docx.error
    assert "đảng ủy xã, phường" in docx.text
    assert "Phường Trường Vinh | 95" in docx.text


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("encrypted", "Tệp PDF có mật khẩu"),
        ("truncated", "hỏng"),
        ("garbage", "Tệp không phải PDF hay DOCX."),
        ("html", "Tệp không phải PDF hay DOCX."),
    ],
)
def test_extraction_of_bad_files_gives_a_message(files, key, message):
    result = extract_text(files[key])
    assert result.text == ""
    assert message in result.error


def test_extraction_task_stores_text_or_message(files):
    page = _doc("01-QC/TU")
    expected = {
        "pdf": ("done", "Tỉnh ủy viên", ""),
        "docx": ("done", "Hội đồng Thi đua - Khen thưởng", ""),
        "encrypted": ("failed", "", "Tệp PDF có mật khẩu"),
        "truncated": ("failed", "", "hỏng"),
    }
    names = {"pdf": "a.pdf", "docx": "b.docx", "encrypted": "c.pdf", "truncated": "d.pdf"}
    for key, (status, text, message) in expected.items():
        attachment = _attach(page, names[key], files[key])
        assert attachment.extraction_status == "pending"
        result = extract_attachment_text.enqueue(attachment.pk)  # immediate backend in tests
        assert result.return_value == status, key
        attachment.refresh_from_db()
        assert attachment.extraction_status == status, key
        assert text in attachment.extracted_text, key
        assert message in attachment.extraction_message, key
        assert attachment.file_size == len(files[key])
    # The extracted text is searchable with the document.
    page = _doc("01-QC/TU")
    assert "Tỉnh ủy viên" in page.attachments_text


def test_extraction_task_never_raises(files):
    page = _doc("01-QC/TU")
    missing = _attach(page, "mat.pdf", files["pdf"])
    missing.file.storage.delete(missing.file.name)
    assert extract_attachment_text.enqueue(missing.pk).return_value == "failed"
    missing.refresh_from_db()
    assert missing.extraction_message
    empty = _attach(page, "rong.pdf", b"")
    assert extract_attachment_text.enqueue(empty.pk).return_value == "failed"
    assert extract_attachment_text.enqueue(987654321).return_value == "missing"


def test_failed_extraction_is_shown_on_the_page(files, client_for):
    page = _doc("12-HD/VPTU")
    attachment = _attach(page, "khoa.pdf", files["encrypted"], title="Phụ lục có mật khẩu")
    extract_attachment_text.enqueue(attachment.pk)
    html = client_for("member").get(page.url).content.decode()
    assert "Phụ lục có mật khẩu" in html
    assert f'href="/tep-dinh-kem/{attachment.pk}/"' in html
    assert "Tệp PDF có mật khẩu" in html


# --------------------------------------------------------------------------------------------
# Downloads


def test_member_downloads_attachment_of_a_public_document(files, client_for):
    page = _doc("01-QC/TU")
    pdf = _attach(page, "x.pdf", files["pdf"], title="Quy chế làm việc khóa XIX")
    docx = _attach(page, "y.docx", files["docx"], title="Phụ lục")
    member = client_for("member")

    response = member.get(f"/tep-dinh-kem/{pdf.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files["pdf"]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "Quy%20ch%E1%BA%BF" in response["Content-Disposition"]  # the display name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]

    response = member.get(f"/tep-dinh-kem/{docx.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Ph%E1%BB%A5%20l%E1%BB%A5c.docx" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content) == files["docx"]

    assert member.get("/tep-dinh-kem/987654321/").status_code == 404
    assert member.post(f"/tep-dinh-kem/{pdf.pk}/").status_code == 405
    anonymous = Client(HTTP_HOST="localhost").get(f"/tep-dinh-kem/{pdf.pk}/")
    assert anonymous.status_code == 302


def test_secret_document_attachment_only_for_its_group(files, client_for):
    secret = _doc("105-KL/TU")
    attachment = _attach(secret, "pa.pdf", files["pdf"], title="Phụ lục nhân sự HẢI-ĐĂNG-719")
    url = f"/tep-dinh-kem/{attachment.pk}/"
    member = client_for("member").get(url)
    assert member.status_code == 404
    assert "HẢI-ĐĂNG" not in member.content.decode()
    for role in ("editor", "unit_editor"):
        assert client_for(role).get(url).status_code == 404, role
    committee = client_for("standing_committee").get(url)
    assert committee.status_code == 200
    assert b"".join(committee.streaming_content) == files["pdf"]
    assert client_for("administrator").get(url).status_code == 200


def test_draft_document_attachment_is_not_served(tmp_path, files, client_for):
    import_lines(tmp_path, [doc_line("97-TB/TU", "2025-07-12", doc_type="TB", published=False)])
    attachment = _attach(_doc("97-TB/TU"), "d.pdf", files["pdf"])
    assert client_for("member").get(f"/tep-dinh-kem/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "key"), [("trang.html", "html"), ("hinh.svg", "svg"), ("trang.htm", "html")]
)
def test_html_is_never_served_inline(files, client_for, name, key):
    """Even a file that slipped past the upload check is downloaded, never rendered."""
    attachment = _attach(_doc("01-QC/TU"), name, files[key], title="Tệp lạ")
    response = client_for("member").get(f"/tep-dinh-kem/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_html_named_pdf_is_served_as_pdf_not_html(files, client_for):
    attachment = _attach(_doc("01-QC/TU"), "gia.pdf", files["html"])
    response = client_for("member").get(f"/tep-dinh-kem/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_missing_file_is_404(files, client_for):
    attachment = _attach(_doc("01-QC/TU"), "mat.pdf", files["pdf"])
    attachment.file.storage.delete(attachment.file.name)
    assert client_for("member").get(f"/tep-dinh-kem/{attachment.pk}/").status_code == 404


# --------------------------------------------------------------------------------------------
# Uploading through the Wagtail admin


def _with_attachment(client, page, name, data, title):
    form = admin_edit_data(client, page)
    form.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-id": "",
            "attachments-0-title": title,
            "attachments-0-file": _upload(name, data),
            "attachments-0-ORDER": "1",
            "attachments-0-DELETE": "",
            "action-publish": "action-publish",
        }
    )
    return form


def test_admin_uploads_an_attachment_and_its_text_is_extracted(
    files, client_for, django_capture_on_commit_callbacks
):
    admin = client_for("administrator")
    page = _doc("17-QC/TU")
    data = _with_attachment(admin, page, "quy-che.pdf", files["pdf"], "Toàn văn Quy chế 17")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = DocumentAttachment.objects.get(page=page)
    assert attachment.title == "Toàn văn Quy chế 17"
    assert attachment.file.name.startswith("attachments/") and attachment.file.name.endswith(".pdf")
    assert "quy-che" not in attachment.file.name  # stored under an unguessable name
    assert attachment.extraction_status == "done"
    assert "Tỉnh ủy viên" in attachment.extracted_text

    member = client_for("member")
    html = member.get(page.url).content.decode()
    assert "Toàn văn Quy chế 17" in html
    download = member.get(f"/tep-dinh-kem/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files["pdf"]


def test_admin_refuses_a_disguised_file(files, client_for):
    admin = client_for("administrator")
    page = _doc("17-QC/TU")
    data = _with_attachment(admin, page, "quy-che.pdf", files["html"], "Tệp giả")
    response = admin.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF hoặc DOCX" in response.content.decode()
    assert not DocumentAttachment.objects.filter(page=page).exists()

    data = _with_attachment(admin, page, "huong-dan.pdf", files["docx"], "DOCX đổi tên")
    response = admin.post(f"/admin/pages/{page.pk}/edit/", data)
    assert "Tên tệp không khớp với nội dung: đây là tệp DOCX." in response.content.decode()
    assert not DocumentAttachment.objects.filter(page=page).exists()


def test_attachment_added_by_code_then_published(files, django_capture_on_commit_callbacks):
    """The model route: an attachment added to the page, then ``save_revision().publish()``."""
    page = _doc("11-QĐi/TU")
    page.attachments.add(
        DocumentAttachment(title="Phụ lục", file=ContentFile(files["docx"], name="phu-luc.docx"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    attachment = DocumentAttachment.objects.get(page=page)
    assert attachment.extraction_status == "done"
    assert "đảng ủy xã, phường" in attachment.extracted_text


def test_attachment_files_are_not_reachable_as_media(files, client_for):
    """Only the download view serves attachments: /media/ refuses them, even for the group."""
    attachment = _attach(_doc("105-KL/TU"), "pa.pdf", files["pdf"])
    name = attachment.file.name
    assert name.startswith("attachments/")
    for role in ("member", "standing_committee"):
        client = client_for(role)
        assert client.get(f"/media/{name}").status_code == 404, role
        assert client.get(f"/media/images/../{name}").status_code == 404, role
