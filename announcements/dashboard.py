"""The unit block of the home page: what awaits acknowledgement or registration, deadlines."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from . import services

HORIZON_DAYS = 30
LIMIT = 6


@dataclass(frozen=True)
class Deadline:
    day: datetime.date
    label: str
    title: str
    url: str


def _movement_deadlines(movement) -> list[tuple[datetime.date | None, str]]:
    return [
        (movement.registration_deadline, _("Hạn đăng ký thi đua")),
        (movement.interim_review_on, _("Sơ kết")),
        (movement.final_review_on, _("Tổng kết")),
        (movement.dossier_deadline, _("Hạn nộp hồ sơ khen thưởng")),
    ]


def unit_summary(user, today: datetime.date | None = None, movements=None) -> dict | None:
    """None for users outside every unit; otherwise pending items and deadlines ahead.

    ``movements`` (unit id -> ``unit_movements`` rows) lets a caller that has already
    listed each unit's movements pass them instead of having them queried again.
    """
    from emulation.services import unit_movements

    units = list(services.units_of(user))
    if not units:
        return None
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    pending_deliveries = services.inbox(user).filter(acknowledged_at__isnull=True)
    pending = services.with_documents(pending_deliveries[:LIMIT])
    deadlines: dict[tuple, Deadline] = {}
    to_register = []
    for unit in units:
        rows = movements[unit.pk] if movements is not None else unit_movements(user, unit)
        for row in rows:
            if row.is_open and row.registration is None:
                to_register.append((unit, row.movement))
            for day, label in _movement_deadlines(row.movement):
                if day and today <= day <= horizon:
                    key = (row.movement.pk, label)
                    deadlines[key] = Deadline(day, label, row.movement.title, row.movement.url)
    for delivery in pending:
        due = getattr(delivery.doc, "acknowledgement_due", None)
        if due and today <= due <= horizon:
            key = (delivery.page_id, "ack")
            deadlines[key] = Deadline(
                due, _("Hạn xác nhận đã nhận"), delivery.page.title, delivery.page.url
            )
    return {
        "pending_deliveries": pending,
        "pending_count": pending_deliveries.count(),
        "to_register": to_register[:LIMIT],
        "deadlines": sorted(deadlines.values(), key=lambda d: d.day)[:LIMIT],
    }
