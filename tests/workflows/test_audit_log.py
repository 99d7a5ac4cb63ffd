"""The audit log: Wagtail's site history report and page history, and their CSV/XLSX exports.

Administrators read and export who did what and when to a document (submitted, sent back,
approved, published). Everyone else sees only entries about pages they may see in the admin
(the one visibility rule, through the page permission policy): entries about the secret
105-KL/TU never reach anyone outside its group, neither in the report, nor in its filters,
nor in its exports. Superusers see everything, by the same rule.
"""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.log_actions import registry
from wagtail.models import PageLogEntry

from organisation import roles
from regulations.models import CircularPage, PartyDocumentPage

from .helpers import SUBMIT, add_url, document_form, edit_url, library, workflow_action

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/site-history/"
TITLE = "Hướng dẫn số hóa hồ sơ đảng viên Namlien"
SLUG = "so-hoa-ho-so-dang-vien"
COMMENT = "Bổ sung thời hạn hoàn thành."
SECRET_NUMBER = "105-KL/TU"
# What would give the secret document away: words of its title, its address.
SECRET_MARKERS = ["phương án nhân sự", "105-kl-tu-2025", "HẢI-ĐĂNG-719"]
WORKFLOW_STEPS = [
    ("wagtail.workflow.start", "editor"),
    ("wagtail.workflow.reject", "reviewer"),
    ("wagtail.workflow.resume", "editor"),
    ("wagtail.workflow.approve", "reviewer"),
    ("wagtail.workflow.approve", "publisher"),
    ("wagtail.publish", "publisher"),
]


def label_of(action: str) -> str:
    with translation.override("vi"):
        return str(registry.get_action_label(action))


@pytest.fixture
def cycled(client_for):
    """A document taken through the whole cycle in the admin, and the secret one in review."""
    editor, reviewer = client_for("editor"), client_for("reviewer")
    editor.post(
        add_url("regulations.CircularPage", library()), document_form(TITLE, SLUG, **SUBMIT)
    )
    page = CircularPage.objects.get(slug=SLUG)
    workflow_action(reviewer, page, "reject", COMMENT)
    editor.post(edit_url(page), document_form(TITLE, SLUG, **SUBMIT))
    workflow_action(reviewer, page, "approve")
    workflow_action(client_for("publisher"), page, "approve")
    page.refresh_from_db()
    assert page.live
    return page


@pytest.fixture
def secret_in_review(user_for):
    """The secret document edited and submitted by a superuser: more entries about it."""
    secret = PartyDocumentPage.objects.get(number=SECRET_NUMBER).specific
    admin = user_for("administrator")
    secret.save_revision(user=admin, log_action=True)
    secret.get_workflow().start(secret, admin)
    assert PageLogEntry.objects.filter(page=secret).count() >= 3
    return secret


