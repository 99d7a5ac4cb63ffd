"""Who a user is for the intranet: Office staff, and the units they belong to or act for.

The one place these questions are answered; every screen, form, export and API asks here.

* Office staff (editors, reviewers, publishers, administrators of the Office) hold the
  permission ``organisation.office_staff``, given to their groups by ``setup_intranet``
  (never decided from a group's display name). Superusers are Office staff; inactive
  accounts are nobody's staff.
* Unit membership comes from ``UnitMembership``; a unit editor or leader *acts for* an
  active unit (acknowledges, registers, reports). The memberships are read once per request
  and kept on the user object, like the groups (``core.viewer``).
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from core import viewer

from .models import Unit, UnitMembership

OFFICE_STAFF = "organisation.office_staff"
ACTING_ROLES = (UnitMembership.Role.EDITOR, UnitMembership.Role.LEADER)
MEMBERSHIPS = "_viewer_memberships"


def is_office_staff(user) -> bool:
    """Whether ``user`` works for the Office and follows every unit's replies."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or viewer.has_role_permission(user, OFFICE_STAFF)


def memberships(user) -> tuple[tuple[int, str, bool], ...]:
    """``(unit id, role, unit active)`` of the user's unit memberships, by unit id."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, MEMBERSHIPS, None)
    if cached is None:
        rows = UnitMembership.objects.filter(user_id=user.pk).order_by("unit_id")
        cached = tuple(rows.values_list("unit_id", "role", "unit__active"))
        setattr(user, MEMBERSHIPS, cached)
    return cached


def unit_ids_of(user) -> list[int]:
    """Ids of the units the user belongs to, in any role (read once per request)."""
    return [unit_id for unit_id, _role, _active in memberships(user)]


def unit_ids_acting_for(user) -> list[int]:
    """Ids of the active units for which the user may acknowledge, register and report."""
    return [
        unit_id for unit_id, role, active in memberships(user) if active and role in ACTING_ROLES
    ]


def units_of(user) -> QuerySet:
    """Units the user belongs to, in any role."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=unit_ids_of(user))


def units_acting_for(user) -> QuerySet:
    """Units for which the user may acknowledge and register (unit editor or leader)."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=unit_ids_acting_for(user))


def may_act_for(user, unit) -> bool:
    """Asked before a write (acknowledgement, registration): read from the database."""
    if not user.is_authenticated or not user.is_active:
        return False
    return UnitMembership.objects.filter(
        user_id=user.pk, unit=unit, unit__active=True, role__in=ACTING_ROLES
    ).exists()


def led_units(user) -> QuerySet:
    """The units ``user`` leads (UnitMembership role "leader")."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(
        memberships__user=user, memberships__role=UnitMembership.Role.LEADER
    ).distinct()


def may_follow_unit(user, unit) -> bool:
    """The Office follows every unit; a unit's leaders follow their own."""
    return is_office_staff(user) or led_units(user).filter(pk=unit.pk).exists()


def office_staff_groups() -> QuerySet:
    """The groups whose members are Office staff (they hold ``OFFICE_STAFF``)."""
    from django.contrib.auth.models import Group

    app_label, codename = OFFICE_STAFF.split(".")
    return Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    ).distinct()


def _forget_memberships(user) -> None:
    if hasattr(user, MEMBERSHIPS):
        delattr(user, MEMBERSHIPS)


def _membership_changed(sender, instance, **kwargs):
    # Only the user object the membership was saved with can hold stale answers.
    if UnitMembership.user.is_cached(instance):
        _forget_memberships(instance.user)


def connect() -> None:
    viewer.track_permission(OFFICE_STAFF)
    viewer.on_forget(_forget_memberships)
    for signal in (post_save, post_delete):
        signal.connect(
            _membership_changed,
            sender=UnitMembership,
            dispatch_uid=f"people_memberships_{signal is post_save}",
        )
