"""Relations between documents: shown in both directions, resolved when targets arrive."""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import F, Q, Value

from core.visibility import (
    reader_rules,
    restricted_for_someone,
    seen_by_every_reader,
    seen_by_every_reader_of,
    shutting_paths,
    visible_pages,
)

from .choices import RelationType
from .models import DocumentRelation, PartyDocumentPage
from .validity import refresh_validity


@dataclass(frozen=True)
class RelationLine:
    """One line of a document's relations list, from the point of view of that document."""

    label: str
    relation_type: str
    document: object | None  # the related page when it is in the library and visible
    number: str
    issued_on: object | None
    outgoing: bool
    # The related document is one some readers of this document may not see: the line is
    # known only to those who may see both (a secret document's readers).
    known_to_few: bool = False


def relations_for(document, user, *, preview: bool = False) -> dict:
    """Both directions of ``document``'s relations, as ``user`` may know them.

    A citation of a document the user may not see reads exactly like a citation of one not
    in the library: the number and date the citing document recorded, "not in the library".
    A relation *from* a document the user may not see is not shown at all (it is the other
    document's content, as absent as if it did not exist). In a preview the outgoing
    relations are the editor's, still in memory (the form's), and a document not saved yet
    has no incoming ones.
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
    visible, shared = {}, set()
    if related_ids:
        documents = PartyDocumentPage.objects.filter(pk__in=related_ids)
        documents = visible_pages(user, documents).annotate(shared=_reaches_readers_of(document))
        visible = {doc.pk: doc for doc in documents}
        shared = {pk for pk, doc in visible.items() if doc.shared}
    incoming = sorted(
        (r for r in incoming if r.source_id in visible),
        key=lambda r: (visible[r.source_id].issued_on, r.pk),
    )
    lines = [_outgoing_line(relation, visible, shared) for relation in outgoing]
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
                known_to_few=source.pk not in shared,
            )
        )
    return {
        "lines": lines,
        "replaced_by": _incoming_of(lines, {RelationType.REPLACES, RelationType.REPEALS}),
        "amended_by": _incoming_of(lines, {RelationType.AMENDS, RelationType.SUPPLEMENTS}),
        "pending": [line for line in lines if line.outgoing and line.document is None],
    }


def _outgoing_line(relation, visible: dict, shared: set) -> RelationLine:
    target = visible.get(relation.target_id)
    return RelationLine(
        label=relation.get_relation_type_display(),
        relation_type=relation.relation_type,
        document=target,
        # Filled in from the target on save; a preview has not saved yet. A target the user
        # may not see gives nothing of its own: the citation as recorded, like a missing one.
        number=target.number if target else relation.target_number,
        issued_on=target.issued_on if target else relation.target_issued_on,
        outgoing=True,
        known_to_few=target is not None and target.pk not in shared,
    )


def _incoming_of(lines, types) -> list[RelationLine]:
    return [line for line in lines if not line.outgoing and line.relation_type in types]


def _reaches_readers_of(document):
    """True for documents that every member who may see ``document`` may see too."""
    if document.path:
        return seen_by_every_reader("path", Value(document.path))
    return ~restricted_for_someone()  # not saved yet: its readers are not known: everyone


def choose_target(source, key_folded: str, issued_on, *, created_before: int | None = None):
    """The document that a reference of ``source`` (a folded number key, a date or None)
    designates, or None when there is none or more than one.

    A document every reader of ``source`` may see comes first, so a public document's
    citation resolves to the public document of that number whatever secret documents share
    it (their readers only, who may see both, could tell the difference). Failing one, the
    only document of that number, which some readers of ``source`` may not see: they read
    the citation as not in the library.
    """
    candidates = PartyDocumentPage.objects.filter(number_key_folded=key_folded)
    if created_before is not None:
        candidates = candidates.filter(pk__lt=created_before)
    if source.pk:
        candidates = candidates.exclude(pk=source.pk)
    if issued_on:
        candidates = candidates.filter(issued_on=issued_on)
    found = list(candidates[:2])
    if len(found) < 2:  # the only one, whether or not every reader of ``source`` may see it
        return found[0] if found else None
    audience = candidates.filter(_reaches_readers_of(source))
    for group in (audience, candidates):
        found = list(group[:2])
        if found:
            return found[0] if len(found) == 1 else None
    return None


# Inside ``citations_read_for``: the folded keys read, and the documents citing each.
_citations_read: ContextVar[tuple[set, dict] | None] = ContextVar("citations_read", default=None)


@contextmanager
def citations_read_for(documents) -> Iterator[None]:
    """Tell ``resolve_pending_relations`` which references cite the numbers of ``documents``,
    read in one query per slice rather than one per document (a bulk import publishing a
    chunk): their sources, dates, and whether they may be open (no target, or one that some
    member may not see; the exact condition is then asked). Exact while no reference to these
    numbers is written inside: resolving one only moves it, from no target or one some may
    not see, and a reference with a target every member sees is never moved."""
    keys = {document.number_key_folded for document in documents}
    citing = defaultdict(list)
    ordered, shut = sorted(keys), shutting_paths()
    for start in range(0, len(ordered), 400):  # SQLite limits the parameters of one query
        rows = DocumentRelation.objects.filter(
            target_number_key_folded__in=ordered[start : start + 400]
        ).values_list("target_number_key_folded", "source_id", "target_issued_on", "target__path")
        for key, source_id, issued_on, target_path in rows:
            open_ = target_path is None or any(target_path.startswith(path) for path in shut)
            citing[key].append((source_id, issued_on, open_))
    token = _citations_read.set((keys, citing))
    try:
        yield
    finally:
        _citations_read.reset(token)


def resolve_pending_relations(document, rules=None) -> int:
    """Point references that ``document`` may answer at the document they designate
    (``choose_target``); returns how many changed. ``rules``: ``reader_rules()`` when the
    caller resolves for many documents.

    A reference is open while it has no target or one that some readers of its source may
    not see (a better one may arrive: the public document of a number a secret one shares).
    A reference with a date matches only that date; one without a date matches only when a
    single document carries that number.
    """
    citing = DocumentRelation.objects.filter(target_number_key_folded=document.number_key_folded)
    read = _citations_read.get()
    if read is not None and document.number_key_folded in read[0]:
        may_be_open = (
            source_id != document.pk and issued_on in (None, document.issued_on) and open_
            for source_id, issued_on, open_ in read[1].get(document.number_key_folded, ())
        )
        if not any(may_be_open):
            return 0
    elif not citing.exclude(source=document).exists():  # most documents: no costlier query
        return 0
    citing = (
        citing.exclude(source=document)
        .filter(Q(target_issued_on__isnull=True) | Q(target_issued_on=document.issued_on))
        .select_related("source")
        .annotate(target_path=F("target__path"))
    )
    rules = reader_rules() if rules is None else rules
    resolved, left = 0, set()
    for reference in citing:
        if reference.target_id is not None and seen_by_every_reader_of(
            reference.target_path, reference.source.path, rules
        ):
            continue  # not open: its target is one every reader of its source may see
        target = choose_target(
            reference.source, reference.target_number_key_folded, reference.target_issued_on
        )
        if target is not None and target.pk != reference.target_id:
            DocumentRelation.objects.filter(pk=reference.pk).update(target=target)
            left.add(reference.target_id)
            resolved += 1
    if left - {None}:  # a document a reference moved away from may be back in force
        refresh_validity(PartyDocumentPage.objects.filter(pk__in=left - {None}))
    return resolved


def affected_by(document):
    """Documents whose validity may change when ``document``'s relations or state change."""

    return PartyDocumentPage.objects.filter(
        Q(pk=document.pk) | Q(incoming_relations__source=document)
    ).distinct()
