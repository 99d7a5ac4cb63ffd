"""The tasks dashboard ("trung tâm điều hành"): counts by status, overdue first, on-time
rate, by unit, document, leader and cluster, the trend by month, drill-down to the list.

Everything is computed from ``visible_tasks`` of the user asking, so nobody's counts or
charts include a task they may not see (a secret document's tasks for others). Open to the
Office, the leaders who follow every task, the leaders of units and the leaders following
tasks; each sees their own tasks' figures.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.charts import bar_chart, column_chart
from organisation import people

from .listing import counts
from .selectors import follows_all, visible_tasks, with_status
from .status import ORDER, Status, on_time_rate

MONTHS = 12
CSS = {
    Status.OVERDUE: "bar-overdue",
    Status.DUE_SOON: "bar-soon",
    Status.IN_PROGRESS: "bar-progress",
    Status.NOT_DUE: "bar-not-due",
    Status.DONE_LATE: "bar-late",
    Status.DONE_ON_TIME: "bar-done",
}


@dataclass
class Group:
    label: str
    query: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(Status, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self):
        return on_time_rate(self.counts)

    def cells(self):
        return [(status, self.counts[status]) for status in ORDER]


def _grouped(rows, key) -> list[Group]:
    groups: dict = {}
    for row in rows:
        for label, query in key(row):
            group = groups.setdefault(query, Group(label, query))
            group.counts[row.status] += 1
    return sorted(groups.values(), key=lambda g: (-g.counts[Status.OVERDUE], g.label))


def _by_unit(row):
    unit = row.task.lead_unit
    return [(unit.name, urlencode({"unit": unit.code}))]


def _by_document(row):
    document = row.task.document
    return [(f"{document.number} – {document.title}", urlencode({"document": document.pk}))]


def _by_leader(row):
    leader = row.task.leader
    if leader is None:
        return [(_("Chưa phân công"), "")]
    return [(leader.get_full_name() or leader.get_username(), urlencode({"leader": leader.pk}))]


def _by_cluster(row):
    cluster = row.task.lead_unit.cluster
    return [(cluster or _("Chưa xếp cụm"), urlencode({"cluster": cluster}) if cluster else "")]


def _month_starts(today: datetime.date) -> list[datetime.date]:
    starts, year, month = [], today.year, today.month
    for _index in range(MONTHS):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def trend(rows, today) -> list[dict]:
    """Per month of the last twelve: tasks assigned, done on time, done late."""
    months = {start: defaultdict(int) for start in _month_starts(today)}
    for row in rows:
        task = row.task
        assigned = task.starts_on.replace(day=1)
        if assigned in months:
            months[assigned]["assigned"] += 1
        if task.completed_on and (done := task.completed_on.replace(day=1)) in months:
            months[done][row.status.value] += 1
    return [
        {
            "label": start.strftime("%m/%Y"),
            "short": start.strftime("%m/%y"),
            "assigned": values["assigned"],
            "on_time": values[Status.DONE_ON_TIME.value],
            "late": values[Status.DONE_LATE.value],
        }
        for start, values in months.items()
    ]


def may_see_dashboard(user) -> bool:
    return (
        follows_all(user)
        or people.led_units(user).exists()
        or (user.is_authenticated and user.followed_tasks.exists())
    )


@require_GET
def dashboard(request):
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = with_status(visible_tasks(request.user).prefetch_related("support_units"), today)
    totals = counts(rows)
    months = trend(rows, today)
    status_chart = bar_chart(
        [(status.label, totals[status], CSS[status]) for status in ORDER],
        title=_("Số nhiệm vụ theo trạng thái"),
        chart_id="chart-status",
    )
    trend_chart = column_chart(
        [month["short"] for month in months],
        [
            (_("Hoàn thành đúng hạn"), "bar-done", [m["on_time"] for m in months]),
            (_("Hoàn thành quá hạn"), "bar-late", [m["late"] for m in months]),
        ],
        title=_("Nhiệm vụ hoàn thành theo tháng"),
        chart_id="chart-trend",
    )
    overdue = [row for row in rows if row.status == Status.OVERDUE]
    overdue.sort(key=lambda row: (row.deadline or today, row.task.pk))
    context = {
        "total": len(rows),
        "totals": [(status, totals[status]) for status in ORDER],
        "rate": on_time_rate(totals),
        "status_chart": status_chart,
        "trend_chart": trend_chart,
        "months": months,
        "overdue": overdue[:20],
        "overdue_count": len(overdue),
        "statuses": ORDER,
        "groupings": [
            ("unit", _("Theo đơn vị chủ trì"), _grouped(rows, _by_unit)),
            ("document", _("Theo văn bản"), _grouped(rows, _by_document)),
            ("leader", _("Theo lãnh đạo theo dõi"), _grouped(rows, _by_leader)),
            ("cluster", _("Theo cụm, khối thi đua"), _grouped(rows, _by_cluster)),
        ],
        "today": today,
    }
    return render(request, "tasks/dashboard.html", context)
