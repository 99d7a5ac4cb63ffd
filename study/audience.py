"""Read side of study plans: who must study a plan, who has, and who may follow it.

The audience (who must study) is "every member" or "the members of chosen units". Only
those who may also *see* the plan (``core.visibility``) count: a secret plan is no task for
someone who cannot open it, and is not counted against their unit.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet

from core.visibility import users_who_may_see, visible_pages
from organisation.models import Unit, UnitMembership
from organisation.people import unit_ids_of

from .models import StudyConfirmation, StudyPlanPage


def audience_unit_ids(plan: StudyPlanPage):
    return plan.audience_units.values("pk")


def in_audience(user, plan: StudyPlanPage) -> bool:
    """Whether ``user`` must study ``plan`` (visibility is checked separately)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if plan.audience_all:
        return True
    return UnitMembership.objects.filter(user=user, unit__in=audience_unit_ids(plan)).exists()


def audience_users(plan: StudyPlanPage) -> QuerySet:
    """Active users who must study ``plan`` and may see it."""
    users = users_who_may_see(plan, get_user_model().objects.all())
    if not plan.audience_all:
        members = UnitMembership.objects.filter(unit__in=audience_unit_ids(plan))
        users = users.filter(pk__in=members.values("user"))
    return users


def pending_plans(user) -> QuerySet:
    """Live plans ``user`` may see, must study and has not confirmed yet, nearest deadline
    first (plans without a deadline last)."""
    if not user.is_authenticated or not user.is_active:
        return StudyPlanPage.objects.none()
    my_units = unit_ids_of(user)
    addressed = StudyPlanPage.audience_units.through.objects.filter(unit_id__in=my_units)
    plans = visible_pages(user, StudyPlanPage.objects.all()).filter(
        Q(audience_all=True) | Q(pk__in=addressed.values("studyplanpage_id"))
    )
    plans = plans.exclude(pk__in=StudyConfirmation.objects.filter(user=user).values("plan"))
    return plans.order_by(F("deadline").asc(nulls_last=True), "-pk")


@dataclass
class UnitCompletion:
    unit: Unit | None  # None: accounts that belong to no unit
    members: int
    confirmed: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.confirmed / self.members, 1) if self.members else None

    @property
    def unconfirmed(self) -> int:
        return self.members - self.confirmed


def completion_by_unit(plan: StudyPlanPage) -> tuple[list[UnitCompletion], UnitCompletion]:
    """One row per unit of the audience, and the total (each person counted once)."""
    audience = audience_users(plan)
    confirmed_users = StudyConfirmation.objects.filter(plan=plan).values("user")
    units = Unit.objects.filter(active=True) if plan.audience_all else plan.audience_units.all()
    in_audience_q = Q(memberships__user__in=audience.values("pk"))
    units = units.annotate(
        n_members=Count("memberships", filter=in_audience_q, distinct=True),
        n_confirmed=Count(
            "memberships",
            filter=in_audience_q & Q(memberships__user__in=confirmed_users),
            distinct=True,
        ),
    ).order_by("cluster", "name")
    rows = [UnitCompletion(unit, unit.n_members, unit.n_confirmed) for unit in units]
    if plan.audience_all:
        without_unit = audience.exclude(pk__in=UnitMembership.objects.values("user"))
        count = without_unit.count()
        if count:
            done = without_unit.filter(pk__in=confirmed_users).count()
            rows.append(UnitCompletion(None, count, done))
    total = UnitCompletion(None, audience.count(), audience.filter(pk__in=confirmed_users).count())
    return rows, total


@dataclass
class MemberStatus:
    membership: UnitMembership
    confirmation: StudyConfirmation | None


def unit_members(plan: StudyPlanPage, unit: Unit) -> list[MemberStatus]:
    """The unit's members in the plan's audience, and each one's confirmation (or None)."""
    audience = audience_users(plan).values("pk")
    memberships = (
        UnitMembership.objects.filter(unit=unit, user__in=audience)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    confirmations = {
        c.user_id: c
        for c in StudyConfirmation.objects.filter(
            plan=plan, user__in=memberships.values("user")
        ).select_related("plan")
    }
    return [MemberStatus(m, confirmations.get(m.user_id)) for m in memberships]


def unit_in_audience(plan: StudyPlanPage, unit: Unit) -> bool:
    if plan.audience_all:
        return unit.active
    return plan.audience_units.filter(pk=unit.pk).exists()
