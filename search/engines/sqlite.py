"""SQLite's full-text engine (FTS5): matching, counts and the relevance order tier by tier.

The relevance order is the one every engine shares (``search.engines.database``): matches
whose *marked* text matches a marked query, then matches with every word in the title, then
the rest. Each tier is read on its own with a limit, best first, so that a later tier is only
read when the earlier ones did not fill the page: at 100,000 entries a word found in most
documents ("của", "Đảng bộ") matched 90,000 of them, and scoring each one with BM25 took a
third of a second, for a page that the title matches alone fill (issue 20).

Within a title tier: the words side by side in the title as typed first (toneless "nhan su"
is "nhân sự" in one title and "nhận ... sử dụng" in another), then BM25 over the title. In
the body tiers: BM25 over title and body (title weighted), weighed by the body's length
(``search.entries.length_weight``).

Public entries are matched and ranked in the table of what every member sees, the others in
the table of everything (``search.fts``). In an index of up to ``READ_IN_SQL_UP_TO`` entries
a tier is one statement, its rows checked against the entries in SQL. Above, a tier's public
rows are read best first without joining the entries, and the first few dozen are then
checked against the entries the caller may return (its filters, the number hits it leaves
out): the visibility and facet columns are not read once per match. Rows of the other table
are checked in SQL, so that how much is read never depends on what the user may not see.
"""

from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Func, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .. import fts
from ..facets import facet_counts, index_size
from ..models import LENGTH_WEIGHT_INDEX
from .base import TITLE_WEIGHT, Engine, Scope, TextQuery

# how many of a tier's public rows are read per result wanted (and at least), then checked;
# when too few pass both reads (narrow filters), the tier is read again with the check in SQL
CANDIDATES = ((3, 60), (30, 600))
# secret or unpublished entries the caller may return, up to which they are looked up by id
OTHERS_BY_ID = 200
# up to this many entries in the index, a tier is read in one statement with every check in
# SQL (lists of every match are short); above, as described in the module's docstring
READ_IN_SQL_UP_TO = 10_000


@dataclass(frozen=True)
class _Tier:
    """The rows matching ``match`` (an FTS5 expression), in the matches of every expression
    of ``within`` and of none of ``outside``; ranked as title matches or as body matches."""

    match: str
    in_title: bool
    within: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()


class SqliteEngine(Engine):
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

    def side_by_side(self, query: TextQuery) -> str | None:
        """The words as typed, side by side in the title (first within a title tier)."""
        if len(query.groups) < 2 or query.prefix_last:
            return None
        return '{folded_title} : "' + " ".join(group[0] for group in query.groups) + '"'

    def condition(self, query: TextQuery, *, scope: Scope | None = None) -> Q:
        """The match as a condition on entries (to combine with others in one query)."""
        sql = f"SELECT rowid FROM {fts.ALL} WHERE {fts.ALL} MATCH %s"  # every entry
        return Q(pk__in=RawSQL(sql, [self.folded(query)]))

    def filter(
        self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None
    ) -> QuerySet:
        return entries.filter(self.condition(query))

    def any_match(self, entries, query, *, scope=None) -> bool:
        """Whether an entry of ``entries`` matches: FTS5's matches are read one by one until
        one is among the entries (for a word found in most documents, the first), rather
        than listing every match first (15 ms a word at 100,000 entries)."""
        try:
            among_sql, among_params = entries.values("pk").query.sql_with_params()
        except EmptyResultSet:
            return False
        sql = (
            f"SELECT 1 FROM {fts.ALL} f WHERE {fts.ALL} MATCH %s "
            f"AND EXISTS (SELECT 1 FROM ({among_sql}) v WHERE v.pk = f.rowid) LIMIT 1"
        )
        return bool(_fetch_ids(sql, [self.folded(query), *among_params]))

    def counts(self, entries, query, names, *, scope):
        """As every engine, but an estimated count matches in the sample's own full-text
        table and is driven by the sample's index, which holds the columns it reads
        (migration ``search/0008``): SQLite would otherwise list every match of the index
        and read the row of each one by its id."""

        def sample(share: int) -> QuerySet:
            # a unary "+" keeps the id out of SQLite's choice of index
            plain_id = Func(F("pk"), template="+%(expressions)s", output_field=IntegerField())
            sampled = entries.filter(sample_bucket__lt=share).alias(plain_id=plain_id)
            in_sample_table = RawSQL(  # the sample's own table: a tenth of the index
                f"SELECT rowid FROM {fts.SAMPLE} WHERE {fts.SAMPLE} MATCH %s",
                [self.folded(query)],
            )
            return self.matching(sampled, query, scope, match=Q(plain_id__in=in_sample_table))

        matched = self.matching(entries, query, scope)
        return facet_counts(matched, scope.filters, names, sample=sample)

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
            base = entries.values("pk").query.sql_with_params()
        except EmptyResultSet:  # entries.none(): an anonymous user, an impossible filter
            return []
        if by_date:
            return self._by_date(base, query, limit, offset)
        return _Ranking(self, query, entries).first(offset + limit)[offset:]

    def _by_date(self, base: tuple[str, list], query, limit, offset) -> list[int]:
        """``base``: the SQL and parameters of the entries' ids."""
        base_sql, base_params = base
        parts, params = [], []
        for table, only in (
            (fts.PUBLIC, ""),
            (fts.ALL, f" AND +f.rowid IN ({fts.NOT_PUBLIC_IDS})"),
        ):
            parts.append(
                f"SELECT e.id AS id, e.date AS date, e.date IS NULL AS undated "
                f"FROM {table} f JOIN search_searchentry e ON e.id = f.rowid "
                f"WHERE {table} MATCH %s{only} AND e.id IN ({base_sql})"
            )
            params += [self.folded(query), *base_params]
        # a compound SELECT orders by its columns only: "undated" is one
        sql = f"{' UNION ALL '.join(parts)} ORDER BY undated, date DESC, id DESC LIMIT %s OFFSET %s"
        return _fetch_ids(sql, [*params, limit, offset])


