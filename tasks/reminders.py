"""Reminders of deadlines: by e-mail (in Vietnamese) to each person who can act, and on
their home page (``notices``).

Schedule (``send_task_reminders``, run daily by cron): for the next report or completion
owed by the unit in charge (``tasks.status.next_due``), a reminder ``TASKS_DUE_SOON_DAYS``
days before, 3 days before, the day before and on the day; once it is overdue, the day
after and every 7 days after that. One reminder per task, period and day: the
``TaskReminder`` row is written first under a unique constraint, so a second run the same
day (or two at once) sends nothing more.

Recipients: the editors and leaders of the unit in charge and of the units in support, and
for an overdue task the leader who follows it, each only if ``visible_tasks`` lets them see
the task: a secret document's task reaches no one outside the rule, by e-mail either.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisation.people import ACTING_ROLES

from .models import Task, TaskReminder
from .selectors import TaskRow, visible_tasks, with_status
from .status import Status, due_soon_days, next_due

DUE_SOON, OVERDUE = "due_soon", "overdue"
OVERDUE_EVERY_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    row: TaskRow
    kind: str
    period_key: str
    due: datetime.date


def reminder_for(row: TaskRow, today: datetime.date) -> Reminder | None:
    """The reminder ``row`` calls for on ``today`` under the schedule, or None."""
    if row.status not in (Status.DUE_SOON, Status.OVERDUE):
        return None
    due = next_due(row.task, today, row.reported, row.deadline)
    if due is None:
        return None
    days_left = (due.day - today).days
    if row.status == Status.DUE_SOON and days_left in {due_soon_days(), 3, 1, 0}:
        return Reminder(row, DUE_SOON, due.period_key, due.day)
    days_late = -days_left
    if row.status == Status.OVERDUE and (days_late == 1 or days_late % OVERDUE_EVERY_DAYS == 0):
        return Reminder(row, OVERDUE, due.period_key, due.day)
    return None


def due_reminders(today: datetime.date) -> list[Reminder]:
    rows = with_status(Task.objects.filter(completed_on__isnull=True), today)
    return [reminder for row in rows if (reminder := reminder_for(row, today))]


def recipients(task: Task, kind: str):
    """People who can act on ``task`` and may see it, with an e-mail address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    unit_ids = [task.lead_unit_id, *task.support_units.values_list("pk", flat=True)]
    acting = users.filter(
        unit_memberships__unit_id__in=unit_ids,
        unit_memberships__role__in=ACTING_ROLES,
        unit_memberships__unit__active=True,
    )
    people = list(acting.distinct())
    if kind == OVERDUE and task.leader_id and task.leader.is_active and task.leader.email:
        people.append(task.leader)
    seen, allowed = set(), []
    for user in people:
        if user.pk not in seen and visible_tasks(user).filter(pk=task.pk).exists():
            seen.add(user.pk)
            allowed.append(user)
    return allowed


def _message(reminder: Reminder, user) -> tuple[str, str]:
    task = reminder.row.task
    with translation.override("vi"):
        context = {
            "reminder": reminder,
            "task": task,
            "user": user,
            "days_left": (reminder.due - timezone.localdate()).days,
            "site_url": getattr(settings, "WAGTAILADMIN_BASE_URL", ""),
        }
        if reminder.kind == DUE_SOON:
            subject = _("[Nhắc hạn] Nhiệm vụ sắp đến hạn ngày %(day)s")
        else:
            subject = _("[Quá hạn] Nhiệm vụ quá hạn từ ngày %(day)s")
        subject %= {"day": reminder.due.strftime("%d/%m/%Y")}
        return subject, render_to_string("tasks/reminder_email.txt", context)


def send_reminder(reminder: Reminder, today: datetime.date) -> int | None:
    """Send one reminder unless it was sent today; the number of e-mails, or None."""
    task = reminder.row.task
    try:
        with transaction.atomic():
            row = TaskReminder.objects.create(
                task=task, period_key=reminder.period_key, day=today, kind=reminder.kind
            )
    except IntegrityError:
        return None
    people = recipients(task, reminder.kind)
    for user in people:
        subject, body = _message(reminder, user)
        send_mail(subject, body, None, [user.email])
    row.recipients = len(people)
    row.save(update_fields=["recipients"])
    log(task, "tasks.reminder_sent", data={"kind": reminder.kind, "recipients": len(people)})
    return len(people)
