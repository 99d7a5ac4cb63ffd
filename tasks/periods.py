"""Reporting periods of recurring tasks: which period a day falls in, its key, its due day.

Pure date arithmetic, no database. A period is named by a key that sorts in time order within
a kind ("2026-03", "2026-Q1", "2026-H1", "2026"); a one-off task's progress reports are kept
one per calendar month ("2026-03"), so its history builds up month by month.

A period's report is due on day ``period_day`` of the period's last month (the last day of
that month when it is shorter): "báo cáo quý trước ngày 20 tháng cuối quý".
"""

import calendar
import datetime
from dataclasses import dataclass

NONE = ""
MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
YEARLY = "yearly"

MONTHS_IN = {NONE: 1, MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: ``first`` and ``last`` month (1-12) of ``year``."""

    year: int
    first: int
    kind: str

    @property
    def last(self) -> int:
        return self.first + MONTHS_IN[self.kind] - 1

    @property
    def key(self) -> str:
        if self.kind == QUARTERLY:
            return f"{self.year}-Q{(self.first - 1) // 3 + 1}"
        if self.kind == HALF_YEARLY:
            return f"{self.year}-H{(self.first - 1) // 6 + 1}"
        if self.kind == YEARLY:
            return str(self.year)
        return f"{self.year}-{self.first:02d}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, self.first, 1)

    def due_on(self, day: int) -> datetime.date:
        """Day ``day`` of the period's last month, or that month's last day."""
        days_in_month = calendar.monthrange(self.year, self.last)[1]
        return datetime.date(self.year, self.last, min(max(day, 1), days_in_month))

    def next(self) -> "Period":
        month = self.last + 1
        if month > 12:
            return Period(self.year + 1, 1, self.kind)
        return Period(self.year, month, self.kind)


def period_of(day: datetime.date, kind: str) -> Period:
    """The period of ``kind`` (a one-off task: the month) that ``day`` falls in."""
    size = MONTHS_IN[kind]
    first = (day.month - 1) // size * size + 1
    return Period(day.year, first, kind)


def periods_between(start: datetime.date, end: datetime.date, kind: str) -> list[Period]:
    """The periods from the one holding ``start`` to the one holding ``end``, in order."""
    periods = []
    period, last = period_of(start, kind), period_of(end, kind)
    while period <= last:
        periods.append(period)
        period = period.next()
    return periods


def period_label(key: str) -> str:
    """A key as people write it: "Quý 1/2026", "6 tháng đầu năm 2026", "Tháng 03/2026"."""
    from django.utils.translation import gettext as _

    if "-Q" in key:
        year, quarter = key.split("-Q")
        return _("Quý %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}
    if "-H" in key:
        year, half = key.split("-H")
        if half == "1":
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if "-" in key:
        year, month = key.split("-")
        return _("Tháng %(month)s/%(year)s") % {"month": month, "year": year}
    return _("Năm %(year)s") % {"year": key}
