"""Tables the Office downloads: the same rows as Excel (openpyxl) or CSV.

Status tables (acknowledgements, registrations, study completion) are exported from
views that have already applied the visibility rule; this module only formats rows.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")
# Status tables were first exported with ?xuat= (units, emulation) and ?format= (study); both
# spellings are documented addresses, so every table accepts both.
FORMAT_PARAMETERS = ("xuat", "format")


class UnknownFormat(ValueError):
    """An export format other than those in ``FORMATS``."""


def requested_format(request) -> str | None:
    """The format asked for with ``?xuat=`` or ``?format=``; None: show the page itself."""
    for name in FORMAT_PARAMETERS:
        value = request.GET.get(name, "")
        if value:
            if value not in FORMATS:
                raise UnknownFormat(value)
            return value
    return None


def unknown_format_response() -> HttpResponse:
    """The same refusal for every table: 400 and a message in Vietnamese."""
    return HttpResponseBadRequest(
        _("Định dạng xuất không hợp lệ: chọn xlsx (Excel) hoặc csv.").encode(),
        content_type="text/plain; charset=utf-8",
    )


def _cell(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    return value


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    # Excel refuses sheet titles over 31 characters or with []:*?/\ in them.
    sheet.title = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(c.value or "")) for c in column), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def table_response(
    fmt: str, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """An attachment response with the table as ``fmt`` ("xlsx" or "csv").

    CSV starts with a UTF-8 byte order mark so that Excel opens Vietnamese text correctly.
    """
    stem = slugify(filename) or "bang"
    if fmt == "csv":
        body = "\ufeff" + csv_text(headers, rows)
        response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
        extension = "csv"
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE)
        extension = "xlsx"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
