"""A unit's work across apps: the unit block of the home page (what awaits acknowledgement
or registration, deadlines ahead) and the page "Việc của đơn vị" (``/don-vi-cua-toi/``).

It sits in ``home`` because it gathers deliveries (``announcements``) and emulation
movements (``emulation``), which know nothing of each other."""

import datetime
from dataclasses import dataclass

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from announcements import services
from emulation.services import unit_movements
from organisation import people

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


def unit_summary(
    user, today: datetime.date | None = None, movements=None, *, acting_only: bool = False
) -> dict | None:
    """None for users outside every unit; otherwise pending items and deadlines ahead.

    ``acting_only``: only the units the user acts for (``organisation.people``), whose
    acknowledgements and registrations are theirs to do (the home page's "Việc cần làm").

    ``movements`` (unit id -> ``unit_movements`` rows) lets a caller that has already
    listed each unit's movements pass them instead of having them queried again.
    """
    units = list(people.units_acting_for(user) if acting_only else people.units_of(user))
    if not units:
        return None
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    pending_deliveries = services.inbox(user).filter(acknowledged_at__isnull=True)
    if acting_only:
        pending_deliveries = pending_deliveries.filter(unit__in=[unit.pk for unit in units])
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


@require_GET
def my_unit(request):
    """ "Việc của đơn vị": what is addressed to my units, registrations, deadlines."""
    units = list(people.units_of(request.user).order_by("name"))
    acting = set(people.units_acting_for(request.user).values_list("pk", flat=True))
    sections = []
    for unit in units:
        deliveries = services.with_documents(services.inbox(request.user, unit)[:50])
        sections.append(
            {
                "unit": unit,
                "may_act": unit.pk in acting,
                "deliveries": deliveries,
                "pending_count": sum(1 for d in deliveries if not d.is_acknowledged),
                "movements": unit_movements(request.user, unit),
            }
        )
    movements = {section["unit"].pk: section["movements"] for section in sections}
    summary = unit_summary(request.user, movements=movements)
    context = {"sections": sections, "deadlines": summary["deadlines"] if summary else []}
    return render(request, "units/my_unit.html", context)