class _Ranking:
    """One query's relevance order among ``entries``, read tier by tier."""

    def __init__(self, engine: SqliteEngine, query: TextQuery, entries: QuerySet):
        self.engine, self.query, self.entries = engine, query, entries
        self.title, self.every = engine.in_title(query), engine.folded(query)
        self.marked = engine.marked(query)
        self.side_by_side = engine.side_by_side(query)
        others = entries.filter(Q(live=False) | Q(restricted=True))
        self.others_sql = others.values("pk")
        # In a small index every list is short: each tier is one statement, checked in SQL.
        self.small = index_size() <= READ_IN_SQL_UP_TO
        self.others = None
        if not self.small:
            # the secret or unpublished entries the caller may return: few, read by their
            # ids (None: too many, checked in SQL against the entries instead)
            found = list(others.values_list("pk", flat=True)[: OTHERS_BY_ID + 1])
            self.others = found if len(found) <= OTHERS_BY_ID else None

    def first(self, wanted: int) -> list[int]:
        if not self.marked:
            ids = self.read(_Tier(self.title, True), wanted)
            return ids + self.read(
                _Tier(self.every, False, outside=(self.title,)), wanted - len(ids)
            )
        # the four tiers of a query typed with marks (as ``database._MarkedTiers``)
        marked, unmarked = self._title_matches(wanted)
        ids = marked[:wanted]
        body = _Tier(self.every, False, within=(self.marked,), outside=(self.title,))
        ids += self.read(body, wanted - len(ids))
        if len(ids) < wanted:
            if unmarked is None:  # the title matches were not all read
                unmarked = self.read(_Tier(self.title, True, outside=(self.marked,)), wanted)
            ids += unmarked[: wanted - len(ids)]
        rest = _Tier(self.every, False, outside=(self.marked, self.title))
        return ids + self.read(rest, wanted - len(ids))

    def _title_matches(self, wanted: int) -> tuple[list[int], list[int] | None]:
        """Title matches with the marked words, in order, at least ``wanted`` of them when
        there are so many; and the others, when every title match was read (else None).

        The marked words are checked on the first title matches only (a lookup each): when
        the user typed the marks the documents use, most of them have them. Only when they
        do not is the check made over all of them, in SQL.
        """
        if self.small:
            return self.read(_Tier(self.title, True, within=(self.marked,)), wanted), None
        for per_result, least in CANDIDATES:
            size = max(wanted * per_result, least)
            candidates = self.read(_Tier(self.title, True), size)
            with_marks = _having(self.marked, candidates)
            marked = [pk for pk in candidates if pk in with_marks]
            if len(candidates) < size:
                return marked, [pk for pk in candidates if pk not in with_marks]
            if len(marked) >= wanted:
                return marked, None
        return self.read(_Tier(self.title, True, within=(self.marked,)), wanted), None

    def read(self, tier: _Tier, count: int) -> list[int]:
        """The tier's first ``count`` ids among the entries."""
        if count <= 0:
            return []
        if self.small:
            return self._read(tier, count, public_in_sql=True)
        for per_result, least in CANDIDATES:
            size = max(count * per_result, least)
            candidates = self._read(tier, size, public_in_sql=False)
            kept = set(self.entries.filter(pk__in=candidates).values_list("pk", flat=True))
            ids = [pk for pk in candidates if pk in kept]
            if len(ids) >= count or len(candidates) < size:  # enough, or the whole tier read
                return ids[:count]
        return self._read(tier, count, public_in_sql=True)

    def _read(self, tier: _Tier, count: int, public_in_sql: bool) -> list[int]:
        """The first ``count`` ids of both tables. The other table's rows are always
        checked against the entries in SQL; the public table's only when ``public_in_sql``."""
        among = self.entries.values("pk") if public_in_sql else None
        parts = [self._select(fts.PUBLIC, tier, among)]
        if self.others is None:
            parts.append(self._select(fts.ALL, tier, self.others_sql))
        elif self.others:
            parts.append(self._select(fts.ALL, tier, self.others, by_id=True))
        sql = " UNION ALL ".join(part for part, _params in parts)
        params = [value for _part, values in parts for value in values]
        order = "side_by_side DESC, relevance DESC, id DESC"
        return _fetch_ids(f"{sql} ORDER BY {order} LIMIT %s", [*params, count])

    def _select(self, table: str, tier: _Tier, among, by_id: bool = False) -> tuple[str, list]:
        """One table's rows of ``tier`` (among ``among``: a queryset of ids, a list of ids
        looked up one by one, or None). Matched by id, a row's other conditions are checked
        by lookups too, rather than by lists of every match of the table."""

        def within(expression: str, negation: str = "") -> str:
            if by_id:
                return (
                    f"{negation}EXISTS (SELECT 1 FROM {table} m WHERE {table} MATCH %s "
                    "AND m.rowid = f.rowid)"
                )
            return f"+f.rowid {negation}IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"

        conditions, params = [f"{table} MATCH %s"], [tier.match]
        for expression in tier.within:
            conditions.append(within(expression))
            params.append(expression)
        for expression in tier.outside:
            conditions.append(within(expression, "NOT "))
            params.append(expression)
        if by_id:
            conditions.append(f"f.rowid IN ({', '.join(['%s'] * len(among))})")
            params += among
        elif among is not None:
            among_sql, among_params = among.query.sql_with_params()
            conditions.append(f"+f.rowid IN ({among_sql})")
            params += among_params
        select_params = []
        side_by_side = "0"
        if tier.in_title and self.side_by_side:
            side_by_side = within(self.side_by_side)
            select_params.append(self.side_by_side)
        bm25 = f"-bm25({table}, {TITLE_WEIGHT}, 1.0, 0.0, 0.0)"
        if tier.in_title:
            relevance = bm25  # only the title's words are matched here
        else:
            # read from an index: the entry's row (several KB, the weight last) is not read
            relevance = (
                f"{bm25} * (SELECT w.length_weight FROM search_searchentry w "
                f"INDEXED BY {LENGTH_WEIGHT_INDEX} WHERE w.id = f.rowid)"
            )
        sql = (
            f"SELECT f.rowid AS id, {side_by_side} AS side_by_side, {relevance} AS relevance "
            f"FROM {table} f WHERE {' AND '.join(conditions)}"
        )
        return sql, [*select_params, *params]


def _having(expression: str, ids: list[int]) -> set[int]:
    """Those of ``ids`` whose entry matches ``expression`` (a lookup each)."""
    if not ids:
        return set()
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"SELECT rowid FROM {fts.ALL} WHERE {fts.ALL} MATCH %s AND rowid IN ({placeholders})"
    return set(_fetch_ids(sql, [expression, *ids]))


def _fetch_ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
