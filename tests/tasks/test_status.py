"""The status rule (``tasks.status.task_status``) across dates, and through the list with a
frozen clock (``timezone.localdate`` fixed, as the other date tests of the project do)."""

import datetime

import pytest
from django.utils import timezone

from tasks.models import Task
from tasks.periods import period_of, periods_between
from tasks.selectors import with_status
from tasks.status import Status, next_due, task_status
from tests.factories import TaskFactory, TaskReportFactory

D = datetime.date


JUNE_30, JAN_5 = D(2026, 6, 30), D(2026, 1, 5)


def one_off(deadline=JUNE_30, completed_on=None, starts_on=JAN_5):
    return Task(deadline=deadline, starts_on=starts_on, completed_on=completed_on, period="")


def quarterly(deadline=None, starts_on=JAN_5, day=20):
    return Task(deadline=deadline, starts_on=starts_on, period="quarterly", period_day=day)


@pytest.mark.parametrize(
    ("today", "reported", "expected"),
    [
        (D(2026, 3, 1), (), Status.NOT_DUE),
        (D(2026, 3, 1), ("2026-02",), Status.IN_PROGRESS),
        (D(2026, 6, 23), (), Status.DUE_SOON),  # 7 days before
        (D(2026, 6, 22), ("2026-05",), Status.IN_PROGRESS),  # 8 days before
        (D(2026, 6, 30), ("2026-05",), Status.DUE_SOON),  # the deadline day itself
        (D(2026, 7, 1), ("2026-05",), Status.OVERDUE),
    ],
)
def test_one_off_task_across_dates(today, reported, expected):
    assert task_status(one_off(), today, reported=reported, soon_days=7) == expected


def test_completion_on_or_after_the_deadline():
    assert task_status(one_off(completed_on=D(2026, 6, 30)), D(2026, 9, 1)) == Status.DONE_ON_TIME
    assert task_status(one_off(completed_on=D(2026, 7, 1)), D(2026, 9, 1)) == Status.DONE_LATE


def test_an_extension_moves_the_deadline_in_force_not_the_original():
    task = one_off(completed_on=D(2026, 7, 10))
    granted = [D(2026, 7, 15)]
    assert task_status(task, D(2026, 9, 1), granted=granted) == Status.DONE_ON_TIME
    assert task.deadline == D(2026, 6, 30)
    open_task = one_off()
    assert task_status(open_task, D(2026, 7, 2), granted=granted, soon_days=7) == Status.NOT_DUE
    assert task_status(open_task, D(2026, 7, 9), granted=granted, soon_days=7) == Status.DUE_SOON
    assert task_status(open_task, D(2026, 7, 16), granted=granted) == Status.OVERDUE


def test_a_recurring_task_owes_each_period_until_it_is_reported():
    task = quarterly()
    # Q1 due on 20/3: near on 15/3, overdue on 21/3, and still owed in April.
    assert task_status(task, D(2026, 2, 1), soon_days=7) == Status.NOT_DUE
    assert task_status(task, D(2026, 3, 15), soon_days=7) == Status.DUE_SOON
    assert task_status(task, D(2026, 3, 21)) == Status.OVERDUE
    assert task_status(task, D(2026, 4, 10)) == Status.OVERDUE
    # Q1 reported: Q2 (due 20/6) is next.
    assert task_status(task, D(2026, 4, 10), reported={"2026-Q1"}) == Status.IN_PROGRESS
    assert next_due(task, D(2026, 4, 10), {"2026-Q1"}, None).period_key == "2026-Q2"
    assert task_status(task, D(2026, 6, 21), reported={"2026-Q1"}) == Status.OVERDUE


def test_a_period_due_before_the_task_was_assigned_is_not_owed():
    task = quarterly(starts_on=D(2026, 3, 25))
    due = next_due(task, D(2026, 3, 26), set(), None)
    assert (due.period_key, due.day) == ("2026-Q2", D(2026, 6, 20))


def test_periods_keys_and_due_days():
    assert period_of(D(2026, 8, 3), "half_yearly").key == "2026-H2"
    assert period_of(D(2026, 2, 28), "monthly").due_on(31) == D(2026, 2, 28)
    keys = [p.key for p in periods_between(D(2025, 11, 1), D(2026, 2, 1), "quarterly")]
    assert keys == ["2025-Q4", "2026-Q1"]
    assert period_of(D(2026, 5, 1), "yearly").due_on(20) == D(2026, 12, 20)


@pytest.mark.django_db
def test_status_through_the_selector_with_a_frozen_clock(monkeypatch):
    task = TaskFactory(deadline=D(2026, 6, 30))
    other = TaskFactory(deadline=D(2026, 6, 30))
    TaskReportFactory(task=other, period_key="2026-03")
    TaskReportFactory(task=task, period_key="2026-03", state="draft")  # a draft counts for nothing
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 4, 1))
    ours = Task.objects.filter(pk__in=[task.pk, other.pk])
    statuses = {row.task.pk: row.status for row in with_status(ours)}
    assert statuses[task.pk] == Status.NOT_DUE
    assert statuses[other.pk] == Status.IN_PROGRESS
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 7, 1))
    statuses = {row.task.pk: row.status for row in with_status(ours)}
    assert statuses == {task.pk: Status.OVERDUE, other.pk: Status.OVERDUE}
