"""Visible tasks filtered as ``TaskFilters`` asks, with their status: what the list, the
exports, the dashboard's drill-down and the API all show."""

from django.db.models import Q

from core.listing import paginate

from .models import TaskExtension, TaskReport
from .selectors import TaskRow, visible_tasks, with_status
from .status import ORDER, Status

PER_PAGE = 50


def filtered_rows(user, filters, today=None) -> list[TaskRow]:
    """Visible tasks narrowed by the filters, overdue first, then by deadline."""
    tasks = visible_tasks(user)
    if unit := filters.value("unit"):
        tasks = tasks.filter(lead_unit__code=unit) | tasks.filter(support_units__code=unit)
        tasks = tasks.distinct()
    if document := filters.value("document"):
        tasks = tasks.filter(document_id=document)
    if leader := filters.value("leader"):
        tasks = tasks.filter(leader_id=leader)
    if cluster := filters.value("cluster"):
        tasks = tasks.filter(lead_unit__cluster=cluster)
    if filters.value("review"):
        awaiting = Q(reports__state=TaskReport.State.SENT) | Q(
            extensions__state=TaskExtension.State.REQUESTED
        )
        tasks = tasks.filter(awaiting).distinct()
    rows = with_status(tasks.prefetch_related("support_units"), today)
    if status := filters.value("status"):
        rows = [row for row in rows if row.status == status]
    rank = {status: index for index, status in enumerate(ORDER)}
    rows.sort(key=lambda row: (rank[row.status], row.deadline is None, row.deadline, row.task.pk))
    return rows


def page_of(request, rows):
    return paginate(request, rows, PER_PAGE)


def counts(rows) -> dict:
    found = dict.fromkeys(Status, 0)
    for row in rows:
        found[row.status] += 1
    return found
