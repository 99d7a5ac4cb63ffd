"""What the admin may offer an editor to choose: the visibility rule on any queryset.

A form field, a chooser, a listing or an autocomplete that offers objects to an editor reads
them through ``narrow(user, queryset)``. For pages (any Wagtail ``Page`` model) that is
``core.visibility.admin_visible_pages``, the one rule. Other models whose rows would reveal a
hidden page register how they follow the rule (``register_narrower``): an app that knows
the model (an issuer is hidden when only hidden documents use it) registers it at start-up,
and every form, chooser and listing built on ``narrow`` obeys without naming the model.

Narrowing leaves superusers' querysets unchanged, since the rule lets them see everything.
A form built without a user (code, not an editor) is narrowed as for an anonymous user: it
offers nothing hidden, and fails closed.
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from wagtail.models import Page

from .visibility import admin_visible_pages

Narrower = Callable[[object, QuerySet], QuerySet]

_narrowers: dict[type[Model], Narrower] = {}


def register_narrower(model: type[Model], narrower: Narrower) -> None:
    """Make ``narrower(user, queryset)`` what the admin offers ``user`` of ``model``."""
    _narrowers[model] = narrower


def narrower_for(model: type[Model]) -> Narrower | None:
    """The rule for ``model`` (pages: the visibility rule), or ``None`` if nothing is hidden."""
    if issubclass(model, Page):
        return admin_visible_pages
    for base in model.__mro__:
        if base in _narrowers:
            return _narrowers[base]
    return None


def is_narrowed(model: type[Model]) -> bool:
    return narrower_for(model) is not None


def narrow(user, queryset: QuerySet) -> QuerySet:
    """``queryset`` without what ``user`` may not see (unchanged for unruled models)."""
    narrower = narrower_for(queryset.model)
    if narrower is None:
        return queryset
    return narrower(user if user is not None else AnonymousUser(), queryset)


def may_see(user, obj: Model) -> bool:
    """Whether ``user`` may see ``obj`` in the admin (unruled models: always)."""
    model = type(obj)
    if narrower_for(model) is None or obj.pk is None:
        return True
    return narrow(user, model._default_manager.filter(pk=obj.pk)).exists()


def hidden_pks(user, model: type[Model], pks) -> set:
    """Which of ``pks`` (of ``model``) ``user`` may not see: missing ones are not hidden."""
    pks = {pk for pk in pks if pk is not None}
    if not pks or narrower_for(model) is None:
        return set()
    existing = set(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
    visible = narrow(user, model._default_manager.filter(pk__in=existing))
    return existing - set(visible.values_list("pk", flat=True))


def ruled_foreign_keys(model, skip=()) -> list:
    """The foreign keys of ``model`` to ruled models (pages...), other than ``skip``."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field not in skip
        and is_narrowed(field.related_model)
    ]


def without_hidden(user, obj, parent_key=None):
    """``obj`` (a copy not to be saved) as ``user`` may see it: references to hidden objects
    emptied, rows of its inline relations pointing at hidden pages dropped.

    For views that show an object's values, such as the comparison of two revisions: a
    hidden value then reads like a deleted one.
    """
    from modelcluster.models import get_all_child_relations

    for field in ruled_foreign_keys(type(obj), skip={parent_key}):
        if hidden_pks(user, field.related_model, [getattr(obj, field.attname)]):
            setattr(obj, field.name, None)
    for field in type(obj)._meta.many_to_many:
        if is_narrowed(field.related_model) and hasattr(getattr(obj, field.name), "commit"):
            related = list(getattr(obj, field.name).all())
            hidden = hidden_pks(user, field.related_model, [item.pk for item in related])
            getattr(obj, field.name).set([item for item in related if item.pk not in hidden])
    for relation in get_all_child_relations(type(obj)):
        manager = getattr(obj, relation.get_accessor_name())
        keep = []
        for row in manager.all():
            fields = ruled_foreign_keys(type(row), skip={relation.field})
            if any(hidden_pks(user, f.related_model, [getattr(row, f.attname)]) for f in fields):
                continue
            keep.append(without_hidden(user, row, parent_key=relation.field))
        manager.set(keep)
    return obj


def names_hidden_object(resolver_match, user) -> bool:
    """Whether an admin URL (a snippet's edit, delete, usage, history...) names by its
    ``pk`` an object of a ruled model other than pages that ``user`` may not see.

    The model is the one the view was built for (Wagtail's viewsets pass it to
    ``as_view``); pages are left to the page rules of ``core.admin_visibility``.
    """
    pk = resolver_match.kwargs.get("pk")
    initkwargs = getattr(resolver_match.func, "view_initkwargs", None) or {}
    model = initkwargs.get("model")
    if pk is None or not isinstance(model, type) or issubclass(model, Page):
        return False
    if narrower_for(model) is None:
        return False
    from django.contrib.admin.utils import unquote

    objects = model._default_manager.filter(pk=unquote(str(pk)))
    try:
        return objects.exists() and not narrow(user, objects).exists()
    except (TypeError, ValueError):
        return False
