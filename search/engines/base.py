"""What every search engine receives: the text query and the scope (the small protocol).

An engine answers ``filter(entries, query, scope)`` (the matches, as a queryset),
``ranked_ids(...)`` (one page of ids in order), ``counts(...)`` (the result count and the
facets) and ``dated_ids(...)`` (one page, newest first); see ``search.engines.database`` and
``search.engines.cluster``. The last two default to the database, over the matches as a
queryset; a cluster answers them from its own index (aggregations), so that a broad query does
not hand thousands of ids to the database. ``search.engines.engine()`` picks one from the
settings.
"""

from dataclasses import dataclass, field, replace

from django.db.models import F, Q, QuerySet

from ..facets import FacetCounts, facet_counts, filtered

MARKED_BONUS = 1000.0  # every marked word as typed: above any folded-only match
TITLE_BONUS = 100.0  # every word in the title: above matches spread over the body
TITLE_WEIGHT = 10.0


@dataclass(frozen=True)
class TextQuery:
    """Folded term groups (each: a word and its accepted corrections), phrases, and mode."""

    groups: tuple[tuple[str, ...], ...]
    phrases: tuple[tuple[str, ...], ...]
    match_all: bool = True
    prefix_last: bool = False
    marked_groups: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.groups and not self.phrases


@dataclass(frozen=True)
class Scope:
    """How the entries handed to an engine were narrowed, for an engine outside the database.

    Elasticsearch cannot read a queryset, so the service also says: the user's groups
    (``None``: a superuser, every page), the facet filters, and ids to leave out. The SQL
    engines ignore it (the queryset already says all this); it is optional everywhere.
    """

    allowed_groups: tuple[int, ...] | None = None
    filters: dict[str, str] = field(default_factory=dict)
    exclude_ids: tuple[int, ...] = ()
    # entries that match whatever the text says (the document-number hits), for counts
    # and the date order; ``ranked_ids`` never receives them (number hits come first)
    include_ids: tuple[int, ...] = ()


class Engine:
    """What every engine answers; ``condition``, ``filter`` and ``ranked_ids`` are each
    engine's own."""

    def condition(self, query: TextQuery, *, scope: Scope | None = None) -> Q:
        """The match as a condition on entries (to combine with others in one query)."""
        raise NotImplementedError

    def filter(self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None):
        raise NotImplementedError

    def ranked_ids(
        self,
        entries: QuerySet,
        query: TextQuery,
        by_date: bool,
        limit: int,
        offset: int,
        *,
        scope: Scope | None = None,
    ) -> list[int]:
        raise NotImplementedError

    def any_match(self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None):
        """Whether any entry matches (the typo correction asks before it corrects)."""
        return self.filter(entries, query, scope=scope).exists()

    def matching(
        self, entries: QuerySet, query: TextQuery, scope: Scope, match: Q | None = None
    ) -> QuerySet:
        """``entries`` that match ``query`` or are among ``scope.include_ids``, before the
        facet filters, as one condition (no self-join: on PostgreSQL a subquery made every
        match's vector be read twice). ``match``: the match written another way, for a part
        of the entries an engine can ask faster (SQLite's sample)."""
        if query.empty:
            return entries.filter(pk__in=scope.include_ids)
        if match is None:
            match = self.condition(query, scope=replace(scope, filters={}, include_ids=()))
        return entries.filter(match | Q(pk__in=scope.include_ids))

    def counts(
        self, entries: QuerySet, query: TextQuery, names: tuple[str, ...], *, scope: Scope
    ) -> FacetCounts:
        """The count of the matches under ``scope.filters`` and, for each facet of ``names``,
        its values' counts under the other filters (``search.facets``)."""
        return facet_counts(self.matching(entries, query, scope), scope.filters, names)

    def dated_ids(
        self, entries: QuerySet, query: TextQuery, limit: int, offset: int, *, scope: Scope
    ) -> list[int]:
        """One page of the matches under ``scope.filters``, newest first."""
        results = filtered(self.matching(entries, query, scope), scope.filters)
        # undated pages (a Chỉ thị 05 topic, a standard page) last on every database:
        # PostgreSQL puts NULLs first in a plain descending order
        ordered = results.order_by(F("date").desc(nulls_last=True), "-pk")
        return list(ordered.values_list("pk", flat=True)[offset : offset + limit])
