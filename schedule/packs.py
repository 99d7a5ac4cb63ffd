"""Who may see a meeting pack, kept as the pack's Wagtail view restriction.

A pack is readable by the people invited (the pack's ``invited_users`` and the leaders who
chair or attend its entry, gathered in a group of the pack's own), the groups invited and
the Office's groups (``organisation.people.office_staff_groups``). Stated as a
``PageViewRestriction`` of type "groups", the one visibility rule (``core.visibility``) then
applies on every channel: the page, its files, the search index, the search API and the
calendars. ``sync_pack_access`` runs when a pack is created or edited in the admin (so a
draft is restricted at once) and when it is published.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from organisation.people import office_staff_groups

from .models import MeetingPackPage

PACK_GROUP_PREFIX = "Mời họp – tài liệu số "


def pack_group_name(pack: MeetingPackPage) -> str:
    return f"{PACK_GROUP_PREFIX}{pack.pk}"


def invited_user_ids(pack: MeetingPackPage) -> set[int]:
    ids = {user.pk for user in pack.invited_users.all()}
    entry = pack.entry
    if entry is not None:
        leaders = [entry.chair, *entry.attendees.all()] if entry.chair_id else entry.attendees.all()
        ids |= {leader.user_id for leader in leaders if leader is not None and leader.user_id}
    return ids


def sync_pack_access(pack: MeetingPackPage) -> PageViewRestriction:
    """Make the pack's restriction and its group say who is invited now."""
    group, _created = Group.objects.get_or_create(name=pack_group_name(pack))
    users = get_user_model().objects.filter(pk__in=invited_user_ids(pack))
    group.user_set.set(users)
    allowed = {group.pk, *(g.pk for g in pack.invited_groups.all())}
    allowed |= set(office_staff_groups().values_list("pk", flat=True))
    restriction = PageViewRestriction.objects.filter(
        page=pack, restriction_type=PageViewRestriction.GROUPS
    ).first()
    if restriction is None:
        PageViewRestriction.objects.filter(page=pack).delete()
        restriction = PageViewRestriction.objects.create(
            page=pack, restriction_type=PageViewRestriction.GROUPS
        )
    if set(restriction.groups.values_list("pk", flat=True)) != allowed:
        restriction.groups.set(allowed)
    return restriction


def drop_pack_group(pack_id: int) -> None:
    Group.objects.filter(name=f"{PACK_GROUP_PREFIX}{pack_id}").delete()
