"""Who is asking, read once per request: the user's groups and the role permissions they give.

A page asks the same questions about its user several times (the ETag, the visibility key
of cached fragments, "is this Office staff?", the menu); each used to be a query. The
answers are kept on the user object, which Django's authentication middleware loads anew
for every request, so they never outlive the request they were read in. A change made
through the same object (``user.groups.add``) forgets them.

Role permissions are the few permissions that say what a user *is* (Office staff...), which
apps above this layer declare with ``track_permission`` at start-up; they are read with the
groups, in the same query. Nothing here decides visibility: ``core.visibility`` does, from
the database.
"""

from django.contrib.auth.models import Group
from django.db.models import FilteredRelation, Q
from django.db.models.signals import m2m_changed

GROUPS = "_viewer_groups"
PERMISSIONS = "_viewer_permissions"
_tracked: set[tuple[str, str]] = set()
_forgetters: list = []


def track_permission(permission: str) -> None:
    """Read ``"app_label.codename"`` with the groups (see ``has_role_permission``)."""
    app_label, codename = permission.split(".", 1)
    _tracked.add((app_label, codename))


def _read(user) -> None:
    # A filtered relation may only test the permission's own columns: the codename selects,
    # the app label of each row read is checked here.
    codenames = sorted({codename for _app_label, codename in _tracked})
    rows = (
        Group.objects.filter(user=user)
        .annotate(
            role_permission=FilteredRelation(
                "permissions", condition=Q(permissions__codename__in=codenames)
            )
        )
        .order_by("pk")
        .values_list(
            "pk", "name", "role_permission__content_type__app_label", "role_permission__codename"
        )
    )
    groups: dict[int, str] = {}
    permissions: set[str] = set()
    for pk, name, app_label, codename in rows:
        groups[pk] = name
        if (app_label, codename) in _tracked:
            permissions.add(f"{app_label}.{codename}")
    setattr(user, GROUPS, tuple(groups.items()))
    setattr(user, PERMISSIONS, frozenset(permissions))


def groups(user) -> tuple[tuple[int, str], ...]:
    """``(id, name)`` of the user's groups, by id (none for an anonymous user)."""
    if not user.is_authenticated:
        return ()
    if getattr(user, GROUPS, None) is None:
        _read(user)
    return getattr(user, GROUPS)


def group_ids(user) -> tuple[int, ...]:
    return tuple(pk for pk, _name in groups(user))


def has_role_permission(user, permission: str) -> bool:
    """Whether one of the user's groups grants ``permission`` (a tracked one).

    Roles are given through groups (``setup_intranet``); a permission granted to a user
    directly is not a role and is not read here.
    """
    if not user.is_authenticated:
        return False
    if getattr(user, PERMISSIONS, None) is None:
        _read(user)
    return permission in getattr(user, PERMISSIONS)


def on_forget(callback) -> None:
    """Call ``callback(user)`` whenever the viewer's answers about ``user`` are dropped."""
    _forgetters.append(callback)


def forget(user) -> None:
    for name in (GROUPS, PERMISSIONS):
        if hasattr(user, name):
            delattr(user, name)
    for callback in _forgetters:
        callback(user)


def _groups_changed(sender, instance, **kwargs):
    from django.contrib.auth import get_user_model

    if isinstance(instance, get_user_model()):
        forget(instance)


def connect() -> None:
    from django.contrib.auth import get_user_model

    m2m_changed.connect(
        _groups_changed, sender=get_user_model().groups.through, dispatch_uid="viewer_groups"
    )
