"""Site navigation: the home page's sections the user may see."""

from wagtail.models import Site

from announcements.services import is_office_staff

from .visibility import visible_pages


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    if request.path.startswith("/admin/"):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {}
    sections = visible_pages(request.user, site.root_page.get_children().filter(show_in_menus=True))
    return {
        "nav_sections": list(sections),
        "nav_home": site.root_page,
        "nav_my_unit": request.user.unit_memberships.exists(),
        "nav_office": is_office_staff(request.user),
    }
