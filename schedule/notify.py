"""Tell the people concerned when a published week is changed ("điều chỉnh").

Who is told, of the entries that changed: the leaders who chair or attend them (through
their accounts), the editors and leaders of the units that attend or prepare them, and
everyone who asked for e-mails on their calendar page, always among the users who may see
the week (``core.visibility.users_who_may_see``). Each is told only the changes that
concern them (everything for those who asked for every change).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.visibility import users_who_may_see
from organisation.models import UnitMembership
from organisation.people import ACTING_ROLES

from .changes import Publication, change_lines
from .models import CalendarToken, EntryRecord, Leader


def _concerned_user_ids(record: EntryRecord) -> set[int]:
    snapshot = record.snapshot
    leaders = Leader.objects.filter(pk__in=snapshot.get("leader_ids", []), user__isnull=False)
    ids = set(leaders.values_list("user_id", flat=True))
    members = UnitMembership.objects.filter(
        unit_id__in=snapshot.get("unit_ids", []), role__in=ACTING_ROLES
    )
    return ids | set(members.values_list("user_id", flat=True))


def recipients(publication: Publication) -> dict:
    """``{user: [records]}`` of the people to tell."""
    records = [*publication.changed, *publication.removed]
    subscribers = set(
        CalendarToken.objects.filter(notify_changes=True).values_list("user_id", flat=True)
    )
    wanted: dict[int, list] = {}
    for record in records:
        for user_id in _concerned_user_ids(record) | subscribers:
            wanted.setdefault(user_id, []).append(record)
    users = get_user_model().objects.filter(pk__in=wanted).exclude(email="")
    allowed = users_who_may_see(publication.week, users)
    return {user: wanted[user.pk] for user in allowed}


def notify_changes(publication: Publication, week_url: str) -> int:
    """E-mail the changes of ``publication``; the number of e-mails sent."""
    if not publication:
        return 0
    week = publication.week
    messages = []
    for user, records in recipients(publication).items():
        items = [(record.snapshot, change_lines(record.changes)) for record in records]
        body = render_to_string(
            "schedule/change_email.txt",
            {"user": user, "week": week, "items": items, "week_url": week_url},
        )
        subject = _("Điều chỉnh %(title)s") % {"title": week.title}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
