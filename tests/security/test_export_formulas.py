"""Exported tables never carry a live spreadsheet formula (OWASP "CSV injection").

Units type their own commitments, reflections and names, reviewers their comments; a cell
starting with ``= + - @``, a tab or a carriage return would be run by Excel or LibreOffice
when the Office opens the file. Every export (the site's tables and the admin's audit logs
share ``core.exports.TableExportMixin``) writes such text with a leading apostrophe, in XLSX
and in CSV, and leaves numbers and dates as they are: dates stay date cells in Excel.
"""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.exports import TableExportMixin, export_table
from tests.emulation.helpers import TRUONG_VINH, publish_movement

FORMULA = '=HYPERLINK("http://x","y")'
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]
# 09:30 on the wall clock in Hà Nội is 02:30 UTC: a UTC writer would show 02:30.
AT = datetime.datetime(2026, 11, 12, 2, 30, 15, 123456, tzinfo=datetime.UTC)
ON = datetime.date(2026, 11, 2)


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows()]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.mark.django_db
def test_a_registration_commitment_comes_out_inert_in_both_formats(client_for):
    movement = publish_movement(unit_codes=[TRUONG_VINH])
    registered = client_for("unit_editor").post(
        reverse("emulation_register", args=[movement.pk]),
        {"titles": ["Cờ thi đua"], "commitments": FORMULA, "don_vi": TRUONG_VINH},
    )
    assert registered.status_code == 302
    url = reverse("emulation_registrations", args=[movement.pk])
    office = client_for("reviewer")

    rows = {row[1].value: row for row in _xlsx(office.get(url, {"xuat": "xlsx"}))[1:]}
    commitment = rows[TRUONG_VINH][5]
    assert commitment.value == "'" + FORMULA
    assert commitment.data_type == "s"  # text, not a formula
    assert isinstance(rows[TRUONG_VINH][7].value, datetime.datetime)  # "Sửa lần cuối"

    table = {row[1]: row for row in _csv(office.get(url, {"format": "csv"}))[1:]}
    assert table[TRUONG_VINH][5] == "'" + FORMULA


@pytest.mark.parametrize("text", STARTS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_formula_start_is_neutralised_and_numbers_and_dates_are_not(rf, fmt, text):
    rows = [(text, -5, 2.5, ON, AT, "Đảng bộ – 2026", "a=b")]
    headings = ["Văn bản", "Âm", "Thập phân", "Ngày", "Lúc", "Tên", "Giữa"]
    response = export_table(
        rf.get("/", {"xuat": fmt}), rows, headings=headings, filename="thu", title="Thử"
    )
    assert response.status_code == 200
    if fmt == "xlsx":
        cells = _xlsx(response)[1]
        assert [cell.value for cell in cells] == [
            "'" + text,
            -5,
            2.5,
            datetime.datetime(2026, 11, 2),  # a date cell (openpyxl reads it as a datetime)
            datetime.datetime(2026, 11, 12, 9, 30, 15),  # Hà Nội time, to the second
            "Đảng bộ – 2026",
            "a=b",
        ]
        assert cells[3].number_format == "dd/mm/yyyy"
        assert cells[4].number_format == "dd/mm/yyyy hh:mm:ss"
    else:
        assert _csv(response)[1] == [
            "'" + text,
            "-5",
            "2.5",
            "02/11/2026",
            "12/11/2026 09:30:15",
            "Đảng bộ – 2026",
            "a=b",
        ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_admin_way_of_exporting_items_is_neutralised_too(fmt):
    """Audit-log exports give objects and ``list_export`` fields (Wagtail's way): a
    reviewer's comment is text typed by a person like a commitment."""

    class Export(TableExportMixin):
        list_export = ["comment", "timestamp"]
        export_headings = {"comment": "Ý kiến", "timestamp": "Thời gian"}
        export_filename = "lich-su"

    with timezone.override("Asia/Ho_Chi_Minh"):
        item = SimpleNamespace(comment="@cmd|' /C calc'!A0", timestamp=AT)
        response = Export().as_spreadsheet([item], fmt)
    assert response["Content-Disposition"] == f'attachment; filename="lich-su.{fmt}"'
    if fmt == "xlsx":
        values = [cell.value for cell in _xlsx(response)[1]]
        assert values == ["'@cmd|' /C calc'!A0", datetime.datetime(2026, 11, 12, 9, 30, 15)]
    else:
        assert _csv(response)[1] == ["'@cmd|' /C calc'!A0", "12/11/2026 09:30:15"]
