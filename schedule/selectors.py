"""What the schedule shows a user: every read goes through the visibility rule.

An entry is seen by whoever may see its week (``core.visibility``); a meeting pack by
whoever its own view restriction lets in (``schedule.packs``). Calendars ask the same
functions for the owner of the calendar's token.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.freshness import content_visibility_key
from core.visibility import visible_pages
from organisation.people import unit_ids_of

from .models import (
    EntryRecord,
    Leader,
    MeetingPackPage,
    ScheduleEntry,
    ScheduleIndexPage,
    WeekSchedulePage,
)
from .weeks import SESSION_ORDER, WEEKDAY_NAMES, monday_of, week_days


def visible_weeks(user) -> QuerySet:
    return visible_pages(user, WeekSchedulePage.objects.all())


def visible_entries(user) -> QuerySet:
    """Entries of the live weeks ``user`` may see."""
    weeks = visible_weeks(user).values("pk")
    return ScheduleEntry.objects.filter(page_id__in=weeks).select_related(
        "chair", "preparing_unit", "page"
    )


def week_containing(user, day: date) -> WeekSchedulePage | None:
    return visible_weeks(user).filter(week_start=monday_of(day)).first()


def neighbours(user, week: WeekSchedulePage) -> tuple:
    """The previous and the next week ``user`` may see (``None`` when there is none)."""
    weeks = visible_weeks(user)
    previous = weeks.filter(week_start__lt=week.week_start).order_by("-week_start").first()
    following = weeks.filter(week_start__gt=week.week_start).order_by("week_start").first()
    return previous, following


def entries_of_leader(entries: QuerySet, leader: Leader) -> QuerySet:
    return entries.filter(Q(chair=leader) | Q(attendees=leader)).distinct()


def entries_concerning(user, entries: QuerySet) -> QuerySet:
    """The entries ``user`` chairs or attends (as a leader) or whose units are theirs."""
    units = unit_ids_of(user)
    concerning = (
        Q(chair__user=user)
        | Q(attendees__user=user)
        | Q(attending_units__in=units)
        | Q(preparing_unit__in=units)
    )
    return entries.filter(concerning).distinct()


def in_order(entries) -> list[ScheduleEntry]:
    return sorted(
        entries,
        key=lambda e: (e.day, SESSION_ORDER[e.session], e.starts_at(), e.sort_order or 0, e.pk),
    )


@dataclass
class SessionRows:
    session: str
    label: str
    entries: list = field(default_factory=list)


@dataclass
class DayRows:
    day: date
    name: str
    sessions: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(session.entries) for session in self.sessions)


def by_day_and_session(monday: date, entries) -> list[DayRows]:
    """The week's days (weekdays always, the weekend when it has entries), each with its
    sessions that have entries, in order."""
    labels = dict(ScheduleEntry.Session.choices)
    days = []
    ordered = in_order(entries)
    for offset, day in enumerate(week_days(monday)):
        rows = DayRows(day=day, name=WEEKDAY_NAMES[offset])
        for session in SESSION_ORDER:
            found = [e for e in ordered if e.day == day and e.session == session]
            if found:
                rows.sessions.append(SessionRows(session, str(labels[session]), found))
        if offset < 5 or rows.sessions:
            days.append(rows)
    return days


def records_by_uid(week: WeekSchedulePage) -> dict:
    return {record.uid: record for record in EntryRecord.objects.filter(week=week)}


def removed_records(week: WeekSchedulePage) -> list[EntryRecord]:
    return list(EntryRecord.objects.filter(week=week, removed_at__isnull=False))


def visible_packs_by_entry(user, entries) -> dict[int, list]:
    """The meeting packs ``user`` may see, by entry id."""
    ids = [entry.pk for entry in entries]
    packs = visible_pages(user, MeetingPackPage.objects.filter(entry_id__in=ids))
    found: dict[int, list] = {}
    for pack in packs.order_by("pk"):
        found.setdefault(pack.entry_id, []).append(pack)
    return found


def today_entries(user, today: date) -> list[ScheduleEntry]:
    entries = visible_entries(user).filter(day=today)
    return in_order(entries.prefetch_related("attendees"))


def calendar_entries(user, since: date) -> QuerySet:
    """The entries a calendar shows: from ``since`` on, of weeks ``user`` may see."""
    return (
        visible_entries(user)
        .filter(day__gte=since)
        .prefetch_related("attendees", "attending_units")
    )


def calendar_removed(user, since: date) -> list[EntryRecord]:
    """Entries taken out of published weeks ``user`` may see (cancelled in calendars)."""
    weeks = visible_weeks(user).values("pk")
    records = EntryRecord.objects.filter(week_id__in=weeks, removed_at__isnull=False)
    return [r for r in records if date.fromisoformat(r.snapshot.get("day", "1970-01-01")) >= since]


def calendar_window_start(today: date) -> date:
    """Calendars carry the last eight weeks and everything ahead."""
    return monday_of(today) - timedelta(weeks=8)


def _schedule_index(user):
    return visible_pages(user, ScheduleIndexPage.objects.all()).first()


def home_today(user) -> dict:
    """Today's entries for the home page (``templates/schedule/home_today.html``).

    They depend on the visibility context alone (the weeks the user's groups may see, and
    the date), so the template caches them under ``core.freshness.content_visibility_key``,
    and they are handed over unevaluated: a cached fragment runs no query (as
    ``home.dashboard``).
    """
    today = timezone.localdate()
    return {
        "schedule_index": SimpleLazyObject(partial(_schedule_index, user)),
        "schedule_today": SimpleLazyObject(partial(today_entries, user, today)),
        "schedule_date": today,
        "schedule_key": content_visibility_key(user) if user.is_authenticated else "",
    }
