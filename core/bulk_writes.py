"""Many pages written at once: the search index and reference index brought up to date once.

Every save of an indexed page makes Wagtail's signal handlers index it in every search
backend (through a task: at once in development, a queued task in production) and rewrite its
rows of the reference index ("usage"); a child row saved with the page (a relation, a tag)
does the latter again. Creating and publishing a page saves it three times, so a bulk write
did that work three or more times per page, each time reading the page back. Inside
``deferred_page_indexing`` the handlers are suspended for the given models; ``bring_up_to_date``
then does the same work once per page, with the final state of each page: the same rows as
the handlers would have left, for a fraction of the cost.

The suspension is process-wide (Django signals are): meant for management commands, which
write alone in their process.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_page_indexing(models: Iterable[type]) -> Iterator[None]:
    """Suspend search indexing on save of ``models`` and reference-index updates on save."""
    models = [model for model in models if index.class_is_indexed(model)]
    suspended = [
        model for model in models if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    token = _deferred_models.set(_deferred_models.get() | frozenset(models))
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _deferred_models.reset(token)
        for model in suspended:
            post_save.connect(post_save_signal_handler, sender=model)


_deferred_models: ContextVar[frozenset] = ContextVar("deferred_models", default=frozenset())


def indexing_deferred(model) -> bool:
    """True inside ``deferred_page_indexing`` of ``model`` (or a parent of it): whoever opened
    it indexes the pages of that model it writes, in their final state, so a change made to
    one of them inside (a restriction, an address) need not index it now as well."""
    return any(issubclass(model, deferred) for deferred in _deferred_models.get())


def bring_up_to_date(pages: Iterable) -> None:
    """Index ``pages`` (specific instances, as saved, their relations prefetched) in every
    search backend that follows saves, and rewrite their reference-index rows: what the
    suspended handlers would do."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    with transaction.atomic():
        for model, items in by_model.items():
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, items)
            rewrite_references(model, items)


_SLICE = 500  # ids per query (SQLite limits the parameters of one statement)


def rewrite_references(model, items: list) -> None:
    """``ReferenceIndex.create_or_update_for_object`` for many objects of ``model``: the same
    rows added and removed, with one read and one write for the lot instead of both per
    object (the steps are Wagtail's own, object by object, on rows read together)."""
    content_types = [
        ContentType.objects.get_for_model(each, for_concrete_model=False)
        for each in [model, *model._meta.get_parent_list()]
    ]
    content_type, base_content_type = content_types[0], content_types[-1]
    known_content_type_ids = {each.id for each in content_types}
    existing = defaultdict(dict)
    for start in range(0, len(items), _SLICE):
        rows = ReferenceIndex.objects.filter(
            base_content_type=base_content_type,
            object_id__in=[str(item.pk) for item in items[start : start + _SLICE]],
        ).values_list(
            "id",
            "content_type_id",
            "object_id",
            "to_content_type",
            "to_object_id",
            "model_path",
            "content_path",
        )
        for pk, content_type_id, object_id, *reference in rows:
            existing[object_id][tuple(reference)] = (content_type_id, pk)
    added, removed = [], []
    for item in items:
        references = set(ReferenceIndex._extract_references_from_object(item))
        stored = existing.get(str(item.pk), {})
        added += [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=item.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references
            - stored.keys()
        ]
        # A row of a more specific type than ``model`` holds references this one cannot see.
        removed += [
            pk
            for reference, (content_type_id, pk) in stored.items()
            if reference not in references and content_type_id in known_content_type_ids
        ]
    ignore = connection.features.supports_ignore_conflicts
    ReferenceIndex.objects.bulk_create(added, ignore_conflicts=ignore, batch_size=_SLICE)
    for start in range(0, len(removed), _SLICE):
        ReferenceIndex.objects.filter(id__in=removed[start : start + _SLICE]).delete()
