"""Relations between documents: shown in both directions, resolved when targets arrive."""

from dataclasses import dataclass

from django.db.models import Q

from core.visibility import visible_pages

from .choices import RelationType
from .models import DocumentRelation, PartyDocumentPage


@dataclass(frozen=True)
class RelationLine:
    """One line of a document's relations list, from the point of view of that document."""

    label: str
    relation_type: str
    document: object | None  # the related page when it is in the library and visible
    number: str
    issued_on: object | None
    outgoing: bool


def relations_for(document, user, *, preview: bool = False) -> dict:
    """Both directions of ``document``'s relations, keeping only what ``user`` may see.

    A relation to a document the user may not see is dropped entirely (not even its
    number is shown); a relation to a document not yet in the library shows its number.
    In a preview the outgoing relations are the editor's, still in memory (the form's),
    and a document not saved yet has no incoming ones.
    """

    if preview or document.pk is None:
        outgoing = sorted(document.outgoing_relations.all(), key=lambda r: r.sort_order or 0)
        incoming = []
        if document.pk is not None:
            incoming = list(DocumentRelation.objects.filter(target=document))
    else:
        # Both directions in one query of the relation rows alone (most documents have none);
        # the documents at their other ends follow in one more query, when there are any.
        rows = list(
            DocumentRelation.objects.filter(Q(source=document) | Q(target=document)).order_by(
                "sort_order", "pk"
            )
        )
        outgoing = [r for r in rows if r.source_id == document.pk]
        incoming = [r for r in rows if r.target_id == document.pk]
    related_ids = {r.target_id for r in outgoing if r.target_id} | {r.source_id for r in incoming}
    visible = {}
    if related_ids:
        documents = PartyDocumentPage.objects.filter(pk__in=related_ids)
        visible = {doc.pk: doc for doc in visible_pages(user, documents)}
    incoming = sorted(
        (r for r in incoming if r.source_id in visible),
        key=lambda r: (visible[r.source_id].issued_on, r.pk),
    )
    lines = []
    for relation in outgoing:
        if relation.target_id and relation.target_id not in visible:
            continue
        target = visible.get(relation.target_id)
        lines.append(
            RelationLine(
                label=relation.get_relation_type_display(),
                relation_type=relation.relation_type,
                document=target,
                # Filled in from the target on save; a preview has not saved yet.
                number=target.number if target else relation.target_number,
                issued_on=target.issued_on if target else relation.target_issued_on,
                outgoing=True,
            )
        )
    for relation in incoming:
        source = visible[relation.source_id]
        lines.append(
            RelationLine(
                label=relation.passive_label,
                relation_type=relation.relation_type,
                document=source,
                number=source.number,
                issued_on=source.issued_on,
                outgoing=False,
            )
        )
    return {
        "lines": lines,
        "replaced_by": _incoming_of(lines, {RelationType.REPLACES, RelationType.REPEALS}),
        "amended_by": _incoming_of(lines, {RelationType.AMENDS, RelationType.SUPPLEMENTS}),
        "pending": [line for line in lines if line.outgoing and line.document is None],
    }


def _incoming_of(lines, types) -> list[RelationLine]:
    return [line for line in lines if not line.outgoing and line.relation_type in types]


def resolve_pending_relations(document) -> int:
    """Point relations still waiting for ``document``'s number at it; returns how many.

    A reference with a date matches only that date; a reference without a date matches
    only when exactly one document carries that number.
    """

    pending = DocumentRelation.objects.filter(
        target__isnull=True, target_number_key_folded=document.number_key_folded
    ).exclude(source=document)
    dated = pending.filter(target_issued_on=document.issued_on)
    resolved = dated.update(target=document)
    same_number = PartyDocumentPage.objects.filter(number_key_folded=document.number_key_folded)
    if same_number.count() == 1:
        resolved += pending.filter(target_issued_on__isnull=True).update(target=document)
    return resolved


def affected_by(document):
    """Documents whose validity may change when ``document``'s relations or state change."""

    return PartyDocumentPage.objects.filter(
        Q(pk=document.pk) | Q(incoming_relations__source=document)
    ).distinct()
