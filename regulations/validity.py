"""Validity (tình trạng hiệu lực) follows from dates and relations, unless overridden.

The stored validity (filters, facet counts, search, the API, feeds, exports) is what every
reader of the document may know: a relation counts only when every member who may see the
document may also see the document it comes from (``core.visibility.seen_by_every_reader``).
A secret document that repeals a public one therefore leaves it "in force" for everyone;
its own readers are told otherwise on the document's page (``validity_for``), as something
only they know (docs/documents.md, "Secret documents and public state").
"""

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.visibility import (
    reader_rules,
    seen_by_every_reader,
    seen_by_every_reader_of,
    shutting_paths,
    visible_pages,
)

from .choices import RelationType, Validity
from .models import DocumentRelation, PartyDocumentPage

_SLICE = 2000  # ids per query (SQLite limits the parameters of one query)
ENDING_RELATIONS = {RelationType.REPLACES, RelationType.REPEALS}
VALIDITY_RELATIONS = {*ENDING_RELATIONS, RelationType.SUSPENDS}  # those that shape validity


def counting_relations() -> QuerySet:
    """The relations that may shape a document's stored validity: from live documents that
    every reader of the target may see (a draft that would replace a regulation does not
    end it, nor does a document some of its readers may not know of)."""
    return DocumentRelation.objects.filter(source__live=True).filter(
        seen_by_every_reader("source__path", "target__path")
    )


def compute_validity(document, today: date | None = None, relations=None) -> str:
    """The validity of ``document`` today, from its override, incoming relations and dates.

    Only relations from live documents that are themselves in effect count, and of those,
    ``relations`` (default: ``counting_relations()``, the stored validity's).
    """
    if document.validity_override:
        return document.validity_override
    today = today or timezone.localdate()
    relations = counting_relations() if relations is None else relations
    incoming = _effective_incoming_types(document, today, relations) if document.pk else set()
    return _validity_from(document, incoming, today)


def _validity_from(document, incoming: set[str], today: date) -> str:
    """The rule itself: the override, then the relations in effect (``incoming``), then dates."""
    if document.validity_override:
        return document.validity_override
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


def validity_for(document, user, today: date | None = None) -> str:
    """The validity of ``document`` as ``user`` may know it: from the live documents they
    may see. It differs from the stored one only for readers of a secret document that
    replaces, repeals or suspends it (or of one it was restricted with)."""
    sources = visible_pages(user, PartyDocumentPage.objects.all()).values("pk")
    seen = DocumentRelation.objects.filter(source__live=True, source__in=sources)
    return compute_validity(document, today, seen)


def _effective_incoming_types(document, today: date, relations) -> set[str]:
    relations = relations.filter(target=document).values_list(
        "relation_type", "source__effective_on", "source__issued_on"
    )
    return {
        relation_type
        for relation_type, effective_on, issued_on in relations
        if (effective_on or issued_on) <= today
    }


def _counting_relations_to(ids: list[int], shutting: list[str]):
    """(target, type, start of the source) of ``counting_relations()`` to ``ids``.

    A relation from a document no restriction applies to counts whatever its target (its
    source is seen by everyone); the condition is asked of the others only, in Python from
    the restrictions read once (``seen_by_every_reader_of``): as SQL, applied to every
    relation of a list of targets, SQLite's plan took 5 s per 500 documents at 6,500.
    """
    rows = DocumentRelation.objects.filter(target__in=ids, source__live=True).values_list(
        "target_id", "relation_type", "source__effective_on", "source__issued_on",
        "source__path", "target__path",
    )  # fmt: skip
    rules = None
    for target_id, relation_type, effective_on, issued_on, path, target_path in rows:
        if any(path.startswith(prefix) for prefix in shutting):
            # ``counting_relations``'s condition, asked of the restrictions read once (the SQL
            # condition per relation took seconds a chunk at 20,000 documents)
            rules = reader_rules() if rules is None else rules
            if not seen_by_every_reader_of(path, target_path, rules):
                continue
        yield target_id, relation_type, effective_on or issued_on


