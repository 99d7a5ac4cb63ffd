"""Many tasks at once: rows pasted from a spreadsheet or an uploaded XLSX file.

Columns are those of the export (``tasks.columns``); a first row of headings is skipped.
Every row is checked first; when any is refused nothing is created and each problem is
reported with its row number, otherwise all rows are created in one transaction, each
written to the audit log like a task created in the form.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.vietnamese import fold

from .columns import FIELDS, HEADINGS, TaskRowForm

MAX_ROWS = 500


class BulkFileError(Exception):
    """The file or text cannot be read at all."""


@dataclass
class BulkResult:
    created: list = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def rows_from_text(text: str) -> list[list[str]]:
    """Lines of tab-separated cells, as a spreadsheet copies them."""
    return [line.split("\t") for line in text.splitlines() if line.strip()]


def rows_from_xlsx(upload) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise BulkFileError(_("Không đọc được tệp Excel (.xlsx).")) from error
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        if row is None or not any(cell not in (None, "") for cell in row):
            continue
        rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def _is_heading(row) -> bool:
    return bool(row) and fold(_cell(row[0])) == fold(str(HEADINGS[0]))


def create_from_rows(rows, *, user) -> BulkResult:
    result = BulkResult()
    if rows and _is_heading(rows[0]):
        rows = rows[1:]
    if len(rows) > MAX_ROWS:
        result.errors.append((0, _("Tối đa %(max)s dòng mỗi lần.") % {"max": MAX_ROWS}))
        return result
    forms = []
    for number, row in enumerate(rows, start=1):
        cells = [_cell(value) for value in row][: len(FIELDS)]
        data = dict(zip(FIELDS, cells + [""] * (len(FIELDS) - len(cells)), strict=True))
        form = TaskRowForm(data, user=user)
        if form.is_valid():
            forms.append(form)
        else:
            result.errors.extend((number, message) for message in form.messages())
    if result.errors or not forms:
        if not forms and not result.errors:
            result.errors.append((0, _("Không có dòng nào.")))
        return result
    with transaction.atomic():
        for form in forms:
            task = form.save(created_by=user)
            log(task, "wagtail.create", user=user)
            result.created.append(task)
    return result
