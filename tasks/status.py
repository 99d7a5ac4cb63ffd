"""A task's status, computed from its dates and its reports; never typed by anyone.

``task_status`` is the one rule; every page, count, chart, export, API answer, reminder and
emulation score asks it (through ``tasks.selectors.with_status`` for many tasks).

* **hoàn thành đúng hạn / quá hạn**: the Office accepted a report of the unit in charge that
  proposed completion; the day that report was *sent* is the completion day, compared with
  the deadline in force (the original one, or the last extension granted).
* **quá hạn**: the next report owed by the unit in charge is past its due day. For a one-off
  task that is the deadline; for a recurring task, the earliest period since the task was
  assigned without a report sent (a missed quarter stays owed), then the deadline if any.
* **sắp đến hạn**: that due day is at most ``TASKS_DUE_SOON_DAYS`` days away (default 7).
* **đang thực hiện**: not near its due day, and the unit in charge has sent a report.
* **chưa đến hạn**: not near its due day, and no report sent yet.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import periods


class Status(models.TextChoices):
    NOT_DUE = "not_due", _("Chưa đến hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")


DONE = (Status.DONE_ON_TIME, Status.DONE_LATE)
OPEN = (Status.NOT_DUE, Status.IN_PROGRESS, Status.DUE_SOON, Status.OVERDUE)
# Overdue first: the order of the lists and of the charts' bars.
ORDER = (
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.IN_PROGRESS,
    Status.NOT_DUE,
    Status.DONE_LATE,
    Status.DONE_ON_TIME,
)


def due_soon_days() -> int:
    return int(getattr(settings, "TASKS_DUE_SOON_DAYS", 7))


@dataclass(frozen=True)
class Due:
    """What the unit in charge owes next: a period's report (``period_key``) or the task."""

    day: datetime.date
    period_key: str = ""


def deadline_in_force(deadline: datetime.date | None, granted: Iterable[datetime.date]):
    """The original deadline, or the latest date an extension granted."""
    granted = [day for day in granted if day]
    return max(granted) if granted else deadline


def next_due(task, today: datetime.date, reported: Iterable[str], deadline) -> Due | None:
    """The next report or completion owed by the unit in charge (``reported``: the period
    keys of its sent or accepted reports); None when nothing is owed."""
    if not task.period:
        return Due(deadline) if deadline else None
    reported = set(reported)
    last = max(today, task.starts_on)
    for period in periods.periods_between(task.starts_on, last, task.period):
        due = period.due_on(task.period_day)
        if due < task.starts_on or (deadline and due > deadline):
            continue
        if period.key not in reported:
            return Due(due, period.key)
    upcoming = periods.period_of(last, task.period).next()
    due = upcoming.due_on(task.period_day)
    if deadline and due > deadline:
        return Due(deadline)
    return Due(due, upcoming.key)


def task_status(
    task,
    today: datetime.date,
    *,
    reported: Iterable[str] = (),
    granted: Iterable[datetime.date] = (),
    soon_days: int | None = None,
) -> Status:
    """The status of ``task`` on ``today`` (see the module doc)."""
    reported = set(reported)
    deadline = deadline_in_force(task.deadline, granted)
    if task.completed_on:
        if deadline is None or task.completed_on <= deadline:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    due = next_due(task, today, reported, deadline)
    started = bool(reported)
    if due is None:
        return Status.IN_PROGRESS if started else Status.NOT_DUE
    if today > due.day:
        return Status.OVERDUE
    soon = due_soon_days() if soon_days is None else soon_days
    if (due.day - today).days <= soon:
        return Status.DUE_SOON
    return Status.IN_PROGRESS if started else Status.NOT_DUE


def on_time_rate(counts: dict) -> float | None:
    """Done on time among the tasks that are done or overdue, in percent (None: none yet)."""
    on_time = counts.get(Status.DONE_ON_TIME, 0)
    judged = on_time + counts.get(Status.DONE_LATE, 0) + counts.get(Status.OVERDUE, 0)
    return round(100 * on_time / judged, 1) if judged else None
