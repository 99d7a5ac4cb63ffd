"""Reminders sent once per task, period and day; the JSON API's parameters; the dashboard's
drill-down; bulk creation from pasted rows and from the export's own XLSX; the import
format's ``tasks`` list."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from regulations.importer import import_documents
from tasks.models import Task, TaskReminder
from tests.factories import TaskFactory, TaskReportFactory, logged_in

pytestmark = pytest.mark.django_db
D = datetime.date


def _remind(day=None):
    out = io.StringIO()
    args = ["send_task_reminders", "--no-progress"] + ([f"--date={day}"] if day else [])
    call_command(*args, stdout=out)
    return out.getvalue()


def test_reminders_are_sent_once_per_task_period_and_day(world, frozen, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    frozen(D(2026, 6, 23))  # 7 days before 30/6
    _remind()
    first = len(mail.outbox)
    assert first == 3  # the unit's editor and leader, the support unit's editor
    assert {m.to[0] for m in mail.outbox} == {
        world.unit_editor.email,
        world.unit_leader.email,
        world.support_editor.email,
    }
    assert "sắp đến hạn" in mail.outbox[0].subject and "30/06/2026" in mail.outbox[0].body
    _remind()
    _remind()
    assert len(mail.outbox) == first
    assert TaskReminder.objects.count() == 1
    frozen(D(2026, 6, 25))  # not a reminder day (5 days before)
    _remind()
    assert len(mail.outbox) == first
    frozen(D(2026, 7, 1))  # a day late: the leader who follows it hears too
    world.task.leader = world.standing
    world.task.save()
    _remind()
    overdue = mail.outbox[first:]
    assert "Quá hạn" in overdue[0].subject
    assert world.standing.email in {m.to[0] for m in overdue}
    assert TaskReminder.objects.count() == 2


def test_reminders_dry_run_sends_and_writes_nothing(world, frozen, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    frozen(D(2026, 6, 23))
    out = io.StringIO()
    call_command("send_task_reminders", "--dry-run", "--no-progress", stdout=out)
    assert f"#{world.task.pk}" in out.getvalue()
    assert not mail.outbox and not TaskReminder.objects.exists()


def test_reminder_notice_on_the_home_page(world, frozen):
    frozen(D(2026, 7, 2))
    page = logged_in(world.unit_editor).get("/").content.decode()
    assert "Nhiệm vụ cần xử lý" in page and f"/nhiem-vu/{world.task.pk}/" in page
    assert "Nhiệm vụ cần xử lý" not in logged_in(world.outsider).get("/").content.decode()


def test_api_filters_and_refuses_bad_parameters(world, frozen):
    frozen(D(2026, 7, 2))
    done = TaskFactory(lead_unit=world.other_unit, completed_on=D(2026, 5, 2))
    office = logged_in(world.office)
    body = office.get("/api/v1/tasks/").json()
    assert body["count"] == 2 and body["pages"] == 1
    assert body["counts"]["overdue"] == 1 and body["counts"]["done_on_time"] == 1
    assert [t["id"] for t in body["results"]] == [world.task.pk, done.pk]  # overdue first
    by_unit = office.get("/api/v1/tasks/", {"unit": world.other_unit.code}).json()
    assert [t["id"] for t in by_unit["results"]] == [done.pk]
    support = office.get("/api/v1/tasks/", {"unit": world.support.code}).json()
    assert [t["id"] for t in support["results"]] == [world.task.pk]
    by_doc = office.get("/api/v1/tasks/", {"document": done.document_id}).json()
    assert by_doc["count"] == 1 and by_doc["results"][0]["status"] == "done_on_time"
    assert office.get("/api/v1/tasks/", {"status": "xyz"}).status_code == 400
    assert office.get("/api/v1/tasks/", {"page": "0"}).status_code == 400
    assert office.get("/api/v1/tasks/", {"page": "9"}).status_code == 400
    assert office.get("/api/v1/tasks/", {"unit": "a\x00b"}).status_code == 400
    unit_view = logged_in(world.unit_editor).get("/api/v1/tasks/").json()
    assert [t["id"] for t in unit_view["results"]] == [world.task.pk]


def test_dashboard_groups_drill_down_to_the_list(world, frozen):
    frozen(D(2026, 7, 2))
    TaskReportFactory(task=world.task, period_key="2026-06")
    response = logged_in(world.office).get("/nhiem-vu/tong-hop/")
    page = response.content.decode()
    assert f"?unit={world.unit.code}&amp;status=overdue" in page
    assert "<svg" in page and 'role="img"' in page
    listing = logged_in(world.office).get(
        "/nhiem-vu/", {"unit": world.unit.code, "status": "overdue"}
    )
    assert world.task.content[:30] in listing.content.decode()
    assert logged_in(world.unit_leader).get("/nhiem-vu/tong-hop/").status_code == 200
    assert logged_in(world.unit_editor).get("/nhiem-vu/tong-hop/").status_code == 403


def _rows(world, document):
    return "\n".join(
        [
            "Số văn bản\tNgày ban hành\tNội dung nhiệm vụ",
            f"{document.number}\t{document.issued_on:%d/%m/%Y}\tNhiệm vụ một\t\t\t{world.unit.code}"
            f"\t{world.support.code}\t\t2026-09-30\t\t\t\tQuan trọng",
            f"{document.number}\t{document.issued_on:%Y-%m-%d}\tNhiệm vụ hai\tĐiều 3\tdieu-3"
            f"\t{world.support.code}\t\t2026-02-01\t\tHằng quý\t15\t\t",
        ]
    )


def test_bulk_creation_from_pasted_rows(world):
    office = logged_in(world.office)
    document = world.task.document
    response = office.post("/admin/nhiem-vu/tao-nhieu/", {"rows": _rows(world, document)})
    assert response.status_code == 302
    one = Task.objects.get(content="Nhiệm vụ một")
    two = Task.objects.get(content="Nhiệm vụ hai")
    assert (one.priority, one.deadline, list(one.support_units.all())) == (
        "high",
        D(2026, 9, 30),
        [world.support],
    )
    assert (two.period, two.period_day, two.anchor, two.lead_unit) == (
        "quarterly",
        15,
        "dieu-3",
        world.support,
    )


def test_bulk_creation_refuses_every_row_when_one_is_wrong(world):
    office = logged_in(world.office)
    rows = _rows(world, world.task.document) + "\n777-KL/TU\t2025-01-01\tNhiệm vụ ba\t\t\tkhong-co"
    response = office.post("/admin/nhiem-vu/tao-nhieu/", {"rows": rows})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dòng 3" in page and "khong-co" in page
    assert not Task.objects.filter(content__startswith="Nhiệm vụ").exists()
    assert logged_in(world.unit_editor).get("/admin/nhiem-vu/tao-nhieu/").status_code in (302, 403)


def test_the_exported_xlsx_uploads_back(world, frozen):
    frozen(D(2026, 5, 1))
    office = logged_in(world.office)
    exported = office.get("/nhiem-vu/?xuat=xlsx").content
    Task.objects.all().delete()
    upload = SimpleUploadedFile("nhiem-vu.xlsx", exported)
    response = office.post("/admin/nhiem-vu/tao-nhieu/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[-2000:]
    task = Task.objects.get()
    assert (task.content, task.lead_unit, task.deadline) == (
        world.task.content,
        world.unit,
        D(2026, 6, 30),
    )
    assert list(task.support_units.all()) == [world.support]


def test_a_hidden_document_reads_like_a_missing_one_in_bulk(world):
    from tests.factories import CircularPageFactory

    secret = CircularPageFactory(doc_type="KL", number="778-KL/TU", secret=True)
    cells = [secret.number, f"{secret.issued_on:%Y-%m-%d}", "Nhiệm vụ mật", "", ""]
    row = "\t".join([*cells, world.unit.code, "", "", "2026-09-30"])
    page = logged_in(world.office).post("/admin/nhiem-vu/tao-nhieu/", {"rows": row})
    assert "Không có văn bản 778-KL/TU" in page.content.decode()
    assert not Task.objects.filter(content="Nhiệm vụ mật").exists()


def _line(world, tasks):
    return json.dumps(
        {
            "number": "88-CT/TU",
            "issued_on": "2026-01-15",
            "doc_type": "CT",
            "title": "Chỉ thị về tăng cường công tác dân vận",
            "issuer": "Tỉnh ủy Nghệ An",
            "issuer_code": "TU",
            "body": "Điều 1. Mục tiêu\n1. Nâng cao chất lượng công tác dân vận.",
            "tasks": tasks,
        },
        ensure_ascii=False,
    )


@pytest.mark.parametrize("chunk_size", [None, 500], ids=["page-by-page", "in-chunks"])
def test_import_format_tasks_list(world, chunk_size):
    """The command imports in chunks (500 lines by default), where a new public document is
    written with the others of its chunk: a line with tasks must get them all the same."""
    tasks = [
        {
            "content": "Xây dựng kế hoạch thực hiện Chỉ thị",
            "lead_unit": world.unit.code,
            "support_units": [world.support.code],
            "deadline": "2026-03-31",
            "source": "Điều 1",
            "anchor": "dieu-1",
        },
        {
            "content": "Báo cáo kết quả hằng quý",
            "lead_unit": world.unit.code,
            "period": "quarterly",
        },
    ]
    summary = import_documents([_line(world, tasks)], chunk_size=chunk_size)
    assert (summary.created, summary.rejected) == (1, 0), summary.errors
    created = Task.objects.filter(document__number="88-CT/TU").order_by("pk")
    assert [t.content for t in created] == [tasks[0]["content"], tasks[1]["content"]]
    assert created[0].source_url().endswith("#dieu-1")
    # again: unchanged; changed deadline: the same task updated, its reports kept
    assert import_documents([_line(world, tasks)], chunk_size=chunk_size).unchanged == 1
    TaskReportFactory(task=created[0])
    tasks[0]["deadline"] = "2026-04-30"
    assert import_documents([_line(world, tasks)], chunk_size=chunk_size).updated == 1
    first = Task.objects.get(pk=created[0].pk)
    assert first.deadline == D(2026, 4, 30) and first.reports.count() == 1


def test_import_format_rejects_the_line_with_every_problem(world):
    tasks = [
        {"lead_unit": world.unit.code},
        {"content": "x", "lead_unit": "khong-co", "deadline": "2026-01-01"},
    ]
    summary = import_documents([_line(world, tasks)])
    assert summary.rejected == 1
    (_line_number, message) = summary.errors[0]
    assert "Nhiệm vụ thứ 1" in message and "content" in message
    summary = import_documents([_line(world, [tasks[1]])])
    assert summary.rejected == 1 and "khong-co" in summary.errors[0][1]
    assert not Task.objects.filter(document__number="88-CT/TU").exists()
    assert import_documents([_line(world, "nhiệm vụ")]).rejected == 1
