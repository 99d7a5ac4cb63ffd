"""Result count and facet counts in one statement over the matched entries.

Each facet counts the matches that pass every *other* selected filter (so choosing a type
still shows the other types' counts). Done naively that is one query per facet, each
running the full-text match again; here the matches are computed once, in a common table
expression, and the count and the six facets are grouped from it in a single statement.

Counting is exact up to ``SEARCH_EXACT_COUNT_LIMIT`` matches (10,000). Above that, which
only happens in an index larger than the limit, the counts are estimated from a random
sample of the index (``SearchEntry.sample_bucket``) of about half that many entries, and
say so: a word found in most documents ("Đảng bộ", "công việc") matches
96,000 of 100,000, and counting them exactly (visiting every match, grouping it six
ways) took longer than everything else the search does. This is what large search
engines do too ("khoảng 96.000 kết quả"); the results and their order are unaffected.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from regulations.filters import as_year

from .models import SAMPLE_BUCKETS, SAMPLE_INDEXED, SearchEntry

COLUMNS = {  # facet name -> column of SearchEntry (and field of the Elasticsearch index)
    "section": "section",
    "type": "doc_type",
    "issuer": "issuers",
    "field": "field",
    "year": "year",
    "validity": "validity",
}
FACETS = tuple(COLUMNS)


@dataclass
class FacetCounts:
    total: int = 0
    values: dict[str, dict[str, int]] = field(default_factory=dict)
    matched: int = 0  # matches before the filters
    total_estimated: bool = False
    values_estimated: bool = False


INDEX_SIZE_SECONDS = 600


def exact_limit() -> int:
    return getattr(settings, "SEARCH_EXACT_COUNT_LIMIT", 10_000)


def sample_share(limit: int) -> int:
    """How many of the ``SAMPLE_BUCKETS`` buckets to count: about ``limit / 2`` entries of the
    index (5,000: a count of 99,000 is then within about 1.5 %), at most the indexed ones
    (``SAMPLE_INDEXED``: 10 %), at least one; all of them when the index is no larger than
    the limit, so counts there are always exact.
    """
    size = index_size()
    if size <= limit:
        return SAMPLE_BUCKETS
    return max(1, min(SAMPLE_INDEXED, SAMPLE_BUCKETS * (limit // 2) // size))


def index_size() -> int:
    """The number of entries, roughly: it only chooses the sample's size, so a value up to
    ten minutes old does."""
    return cache.get_or_set("search:index-size", _count_entries, INDEX_SIZE_SECONDS)


def _count_entries() -> int:
    if connection.vendor == "postgresql":
        # the planner's row count, kept by ANALYZE and autovacuum: no scan of the table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [SearchEntry._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] >= 0:
            return int(row[0])
    return SearchEntry.objects.count()


def round_estimate(value: float) -> int:
    """An estimate to two significant figures (96,312 -> 96,000), never 0 for a seen value."""
    if value <= 0:
        return 0
    if value < 100:
        return max(1, round(value))
    step = 10 ** (int(math.log10(value)) - 1)
    return int(round(value / step) * step)


def _condition(name: str, value: str) -> tuple[str, list]:
    """SQL for one selected filter over the CTE's columns (the same meaning as the ORM's)."""
    column = connection.ops.quote_name(COLUMNS[name])
    if name == "issuer":
        # joint issuers are stored space-separated; a code is a string, never a pattern
        find = "strpos" if connection.vendor == "postgresql" else "instr"
        return (
            f"({column} = %s OR {find}(' ' || {column} || ' ', %s) > 0)",
            [value, f" {value} "],
        )
    if name == "year":
        # the filter form's rule (regulations.filters): callers of the service may skip it
        year = as_year(value)
        return (f"{column} = %s", [year]) if year is not None else ("1 = 0", [])
    return f"{column} = %s", [value]


def apply_filter(entries: QuerySet, name: str, value: str) -> QuerySet:
    if name == "section":
        return entries.filter(section=value)
    if name == "type":
        return entries.filter(doc_type=value)
    if name == "issuer":
        # a code, not a pattern: "TU|.*" or "([" must match nothing, not everything or crash
        code = re.escape(value)
        return entries.filter(Q(issuers=value) | Q(issuers__regex=rf"(^| ){code}( |$)"))
    if name == "field":
        return entries.filter(field=value)
    if name == "year":
        year = as_year(value)
        return entries.filter(year=year) if year is not None else entries.none()
    if name == "validity":
        return entries.filter(validity=value)
    return entries


def filtered(entries: QuerySet, filters: dict[str, str], skip: str = "") -> QuerySet:
    """``entries`` narrowed by the selected facet values (the ORM twin of ``_where``)."""
    for name, value in filters.items():
        if name != skip and value:
            entries = apply_filter(entries, name, value)
    return entries


def _where(filters: dict[str, str], skip: str = "") -> tuple[str, list]:
    parts, params = ["1 = 1"], []
    for name, value in filters.items():
        if name in COLUMNS and name != skip and value:
            sql, values = _condition(name, value)
            parts.append(sql)
            params += values
    return " AND ".join(parts), params


def facet_counts(
    matched: QuerySet,
    filters: dict[str, str],
    names=FACETS,
    *,
    limit: int | None = None,
    sample: Callable[[int], QuerySet] | None = None,
) -> FacetCounts:
    """The count and the facets of ``matched`` under ``filters``: exact up to ``limit``
    matches, estimated from a sample above (see the module's docstring). ``sample(share)``:
    the matches in the first ``share`` buckets, when an engine has a faster way to ask."""
    limit = exact_limit() if limit is None else limit
    share = sample_share(limit)
    if share < SAMPLE_BUCKETS:
        in_sample = sample(share) if sample else matched.filter(sample_bucket__lt=share)
        sampled = _count(in_sample, filters, names)
        scale = SAMPLE_BUCKETS / share
        if sampled.matched * scale >= limit:
            return _scaled(sampled, scale, matched, filters, limit)
    return _count(matched, filters, names)


def _scaled(sampled: FacetCounts, scale: float, matched, filters, limit) -> FacetCounts:
    estimate = FacetCounts(
        matched=round_estimate(sampled.matched * scale),
        total=round_estimate(sampled.total * scale),
        total_estimated=True,
        values_estimated=True,
        values={
            name: {value: round_estimate(count * scale) for value, count in values.items()}
            for name, values in sampled.values.items()
        },
    )
    if filters and estimate.total < limit:
        # a narrow filter over a broad query: few results, so count them (a sample of a
        # few dozen would be off by half)
        estimate.total = filtered(matched, filters).count()
        estimate.total_estimated = False
    return estimate


def _count(matched: QuerySet, filters: dict[str, str], names) -> FacetCounts:
    try:
        base_sql, base_params = matched.values(*COLUMNS.values()).query.sql_with_params()
    except EmptyResultSet:
        return FacetCounts(values={name: {} for name in names})
    counts = FacetCounts(values={name: {} for name in names})
    if connection.vendor == "postgresql":
        rows = _grouping_sets(base_sql, base_params, filters, names)
    else:
        rows = _union(base_sql, base_params, filters, names)
    for name, value, count in rows:
        if name == "matched":
            counts.matched = count
        elif name == "count":
            counts.total = count
        elif name == "issuer":
            issuers = counts.values[name]
            for code in value.split():  # count each code of a joint issue once per entry
                issuers[code] = issuers.get(code, 0) + count
        else:
            counts.values[name][value] = count
    return counts


def _union(base_sql, base_params, filters, names) -> list[tuple[str, str, int]]:
    """The count and each facet as a ``GROUP BY`` over the matches computed once."""
    quote = connection.ops.quote_name
    where, params = _where(filters)
    selects = [
        "SELECT 'matched', '', COUNT(*) FROM m",
        f"SELECT 'count', '', COUNT(*) FROM m WHERE {where}",
    ]
    for name in names:
        column = quote(COLUMNS[name])
        where, values = _where(filters, skip=name)
        empty = "" if name == "year" else f" AND {column} <> ''"
        selects.append(
            f"SELECT '{name}', CAST({column} AS TEXT), COUNT(*) FROM m WHERE {where} "
            f"AND {column} IS NOT NULL{empty} GROUP BY {column}"
        )
        params += values
    sql = f"WITH m AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*base_params, *params])
        return cursor.fetchall()


def _grouping_sets(base_sql, base_params, filters, names) -> list[tuple[str, str, int]]:
    """PostgreSQL: the count and every facet in one pass over the matches.

    Each facet counts the matches passing the *other* filters: every match carries one
    flag per facet (its filters but that facet's) and each grouping set groups by a facet
    and its flag; the groups whose flag is false are dropped here. With many thousands of
    matches this is one hash aggregation instead of seven scans of the materialised rows.
    """
    quote = connection.ops.quote_name
    where, params = _where(filters)
    flags = [f"({where}) AS ok_count"]
    for name in names:
        where, values = _where(filters, skip=name)
        flags.append(f"({where}) AS ok_{name}")
        params += values
    columns = [quote(COLUMNS[name]) for name in names]
    sets = [
        "()",
        "(ok_count)",
        *(f"({column}, ok_{name})" for column, name in zip(columns, names, strict=True)),
    ]
    selected = ["ok_count", *(f"ok_{name}" for name in names), *columns]
    selected += ["GROUPING(ok_count)", *(f"GROUPING({column})" for column in columns)]
    sql = (
        f"SELECT {', '.join(selected)}, COUNT(*) FROM (SELECT m.*, {', '.join(flags)} "
        f"FROM ({base_sql}) m) AS flagged GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *base_params])  # the flags come before the matches
        rows = cursor.fetchall()
    width = len(names)
    found = []
    for row in rows:
        ok, values = row[: width + 1], row[width + 1 : 2 * width + 1]
        count_grouped, grouped, count = row[2 * width + 1], row[2 * width + 2 : -1], row[-1]
        if all(grouped):
            if count_grouped:  # the () set: every match
                found.append(("matched", "", count))
            elif ok[0]:  # the (ok_count) set: the matches passing every filter
                found.append(("count", "", count))
            continue
        index = grouped.index(0)
        value = values[index]
        if ok[index + 1] and value is not None and value != "":
            found.append((names[index], str(value), count))
    return found
