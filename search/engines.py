"""Full-text matching and ranking on each database: SQLite FTS5 and PostgreSQL.

Both receive the same term groups and phrases (already folded and corrected) and answer
the same questions, so results agree across databases:

* which entries match (a filter usable for counts and facets);
* the entries of one page of results, ranked: matches whose *marked* text also matches
  a marked query come first, then matches with every word in the title, then by relevance
  (title weighted above body), or by date. SQLite adds the bonuses below to BM25; PostgreSQL
  reads the same order tier by tier (``PostgresEngine._tiers``), which at 100,000 entries
  spares scoring every match of a broad query.
"""

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

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


class SqliteEngine:
    folded_columns = "{folded_title folded_text}"
    marked_columns = "{marked_title marked_text}"

    def index_scans(self):
        return nullcontext()  # FTS5 matches through its own index already

    def _expression(self, groups, phrases, match_all: bool, prefix_last: bool, columns: str):
        parts = []
        for position, group in enumerate(groups):
            last = prefix_last and position == len(groups) - 1
            alternatives = [f'"{word}"' + ("*" if last else "") for word in group]
            parts.append("(" + " OR ".join(alternatives) + ")")
        parts.extend('"' + " ".join(phrase) + '"' for phrase in phrases)
        joiner = " AND " if match_all else " OR "
        return f"{columns} : ({joiner.join(parts)})"

    def folded(self, query: TextQuery) -> str:
        return self._expression(
            query.groups, query.phrases, query.match_all, query.prefix_last, self.folded_columns
        )

    def marked(self, query: TextQuery) -> str | None:
        if not query.marked_groups:
            return None
        return self._expression(
            query.marked_groups, (), query.match_all, query.prefix_last, self.marked_columns
        )

    def in_title(self, query: TextQuery) -> str:
        return self._expression(
            query.groups, query.phrases, query.match_all, query.prefix_last, "{folded_title}"
        )

    def condition(self, query: TextQuery, *, scope: Scope | None = None) -> Q:
        """The match as a condition on entries (to combine with others in one query)."""
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self.folded(query)]
            )
        )

    def filter(
        self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None
    ) -> QuerySet:
        return entries.filter(self.condition(query))

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
        try:
            base_sql, base_params = entries.values("pk").query.sql_with_params()
        except EmptyResultSet:  # entries.none(): an anonymous user, an impossible filter
            return []
        bonus_case = (
            "CASE WHEN f.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
            "THEN {bonus} ELSE 0 END"
        )
        bonus_sql = bonus_case.format(bonus=TITLE_BONUS)
        bonus_params = [self.in_title(query)]
        marked = self.marked(query)
        if marked:
            bonus_sql += " + " + bonus_case.format(bonus=MARKED_BONUS)
            bonus_params.append(marked)
        relevance = f"(-bm25(search_fts, {TITLE_WEIGHT}, 1.0, 0.0, 0.0) + {bonus_sql})"
        order = (
            "e.date IS NULL, e.date DESC, e.id DESC" if by_date else f"{relevance} DESC, e.id DESC"
        )
        sql = (
            "SELECT e.id FROM search_fts f JOIN search_searchentry e ON e.id = f.rowid "
            f"WHERE search_fts MATCH %s AND e.id IN ({base_sql}) ORDER BY {order} "
            "LIMIT %s OFFSET %s"
        )
        order_params = [] if by_date else bonus_params
        params = [self.folded(query), *base_params, *order_params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


class PostgresEngine:
    def _expression(
        self, groups, phrases, match_all: bool, prefix_last: bool, weights: str = ""
    ) -> str:
        parts = []
        for position, group in enumerate(groups):
            prefix = "*" if prefix_last and position == len(groups) - 1 else ""
            label = f":{prefix}{weights}" if prefix or weights else ""
            parts.append("(" + " | ".join(f"'{word}'{label}" for word in group) + ")")
        label = f":{weights}" if weights else ""
        parts.extend(
            "(" + " <-> ".join(f"'{word}'{label}" for word in phrase) + ")" for phrase in phrases
        )
        return (" & " if match_all else " | ").join(parts)

    def _search_query(self, expression: str):
        from django.contrib.postgres.search import SearchQuery

        return SearchQuery(expression, search_type="raw", config="simple")

    def folded(self, query: TextQuery):
        return self._search_query(
            self._expression(query.groups, query.phrases, query.match_all, query.prefix_last)
        )

    def condition(self, query: TextQuery, *, scope: Scope | None = None) -> Q:
        """The match as a condition on entries (to combine with others in one query)."""
        return Q(folded_vector=self.folded(query))

    def filter(
        self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None
    ) -> QuerySet:
        return entries.filter(self.condition(query))

    @contextmanager
    def index_scans(self):
        """Have PostgreSQL find matches through the GIN indexes, never by reading the table.

        The planner does not know that ``@@`` on a row must first fetch and decompress the
        row's vector from its out-of-line storage (3–4 KB each): for a word found in most
        documents it estimates a sequential scan as cheaper, and reads every vector (0.5 s
        at 100,000 entries). A bitmap from the index answers the same match without them
        (plain words and prefixes need no recheck), 20–30 times faster.

        The estimates of such plans are high, which would also switch on JIT compilation:
        0.4 s of compiling for a statement that then runs in 50 ms, so it is turned off.
        """
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off; SET jit = off")
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("RESET enable_seqscan; RESET enable_indexscan; RESET jit")
            except DatabaseError:  # an aborted transaction: its rollback undoes the SET
                pass

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
        """One page of ranked matches, tier by tier (see ``_tiers``).

        The order is the one both engines share: matches with the marked words first, then
        title matches, then relevance. Rather than scoring every match (a broad query can
        match most of the library), the tiers are read in that order with a limit, each
        from its own index, so a later tier is only read when the earlier ones run out.
        """
        if by_date:
            ordered = self.filter(entries, query).order_by(F("date").desc(nulls_last=True), "-pk")
            return list(ordered.values_list("pk", flat=True)[offset : offset + limit])
        wanted = offset + limit
        ids: list[int] = []
        for tier, rank in self._tiers(entries, query):
            ranked = tier.annotate(rank=rank).order_by("-rank", "-pk")
            ids += ranked.values_list("pk", flat=True)[: wanted - len(ids)]
            if len(ids) >= wanted:
                break
        return ids[offset:wanted]

    def _tiers(self, entries: QuerySet, query: TextQuery):
        """(entries, rank) in relevance order: marked and in the title, marked, in the title,
        the rest. Title tiers rank by the title vector (in the row); the others by the whole
        weighted vector, read only when the title tiers did not fill the page."""
        from django.contrib.postgres.search import SearchRank

        folded = self.folded(query)
        in_title = Q(title_vector=folded)  # the same words, in the title vector only
        # ts_rank over the title, divided by 1 + log(length): shorter titles first among equals
        title_rank = SearchRank(F("title_vector"), folded, normalization=1)
        body_rank = SearchRank(F("folded_vector"), folded, weights=[0.1, 0.2, 0.4, 1.0])
        # a title match is a match: its words are the first words of the folded vector
        body = entries.filter(self.condition(query)).exclude(in_title)
        if not query.marked_groups:
            yield entries.filter(in_title), title_rank
            yield body, body_rank
            return
        marked_query = self._search_query(
            self._expression(query.marked_groups, (), query.match_all, query.prefix_last)
        )
        marked = Q(marked_vector=marked_query)
        yield entries.filter(in_title & marked), title_rank
        yield body.filter(marked), body_rank
        # Reached only when the marked matches did not fill the page, so they are few: left
        # out by id, which spares reading the marked vector of every remaining match.
        marked_ids = entries.filter(self.condition(query) & marked).values("pk")
        yield entries.filter(in_title).exclude(pk__in=marked_ids), title_rank
        yield body.exclude(pk__in=marked_ids), body_rank


def sql_engine():
    if connection.vendor == "postgresql":
        return PostgresEngine()
    return SqliteEngine()


def engine():
    """Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the database's own full text."""
    from django.conf import settings

    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine()
    return sql_engine()
