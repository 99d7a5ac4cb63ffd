"""Entries as iCalendar (RFC 5545), written with the ``icalendar`` library.

Times are local to Asia/Ho_Chi_Minh with its VTIMEZONE; an entry's UID is its ``uid`` (the
same in every feed and download, whatever the week's revisions); SEQUENCE and LAST-MODIFIED
come from its publication record (``schedule.changes``), so a calendar app replaces its copy
when the Office changes the entry; a postponed or cancelled entry, and one taken out of its
week, is sent with STATUS:CANCELLED.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import EntryRecord, ScheduleEntry

TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
UID_DOMAIN = "lich-cong-tac.vptu"
PRODID = "-//Van phong Tinh uy//Lich cong tac tuan//VI"


def entry_uid(uid, week_id: int) -> str:
    """Stable through the week's revisions; a copied week's entries get other UIDs."""
    return f"{uid}-{week_id}@{UID_DOMAIN}"


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return calendar


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=TIME_ZONE)


def _description(entry: ScheduleEntry, pack_links: list[str]) -> str:
    lines = []
    if entry.chair_id:
        lines.append(f"{_('Chủ trì')}: {entry.chair}")
    attendees = [str(leader) for leader in entry.attendees.all()]
    attendees += [unit.name for unit in entry.attending_units.all()]
    if entry.other_attendees:
        attendees.append(entry.other_attendees)
    if attendees:
        lines.append(f"{_('Thành phần')}: {'; '.join(attendees)}")
    if entry.online and entry.connected_points:
        lines.append(f"{_('Các điểm cầu')}: {entry.connected_points}")
    if entry.preparing_unit_id:
        lines.append(f"{_('Đơn vị chuẩn bị')}: {entry.preparing_unit.name}")
    if entry.notes:
        lines.append(f"{_('Ghi chú')}: {entry.notes}")
    lines += [f"{_('Tài liệu họp')}: {link}" for link in pack_links]
    return "\n".join(lines)


def entry_event(
    entry: ScheduleEntry, record: EntryRecord | None, url: str, pack_links: list[str]
) -> Event:
    event = Event()
    event.add("uid", entry_uid(entry.uid, entry.page_id))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", _local(entry.starts_at()))
    event.add("dtend", _local(entry.ends_at()))
    summary = entry.content.splitlines()[0] if entry.content else ""
    if entry.status:
        summary = f"[{entry.get_status_display()}] {summary}"
    event.add("summary", summary)
    if entry.place_text():
        event.add("location", entry.place_text())
    event.add("description", _description(entry, pack_links))
    event.add("url", url)
    event.add("sequence", record.sequence if record else 0)
    if record is not None:
        event.add("created", record.first_published_at)
        event.add("last-modified", record.last_modified)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event


def removed_event(record: EntryRecord, url: str) -> Event:
    """An entry taken out of its week: cancelled, with its last published words."""
    snapshot = record.snapshot
    event = Event()
    event.add("uid", entry_uid(record.uid, record.week_id))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", _local(datetime.fromisoformat(snapshot["starts_at"])))
    event.add("dtend", _local(datetime.fromisoformat(snapshot["ends_at"])))
    event.add("summary", f"[{_('Bỏ khỏi lịch')}] {snapshot.get('content', '')}".strip())
    if snapshot.get("place"):
        event.add("location", snapshot["place"])
    event.add("url", url)
    event.add("sequence", record.sequence)
    event.add("created", record.first_published_at)
    event.add("last-modified", record.last_modified)
    event.add("status", "CANCELLED")
    return event


def finish(calendar: Calendar) -> bytes:
    """The calendar's bytes, with the VTIMEZONE of every time zone its events use."""
    calendar.add_missing_timezones()
    return calendar.to_ical()
