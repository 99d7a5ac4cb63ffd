"""Who sees which task and report: the one rule every page, count, chart, export, API
answer and e-mail asks (``visible_tasks``), and tasks with their computed status.

A task is seen when its document is (``core.visibility``), by

* the Office (``organisation.people.is_office_staff``) and leaders who follow every task
  (permission ``tasks.follow_all_tasks``, given to the Standing Committee by
  ``setup_intranet``);
* the leader who follows it;
* the editors and leaders of its unit in charge and of its units in support;
* the other members of those units when the Office opened the task to them.

A secret document's tasks reach its groups only: the units' people above lose them with the
document, except the editors and leaders of the units the Office chose for that task
(``secret_granted_units``), never by default. Reports follow their task; a draft is seen by
its own unit only.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core import viewer
from core.freshness import generation
from core.visibility import visible_pages
from organisation import people
from regulations.models import PartyDocumentPage

from .models import Task, TaskExtension, TaskReport
from .status import Status, task_status

FOLLOW_ALL = "tasks.follow_all_tasks"
SENT_STATES = (TaskReport.State.SENT, TaskReport.State.ACCEPTED)


def follows_all(user) -> bool:
    """The Office and the leaders who follow every task (of documents they may see)."""
    return people.is_office_staff(user) or (
        user.is_authenticated and user.is_active and viewer.has_role_permission(user, FOLLOW_ALL)
    )


def _in_units(unit_ids) -> Q:
    support = Task.support_units.through.objects.filter(
        task_id=OuterRef("pk"), unit_id__in=unit_ids
    )
    return Q(lead_unit_id__in=unit_ids) | Q(Exists(support))


def visible_tasks(user) -> QuerySet:
    """The tasks ``user`` may see (see the module doc)."""
    if not user.is_authenticated or not user.is_active:
        return Task.objects.none()
    documents = visible_pages(user, PartyDocumentPage.objects.all()).values("pk")
    readable = Q(document_id__in=documents)
    if follows_all(user):
        return Task.objects.filter(readable)
    acting = people.unit_ids_acting_for(user)
    members = people.unit_ids_of(user)
    involved = (
        Q(leader_id=user.pk) | _in_units(acting) | (Q(open_to_members=True) & _in_units(members))
    )
    granted = Task.secret_granted_units.through.objects.filter(
        task_id=OuterRef("pk"), unit_id__in=acting
    )
    return Task.objects.filter((readable & involved) | Q(Exists(granted)))


def documents_with_tasks() -> frozenset[int]:
    """Ids of the documents that have tasks, kept for the content generation (every
    committed write renews it): a document page without tasks, the most common, then
    costs no query. It decides only whether to ask ``visible_tasks``, never what is shown."""
    key = f"intranet:tasks:documents:{generation()}"
    ids = cache.get(key)
    if ids is None:
        ids = frozenset(Task.objects.values_list("document_id", flat=True).distinct())
        cache.set(key, ids, 3600)
    return ids


def visible_task(user, pk) -> Task | None:
    return visible_tasks(user).filter(pk=pk).select_related("document", "lead_unit").first()


def visible_reports(user, task: Task) -> QuerySet:
    """The reports of a visible task that ``user`` may read: drafts only of their units."""
    reports = TaskReport.objects.filter(task=task)
    own = people.unit_ids_acting_for(user)
    if follows_all(user) or task.leader_id == user.pk:
        return reports.filter(
            Q(state__in=(*SENT_STATES, TaskReport.State.RETURNED)) | Q(unit_id__in=own)
        )
    return reports.filter(Q(unit_id__in=own) | Q(state__in=SENT_STATES))


@dataclass
class TaskRow:
    """A task with what the screens show of it: its status, deadline in force, next due."""

    task: Task
    status: Status
    deadline: datetime.date | None
    extended: bool = False
    reported: set = field(default_factory=set)

    @property
    def is_overdue(self) -> bool:
        return self.status == Status.OVERDUE


def with_status(tasks: QuerySet, today: datetime.date | None = None) -> list[TaskRow]:
    """The tasks with their status on ``today``, read in three queries."""
    from .status import deadline_in_force

    today = today or timezone.localdate()
    tasks = list(tasks.select_related("document", "lead_unit", "leader"))
    if not tasks:
        return []
    ids = [task.pk for task in tasks]
    lead = {task.pk: task.lead_unit_id for task in tasks}
    reported: dict[int, set] = {pk: set() for pk in ids}
    for task_id, unit_id, key in TaskReport.objects.filter(
        task_id__in=ids, state__in=SENT_STATES
    ).values_list("task_id", "unit_id", "period_key"):
        if lead[task_id] == unit_id:
            reported[task_id].add(key)
    granted: dict[int, list] = {pk: [] for pk in ids}
    for task_id, until in TaskExtension.objects.filter(
        task_id__in=ids, state=TaskExtension.State.GRANTED
    ).values_list("task_id", "until"):
        granted[task_id].append(until)
    rows = []
    for task in tasks:
        status = task_status(task, today, reported=reported[task.pk], granted=granted[task.pk])
        rows.append(
            TaskRow(
                task,
                status,
                deadline_in_force(task.deadline, granted[task.pk]),
                extended=bool(granted[task.pk]),
                reported=reported[task.pk],
            )
        )
    return rows
