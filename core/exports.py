"""One way to export a table: Wagtail's ``SpreadsheetExportMixin``, in Hà Nội time, inert.

The admin's audit-log exports (``core.admin_exports``) and the site's status tables
(acknowledgements, registrations, study completion) once had two writers with two date
formats. Both now go through ``TableExportMixin``, so every file the Office downloads:

- writes times in the site's zone (``TIME_ZONE``, Asia/Ho_Chi_Minh), where Wagtail writes
  UTC: real date cells in Excel (``dd/mm/yyyy hh:mm:ss``), ``dd/mm/yyyy hh:mm:ss`` text in
  CSV, and dates as ``dd/mm/yyyy``;
- neutralises spreadsheet formulas (OWASP "CSV injection"): a text cell starting with
  ``= + - @``, a tab or a carriage return gets a leading apostrophe, in CSV and in Excel, so
  that a unit's commitment such as ``=HYPERLINK(...)`` is shown, never run;
- starts CSV with a UTF-8 byte order mark (Excel otherwise garbles Vietnamese), gives the
  Excel sheet a title, bold frozen headings and column widths, and is never cached
  (``private, no-store``): the tables are per-user views of restricted data.

The site's tables are chosen with ``?xuat=`` or ``?format=``; ``export_table`` is the whole
"which format, refuse an unknown one, build the file" step their views share. Rows reach it
after the view applied the visibility rule and its own permission checks.
"""

import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin, list_to_str

XLSX, CSV = SpreadsheetExportMixin.FORMAT_XLSX, SpreadsheetExportMixin.FORMAT_CSV
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Status tables were first exported with ?xuat= (units, emulation) and ?format= (study); both
# spellings are documented addresses, so every table accepts both.
FORMAT_PARAMETERS = ("xuat", "format")
DATE_TEXT, DATETIME_TEXT = "%d/%m/%Y", "%d/%m/%Y %H:%M:%S"
EXCEL_FORMATS = {datetime.datetime: "dd/mm/yyyy hh:mm:ss", datetime.date: "dd/mm/yyyy"}
# What a spreadsheet may take for the start of a formula (OWASP CSV injection guidance).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """The wall-clock time in the site's zone, to the second (Excel cells hold no zone)."""
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(microsecond=0)


def local_text(value: datetime.datetime, layout: str = DATETIME_TEXT) -> str:
    """The wall-clock time in the site's zone as text (CSV cells are text)."""
    return local_naive(value).strftime(layout)


def inert(value):
    """``value``, with a leading apostrophe if it is text a spreadsheet would run."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _both(function) -> dict:
    return {XLSX: function, CSV: function}


def _cell(sheet, value, font=None):
    """An Excel cell of a write-only sheet; dates and times shown the Vietnamese way."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    if font is not None:
        cell.font = font
    for kind, number_format in EXCEL_FORMATS.items():
        if isinstance(value, kind):
            cell.number_format = number_format
            break
    return cell


class TableExportMixin(SpreadsheetExportMixin):
    """Wagtail's export with the Office's conventions (see the module's docstring).

    Admin views use it as Wagtail's mixin (``list_export`` of fields of each item). An item
    may also be a tuple or list of values in the order of ``list_export``: the site's tables
    build their rows themselves.
    """

    custom_value_preprocess = {
        # first match wins, and a datetime is also a date
        datetime.datetime: {XLSX: local_naive, CSV: local_text},
        datetime.date: {XLSX: None, CSV: lambda value: value.strftime(DATE_TEXT)},
        datetime.time: {XLSX: None},
        # ticks: a member confirmed, a confirmation was late
        bool: _both(lambda value: "x" if value else ""),
        list: _both(list_to_str),
    }
    # The sheet's name in Excel; by default the admin view's title, else the file name.
    export_title = None

    def get_export_title(self) -> str:
        return str(self.export_title or getattr(self, "page_title", "") or self.get_filename())

    def to_row_dict(self, item):
        if isinstance(item, tuple | list):
            return dict(zip(self.list_export, item, strict=True))
        return super().to_row_dict(item)

    def preprocess_field_value(self, field, value, export_format):
        return inert(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return inert(super().get_heading(queryset, field))

    def write_xlsx(self, queryset, output):
        """Wagtail's write-only workbook (far lighter than a full one on a long audit log),
        with a titled sheet, bold frozen headings, columns as wide as their text (so the rows
        are read once before writing) and dates as dates."""
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = [
            [self.preprocess_field_value(field, value, XLSX) for field, value in row.items()]
            for row in map(self.to_row_dict, queryset)
        ]
        workbook = Workbook(write_only=True)
        # Excel refuses sheet titles over 31 characters or with []:*?/\ in them.
        title = "".join(ch for ch in self.get_export_title() if ch not in "[]:*?/\\")[:31]
        sheet = workbook.create_sheet(title=title or "Sheet")
        sheet.freeze_panes = "A2"
        for index, heading in enumerate(headings):
            width = max([len(str(heading))] + [len(str(row[index] or "")) for row in rows])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), 60)
        sheet.append(_cell(sheet, heading, font=Font(bold=True)) for heading in headings)
        for row in rows:
            sheet.append(_cell(sheet, value) for value in row)
        workbook.save(output)

    def write_xlsx_response(self, queryset):
        output = io.BytesIO()
        self.write_xlsx(queryset, output)
        return self._attachment(output.getvalue(), XLSX_TYPE, XLSX)

    def write_csv_response(self, queryset):
        body = b"".join(self.stream_csv(queryset))
        return self._attachment("\ufeff".encode() + body, "text/csv; charset=utf-8", CSV)

    def _attachment(self, body: bytes, content_type: str, extension: str) -> HttpResponse:
        response = HttpResponse(body, content_type=content_type)
        stem = slugify(self.get_filename()) or "bang"
        response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
        response["Cache-Control"] = "private, no-store"
        return response


class _RowsExport(TableExportMixin):
    """A site table: headings and rows the view built; the columns' positions are the
    fields Wagtail's mixin expects."""

    def __init__(self, headings: Sequence[str], filename: str, title: str):
        self.list_export = list(range(len(headings)))
        self.export_headings = dict(enumerate(headings))
        self.export_filename = filename
        self.export_title = title


def export_table(
    request, rows: Iterable[Sequence], *, headings: Sequence[str], filename: str, title: str
) -> HttpResponse | None:
    """The table as the file ``?xuat=`` or ``?format=`` asks for (named ``filename``, sheet
    ``title``), the same Vietnamese 400 on every table for an unknown format, or None: no
    file asked for, the view shows its page.

    ``rows`` is only read when a file is made, so a generator costs nothing otherwise.
    """
    requested = [request.GET[name] for name in FORMAT_PARAMETERS if request.GET.get(name)]
    if not requested:
        return None
    if requested[0] not in TableExportMixin.FORMATS:
        return HttpResponseBadRequest(
            _("Định dạng xuất không hợp lệ: chọn xlsx (Excel) hoặc csv.").encode(),
            content_type="text/plain; charset=utf-8",
        )
    return _RowsExport(headings, filename, title).as_spreadsheet(rows, requested[0])
