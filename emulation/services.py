"""Rules for emulation registrations: who, which movement, until when."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from announcements.models import Delivery
from core.visibility import can_view_page, visible_pages
from organisation.people import is_office_staff, may_act_for, units_acting_for
from tasks.scoring import on_time_rates

from .models import EmulationMovementPage, EmulationRegistration


class RegistrationRefused(Exception):
    """Why a registration cannot be made or changed, in words for the user."""


def participates(movement, unit) -> bool:
    return Delivery.objects.filter(page=movement, unit=unit).exists()


def check_may_register(user, movement, unit, today=None) -> None:
    if not can_view_page(user, movement):
        raise RegistrationRefused(_("Không tìm thấy phong trào thi đua."))
    if not may_act_for(user, unit):
        raise RegistrationRefused(_("Bạn không có quyền đăng ký thi đua thay cho đơn vị này."))
    if not participates(movement, unit):
        raise RegistrationRefused(_("Đơn vị không thuộc danh sách tham gia phong trào này."))
    if not movement.registration_open(today):
        raise RegistrationRefused(
            _(
                "Đã hết hạn đăng ký thi đua (hạn cuối: %(deadline)s). Đăng ký không thể "
                "tạo mới hay sửa đổi; nếu cần điều chỉnh, xin liên hệ Văn phòng Tỉnh ủy."
            )
            % {"deadline": date_format(movement.registration_deadline, "d/m/Y")}
        )


def save_registration(user, movement, unit, titles, commitments, today=None):
    """Create or amend the unit's registration; returns (registration, created).

    One statement decides: ``update_or_create`` locks the existing row (``SELECT ... FOR
    UPDATE``) or inserts in a savepoint, and when a parallel post inserted first (the unique
    movement + unit) it reads that row and amends it. Twelve posts at once thus give one
    registration and twelve answers, never an IntegrityError (issue 17). The first
    registrant and time are kept; the last post's titles and commitments win.
    """
    check_may_register(user, movement, unit, today)
    amended = {"titles": list(titles), "commitments": commitments, "updated_by": user}
    return EmulationRegistration.objects.update_or_create(
        movement=movement,
        unit=unit,
        defaults=amended,
        create_defaults={**amended, "registered_by": user, "registered_at": timezone.now()},
    )


@dataclass
class UnitMovement:
    movement: EmulationMovementPage
    registration: EmulationRegistration | None
    is_open: bool


def unit_movements(user, unit) -> list[UnitMovement]:
    """Live movements the user may see that ``unit`` takes part in, open ones first."""
    movements = visible_pages(user, EmulationMovementPage.objects.all()).filter(
        deliveries__unit=unit
    )
    registrations = {
        r.movement_id: r
        for r in EmulationRegistration.objects.filter(unit=unit, movement__in=movements)
    }
    today = timezone.localdate()
    rows = [
        UnitMovement(m, registrations.get(m.pk), m.registration_open(today))
        for m in movements.order_by("-registration_deadline")
    ]
    rows.sort(key=lambda row: not row.is_open)
    return rows


def movement_context(user, movement) -> dict:
    """What the movement page shows this user: their units' registrations and the results."""
    participating = Delivery.objects.filter(page=movement).values("unit_id")
    my_units = units_acting_for(user).filter(pk__in=participating).order_by("name")
    registrations = {
        r.unit_id: r
        for r in EmulationRegistration.objects.filter(movement=movement, unit__in=my_units)
    }
    from regulations.models import PartyDocumentPage

    decision = None
    if movement.result_decision_id:
        decision = visible_pages(
            user, PartyDocumentPage.objects.filter(pk=movement.result_decision_id)
        ).first()
    return {
        "result_decision": decision,
        "has_news": visible_pages(user, movement.news.all()).exists(),
        "my_registrations": [(unit, registrations.get(unit.pk)) for unit in my_units],
        "registration_open": movement.registration_open(),
        "is_office": is_office_staff(user),
        "rankings": movement.rankings.select_related("unit").order_by("rank", "sort_order"),
        "participant_count": Delivery.objects.filter(page=movement).count(),
    }


@dataclass
class ClusterRegistrations:
    cluster: str
    rows: list = field(default_factory=list)

    @property
    def registered(self) -> int:
        return sum(1 for _unit, registration in self.rows if registration)


def registrations_by_cluster(movement) -> list[ClusterRegistrations]:
    """Every participating unit with its registration (or None), grouped by cluster."""
    deliveries = (
        Delivery.objects.filter(page=movement)
        .select_related("unit")
        .order_by("unit__cluster", "unit__name")
    )
    registrations = {
        r.unit_id: r
        for r in EmulationRegistration.objects.filter(movement=movement).select_related(
            "registered_by", "updated_by"
        )
    }
    groups = []
    for cluster, items in groupby(deliveries, key=lambda d: d.unit.cluster):
        groups.append(
            ClusterRegistrations(
                cluster or _("Chưa xếp cụm"),
                [(d.unit, registrations.get(d.unit_id)) for d in items],
            )
        )
    return groups


def office_may_follow(user, movement) -> bool:
    return is_office_staff(user) and can_view_page(user, movement)


def movement_window(movement) -> tuple[datetime.date, datetime.date]:
    """The year a movement covers: from 1 January of its registration year to its final
    review (or 31 December)."""
    year = movement.registration_deadline.year
    return datetime.date(year, 1, 1), movement.final_review_on or datetime.date(year, 12, 31)


def task_rates(user, movement, groups) -> dict[int, dict] | None:
    """Each participating unit's on-time rate of tasks (``tasks.scoring``) when the movement
    scores it, as ``user`` may see the tasks; None when it does not."""
    if not movement.score_task_on_time_rate:
        return None
    since, until = movement_window(movement)
    unit_ids = [unit.pk for group in groups for unit, _registration in group.rows]
    return on_time_rates(user, unit_ids, since=since, until=until)
