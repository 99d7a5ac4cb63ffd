"""Who is asking, read once per request: the user's groups and unit memberships.

A page asks the same questions about its user several times (the ETag, the visibility key
of cached fragments, "is this Office staff?", "which units?", the menu); each used to be a
query. The answers are kept on the user object, which Django's authentication middleware
loads anew for every request, so they never outlive the request they were read in. A change
made through the same object (``user.groups.add``, a membership saved for it) forgets them.

Nothing here decides visibility: ``home.visibility`` does, from the database.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

GROUPS = "_viewer_groups"
MEMBERSHIPS = "_viewer_memberships"


def groups(user) -> tuple[tuple[int, str], ...]:
    """``(id, name)`` of the user's groups, by id (none for an anonymous user)."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, GROUPS, None)
    if cached is None:
        cached = tuple(user.groups.order_by("pk").values_list("pk", "name"))
        setattr(user, GROUPS, cached)
    return cached


def group_ids(user) -> tuple[int, ...]:
    return tuple(pk for pk, _name in groups(user))


def in_any_group(user, names) -> bool:
    wanted = set(names)
    return any(name in wanted for _pk, name in groups(user))


def memberships(user) -> tuple[tuple[int, str, bool], ...]:
    """``(unit id, role, unit active)`` of the user's unit memberships, by unit id."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, MEMBERSHIPS, None)
    if cached is None:
        from organisation.models import UnitMembership

        rows = UnitMembership.objects.filter(user_id=user.pk).order_by("unit_id")
        cached = tuple(rows.values_list("unit_id", "role", "unit__active"))
        setattr(user, MEMBERSHIPS, cached)
    return cached


def forget(user) -> None:
    for name in (GROUPS, MEMBERSHIPS):
        if hasattr(user, name):
            delattr(user, name)


def _groups_changed(sender, instance, **kwargs):
    from django.contrib.auth import get_user_model

    if isinstance(instance, get_user_model()):
        forget(instance)


def _membership_changed(sender, instance, **kwargs):
    user = instance._state.fields_cache.get("user")
    if user is not None:
        forget(user)


def connect() -> None:
    from django.apps import apps

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    m2m_changed.connect(
        _groups_changed, sender=user_model.groups.through, dispatch_uid="viewer_groups"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _membership_changed,
            sender="organisation.UnitMembership",
            dispatch_uid=f"viewer_memberships_{signal is post_save}",
        )
