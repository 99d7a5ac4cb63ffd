"""Page models hold data; what a page shows, and the views of its sub-routes, live above them.

Wagtail pages render themselves (``get_context``, the routes of ``RoutablePageMixin``). Written
on the model, that code imports the services and views that read the app's own tables, which
import the models: a cycle in every app. Instead, a module above the models (``<app>/pages.py``)
registers, for a page model, the function that adds to its context (``context_for``) and the
view of each named route (``view_for``); the app's ``AppConfig.ready`` imports that module.
Models then import nothing above them:

    models  <-  services, selectors  <-  pages (context, route views)  <-  apps.ready

A page model takes ``RegisteredContext`` as a base; a routable page's route method calls
``route_view(self, "name", request, ...)``. Functions registered for a base model apply to
its subclasses, base first.
"""

from collections.abc import Callable

ContextFunction = Callable[..., dict]

_context: dict[type, list[ContextFunction]] = {}
_views: dict[tuple[type, str], Callable] = {}


def context_for(model: type) -> Callable[[ContextFunction], ContextFunction]:
    """Register ``function(page, request) -> dict`` as part of ``model``'s page context."""

    def register(function: ContextFunction) -> ContextFunction:
        functions = _context.setdefault(model, [])
        if function not in functions:
            functions.append(function)
        return function

    return register


def view_for(model: type, name: str) -> Callable[[Callable], Callable]:
    """Register ``view(page, request, *args, **kwargs)`` as ``model``'s route ``name``."""

    def register(view: Callable) -> Callable:
        _views[(model, name)] = view
        return view

    return register


class RegisteredContext:
    """Page model base: the context is Wagtail's plus what was registered for the model."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for model in reversed(type(self).__mro__):
            for function in _context.get(model, ()):
                context.update(function(self, request))
        return context


def route_view(page, name: str, request, *args, **kwargs):
    """Answer the route ``name`` of ``page`` with the view registered for its model."""
    for model in type(page).__mro__:
        view = _views.get((model, name))
        if view is not None:
            return view(page, request, *args, **kwargs)
    raise LookupError(f"No view registered for {type(page).__name__}.{name}")
