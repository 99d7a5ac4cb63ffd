"""Re-index a subtree when its view restrictions change (a page becomes secret, or not) or
when it is moved (under or out of a restricted section)."""

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from core.bulk_writes import indexing_deferred

from .backend import index_page


def reindex_subtree(page_id: int) -> None:
    """Index the page and its descendants again, their rows locked first (PostgreSQL): an
    indexing that read them before this change (an import's second process,
    ``regulations.import_indexing``) then commits before this one reads them, and cannot
    write an entry older than the restriction after it."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    subtree = Page.objects.descendant_of(page, inclusive=True)
    with transaction.atomic():
        if connection.features.has_select_for_update:
            list(subtree.order_by("pk").select_for_update(no_key=True).values_list("pk"))
        for descendant in subtree.specific().iterator():
            if not indexing_deferred(type(descendant)):  # a bulk write indexes its own pages
                index_page(descendant)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="search_restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted")
def restriction_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_subtree(instance.page_id)


@receiver(
    m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="search_groups_changed"
)
def restriction_groups_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        reindex_subtree(instance.page_id)


@receiver(post_page_move, dispatch_uid="search_page_moved")
def page_moved(sender, instance, **kwargs):
    """A moved subtree may come under (or out of) a restriction, and its URLs change: Wagtail
    saves only the moved page itself, its descendants' paths are updated without signals."""
    reindex_subtree(instance.pk)
