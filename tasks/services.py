"""Write-side rules of task reporting: who may draft, send, accept, return, extend.

Each action checks its rule against the database, changes the rows in one transaction and
writes the step, dated, to Wagtail's audit log of the task (``wagtail.log_actions``), so the
task's history in the admin and on the site reads the same entries.

* A unit's editor or leader drafts its report (``organisation.people.may_act_for``); only
  its leader sends it (``led_units``). One report per unit and period: a second draft of
  the same period amends the first, even when two posts arrive at once.
* The Office (``is_office_staff``) accepts a sent report or returns it with a comment; a
  returned report is edited and sent again. Accepting a report of the unit in charge that
  proposes completion completes the task on the day the report was sent.
* The unit in charge requests an extension; the Office grants or refuses it. The original
  deadline is never changed.
* The Office or the leader of the unit in charge opens a task to the unit's plain members
  (they see nothing of tasks otherwise).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisation import people
from organisation.models import Unit

from .models import Task, TaskExtension, TaskReport, TaskReportFile
from .periods import period_of
from .selectors import visible_tasks, with_status
from .status import DONE


class ActionRefused(Exception):
    """Why an action cannot be done, in words for the user."""


def _check_visible(user, task: Task) -> None:
    if not visible_tasks(user).filter(pk=task.pk).exists():
        raise ActionRefused(_("Không tìm thấy nhiệm vụ."))


def assigned_units(task: Task):
    """The unit in charge and the units in support (active ones)."""
    ids = [task.lead_unit_id, *task.support_units.values_list("pk", flat=True)]
    return Unit.objects.filter(pk__in=ids, active=True)


def reporting_units(user, task: Task):
    """The task's units for which ``user`` may draft a report."""
    return assigned_units(task).filter(pk__in=people.unit_ids_acting_for(user)).order_by("name")


def leads(user, unit: Unit) -> bool:
    return people.led_units(user).filter(pk=unit.pk, active=True).exists()


def current_period_key(task: Task, today=None) -> str:
    """The period a report written today belongs to (a one-off task: the month)."""
    from .status import next_due

    today = today or timezone.localdate()
    if task.period:
        row = with_status(Task.objects.filter(pk=task.pk), today)[0]
        due = next_due(task, today, row.reported, row.deadline)
        if due is not None and due.period_key:
            return due.period_key
    return period_of(today, task.period).key


def reportable_period_keys(task: Task, today=None) -> list[str]:
    """The periods a unit may report on: from the task's first to the one after today's
    (a one-off task: the months from its assignment to this one)."""
    from .periods import periods_between

    today = max(today or timezone.localdate(), task.starts_on)
    periods = periods_between(task.starts_on, today, task.period)
    if task.period:
        periods.append(periods[-1].next())
    return [period.key for period in periods]


def _check_may_draft(user, task: Task, unit: Unit) -> None:
    _check_visible(user, task)
    if not people.may_act_for(user, unit) or not assigned_units(task).filter(pk=unit.pk).exists():
        raise ActionRefused(_("Bạn không có quyền báo cáo nhiệm vụ này thay cho đơn vị."))
    if task.completed_on:
        raise ActionRefused(_("Nhiệm vụ đã hoàn thành; không nhận thêm báo cáo."))


def _locked_report(task, unit, period_key) -> TaskReport | None:
    return (
        TaskReport.objects.select_for_update()
        .filter(task=task, unit=unit, period_key=period_key)
        .first()
    )


@transaction.atomic
def save_draft(
    *, user, task: Task, unit: Unit, period_key: str, data: dict, files=()
) -> tuple[TaskReport, bool]:
    """Create or amend the unit's report of ``period_key`` (``data``: the form's fields).

    Two posts at once: the second insert fails on the unique (task, unit, period) in its
    savepoint, and the row the first one wrote is amended instead.
    """
    _check_may_draft(user, task, unit)
    if period_key not in reportable_period_keys(task):
        raise ActionRefused(_("Kỳ báo cáo không hợp lệ."))
    fields = {
        "progress": data["progress"],
        "percent": data.get("percent"),
        "stage": data.get("stage") or "",
        "proposes_completion": bool(data.get("proposes_completion")),
        "drafted_by": user,
        "drafted_at": timezone.now(),
    }
    report = _locked_report(task, unit, period_key)
    created = False
    if report is None:
        try:
            with transaction.atomic():
                report = TaskReport.objects.create(
                    task=task, unit=unit, period_key=period_key, **fields
                )
                created = True
        except IntegrityError:
            report = _locked_report(task, unit, period_key)
    if not created:
        if not report.is_editable:
            raise ActionRefused(_("Báo cáo kỳ này đã gửi Văn phòng; không thể sửa."))
        for name, value in fields.items():
            setattr(report, name, value)
        report.save()
    for upload in files:
        TaskReportFile.objects.create(
            report=report, file=upload, name=upload.name[:255], uploaded_by=user
        )
    log(task, "tasks.report_drafted", user=user, data=_report_data(report))
    return report, created


