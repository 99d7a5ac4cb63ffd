"""Site-wide Wagtail hooks: the visibility rule on page views."""

from django.http import Http404
from wagtail import hooks

from .visibility import can_view_page


@hooks.register("before_serve_page", order=-100)
def hide_restricted_pages(page, request, serve_args, serve_kwargs):
    """A page the user may not see answers 404, exactly like a page that does not exist.

    Runs before Wagtail's own view-restriction hook, which would otherwise redirect to the
    login page and so reveal that something is there.
    """
    if not can_view_page(request.user, page):
        raise Http404
