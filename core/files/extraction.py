"""Text extraction from attachments, for search. Bad files give a message, never a crash."""

import io
import logging
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .uploads import DOCX, PDF, sniff_type

logger = logging.getLogger(__name__)
MAX_TEXT = 2_000_000


@dataclass
class Extracted:
    text: str = ""
    error: str = ""


def extract_text(data: bytes) -> Extracted:
    """The plain text of a PDF or DOCX file given as bytes."""
    stream = io.BytesIO(data)
    kind = sniff_type(data[:8], stream)
    try:
        if kind == PDF:
            return _pdf_text(stream)
        if kind == DOCX:
            return _docx_text(stream)
    except Exception as error:
        logger.warning("Attachment text extraction failed: %r", error)
        return Extracted(error=_("Tệp bị hỏng hoặc không đọc được, nên không lấy được nội dung."))
    return Extracted(error=_("Tệp không phải PDF hay DOCX."))


def _pdf_text(stream) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            return Extracted(error=_("Tệp PDF có mật khẩu, không lấy được nội dung để tìm kiếm."))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except FileNotDecryptedError:
        return Extracted(error=_("Tệp PDF có mật khẩu, không lấy được nội dung để tìm kiếm."))
    except PdfReadError:
        return Extracted(error=_("Tệp PDF bị hỏng, không lấy được nội dung."))
    return Extracted(text=text[:MAX_TEXT])


def _docx_text(stream) -> Extracted:
    import docx

    try:
        document = docx.Document(stream)
    except (zipfile.BadZipFile, KeyError, ValueError):
        return Extracted(error=_("Tệp DOCX bị hỏng, không lấy được nội dung."))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return Extracted(text="\n".join(lines)[:MAX_TEXT])
