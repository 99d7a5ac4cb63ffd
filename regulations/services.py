"""Write-side operations on documents, shared by the admin, the importer and tasks."""

from django.db import transaction
from django.db.models import Q
from wagtail.models import PageViewRestriction

from .models import DocumentRelation, PartyDocumentPage
from .relations import resolve_pending_relations
from .validity import refresh_validity


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


def after_document_published(document) -> None:
    """Secrecy, pending references, validity and attachment text after a publish."""
    from .tasks import enqueue_pending_extractions

    sync_secrecy(document, relax=True)
    resolve_pending_relations(document)
    # Two indexed conditions: an OR across the join scanned every document on each publish.
    targets = DocumentRelation.objects.filter(source=document).values("target_id")
    refresh_validity(PartyDocumentPage.objects.filter(Q(pk=document.pk) | Q(pk__in=targets)))
    # Keep only the id: an import publishes thousands of pages in one transaction.
    document_id = document.pk
    transaction.on_commit(lambda: enqueue_pending_extractions(document_id))


def after_document_unpublished(document) -> None:
    """Documents this one replaced or amended may be back in force."""

    refresh_validity(PartyDocumentPage.objects.filter(incoming_relations__source=document))
