"""The calendars: one user's, one leader's, the whole schedule, and one entry's download.

Every calendar is built for a user (the owner of the token, or the one logged in) through
the same selectors as the pages: the weeks they may see, and of the meeting packs only the
links to those they may see.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.people import unit_ids_of

from . import ical
from .models import EntryRecord, Leader, ScheduleEntry
from .selectors import (
    calendar_entries,
    calendar_removed,
    calendar_window_start,
    entries_concerning,
    entries_of_leader,
    visible_packs_by_entry,
)


def entry_url(request, entry: ScheduleEntry) -> str:
    return f"{entry.page.get_full_url(request)}#muc-{entry.uid}"


def _events(request, user, calendar, entries, removed) -> None:
    entries = list(entries)
    wanted = EntryRecord.objects.filter(uid__in=[e.uid for e in entries])
    records = {(r.week_id, r.uid): r for r in wanted}
    packs = visible_packs_by_entry(user, entries)
    for entry in entries:
        links = [pack.get_full_url(request) for pack in packs.get(entry.pk, [])]
        url = entry_url(request, entry)
        calendar.add_component(
            ical.entry_event(entry, records.get((entry.page_id, entry.uid)), url, links)
        )
    for record in removed:
        url = record.week.get_full_url(request)
        calendar.add_component(ical.removed_event(record, url))


def _concerns(user, record: EntryRecord) -> bool:
    leader_ids = set(Leader.objects.filter(user=user).values_list("pk", flat=True))
    return bool(
        leader_ids & set(record.snapshot.get("leader_ids", []))
        or set(unit_ids_of(user)) & set(record.snapshot.get("unit_ids", []))
    )


def feed(request, user, *, scope: str, leader: Leader | None = None) -> bytes:
    """``scope``: "mine" (what ``user`` chairs, attends or their units do), "all", or
    "leader" (``leader``'s entries)."""
    since = calendar_window_start(timezone.localdate())
    entries = calendar_entries(user, since)
    removed = calendar_removed(user, since)
    if scope == "mine":
        entries = entries_concerning(user, entries)
        removed = [record for record in removed if _concerns(user, record)]
        name = _("Lịch công tác của tôi")
    elif scope == "leader":
        entries = entries_of_leader(entries, leader)
        removed = [r for r in removed if leader.pk in r.snapshot.get("leader_ids", [])]
        name = _("Lịch công tác: %(leader)s") % {"leader": leader}
    else:
        name = _("Lịch công tác tuần của Ban Thường vụ Tỉnh ủy")
    calendar = ical.new_calendar(name)
    _events(request, user, calendar, entries, removed)
    return ical.finish(calendar)


def entry_download(request, user, entry: ScheduleEntry) -> bytes:
    calendar = ical.new_calendar(_("Lịch công tác"))
    _events(request, user, calendar, [entry], [])
    return ical.finish(calendar)
