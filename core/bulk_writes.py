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

from django.db import transaction
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
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in suspended:
            post_save.connect(post_save_signal_handler, sender=model)


def bring_up_to_date(pages: Iterable) -> None:
    """Index ``pages`` (specific instances, as saved) in every search backend that follows
    saves, and rewrite their reference-index rows: what the suspended handlers would do."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    with transaction.atomic():
        for model, items in by_model.items():
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, items)
            for item in items:
                ReferenceIndex.create_or_update_for_object(item)
