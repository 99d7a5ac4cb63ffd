"""Wagtail's routing, remembered: which site answers a host, which page answers a path.

For every page Wagtail finds the site with a query and then walks the tree from the site's
root page, two queries per level (the child by its slug, then its specific row): five
queries for a document. Both answers change only when sites or pages are written, which
renews the content generation (``core.freshness``), so they are kept in the shared
cache under it:

* the site answering a host and port;
* for a path, the page that handled it and how many path components the walk used; a
  path not seen yet whose parent path is known (a new document of the library) is walked
  on from the parent page, one level instead of the whole tree.

On a hit the page is loaded by id (one query) and its own ``route`` is called with the
rest of the path, so the last step (is the page live? which sub-route of a routable page?)
is decided afresh, exactly as Wagtail decides it. Routing does not depend on the user:
the visibility rule applies after it (``core.wagtail_hooks.hide_restricted_pages``), so a
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
ROUTE_FORMAT = 1  # of the remembered entries: (page id, content type id, components used, plain)
STANDARD_ROUTES = (Page.route, RoutablePageMixin.route)
_MISSING = object()


def _generation() -> str:
    from core.freshness import generation

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


def _route_key(site, components: list[str]) -> str:
    path_hash = hashlib.sha256("/".join(components).encode()).hexdigest()[:32]
    return f"intranet:route:v{ROUTE_FORMAT}:{_generation()}:{site.pk}:{path_hash}"


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
        key = _route_key(site, components)
        parent_key = _route_key(site, components[:-1]) if components else key
        entries = cache.get_many([key, parent_key])
        if key in entries:
            page_id, content_type_id, used, _plain = entries[key]
        elif _continues(entries.get(parent_key), len(components) - 1):
            # A new path under a page whose own path is known (a document of the library):
            # the walk goes on from that page, as Wagtail's would.
            request._intranet_route_key = key
            page_id, content_type_id, used, _plain = entries[parent_key]
        else:
            request._intranet_route_key = key  # Wagtail walks the tree; remember its answer
            return None
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first() if model is not None else None
        if page is None:
            request._intranet_route_key = key
            return None
        if key not in entries:
            request._intranet_route_parent = page  # plain above it (``_continues``)
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
        if not page.path.startswith(root.path):
            return
        # The walk went down from the root one level a path component; whether every page
        # above this one routes the plain way (no sub-routes that a longer path could match)
        # tells whether a path under this one may be walked on from it.
        parent = getattr(request, "_intranet_route_parent", None)
        if parent is not None and page.pk == parent.pk:
            plain = True
        elif parent is not None and page.path[: -Page.steplen] == parent.path:
            plain = type(parent).route is Page.route
        else:
            above = [page.path[:n] for n in range(len(root.path), len(page.path), Page.steplen)]
            types = Page.objects.filter(path__in=above).values_list("content_type", flat=True)
            plain = all(_routes_plainly(content_type) for content_type in types)
        entry = (page.pk, page.content_type_id, page.depth - root.depth, plain)
        cache.set(key, entry, TIMEOUT)


def _continues(parent_entry, depth: int) -> bool:
    """Whether a path one component longer than the parent's may be walked on from the
    parent's page: the parent path led to that very page, through plain routes only."""
    return parent_entry is not None and parent_entry[2] == depth and parent_entry[3]


def _routes_plainly(content_type_id) -> bool:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is not None and model.route is Page.route
