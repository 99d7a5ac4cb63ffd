"""Demo accounts (``make run``): created once with the demo password, their groups and unit
kept in step. Used by the demo loaders of every app (``home.demo.loader``, ``study.demo``)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .models import Unit, UnitMembership

DEMO_PASSWORD = "VanPhong@2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    groups: tuple[str, ...]
    unit: str = ""
    unit_role: str = UnitMembership.Role.MEMBER
    superuser: bool = False


def ensure_account(account: DemoAccount):
    """Create the demo account once (with the demo password) and keep its groups and unit."""
    users = get_user_model()
    user = users.objects.filter(username=account.username).first()
    if user is None:
        # Vietnamese names read family name first: "Phạm Thị" + "Lan" reads right in
        # Django's get_full_name() ("first last").
        family_and_middle, _sep, given = account.full_name.rpartition(" ")
        user = users(username=account.username, first_name=family_and_middle, last_name=given)
        user.email = f"{account.username}@vanphongtinhuy.local"
        user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = account.superuser
        user.save()
    member_group = Group.objects.get(name=roles.MEMBER)
    user.groups.add(member_group, *Group.objects.filter(name__in=account.groups))
    if account.unit:
        unit = Unit.objects.get(code=account.unit)
        UnitMembership.objects.update_or_create(
            user=user, unit=unit, defaults={"role": account.unit_role}
        )
    return user
