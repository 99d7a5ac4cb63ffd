"""Full-text matching and ranking on each database: PostgreSQL here, SQLite FTS5 in
``search.engines.sqlite``.

Both receive the same term groups and phrases (already folded and corrected) and answer
the same questions, so results agree across databases:

* which entries match (a filter usable for counts and facets);
* the entries of one page of results, ranked: matches whose *marked* text also matches
  a marked query come first, then matches with every word in the title, then by relevance
  (title weighted above body), or by date. Both read that order tier by tier (here
  ``_Tiers``, ``_MarkedTiers``), which at 100,000 entries spares scoring every match of a
  broad query.
"""

from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection
from django.db.models import F, Q, QuerySet

from ..models import SAMPLE_INDEXED
from .base import Engine, Scope, TextQuery
from .sqlite import SqliteEngine


class PostgresEngine(Engine):
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

    def any_match(self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None):
        """Whether an entry matches: asked of the sample first (``search_entry_sample_gin``).

        A bitmap from the whole GIN index is built before the first row is read, so even
        one match of a word found in 80,000 entries costs 5 ms; the sample's index is a
        tenth of the size, and a common word is found there. A rare word is asked twice,
        cheaply (its entries are few).
        """
        sample = self.filter(entries.filter(sample_bucket__lt=SAMPLE_INDEXED), query)
        try:
            first, first_params = sample.values("pk")[:1].query.sql_with_params()
            then, then_params = self.filter(entries, query).values("pk")[:1].query.sql_with_params()
        except EmptyResultSet:
            return False
        with connection.cursor() as cursor:
            # one round trip: PostgreSQL runs the second EXISTS only when the first is false
            cursor.execute(
                f"SELECT EXISTS ({first}) OR EXISTS ({then})", [*first_params, *then_params]
            )
            return cursor.fetchone()[0]

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
        """One page of ranked matches, tier by tier.

        The order is the one both engines share: matches with the marked words first, then
        title matches, then relevance. Rather than scoring every match (a broad query can
        match most of the library), the tiers are read in that order with a limit, each
        from its own index, so a later tier is only read when the earlier ones run out.
        """
        if by_date:
            ordered = self.filter(entries, query).order_by(F("date").desc(nulls_last=True), "-pk")
            return list(ordered.values_list("pk", flat=True)[offset : offset + limit])
        wanted = offset + limit
        if query.marked_groups:
            ids = _MarkedTiers(self, entries, query).first(wanted)
        else:
            tiers = _Tiers(self, entries, query)
            ids = _read(tiers.in_title(), tiers.title_rank, wanted)
            if len(ids) < wanted:
                ids += _read(tiers.body(), tiers.body_rank, wanted - len(ids))
        return ids[offset:wanted]


def _read(tier: QuerySet, rank, count: int) -> list[int]:
    """The first ``count`` ids of ``tier`` by ``rank``, best first (id breaks ties)."""
    if count <= 0:
        return []
    ranked = tier.annotate(rank=rank).order_by("-rank", "-pk")
    return list(ranked.values_list("pk", flat=True)[:count])


class _Tiers:
    """The parts of one query's relevance order on PostgreSQL.

    Title tiers rank by the title vector (in the row); the body tiers by the whole weighted
    vector, read only when the title tiers did not fill the page.
    """

    def __init__(self, engine: "PostgresEngine", entries: QuerySet, query: TextQuery):
        from django.contrib.postgres.search import SearchRank

        self.engine, self.entries, self.query = engine, entries, query
        folded = engine.folded(query)
        self.title_condition = Q(title_vector=folded)  # the same words, in the title only
        # ts_rank over the title, divided by 1 + log(length): shorter titles first among equals
        self.title_rank = SearchRank(F("title_vector"), folded, normalization=1)
        # weighed by the body's length (``search.entries.length_weight``): ts_rank has none
        self.body_rank = SearchRank(F("folded_vector"), folded, weights=[0.1, 0.2, 0.4, 1.0]) * F(
            "length_weight"
        )

    def in_title(self) -> QuerySet:
        return self.entries.filter(self.title_condition)

    def body(self) -> QuerySet:
        # a title match is a match: its words are the first words of the folded vector
        return self.entries.filter(self.engine.condition(self.query)).exclude(self.title_condition)


class _MarkedTiers(_Tiers):
    """The four tiers of a query typed with marks: marked words and every word in the title,
    marked words in the body, every word in the title (folded only), the rest.

    The marked vector lives out of line, and PostgreSQL checks it row by row once the title
    index has chosen the rows (it does not count that read in its estimates): for a broad
    query such as "Đảng bộ", 27,000 title matches meant 27,000 vectors read (170 ms). The
    title matches are read in rank order instead, and the marked words are checked on the
    first few dozen: when the user typed the marks the documents use, most of those have
    them, and the page is full. Only when they do not is the check done in SQL over all.
    """

    # how many title matches to check for the marked words, per result wanted and at
    # least; when both reads fall short, the check is done in SQL over all of them
    CHUNKS = ((3, 60), (30, 600))

    def __init__(self, engine, entries, query):
        super().__init__(engine, entries, query)
        marked_query = engine._search_query(
            engine._expression(query.marked_groups, (), query.match_all, query.prefix_last)
        )
        self.marked = Q(marked_vector=marked_query)

    def first(self, wanted: int) -> list[int]:
        marked, unmarked = self._title_matches(wanted)
        ids = marked[:wanted]
        if len(ids) < wanted:
            ids += _read(self.body().filter(self.marked), self.body_rank, wanted - len(ids))
        if len(ids) < wanted:
            if unmarked is None:  # the title matches were not all read: ask SQL
                others = self.in_title().exclude(pk__in=self._marked_ids())
                unmarked = _read(others, self.title_rank, wanted - len(ids))
            ids += unmarked[: wanted - len(ids)]
        if len(ids) < wanted:
            # Reached only when the marked matches did not fill the page, so they are few:
            # left out by id, which spares reading the marked vector of every other match.
            others = self.body().exclude(pk__in=self._marked_ids())
            ids += _read(others, self.body_rank, wanted - len(ids))
        return ids

    def _title_matches(self, wanted: int) -> tuple[list[int], list[int] | None]:
        """Title matches with the marked words, in rank order, at least ``wanted`` of them
        when there are so many; and the others when every title match was read (else None).
        """
        for size in (max(wanted * per_result, least) for per_result, least in self.CHUNKS):
            candidates = _read(self.in_title(), self.title_rank, size)
            with_marks = set(
                self.entries.model.objects.filter(self.marked, pk__in=candidates).values_list(
                    "pk", flat=True
                )
            )
            marked = [pk for pk in candidates if pk in with_marks]
            if len(candidates) < size:  # every title match was read
                return marked, [pk for pk in candidates if pk not in with_marks]
            if len(marked) >= wanted:
                return marked, None
        return _read(self.in_title().filter(self.marked), self.title_rank, wanted), None

    def _marked_ids(self) -> QuerySet:
        return self.entries.filter(self.engine.condition(self.query) & self.marked).values("pk")


def sql_engine():
    if connection.vendor == "postgresql":
        return PostgresEngine()
    return SqliteEngine()
