"""Wagtail's serve view with the route of a path remembered, through public API only.

For every page Wagtail walks the tree from the site's root page, two queries per level (the
child by its slug, then its specific row): four queries for a document below the library.
The page a path leads to changes only when pages are written, which renews the content
generation (``core.freshness``), so ``serve`` keeps it in the shared cache under it:

* for a path, the page that handled it and how many path components the walk used;
* a path not seen yet whose parent path is known (a new document of the library) is walked
  on from the parent page, one level instead of the whole tree.

On a hit the page is loaded by id (one query) and its own public ``route`` is called with the
rest of the path, so the last step (is the page live? which sub-route of a routable page?)
is decided afresh, exactly as Wagtail decides it. The site is Wagtail's
``Site.find_for_request`` (one query, which Wagtail remembers for the rest of the request).
Routing does not depend on the user: the visibility rule applies after it, in the
``before_serve_page`` hooks (``core.wagtail_hooks.hide_restricted_pages``), so a route shared
between users reveals nothing. Only page types that route the standard way (Wagtail's
``Page.route`` or ``RoutablePageMixin.route``) are remembered.

A path that leads nowhere is remembered too (``NOT_FOUND``), and a remembered path is then
decided by one query, the same for every path: the page's row *as the visibility rule lets
this user see it* (``core.visibility.visible_pages``; id 0 for a path that leads nowhere).
A page the user may not see and a page that does not exist thus cost the same work and answer
404 at the same point (issue 17: a secret page's 404 was 4 ms slower than a missing one's,
which told that it existed). A page found visible is remembered on the request, so the
``hide_restricted_pages`` hook does not ask again: a visible page costs what it did.

The view runs Wagtail's ``on_serve_page`` and ``before_serve_page`` hooks in Wagtail's order
(``wagtail.views.serve``), and is matched before Wagtail's own pattern, whose name
(``wagtail_serve``) still builds every page's URL.
"""

import hashlib
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404, HttpResponse
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from .freshness import generation
from .visibility import visible_pages

TIMEOUT = 3600
ROUTE_FORMAT = 3  # of the remembered entries: (page id, content type id, components used, plain)
NOT_FOUND = (0, 0, 0, False)  # a path that leads to no page (no page has id 0)
VISIBLE_ATTR = "_intranet_visible_page_ids"
STANDARD_ROUTES = (Page.route, RoutablePageMixin.route)


def _route_key(site, components: list[str]) -> str:
    path_hash = hashlib.sha256("/".join(components).encode()).hexdigest()[:32]
    return f"intranet:route:v{ROUTE_FORMAT}:{generation()}:{site.pk}:{path_hash}"


@lru_cache(maxsize=1)
def routes_are_standard() -> bool:
    """Whether every page type routes the standard way, so that a path's route depends on
    the page tree alone (otherwise routes are not remembered at all)."""
    from django.apps import apps

    pages = [model for model in apps.get_models() if issubclass(model, Page)]
    return all(model.route in STANDARD_ROUTES for model in pages)


def _walk(request, page, components):
    try:
        return page.route(request, components)
    except Http404:
        return None


def find_route(request, site, components: list[str]):
    """``(page, args, kwargs)`` of the path ``components`` under ``site``, or ``None``."""
    if not routes_are_standard():
        return _walk(request, site.root_page.localized.specific, components)
    key = _route_key(site, components)
    parent_key = _route_key(site, components[:-1]) if components else key
    entries = cache.get_many([key, parent_key])
    parent = None
    if key in entries:
        start, used = _load_visible(request, entries[key])
        if start is None:  # hidden, missing, or no longer live: one answer
            return None
    elif _continues(entries.get(parent_key), len(components) - 1):
        # A new path under a page whose own path is known (a document of the library): the
        # walk goes on from that page, as Wagtail's would.
        start, used = _load(entries[parent_key])
        parent = start
    else:
        start, used = None, 0
    if start is None:
        result = _walk(request, site.root_page.localized.specific, components)
        parent = None
    else:
        result = _walk(request, start, components[used:])
    if result is not None and (key not in entries or start is None):
        _remember(key, result[0], site.root_page, parent)
    elif result is None and key not in entries:
        cache.set(key, NOT_FOUND, TIMEOUT)
    return result


def _load_visible(request, entry):
    """The remembered page if this user may see it, in one query whatever the answer."""
    page_id, _content_type_id, used, _plain = entry
    found = visible_pages(request.user, Page.objects.filter(pk=page_id)).first()
    if found is None:
        return None, used
    getattr(request, VISIBLE_ATTR, set()).add(found.pk)
    return found.specific, used


def seen_visible(request, page) -> bool:
    """Whether ``find_route`` already found ``page`` visible to this request's user."""
    return page.pk in getattr(request, VISIBLE_ATTR, ())


def _load(entry):
    page_id, content_type_id, used, _plain = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id).first() if model is not None else None
    return page, used


def _remember(key: str, page, root, parent) -> None:
    if not page.path.startswith(root.path):
        return
    # The walk went down from the root one level a path component; whether every page
    # above this one routes the plain way (no sub-routes that a longer path could match)
    # tells whether a path under this one may be walked on from it.
    if parent is not None and page.pk == parent.pk:
        plain = True
    elif parent is not None and page.path[: -Page.steplen] == parent.path:
        plain = type(parent).route is Page.route
    else:
        above = [page.path[:n] for n in range(len(root.path), len(page.path), Page.steplen)]
        types = Page.objects.filter(path__in=above).values_list("content_type", flat=True)
        plain = all(_routes_plainly(content_type) for content_type in types)
    cache.set(key, (page.pk, page.content_type_id, page.depth - root.depth, plain), TIMEOUT)


def _continues(parent_entry, depth: int) -> bool:
    """Whether a path one component longer than the parent's may be walked on from the
    parent's page: the parent path led to that very page, through plain routes only."""
    return parent_entry is not None and parent_entry[2] == depth and parent_entry[3]


def _routes_plainly(content_type_id) -> bool:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is not None and model.route is Page.route


def _serve_chain(page, request, args, kwargs):
    return page.serve(request, *args, **kwargs)


def serve(request, path):
    """Wagtail's ``serve`` (same hooks, same order), with the route found by ``find_route``."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    setattr(request, VISIBLE_ATTR, set())
    route = find_route(request, site, [component for component in path.split("/") if component])
    if route is None:
        raise Http404
    page, args, kwargs = route
    chain = _serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for before in hooks.get_hooks("before_serve_page"):
        result = before(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)