def refresh_validity_of(document_ids: list[int], today: date | None = None) -> list[int]:
    """``refresh_validity`` for many documents at once, without re-indexing: the incoming
    relations of all of them in one query and one UPDATE per new value, instead of a query
    and an UPDATE per document. Returns the ids whose validity changed, for the caller to
    index (a bulk import indexes its pages once, after this)."""
    today = today or timezone.localdate()
    incoming: dict[int, set[str]] = defaultdict(set)
    changed: dict[str, list[int]] = defaultdict(list)
    shutting = shutting_paths()
    for start in range(0, len(document_ids), _SLICE):
        ids = document_ids[start : start + _SLICE]
        for target_id, relation_type, began in _counting_relations_to(ids, shutting):
            if began <= today:
                incoming[target_id].add(relation_type)
        documents = PartyDocumentPage.objects.filter(pk__in=ids).only(
            "validity", "validity_override", "expires_on", "effective_on", "issued_on"
        )
        for document in documents:
            value = _validity_from(document, incoming[document.pk], today)
            if value != document.validity:
                changed[value].append(document.pk)
    for value, ids in changed.items():
        for start in range(0, len(ids), _SLICE):
            PartyDocumentPage.objects.filter(pk__in=ids[start : start + _SLICE]).update(
                validity=value
            )
    return [pk for ids in changed.values() for pk in ids]


def refresh_validity(documents, today: date | None = None) -> int:
    """Recompute and store the validity of ``documents``; returns how many changed.

    The search indexes show and filter by validity, so a changed document is re-indexed
    (``update()`` sends no save signal for Wagtail's search framework to follow).
    """
    from wagtail.search import index

    changed = 0
    for document in documents:
        value = compute_validity(document, today)
        if value != document.validity:
            PartyDocumentPage.objects.filter(pk=document.pk).update(validity=value)
            document.validity = value
            index.insert_or_update_object(document.specific)
            changed += 1
    return changed


def stale_documents(today: date | None = None):
    """Documents whose stored validity no longer follows from today's date and relations.

    Validity is stored (for filters and counts) but depends on today: a document comes into
    force on its effective date, expires on its expiry date, and ends when a live document
    replacing, repealing or suspending it takes effect. It also comes back when such a
    relation is removed (an edit or a corrected import line).
    """

    today = today or timezone.localdate()

    def started(types):
        return Exists(
            counting_relations()
            .filter(target=OuterRef("pk"), relation_type__in=types)
            .annotate(start=Coalesce("source__effective_on", "source__issued_on"))
            .filter(start__lte=today)
        )

    ending, suspending = started(ENDING_RELATIONS), started([RelationType.SUSPENDS])
    expired, suspended = Validity.EXPIRED, Validity.SUSPENDED
    return (
        PartyDocumentPage.objects.filter(validity_override="")
        .annotate(start=Coalesce("effective_on", "issued_on"))
        .filter(
            Q(validity=Validity.NOT_YET, start__lte=today)
            | (Q(expires_on__lt=today) & ~Q(validity=expired))
            | (ending & ~Q(validity=expired))
            | (suspending & ~Q(validity__in=[expired, suspended]))
            | (Q(validity=expired) & ~ending & ~Q(expires_on__lt=today))
            | (Q(validity=suspended) & ~suspending)
        )
    )


def refresh_due_validity(today: date | None = None) -> int:
    """Bring stale stored validity up to date (one query when nothing is due)."""
    return refresh_validity(stale_documents(today), today)


def refresh_validity_daily() -> int:
    """``refresh_due_validity`` at most once a day (per cache), for the pages that show validity.

    Dates change validity only when the day changes, and edits refresh what they touch, so
    the check (a scan of the documents, ~35 ms for 10,000 on SQLite) need not run per request.
    """
    from django.core.cache import cache

    today = timezone.localdate()
    if not cache.add(f"regulations:validity-checked:{today.isoformat()}", True, 26 * 3600):
        return 0
    return refresh_due_validity(today)
