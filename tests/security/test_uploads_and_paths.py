"""Bad input on uploads and file paths: content checks, size limits, no inline SVG or HTML,
no path traversal on /media/, oversized requests refused."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection

from core.files.uploads import validate_attachment

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert('xss')</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", HTML)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Wagtail documents: checked by content, like attachments


def _document_form(name, data, user):
    Document = get_document_model()
    form_class = get_document_form(Document)
    return form_class(
        data={"title": name, "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
        user=user,
    )


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [
        ("quy-che.pdf", make_pdf(), True),
        ("huong-dan.docx", make_docx(), True),
        ("gia-mao.pdf", HTML, False),  # HTML renamed .pdf
        ("gia-mao.docx", SVG, False),  # SVG renamed .docx
        ("nen.docx", make_zip(), False),  # a ZIP that is not a Word file
        ("doi-ten.docx", make_pdf(), False),  # a PDF named .docx
        ("trang.html", HTML, False),  # not an allowed extension
        ("hinh.svg", SVG, False),
    ],
)
def test_wagtail_document_uploads_are_checked_by_content(name, data, ok, user_for):
    form = _document_form(name, data, user_for("editor"))
    assert form.is_valid() is ok, form.errors


def test_wagtail_document_uploads_over_the_limit_are_refused(settings, user_for):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    form = _document_form("lon.pdf", make_pdf() + b"\0" * 2048, user_for("editor"))
    assert not form.is_valid()
    assert "file" in form.errors


def test_the_admin_upload_view_refuses_a_disguised_file(client_for):
    client = client_for("editor")
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Giả mạo",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("gia-mao.pdf", HTML),
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert not get_document_model().objects.filter(title="Giả mạo").exists()


@pytest.mark.parametrize("size", [0, 1])
def test_attachment_validation_refuses_oversized_files(settings, size):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    upload = SimpleUploadedFile("lon.pdf", make_pdf() + b"\0" * (1000 + size))
    with pytest.raises(ValidationError):
        validate_attachment(upload)


# --------------------------------------------------------------------------------------------
# Serving: never inline SVG or HTML


@pytest.mark.parametrize(
    ("name", "data", "inline"),
    [("trang.html", HTML, False), ("hinh.svg", SVG, False), ("quy-che.pdf", None, True)],
)
def test_documents_are_served_as_attachments_unless_pdf(name, data, inline, client_for):
    """Even a file that got in some other way (old data, a script) is never rendered inline."""
    document = get_document_model().objects.create(
        title=name, file=ContentFile(data or make_pdf(), name=name)
    )
    response = client_for("member").get(document.url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_attachments_are_downloaded_with_nosniff(docs, client_for):
    response = client_for("member").get(f"/tep-dinh-kem/{docs['public'].attachment.pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


# --------------------------------------------------------------------------------------------
# Path traversal on /media/


@pytest.fixture
def media_files(settings):
    """An image, a secret attachment and a file beside the media folder, where /media/ reads.

    The view reads ``settings.MEDIA_ROOT`` (a temporary folder per test), so files are
    written there, and removed afterwards.
    """
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    created = []
    for relative, data in [
        ("images/anh.png", b"\x89PNG\r\n\x1a\n"),
        ("attachments/bi-mat-105.pdf", b"%PDF-1.4 secret HAI-DANG-719"),
        ("original_images/goc.png", b"\x89PNG\r\n\x1a\n"),
    ]:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(data)
            created.append(target)
    outside = root.parent / "ngoai-media.txt"
    yield {"secret": "attachments/bi-mat-105.pdf", "outside": outside.name}
    for target in created:
        target.unlink()


def test_images_are_served_to_logged_in_users(media_files, client_for):
    assert client_for("member").get("/media/images/anh.png").status_code == 200
    assert client_for("member").get("/media/original_images/goc.png").status_code == 200
    assert Client(HTTP_HOST="localhost").get("/media/images/anh.png").status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/../{secret}",
        "/media/images/%2e%2e/{secret}",
        "/media/images/%2E%2E/%2E%2E/db.sqlite3",
        "/media/original_images/../../manage.py",
        "/media/images/../../{outside}",
        "/media/images/./../{secret}",
        "/media/images/.%2e/{secret}",
        "/media/images/..%2f{secret}",
        "/media/images/..%5c{secret}",
        "/media/{secret}",
        "/media//etc/passwd",
        "/media/images//etc/passwd",
        "/media/images/../../../../../../etc/passwd",
        "/media/%2fetc%2fpasswd",
        "/media/images/%00../{secret}",
    ],
)
def test_path_traversal_is_refused(path, media_files, client_for):
    """Nothing outside images/ and original_images/ comes out of /media/, however spelt."""
    response = client_for("standing_committee").get(path.format(**media_files))
    assert response.status_code in (400, 404), path
    assert b"HAI-DANG" not in response.content


# --------------------------------------------------------------------------------------------
# Oversized requests


def test_oversized_form_posts_are_refused(settings):
    client = Client(HTTP_HOST="localhost")
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/dang-nhap/", {"username": "dangvien", "password": big})
    assert response.status_code == 400


def test_too_many_fields_are_refused(settings):
    client = Client(HTTP_HOST="localhost")
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post("/dang-nhap/", fields).status_code == 400
