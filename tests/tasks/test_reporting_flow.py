"""The reporting flow through the real views, one role at a time: the Office creates a task
in the admin, the unit's editor drafts, its leader sends, the Office accepts or returns,
the unit asks for an extension and the Office grants it; every step in the audit log."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tasks.models import Task, TaskExtension, TaskReport
from tasks.selectors import with_status
from tasks.status import Status
from tests.factories import CircularPageFactory, logged_in

pytestmark = pytest.mark.django_db
D = datetime.date


def _report_url(world, unit=None):
    return f"/nhiem-vu/{world.task.pk}/bao-cao/{(unit or world.unit).code}/"


def _actions(task):
    return list(
        ModelLogEntry.objects.for_instance(task).order_by("pk").values_list("action", flat=True)
    )


def test_the_office_creates_a_task_in_the_admin(world):
    document = CircularPageFactory(doc_type="CT", number="33-CT/TU")
    response = logged_in(world.office).post(
        "/admin/snippets/tasks/task/add/",
        {
            "document": document.pk,
            "content": "Tổ chức sơ kết 6 tháng thực hiện Chỉ thị",
            "source": "Điều 2",
            "anchor": "dieu-2",
            "lead_unit": world.unit.pk,
            "support_units": [world.support.pk],
            "starts_on": "2026-01-10",
            "deadline": "2026-07-15",
            "period": "",
            "period_day": 20,
            "priority": "high",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Task.objects.get(document=document)
    assert task.created_by == world.office
    assert list(task.support_units.all()) == [world.support]
    assert "wagtail.create" in _actions(task)


def test_a_unit_member_cannot_reach_the_admin_form(world):
    response = logged_in(world.unit_editor).get("/admin/snippets/tasks/task/add/")
    assert response.status_code in (302, 403)


def test_editor_drafts_leader_sends_office_accepts_completion(world, frozen):
    frozen(D(2026, 5, 10))
    editor, leader, office = (
        logged_in(u) for u in (world.unit_editor, world.unit_leader, world.office)
    )
    page = editor.get(_report_url(world))
    assert page.status_code == 200
    assert "Lưu và gửi Văn phòng" not in page.content.decode()  # an editor only drafts
    data = {
        "ky": "2026-05",
        "progress": "Đã hoàn thành kế hoạch.",
        "percent": "100",
        "stage": "finished",
        "proposes_completion": "on",
        "action": "send",
    }
    editor.post(_report_url(world), data)  # "send" from an editor: saved as a draft only
    report = TaskReport.objects.get(task=world.task, unit=world.unit)
    assert report.state == TaskReport.State.DRAFT
    assert (
        office.get(f"/nhiem-vu/{world.task.pk}/").content.decode().count("Đã hoàn thành kế hoạch")
        == 0
    )

    refused = editor.post(f"/nhiem-vu/bao-cao/{report.pk}/gui/")
    assert refused.status_code == 302
    report.refresh_from_db()
    assert report.state == TaskReport.State.DRAFT

    response = leader.post(f"/nhiem-vu/bao-cao/{report.pk}/gui/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.sent_by) == (TaskReport.State.SENT, world.unit_leader)
    home = office.get("/").content.decode()
    assert "1 báo cáo chờ Văn phòng xem xét" in home and "/nhiem-vu/?review=1" in home
    awaiting = office.get("/api/v1/tasks/", {"review": "1"}).json()
    assert [item["id"] for item in awaiting["results"]] == [world.task.pk]

    assert (
        editor.post(f"/nhiem-vu/bao-cao/{report.pk}/xem-xet/", {"decision": "accept"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.state == TaskReport.State.SENT  # a unit cannot accept its own report

    frozen(D(2026, 7, 3))  # accepted after the deadline: completion dates from the sending
    office = logged_in(world.office)  # a new session: the old one is idle since May
    office.post(f"/nhiem-vu/bao-cao/{report.pk}/xem-xet/", {"decision": "accept"})
    report.refresh_from_db()
    world.task.refresh_from_db()
    assert report.state == TaskReport.State.ACCEPTED
    assert world.task.completed_on == timezone.localtime(report.sent_at).date()
    (row,) = with_status(Task.objects.filter(pk=world.task.pk))
    assert row.status == Status.DONE_ON_TIME
    assert _actions(world.task) == [
        "tasks.report_drafted",
        "tasks.report_sent",
        "tasks.report_accepted",
        "tasks.completed",
    ]


def test_office_returns_with_a_comment_and_the_unit_sends_again(world, frozen):
    frozen(D(2026, 5, 10))
    leader, office = logged_in(world.unit_leader), logged_in(world.office)
    leader.post(
        _report_url(world), {"ky": "2026-05", "progress": "Đang triển khai.", "action": "send"}
    )
    report = TaskReport.objects.get(task=world.task, unit=world.unit)
    assert report.state == TaskReport.State.SENT
    office.post(f"/nhiem-vu/bao-cao/{report.pk}/xem-xet/", {"decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.state == TaskReport.State.SENT  # returning needs a comment
    office.post(
        f"/nhiem-vu/bao-cao/{report.pk}/xem-xet/",
        {"decision": "return", "comment": "Bổ sung số liệu cụ thể."},
    )
    report.refresh_from_db()
    assert (report.state, report.review_comment) == (
        TaskReport.State.RETURNED,
        "Bổ sung số liệu cụ thể.",
    )
    page = leader.get(_report_url(world) + "?ky=2026-05").content.decode()
    assert "Bổ sung số liệu cụ thể." in page
    leader.post(
        _report_url(world),
        {"ky": "2026-05", "progress": "Đã triển khai tại 12/12 chi bộ.", "action": "send"},
    )
    report.refresh_from_db()
    assert (report.state, report.progress) == (
        TaskReport.State.SENT,
        "Đã triển khai tại 12/12 chi bộ.",
    )
    assert TaskReport.objects.filter(task=world.task, unit=world.unit).count() == 1
    assert "tasks.report_returned" in _actions(world.task)


def test_a_sent_report_cannot_be_edited_and_a_period_has_one_report(world, frozen):
    frozen(D(2026, 5, 10))
    leader = logged_in(world.unit_leader)
    leader.post(_report_url(world), {"ky": "2026-05", "progress": "Lần 1", "action": "send"})
    response = leader.post(
        _report_url(world), {"ky": "2026-05", "progress": "Lần 2", "action": "draft"}
    )
    assert response.status_code == 403
    assert TaskReport.objects.get(task=world.task, unit=world.unit).progress == "Lần 1"


def test_support_unit_reports_and_others_cannot(world, frozen):
    frozen(D(2026, 5, 10))
    support = logged_in(world.support_editor)
    assert (
        support.post(
            _report_url(world, world.support), {"ky": "2026-05", "progress": "Phối hợp."}
        ).status_code
        == 302
    )
    assert TaskReport.objects.filter(unit=world.support).count() == 1
    # another unit's leader, and a plain member of the unit in charge
    assert logged_in(world.outsider).get(_report_url(world)).status_code == 404
    assert logged_in(world.unit_member).get(_report_url(world)).status_code == 404
    assert logged_in(world.support_editor).get(_report_url(world)).status_code == 403


def test_overdue_then_an_extension_granted_by_the_office(world, frozen):
    frozen(D(2026, 7, 5))
    (row,) = with_status(Task.objects.filter(pk=world.task.pk))
    assert row.status == Status.OVERDUE
    leader, office = logged_in(world.unit_leader), logged_in(world.office)
    support = logged_in(world.support_editor)
    support.post(
        f"/nhiem-vu/{world.task.pk}/gia-han/", {"until": "2026-08-31", "reason": "Chờ số liệu"}
    )
    assert not TaskExtension.objects.exists()  # only the unit in charge asks
    leader.post(
        f"/nhiem-vu/{world.task.pk}/gia-han/",
        {"until": "2026-08-31", "reason": "Chờ số liệu quý III"},
    )
    extension = TaskExtension.objects.get()
    assert extension.state == TaskExtension.State.REQUESTED
    leader.post(f"/nhiem-vu/gia-han/{extension.pk}/", {"decision": "grant"})
    extension.refresh_from_db()
    assert extension.state == TaskExtension.State.REQUESTED  # the unit cannot grant itself
    office.post(f"/nhiem-vu/gia-han/{extension.pk}/", {"decision": "grant", "comment": "Đồng ý"})
    extension.refresh_from_db()
    assert extension.state == TaskExtension.State.GRANTED
    world.task.refresh_from_db()
    assert world.task.deadline == D(2026, 6, 30)  # the original deadline stays on record
    (row,) = with_status(Task.objects.filter(pk=world.task.pk))
    assert (row.status, row.deadline, row.extended) == (Status.NOT_DUE, D(2026, 8, 31), True)
    page = office.get(f"/nhiem-vu/{world.task.pk}/").content.decode()
    assert "30/06/2026" in page and "31/08/2026" in page
    assert _actions(world.task)[-2:] == ["tasks.extension_requested", "tasks.extension_granted"]


def test_report_attachments_are_checked_by_content(world, frozen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    frozen(D(2026, 5, 10))
    editor = logged_in(world.unit_editor)
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf")
    response = editor.post(
        _report_url(world), {"ky": "2026-05", "progress": "Có tệp", "files": fake}
    )
    assert response.status_code == 400
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = editor.post(
        _report_url(world), {"ky": "2026-05", "progress": "Có tệp", "files": pdf}
    )
    assert response.status_code == 302
    report = TaskReport.objects.get(unit=world.unit)
    (attachment,) = report.files.all()
    assert logged_in(world.unit_editor).get(f"/nhiem-vu/tep/{attachment.pk}/").status_code == 200
    # a draft's file is the unit's own: not the Office's, not another unit's
    assert logged_in(world.office).get(f"/nhiem-vu/tep/{attachment.pk}/").status_code == 404
    assert logged_in(world.outsider).get(f"/nhiem-vu/tep/{attachment.pk}/").status_code == 404


def test_a_report_is_for_a_period_of_the_task(world, frozen):
    """A period before the task was assigned, or far ahead, is refused; an unknown one in
    the address falls back to the current period."""
    frozen(D(2026, 5, 10))
    editor = logged_in(world.unit_editor)
    for key in ("2025-12", "2026-09", "2026-Q2"):
        assert editor.post(_report_url(world), {"ky": key, "progress": "x"}).status_code == 302
    assert sorted(
        TaskReport.objects.filter(unit=world.unit).values_list("period_key", flat=True)
    ) == ["2026-05"]
    from tasks import services

    with pytest.raises(services.ActionRefused):
        services.save_draft(
            user=world.unit_editor,
            task=world.task,
            unit=world.unit,
            period_key="2025-12",
            data={"progress": "x"},
        )


def test_the_steps_read_in_the_admins_history_of_the_task(world, frozen):
    frozen(D(2026, 5, 10))
    leader = logged_in(world.unit_leader)
    leader.post(
        _report_url(world), {"ky": "2026-05", "progress": "Đã triển khai.", "action": "send"}
    )
    history = logged_in(world.office).get(f"/admin/snippets/tasks/task/history/{world.task.pk}/")
    assert history.status_code == 200
    page = history.content.decode()
    assert "Lãnh đạo đơn vị gửi báo cáo" in page and "Đơn vị soạn báo cáo" in page
