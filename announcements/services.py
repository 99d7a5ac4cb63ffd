"""Who may act for a unit, what a unit received, acknowledgements and reminders.

Every list here goes through ``core.visibility``: a unit whose members may not see a
secret page never sees it in its inbox, and the Office's tables show only pages the
Office user may see.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, Min, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.freshness import activity_changed
from core.visibility import can_view_page, visible_pages
from organisation.models import UnitMembership
from organisation.people import (
    ACTING_ROLES,
    is_office_staff,
    may_act_for,
    unit_ids_acting_for,
    unit_ids_of,
)

from .models import AddressedToUnits, Delivery, Reminder


def sync_deliveries(page, *, created: bool = False) -> tuple[int, int]:
    """Make the deliveries of a published page match its addressing; returns (added, removed).

    Acknowledgements of units that are still addressed are kept; a unit taken off the
    list loses its delivery, since the page is no longer addressed to it. ``created``: the
    page did not exist before this publish (an import's bulk writer), so it has no
    deliveries yet: one addressed to no unit needs nothing.
    """
    if not isinstance(page, AddressedToUnits):
        return 0, 0
    wanted = set(page.addressed_units().values_list("pk", flat=True))
    if created and not wanted:
        return 0, 0
    return _deliver(page, wanted)


@transaction.atomic
def _deliver(page, wanted: set[int]) -> tuple[int, int]:
    existing = set(Delivery.objects.filter(page=page).values_list("unit_id", flat=True))
    Delivery.objects.bulk_create(
        [Delivery(page_id=page.pk, unit_id=unit_id) for unit_id in wanted - existing],
        ignore_conflicts=True,
    )
    removed, _detail = Delivery.objects.filter(page=page, unit_id__in=existing - wanted).delete()
    return len(wanted - existing), removed


def inbox(user, unit=None):
    """Deliveries to the user's units (or to ``unit``) of pages the user may see, newest first."""
    unit_ids = unit_ids_of(user)
    if unit is not None:
        unit_ids = [pk for pk in unit_ids if pk == unit.pk]
    deliveries = Delivery.objects.filter(unit_id__in=unit_ids, page__in=visible_pages(user))
    return deliveries.select_related("page", "unit", "acknowledged_by").order_by(
        "acknowledged_at", "-delivered_at", "-pk"
    )


def with_documents(deliveries) -> list[Delivery]:
    """The deliveries with ``doc`` set to their specific page, fetched in one query per type."""
    deliveries = list(deliveries)
    pages = Page.objects.filter(pk__in={d.page_id for d in deliveries}).specific()
    by_id = {page.pk: page for page in pages}
    for delivery in deliveries:
        delivery.doc = by_id.get(delivery.page_id, delivery.page)
    return deliveries


@dataclass
class AckResult:
    delivery: Delivery
    already: bool


def acknowledge(user, delivery: Delivery) -> AckResult:
    """Record that ``user`` acknowledged ``delivery`` for their unit (idempotent).

    Callers check ``may_act_for`` and the page's visibility first; this raises
    ``PermissionError`` as a last line of defence.
    """
    if not may_act_for(user, delivery.unit) or not can_view_page(user, delivery.page):
        raise PermissionError
    updated = Delivery.objects.filter(pk=delivery.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user
    )
    if updated:  # an UPDATE sends no save signal: pages and cached fragments must follow
        activity_changed()
    delivery.refresh_from_db()
    return AckResult(delivery, already=not updated)


def status_rows(page):
    """All deliveries of a page with their unit, ordered by cluster then unit name."""
    return (
        Delivery.objects.filter(page=page)
        .select_related("unit", "acknowledged_by")
        .order_by("unit__cluster", "unit__name")
    )


def addressed_pages(user):
    """Pages with deliveries that ``user`` may see, with acknowledgement counts and when they
    were sent (the first delivery: a page may be published long before it is addressed)."""
    pages = visible_pages(user).filter(deliveries__isnull=False).distinct()
    return pages.annotate(
        sent_at=Min("deliveries__delivered_at"),
        unit_total=Count("deliveries", distinct=True),
        unit_acknowledged=Count(
            "deliveries", filter=Q(deliveries__acknowledged_at__isnull=False), distinct=True
        ),
    ).order_by("-sent_at", "-pk")


def reminder_recipients(page):
    """Editors and leaders of the units that have not acknowledged, who may see the page."""
    pending_units = Delivery.objects.filter(page=page).pending().values("unit_id")
    memberships = UnitMembership.objects.filter(
        unit_id__in=pending_units, role__in=ACTING_ROLES, user__is_active=True
    ).select_related("user", "unit")
    recipients = {}
    for membership in memberships:
        user = membership.user
        if user.email and can_view_page(user, page):
            recipients.setdefault(user.pk, (user, membership.unit))
    return list(recipients.values())


def unreached_units(page) -> list:
    """Units that have not acknowledged ``page`` and that a reminder cannot reach: no
    active editor or leader with an e-mail who may see the page (the Office calls them)."""
    from organisation.models import Unit

    reached = {unit.pk for _user, unit in reminder_recipients(page)}
    pending = Delivery.objects.filter(page=page).pending().values("unit_id")
    return list(Unit.objects.filter(pk__in=pending).exclude(pk__in=reached).order_by("name"))


# A second reminder of the same page within this time is the same reminder (a double click,
# two Office editors at once): it is not sent again.
REMINDER_INTERVAL = timedelta(minutes=10)


@transaction.atomic
def send_reminder(page, sent_by, page_url: str) -> Reminder:
    """E-mail the units that have not acknowledged ``page``, and record the reminder.

    Idempotent for ``REMINDER_INTERVAL``: the page's row is locked first (``SELECT ... FOR
    UPDATE``; SQLite's write transactions are serial anyway), so of two posts at once the
    second waits, finds the first one's reminder and returns it with ``already_sent`` set,
    instead of e-mailing every unit twice (issue 18). A failed sending rolls the record back.
    """
    Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True).first()
    recent = Reminder.objects.filter(
        page_id=page.pk, sent_at__gte=timezone.now() - REMINDER_INTERVAL
    ).first()
    if recent is not None:
        recent.already_sent = True
        return recent
    recipients = reminder_recipients(page)
    due = getattr(page.specific, "acknowledgement_due", None)
    messages = []
    for user, unit in recipients:
        body = render_to_string(
            "announcements/reminder_email.txt",
            {"user": user, "unit": unit, "page": page, "page_url": page_url, "due": due},
        )
        subject = _("Nhắc xác nhận đã nhận văn bản: %(title)s") % {"title": page.title}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    unit_count = len({unit.pk for _user, unit in recipients})
    return Reminder.objects.create(
        page=page, sent_by=sent_by, unit_count=unit_count, recipient_count=len(recipients)
    )


def page_panel(user, page) -> dict:
    """What a page shows about its deliveries to this user (unit buttons, Office link)."""
    if page.pk is None:  # the preview of a page not saved yet: nothing was delivered
        return {"my_deliveries": [], "show_status_link": False}
    unit_ids = unit_ids_of(user)
    deliveries = []
    if unit_ids:
        deliveries = list(
            Delivery.objects.filter(page=page, unit_id__in=unit_ids).select_related("unit")
        )
    acting = set(unit_ids_acting_for(user))
    return {
        "my_deliveries": [(delivery, delivery.unit_id in acting) for delivery in deliveries],
        "show_status_link": is_office_staff(user) and Delivery.objects.filter(page=page).exists(),
    }
