"""Validity (tình trạng hiệu lực) follows from dates and relations, unless overridden."""

from datetime import date

from django.utils import timezone

from .choices import RelationType, Validity

ENDING_RELATIONS = {RelationType.REPLACES, RelationType.REPEALS}


def compute_validity(document, today: date | None = None) -> str:
    """The validity of ``document`` today, from its override, incoming relations and dates.

    Only relations from live documents that are themselves in effect count: a draft that
    would replace a regulation does not end it.
    """
    if document.validity_override:
        return document.validity_override
    today = today or timezone.localdate()
    incoming = _effective_incoming_types(document, today) if document.pk else set()
    if incoming & ENDING_RELATIONS:
        return Validity.EXPIRED
    if RelationType.SUSPENDS in incoming:
        return Validity.SUSPENDED
    if document.expires_on and document.expires_on < today:
        return Validity.EXPIRED
    start = document.effective_on or document.issued_on
    if start and start > today:
        return Validity.NOT_YET
    if start is None:
        return Validity.UNKNOWN
    return Validity.IN_FORCE


def _effective_incoming_types(document, today: date) -> set[str]:
    from .models import DocumentRelation

    relations = DocumentRelation.objects.filter(target=document, source__live=True).values_list(
        "relation_type", "source__effective_on", "source__issued_on"
    )
    return {
        relation_type
        for relation_type, effective_on, issued_on in relations
        if (effective_on or issued_on) <= today
    }


def refresh_validity(documents, today: date | None = None) -> int:
    """Recompute and store the validity of ``documents``; returns how many changed."""
    from .models import PartyDocumentPage

    changed = 0
    for document in documents:
        value = compute_validity(document, today)
        if value != document.validity:
            PartyDocumentPage.objects.filter(pk=document.pk).update(validity=value)
            document.validity = value
            changed += 1
    return changed
