"""SQLite's full-text tables: what every member may see, and everything.

FTS5 ranks with BM25, whose statistics are the table's own: the number of rows, their
average length, how many rows hold each word. With secret or unpublished text in the same
table, a secret document sharing a rare word with public ones would change the order in
which everyone else sees the public ones (and so tell that such a document exists).

So there are two tables. ``search_fts`` holds the live, unrestricted entries: public entries
are matched and ranked there, by statistics of what every member sees. ``search_fts_all``
holds every entry: restricted and unpublished ones are matched and ranked there, by the
statistics of the whole index, as before, so that their readers find them where they
expect (ranked in a table of their own, a handful of rows, they sank below every public
match). Only those who may see such an entry see its place; nothing in it reaches the
public table. (PostgreSQL's ``ts_rank`` reads only the row itself: nothing to separate
there.) A trigger (migration ``search/0005``) removes an entry's rows whenever the entry
is deleted, cascades included.
"""

from .models import SAMPLE_INDEXED

PUBLIC = "search_fts"
ALL = "search_fts_all"
# The folded text of the sampled entries (``SearchEntry.sample_bucket`` below
# ``SAMPLE_INDEXED``), whatever their visibility: estimated counts match there, a tenth of the
# index (``search.engines.sqlite``). Never ranked, so its statistics tell nothing.
SAMPLE = "search_fts_sample"
RANKED = (PUBLIC, ALL)
TABLES = (PUBLIC, ALL, SAMPLE)
COLUMNS = "folded_title, folded_text, marked_title, marked_text"
SAMPLE_COLUMNS = "folded_title, folded_text"
# the ids of the entries ranked in ALL rather than PUBLIC (read from the index on live and
# restricted, not from the entries' rows)
NOT_PUBLIC_IDS = "SELECT id FROM search_searchentry WHERE live = 0 OR restricted = 1"


def tables_for(entry) -> tuple[str, ...]:
    """The tables that hold ``entry``: both ranked ones for what every member may see, else
    ALL; and the sample's when the entry is in it."""
    tables = RANKED if entry.seen_by_every_member else (ALL,)
    return (*tables, SAMPLE) if entry.sample_bucket < SAMPLE_INDEXED else tables


def delete(cursor, pks) -> None:
    """Remove the rows of entries ``pks`` from every table."""
    rows = [(pk,) for pk in pks]
    if rows:
        for table in TABLES:
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", rows)


def insert(cursor, entries) -> None:
    """Write the rows of ``entries`` (in no table yet) to their tables."""
    for table in TABLES:
        chosen = [e for e in entries if table in tables_for(e)]
        if not chosen:
            continue
        if table == SAMPLE:
            rows = [(e.pk, e.folded_title, e.folded_text) for e in chosen]
            sql = f"INSERT INTO {table} (rowid, {SAMPLE_COLUMNS}) VALUES (%s, %s, %s)"
        else:
            rows = [
                (e.pk, e.folded_title, e.folded_text, e.marked_title, e.marked_text) for e in chosen
            ]
            sql = f"INSERT INTO {table} (rowid, {COLUMNS}) VALUES (%s, %s, %s, %s, %s)"
        cursor.executemany(sql, rows)


def clear(cursor) -> None:
    for table in TABLES:
        cursor.execute(f"DELETE FROM {table}")
