"""Wagtail's routing, remembered: which site answers a host, which page answers a path.

For every page Wagtail finds the site with a query and then walks the tree from the site's
root page, two queries per level (the child by its slug, then its specific row): five
queries for a document. Both answers change only when sites or pages are written, which
renews the content generation (``operations.freshness``), so they are kept in the shared
cache under it:

* the site answering a host and port;
* for a path, the page that handled it and how many path components the walk used.

On a hit the page is loaded by id (one query) and its own ``route`` is called with the
rest of the path, so the last step (is the page live? which sub-route of a routable page?)
is decided afresh, exactly as Wagtail decides it. Routing does not depend on the user:
the visibility rule applies after it (``home.wagtail_hooks.hide_restricted_pages``), so a
route shared between users reveals nothing. Only page types that route the standard way
(Wagtail's ``Page.route`` or ``RoutablePageMixin.route``) are remembered.
"""

import hashlib
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

TIMEOUT = 3600
STANDARD_ROUTES = (Page.route, RoutablePageMixin.route)
_MISSING = object()


def _generation() -> str:
    from operations.freshness import generation

    return generation()


def site_for(request):
    """``Site.find_for_request``, from the cache when this host was seen since the last write."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"intranet:site:{_generation()}:{hostname}:{request.get_port()}"
    site = cache.get(key, _MISSING)
    if site is _MISSING:
        site = Site._find_for_request(request)
        cache.set(key, site, TIMEOUT)
    request._wagtail_site = site
    return site


@lru_cache(maxsize=1)
def routes_are_standard() -> bool:
    """Whether every page type routes the standard way, so that a path's route depends on
    the page tree alone (otherwise routes are not remembered at all)."""
    from django.apps import apps

    pages = [model for model in apps.get_models() if issubclass(model, Page)]
    return all(model.route in STANDARD_ROUTES for model in pages)


class RouteCacheMiddleware:
    """Hands Wagtail's ``serve`` view the route of a path from the cache, or remembers it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_intranet_route_key", None)
        if key is not None:
            self._remember(request, key)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        if not routes_are_standard():
            return None
        site = site_for(request)
        if site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        path_hash = hashlib.sha256("/".join(components).encode()).hexdigest()[:32]
        key = f"intranet:route:{_generation()}:{site.pk}:{path_hash}"
        entry = cache.get(key)
        if entry is None:
            request._intranet_route_key = key  # Wagtail walks the tree; remember its answer
            return None
        page_id, content_type_id, used = entry
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first() if model is not None else None
        if page is None:
            request._intranet_route_key = key
            return None
        try:
            request._wagtail_route_for_request = page.route(request, components[used:])
        except Http404:
            request._wagtail_route_for_request = None
        return None

    @staticmethod
    def _remember(request, key: str) -> None:
        result = getattr(request, "_wagtail_route_for_request", None)
        site = getattr(request, "_wagtail_site", None)
        if result is None or site is None:
            return
        page, root = result[0], site.root_page
        if page.path.startswith(root.path):  # the walk went down from the root, a level a step
            cache.set(key, (page.pk, page.content_type_id, page.depth - root.depth), TIMEOUT)
