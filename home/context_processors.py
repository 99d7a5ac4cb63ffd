"""Site navigation: the home page's sections the user may see, and the user menu.

The sections and whether the user's groups open the admin depend on the visibility context
alone (groups, superuser flag, content generation, date: ``core.freshness.
visibility_key``), so they are kept in the cache under that key and shared by every user
with the same groups; the next write to the database renews the key.
"""

from dataclasses import dataclass

from django.core.cache import cache
from wagtail.models import Site

from core import viewer
from core.visibility import visible_pages
from organisation import people
from organisation.people import is_office_staff
from tasks.selectors import follows_all as follows_all_tasks

NAV_TIMEOUT = 3600
ADMIN_PERMISSION = ("wagtailadmin", "access_admin")


@dataclass(frozen=True)
class NavItem:
    pk: int
    title: str
    url: str
    path: str


def _nav_item(page, request) -> NavItem:
    return NavItem(page.pk, page.title, page.get_url(request) or "", page.path)


def _admin_permission():
    from django.contrib.auth.models import Permission

    app_label, codename = ADMIN_PERMISSION
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


def _shared_navigation(request, site) -> dict:
    """What every user with the same groups sees in the menu (cached per visibility key)."""
    from core.freshness import content_visibility_key, generation

    user = request.user
    key = f"intranet:nav:{site.pk}:{content_visibility_key(user)}"
    shared = cache.get(key)
    if shared is None:
        root = site.root_page
        sections = visible_pages(user, root.get_children().filter(show_in_menus=True))
        group_admin = _admin_permission().filter(group__in=viewer.group_ids(user)).exists()
        shared = {
            "home": _nav_item(root, request),
            "sections": [_nav_item(section, request) for section in sections],
            "group_admin": group_admin,
        }
        cache.set(key, shared, NAV_TIMEOUT)
    # Permissions given to an account directly (not through a group): rare, one list for all.
    direct_key = f"intranet:nav:direct-admin:{generation()}"
    direct = cache.get(direct_key)
    if direct is None:
        direct = set(_admin_permission().values_list("user", flat=True)) - {None}
        cache.set(direct_key, direct, NAV_TIMEOUT)
    shared["admin"] = user.is_superuser or shared["group_admin"] or user.pk in direct
    return shared


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    if request.path.startswith("/admin/"):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {}
    user = request.user
    shared = _shared_navigation(request, site)
    return {
        "nav_sections": shared["sections"],
        "nav_home": shared["home"],
        "nav_admin": user.is_active and shared["admin"],
        "nav_my_unit": bool(people.memberships(user)),
        "nav_office": is_office_staff(user),
        "nav_tasks": bool(people.unit_ids_acting_for(user)) or follows_all_tasks(user),
    }