def _client_of(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


@pytest.fixture
def office_administrator():
    """An administrator by role (group "Quản trị hệ thống") who is not a superuser."""
    user = get_user_model().objects.create_user("quantri2", password="x-Khong-Dung-2026")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return _client_of(user)


def export(client, fmt: str, **params) -> list[list[str]]:
    """The report exported as ``fmt``: its rows, heading first, every cell as text."""
    response = client.get(REPORT, {"export": fmt, **params})
    assert response.status_code == 200, response.status_code
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def rows_about(rows, page) -> list[list[str]]:
    """Rows of the export (columns: id, name, type, action, user, time) about ``page``."""
    return [row for row in rows[1:] if row[0] == str(page.pk)]


def leaks(text: str) -> list[str]:
    return [marker for marker in SECRET_MARKERS if marker.lower() in text.lower()]


def _parse_time(value: str, fmt: str) -> datetime:
    """An exported time: CSV as the Office writes dates (dd/mm/yyyy hh:mm:ss), Excel a date
    cell (read back as ISO text)."""
    layout = "%d/%m/%Y %H:%M:%S" if fmt == "csv" else "%Y-%m-%d %H:%M:%S"
    return datetime.strptime(value[:19], layout)


def assert_just_now_in_local_time(value: str, fmt: str) -> None:
    """Hà Nội time (UTC+7), not UTC as Wagtail's own export writes: a step that just
    happened reads as now on the wall clock."""
    now = timezone.localtime().replace(tzinfo=None)
    assert abs(_parse_time(value, fmt) - now) < timedelta(minutes=10), value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_administrator_exports_every_step_with_user_and_time(fmt, cycled, client_for, user_for):
    admin = client_for("administrator")
    assert admin.get(REPORT).status_code == 200
    rows = export(admin, fmt)
    assert len(rows[0]) == 6, rows[0]
    about = rows_about(rows, cycled)
    # Newest first in the report; oldest first here, to read it as it happened.
    steps = [(row[3], row[4]) for row in reversed(about)]
    expected = [
        (label_of(action), user_for(role).get_full_name()) for action, role in WORKFLOW_STEPS
    ]
    remaining = iter(steps)
    assert all(step in remaining for step in expected), steps
    assert all(row[1] == TITLE for row in about)
    for row in about:
        assert_just_now_in_local_time(row[5], fmt)


def test_administrator_reads_the_page_history_with_the_comment(cycled, client_for, user_for):
    response = client_for("administrator").get(f"/admin/pages/{cycled.pk}/history/")
    assert response.status_code == 200
    text = response.content.decode()
    assert COMMENT in text
    for role in ("editor", "reviewer", "publisher"):
        assert user_for(role).get_full_name() in text, role


def test_one_documents_history_can_be_exported_by_filtering_the_report(cycled, client_for):
    rows = export(client_for("administrator"), "csv", label="Namlien")
    assert len(rows) > 1 and {row[0] for row in rows[1:]} == {str(cycled.pk)}


def test_superusers_see_the_secret_entries(secret_in_review, client_for):
    """The markers are right: the same export does show the secret entries to a superuser."""
    admin = client_for("administrator")
    assert rows_about(export(admin, "csv"), secret_in_review)
    assert leaks(admin.get(REPORT).content.decode())


@pytest.mark.parametrize("role", ["office_administrator", "editor", "reviewer", "publisher"])
def test_office_roles_see_the_document_steps_but_never_the_secret_entries(
    role, cycled, secret_in_review, client_for, request
):
    client = request.getfixturevalue(role) if role == "office_administrator" else client_for(role)
    report = client.get(REPORT)
    assert report.status_code == 200
    assert TITLE in report.content.decode()
    assert not leaks(report.content.decode())
    for fmt in ("csv", "xlsx"):
        rows = export(client, fmt)
        assert rows_about(rows, cycled), fmt
        assert not rows_about(rows, secret_in_review), fmt
        assert not leaks(" ".join(" ".join(row) for row in rows)), fmt
    # Looking for it by name or by page finds nothing either.
    for params in ({"label": "phương án nhân sự"}, {"label": "105"}):
        assert len(export(client, "csv", **params)) == 1, params  # the heading only
        results = client.get(f"{REPORT}results/", params)
        assert results.status_code == 200 and not list(results.context["object_list"]), params
    assert client.get(f"/admin/pages/{secret_in_review.pk}/history/").status_code == 404


def test_a_unit_editor_sees_only_entries_about_pages_it_may_explore(
    cycled, secret_in_review, client_for
):
    client = client_for("unit_editor")
    response = client.get(REPORT)
    assert response.status_code == 200
    assert TITLE not in response.content.decode() and not leaks(response.content.decode())
    rows = export(client, "csv")
    assert not rows_about(rows, cycled) and not rows_about(rows, secret_in_review)
    assert client.get(f"/admin/pages/{cycled.pk}/history/").status_code in (302, 403, 404)


@pytest.mark.parametrize("role", ["member", "standing_committee", "anonymous"])
def test_readers_cannot_open_the_audit_log(role, cycled, client_for):
    client = client_for(role)
    for url in (REPORT, f"{REPORT}?export=csv", f"{REPORT}?export=xlsx"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "attachment" not in response.get("Content-Disposition", ""), url
        if response.status_code == 302:
            assert response["Location"].startswith("/dang-nhap/"), url


# --------------------------------------------------------------------------------------------
# One page's history, exported


def history_export(client, page, fmt: str):
    return client.get(f"/admin/pages/{page.pk}/history/", {"export": fmt})


def _rows(response, fmt: str) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_pages_history_exports_its_steps_with_the_comment(fmt, cycled, client_for, user_for):
    admin = client_for("administrator")
    page_html = admin.get(f"/admin/pages/{cycled.pk}/history/").content.decode()
    assert f"?export={fmt}" in page_html  # the export buttons in the header
    response = history_export(admin, cycled, fmt)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response, fmt)
    assert rows[0] == ["Thao tác", "Nội dung", "Ý kiến", "Người thực hiện", "Thời gian"]
    steps = [(row[0], row[3]) for row in reversed(rows[1:])]
    expected = [
        (label_of(action), user_for(role).get_full_name()) for action, role in WORKFLOW_STEPS
    ]
    remaining = iter(steps)
    assert all(step in remaining for step in expected), steps
    sent_back = [row for row in rows if row[0] == label_of("wagtail.workflow.reject")]
    assert [row[2] for row in sent_back] == [COMMENT]
    for row in rows[1:]:
        assert_just_now_in_local_time(row[4], fmt)


def test_a_pages_history_export_follows_the_rule(cycled, secret_in_review, client_for):
    # The editor may export the history of the document it works on...
    editor = client_for("editor")
    assert history_export(editor, cycled, "csv").status_code == 200
    # ...but nobody outside the secret document's group gets its history, exported or not.
    for role in ("editor", "reviewer", "publisher", "unit_editor"):
        client = client_for(role)
        for fmt in ("csv", "xlsx"):
            response = history_export(client, secret_in_review, fmt)
            assert response.status_code == 404, (role, fmt)
            assert "attachment" not in response.get("Content-Disposition", "")
    # A unit editor may not read the library document's history at all.
    response = history_export(client_for("unit_editor"), cycled, "csv")
    assert response.status_code in (302, 403, 404)
    assert "attachment" not in response.get("Content-Disposition", "")
    # Readers have no admin.
    response = history_export(client_for("member"), cycled, "csv")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
