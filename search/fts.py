"""SQLite's full-text tables: what every member may see, and the rest, kept apart.

FTS5 ranks with BM25, whose statistics are the table's own: the number of rows, their
average length, how many rows hold each word. With secret or unpublished text in the same
table, a secret document sharing a rare word with public ones would change the order in
which everyone else sees the public ones (and so tell that such a document exists). Live,
unrestricted entries go to ``search_fts``; restricted or unpublished ones to
``search_fts_private``; a query reads both, each ranked by its own table's statistics, so
the public order never depends on the private table. (PostgreSQL's ``ts_rank`` reads only
the row itself: nothing to separate there.) A trigger (migration ``search/0005``) removes an
entry's row whenever the entry is deleted, cascades included.
"""

PUBLIC = "search_fts"
PRIVATE = "search_fts_private"
TABLES = (PUBLIC, PRIVATE)
COLUMNS = "folded_title, folded_text, marked_title, marked_text"
CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
    + COLUMNS
    + (", tokenize = 'unicode61 remove_diacritics 0')")
)


def table_for(entry) -> str:
    """The table of ``entry``: the public one only for what every member may see."""
    return PUBLIC if entry.seen_by_every_member else PRIVATE


def delete(cursor, pks) -> None:
    """Remove the rows of entries ``pks`` from whichever table holds them."""
    rows = [(pk,) for pk in pks]
    if rows:
        for table in TABLES:
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", rows)


def insert(cursor, entries) -> None:
    """Write the rows of ``entries`` (not yet in either table), each to its own table."""
    for table in TABLES:
        rows = [
            (e.pk, e.folded_title, e.folded_text, e.marked_title, e.marked_text)
            for e in entries
            if table_for(e) == table
        ]
        if rows:
            cursor.executemany(
                f"INSERT INTO {table} (rowid, {COLUMNS}) VALUES (%s, %s, %s, %s, %s)", rows
            )


def clear(cursor) -> None:
    for table in TABLES:
        cursor.execute(f"DELETE FROM {table}")
