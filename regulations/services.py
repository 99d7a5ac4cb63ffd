"""Write-side operations on documents, shared by the admin, the importer and tasks."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.db.models import Q
from wagtail.models import PageViewRestriction

from .models import DocumentAttachment, DocumentRelation, PartyDocumentPage
from .relations import resolve_pending_relations
from .validity import refresh_validity, refresh_validity_of


def sync_secrecy(document, *, relax: bool) -> None:
    """Make the page's view restriction match its secrecy mark and groups.

    Secret documents get a group restriction (Wagtail's own mechanism, so every channel
    that uses ``core.visibility`` obeys it). With ``relax=False`` (a draft being edited)
    restrictions are only added or tightened, never lifted: the live version may still be
    secret until the draft is published.
    """
    groups = list(document.restricted_groups.all()) if document.pk else []
    restriction = PageViewRestriction.objects.filter(
        page=document, restriction_type=PageViewRestriction.GROUPS
    ).first()
    if document.confidentiality or groups:
        if restriction is None:
            restriction = PageViewRestriction.objects.create(
                page=document, restriction_type=PageViewRestriction.GROUPS
            )
        if relax or not restriction.groups.exists():
            restriction.groups.set(groups)
        else:
            keep = set(restriction.groups.values_list("pk", flat=True))
            restriction.groups.set([g for g in groups if g.pk in keep] or [])
    elif restriction is not None and relax:
        restriction.delete()


# The documents published inside ``deferred_validity``, whose validity is refreshed later.
_published_later: ContextVar[list[int] | None] = ContextVar("published_later", default=None)


def after_document_published(document, *, created: bool = False) -> None:
    """Secrecy, pending references, validity and attachment text after a publish.

    ``created``: the page did not exist before this publish (an import's bulk writer), so
    it has no view restriction yet: a public one needs none.
    """
    if not created or document.confidentiality or document.restricted_groups.all():
        sync_secrecy(document, relax=True)
    resolve_pending_relations(document)
    deferred = _published_later.get()
    if deferred is not None:
        deferred.append(document.pk)
        return
    # Two indexed conditions: an OR across the join scanned every document on each publish.
    targets = DocumentRelation.objects.filter(source=document).values("target_id")
    refresh_validity(PartyDocumentPage.objects.filter(Q(pk=document.pk) | Q(pk__in=targets)))
    _extract_attachments_after_commit([document.pk])


def _extract_attachments_after_commit(document_ids: list[int]) -> None:
    from .tasks import enqueue_pending_extractions

    for document_id in document_ids:  # only the ids: an import publishes thousands of pages
        transaction.on_commit(partial(enqueue_pending_extractions, document_id))


@contextmanager
def deferred_validity() -> Iterator[list[int]]:
    """Publishing without the validity refresh of each publish; yields the ids of the
    documents published inside, which the caller gives to ``refresh_after_bulk_write``.

    Validity follows from the stored state alone (``validity.compute_validity``), so one
    refresh at the end leaves what a refresh after each publish would have left; secrecy
    and pending references stay per publish, where their order matters.
    """
    published: list[int] = []
    token = _published_later.set(published)
    try:
        yield published
    finally:
        _published_later.reset(token)


def validity_deferred() -> bool:
    """True inside ``deferred_validity``: whoever opened it refreshes the validity of the
    documents written inside and of the documents their relations point to."""
    return _published_later.get() is not None


def refresh_after_bulk_write(written: list[int], published: list[int]) -> list[int]:
    """The validity of the documents written (and published) by a bulk write and of the
    documents they point to, refreshed at once; attachment text extraction queued for the
    published ones. Returns the ids whose validity changed (to be indexed again)."""
    affected = set(written)
    for start in range(0, len(written), 2000):  # SQLite limits the parameters of one query
        relations = DocumentRelation.objects.filter(source__in=written[start : start + 2000])
        affected.update(relations.filter(target__isnull=False).values_list("target_id", flat=True))
    _extract_attachments_after_commit(_with_pending_attachments(published))
    return refresh_validity_of(sorted(affected))


def _with_pending_attachments(document_ids: list[int]) -> list[int]:
    """Those of ``document_ids`` with attachments waiting for their text (most have none: a
    query for them all rather than one per document after the commit)."""
    found = set()
    for start in range(0, len(document_ids), 2000):
        pending = DocumentAttachment.objects.filter(
            page_id__in=document_ids[start : start + 2000],
            extraction_status=DocumentAttachment.Extraction.PENDING,
        )
        found.update(pending.values_list("page_id", flat=True))
    return [pk for pk in document_ids if pk in found]


def after_document_unpublished(document) -> None:
    """Documents this one replaced or amended may be back in force."""

    refresh_validity(PartyDocumentPage.objects.filter(incoming_relations__source=document))
