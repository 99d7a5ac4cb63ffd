"""Result count and facet counts in one statement over the matched entries.

Each facet counts the matches that pass every *other* selected filter (so choosing a type
still shows the other types' counts). Done naively that is one query per facet, each
running the full-text match again; here the matches are computed once, in a common table
expression, and the count and the six facets are grouped from it in a single statement.
"""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

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


def valid_year(value: str) -> bool:
    # ASCII digits only: "²".isdigit() is true but int("²") fails; huge numbers overflow
    return value.isascii() and value.isdigit() and len(value) <= 4


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
        return (f"{column} = %s", [int(value)]) if valid_year(value) else ("1 = 0", [])
    return f"{column} = %s", [value]


def _where(filters: dict[str, str], skip: str = "") -> tuple[str, list]:
    parts, params = ["1 = 1"], []
    for name, value in filters.items():
        if name in COLUMNS and name != skip and value:
            sql, values = _condition(name, value)
            parts.append(sql)
            params += values
    return " AND ".join(parts), params


def facet_counts(matched: QuerySet, filters: dict[str, str], names=FACETS) -> FacetCounts:
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
        if name == "count":
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
    selects = [f"SELECT 'count', '', COUNT(*) FROM m WHERE {where}"]
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
        "(ok_count)",
        *(f"({column}, ok_{name})" for column, name in zip(columns, names, strict=True)),
    ]
    selected = ["ok_count", *(f"ok_{name}" for name in names), *columns]
    selected += [f"GROUPING({column})" for column in columns]
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
        ok, values, grouped, count = (
            row[: width + 1],
            row[width + 1 : 2 * width + 1],
            row[2 * width + 1 : -1],
            row[-1],
        )
        if all(grouped):  # the (ok_count) set
            if ok[0]:
                found.append(("count", "", count))
            continue
        index = grouped.index(0)
        value = values[index]
        if ok[index + 1] and value is not None and value != "":
            found.append((names[index], str(value), count))
    return found
