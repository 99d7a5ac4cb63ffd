"""Checks on uploaded attachments: type by content (not by name) and size."""

import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "pdf"
DOCX = "docx"
MP4 = "mp4"
WEBM = "webm"
VIDEO_TYPES = (MP4, WEBM)
# ISO base media brands of ordinary MP4 video (not HEIC/AVIF images, not QuickTime).
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash"}


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


def sniff_video(head: bytes) -> str | None:
    """``mp4`` or ``webm`` when the first bytes (64 are enough) are those of such a video."""
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return WEBM
    return None


def _check_size(upload) -> None:
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if upload.size and upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )


def _check_name(upload, kind: str) -> None:
    if not upload.name.lower().endswith(f".{kind}"):
        raise ValidationError(
            _("Tên tệp không khớp với nội dung: đây là tệp %(kind)s.") % {"kind": kind.upper()}
        )


def validate_document_file(upload) -> None:
    """The check on Wagtail documents (the media library): PDF, DOCX, or MP4/WebM video for
    study materials, by content. Document attachments keep ``validate_attachment``."""
    _check_size(upload)
    upload.seek(0)
    head = upload.read(64)
    kind = sniff_type(head[:8], upload) or sniff_video(head)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _(
                "Chỉ nhận tệp PDF, DOCX hoặc video MP4, WebM; nội dung tệp này không thuộc "
                "loại nào trong số đó."
            )
        )
    _check_name(upload, kind)


def validate_attachment(upload) -> None:
    """Refuse files over the size limit and files whose content is not PDF or DOCX."""
    _check_size(upload)
    upload.seek(0)
    head = upload.read(8)
    kind = sniff_type(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("Chỉ nhận tệp PDF hoặc DOCX; nội dung tệp này không phải PDF hay DOCX.")
        )
    _check_name(upload, kind)


def attachment_upload_to(instance, filename: str) -> str:
    """Store under an unguessable name; the download view gives the file its display name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{uuid.uuid4().hex}.{extension}"