@transaction.atomic
def send_report(*, user, report: TaskReport) -> TaskReport:
    report = TaskReport.objects.select_for_update().get(pk=report.pk)
    _check_may_draft(user, report.task, report.unit)
    if not leads(user, report.unit):
        raise ActionRefused(_("Chỉ lãnh đạo đơn vị được gửi báo cáo tới Văn phòng."))
    if not report.is_editable:
        raise ActionRefused(_("Báo cáo này đã được gửi."))
    report.state = TaskReport.State.SENT
    report.sent_by, report.sent_at = user, timezone.now()
    report.save(update_fields=["state", "sent_by", "sent_at"])
    log(report.task, "tasks.report_sent", user=user, data=_report_data(report))
    return report


def _check_office(user, task: Task) -> None:
    _check_visible(user, task)
    if not people.is_office_staff(user):
        raise ActionRefused(_("Chỉ Văn phòng Tỉnh ủy được tiếp nhận hoặc trả lại báo cáo."))


@transaction.atomic
def review_report(*, user, report: TaskReport, accept: bool, comment: str = "") -> TaskReport:
    """The Office accepts a sent report, or returns it with a comment (required)."""
    report = TaskReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    task = report.task
    _check_office(user, task)
    if report.state != TaskReport.State.SENT:
        raise ActionRefused(_("Báo cáo này không chờ Văn phòng xem xét."))
    if not accept and not comment.strip():
        raise ActionRefused(_("Hãy ghi ý kiến khi trả lại báo cáo."))
    report.state = TaskReport.State.ACCEPTED if accept else TaskReport.State.RETURNED
    report.reviewed_by, report.reviewed_at = user, timezone.now()
    report.review_comment = comment.strip()
    report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
    action = "tasks.report_accepted" if accept else "tasks.report_returned"
    log(task, action, user=user, data={**_report_data(report), "comment": report.review_comment})
    if accept and report.proposes_completion and report.unit_id == task.lead_unit_id:
        task.completed_on = timezone.localdate(report.sent_at)
        task.save(update_fields=["completed_on"])
        log(task, "tasks.completed", user=user, data={"completed_on": str(task.completed_on)})
    return report


@transaction.atomic
def request_extension(*, user, task: Task, until, reason: str) -> TaskExtension:
    _check_may_draft(user, task, task.lead_unit)
    row = with_status(Task.objects.filter(pk=task.pk))[0]
    if row.status in DONE:
        raise ActionRefused(_("Nhiệm vụ đã hoàn thành."))
    if row.deadline and until <= row.deadline:
        raise ActionRefused(_("Ngày xin gia hạn phải sau hạn hiện tại."))
    if task.extensions.filter(state=TaskExtension.State.REQUESTED).exists():
        raise ActionRefused(_("Đơn vị đã có một đề nghị gia hạn đang chờ xem xét."))
    extension = TaskExtension.objects.create(
        task=task, unit=task.lead_unit, until=until, reason=reason, requested_by=user
    )
    log(task, "tasks.extension_requested", user=user, data={"until": str(until), "reason": reason})
    return extension


@transaction.atomic
def decide_extension(*, user, extension: TaskExtension, grant: bool, comment: str = ""):
    extension = (
        TaskExtension.objects.select_for_update().select_related("task").get(pk=extension.pk)
    )
    _check_office(user, extension.task)
    if extension.state != TaskExtension.State.REQUESTED:
        raise ActionRefused(_("Đề nghị gia hạn này đã được xem xét."))
    extension.state = TaskExtension.State.GRANTED if grant else TaskExtension.State.REFUSED
    extension.decided_by, extension.decided_at = user, timezone.now()
    extension.comment = comment.strip()
    extension.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    action = "tasks.extension_granted" if grant else "tasks.extension_refused"
    log(extension.task, action, user=user, data={"until": str(extension.until), "comment": comment})
    return extension


def may_open_to_members(user, task: Task) -> bool:
    """The Office, or a leader of the unit in charge, may open a task to the unit's members."""
    return people.is_office_staff(user) or leads(user, task.lead_unit)


@transaction.atomic
def set_open_to_members(*, user, task: Task, opened: bool) -> Task:
    _check_visible(user, task)
    if not may_open_to_members(user, task):
        raise ActionRefused(_("Chỉ Văn phòng hoặc lãnh đạo đơn vị chủ trì được mở nhiệm vụ."))
    task.open_to_members = opened
    task.save(update_fields=["open_to_members"])
    log(task, "tasks.opened" if opened else "tasks.closed", user=user)
    return task


def _report_data(report: TaskReport) -> dict:
    return {
        "report": report.pk,
        "unit": report.unit.name,
        "period": report.period_key,
        "percent": report.percent,
        "proposes_completion": report.proposes_completion,
    }
