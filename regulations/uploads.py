"""Checks on uploaded attachments: type by content (not by name) and size."""

import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "pdf"
DOCX = "docx"


def sniff_type(head: bytes, fileobj) -> str | None:
    """The attachment type given by the file's bytes, or None when it is not PDF or DOCX."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def validate_attachment(upload) -> None:
    """Refuse files over the size limit and files whose content is not PDF or DOCX."""
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if upload.size and upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(8)
    kind = sniff_type(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("Chỉ nhận tệp PDF hoặc DOCX; nội dung tệp này không phải PDF hay DOCX.")
        )
    name = upload.name.lower()
    if not name.endswith(f".{kind}"):
        raise ValidationError(
            _("Tên tệp không khớp với nội dung: đây là tệp %(kind)s.") % {"kind": kind.upper()}
        )


def attachment_upload_to(instance, filename: str) -> str:
    """Store under an unguessable name; the download view gives the file its display name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{uuid.uuid4().hex}.{extension}"
