"""What changed in a week when it is published again ("điều chỉnh").

Called when a week is published (``schedule.signals``): each live entry is compared, by its
stable ``uid``, with the record of its last published content. A changed entry's record
gets one more ``sequence`` (iCalendar's SEQUENCE, so calendar apps replace their copy), the
time of the change and the list of what changed; an entry taken out of the week is marked
removed (calendars show it cancelled). The first publishing of a week marks nothing.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EntryRecord, ScheduleEntry, WeekSchedulePage

FIELD_LABELS = {
    "time": _("Thời gian"),
    "content": _("Nội dung"),
    "place": _("Địa điểm"),
    "connected_points": _("Các điểm cầu"),
    "chair": _("Chủ trì"),
    "attendees": _("Lãnh đạo dự"),
    "attending_units": _("Đơn vị dự"),
    "other_attendees": _("Thành phần khác"),
    "preparing_unit": _("Đơn vị chuẩn bị"),
    "notes": _("Ghi chú"),
    "status": _("Tình trạng"),
    "added": _("Bổ sung vào lịch"),
    "removed": _("Bỏ khỏi lịch"),
}
# Keys of the snapshot that readers see; the others serve calendars and notifications.
SHOWN = [key for key in FIELD_LABELS if key not in {"added", "removed"}]


def snapshot(entry: ScheduleEntry) -> dict:
    """The entry as readers see it, as text, with what calendars need of a removed entry."""
    session = entry.get_session_display()
    hours = ""
    if entry.start_time:
        hours = f" {entry.start_time:%H:%M}"
        if entry.end_time:
            hours += f"–{entry.end_time:%H:%M}"
    attendees = list(entry.attendees.all())
    units = list(entry.attending_units.all())
    return {
        "time": f"{session} {entry.day:%d/%m/%Y}{hours}",
        "content": entry.content,
        "place": entry.place_text(),
        "connected_points": entry.connected_points,
        "chair": str(entry.chair) if entry.chair_id else "",
        "attendees": ", ".join(str(leader) for leader in attendees),
        "attending_units": ", ".join(unit.name for unit in units),
        "other_attendees": entry.other_attendees,
        "preparing_unit": entry.preparing_unit.name if entry.preparing_unit_id else "",
        "notes": entry.notes,
        "status": entry.get_status_display() if entry.status else "",
        # For calendars and notifications once the entry is gone.
        "day": entry.day.isoformat(),
        "starts_at": entry.starts_at().isoformat(),
        "ends_at": entry.ends_at().isoformat(),
        "leader_ids": sorted({leader.pk for leader in attendees} | {entry.chair_id} - {None}),
        "unit_ids": sorted({unit.pk for unit in units} | {entry.preparing_unit_id} - {None}),
    }


def differences(before: dict, after: dict) -> list[dict]:
    return [
        {"field": key, "before": before.get(key, ""), "after": after.get(key, "")}
        for key in SHOWN
        if before.get(key, "") != after.get(key, "")
    ]


def change_lines(changes: list[dict]) -> list[str]:
    """ "Địa điểm: Phòng họp số 1 → Phòng họp số 2", one line per change."""
    lines = []
    for change in changes:
        label = FIELD_LABELS.get(change["field"], change["field"])
        if change["field"] in {"added", "removed"}:
            lines.append(str(label))
        else:
            lines.append(f"{label}: {change['before'] or '–'} → {change['after'] or '–'}")
    return lines


@dataclass
class Publication:
    """What one publishing of a week changed (empty on its first publishing)."""

    week: WeekSchedulePage
    changed: list[EntryRecord] = field(default_factory=list)
    removed: list[EntryRecord] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)


def record_publication(week: WeekSchedulePage) -> Publication:
    now = timezone.now()
    publication = Publication(week)
    records = {record.uid: record for record in EntryRecord.objects.filter(week=week)}
    first_time = not records
    entries = week.entries.select_related("chair", "preparing_unit").prefetch_related(
        "attendees", "attending_units"
    )
    for entry in entries:
        current = snapshot(entry)
        record = records.pop(entry.uid, None)
        if record is None:
            changes = [] if first_time else [{"field": "added", "before": "", "after": ""}]
            record = EntryRecord.objects.create(
                uid=entry.uid,
                week=week,
                snapshot=current,
                first_published_at=now,
                last_modified=now,
                changes=changes,
            )
            if changes:
                publication.changed.append(record)
            continue
        changes = differences(record.snapshot, current)
        if record.removed_at is not None:
            changes = [{"field": "added", "before": "", "after": ""}, *changes]
        if not changes:
            continue
        record.snapshot, record.changes, record.removed_at = current, changes, None
        record.sequence += 1
        record.last_modified = now
        record.save()
        publication.changed.append(record)
    for record in records.values():
        if record.removed_at is None:
            record.removed_at = record.last_modified = now
            record.sequence += 1
            record.changes = [{"field": "removed", "before": "", "after": ""}]
            record.save()
            publication.removed.append(record)
    return publication
