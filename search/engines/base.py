"""What every search engine receives: the text query and the scope (the small protocol).

An engine answers ``filter(entries, query, scope)`` (the matches, as a queryset usable for
counts and facets) and ``ranked_ids(...)`` (one page of ids in order); see
``search.engines.database`` and ``search.engines.cluster``. ``search.engines.engine()`` picks
one from the settings.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

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


class Engine:
    """What every engine answers; ``filter`` and ``ranked_ids`` are each engine's own."""

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
