"""SQLite: what every member sees keeps its own FTS5 table (``search.fts``), so that BM25's
statistics of public entries never depend on restricted or unpublished ones; a second table
holds every entry, where those are ranked.

A trigger removes an entry's full-text rows whenever the entry goes, however it goes: entries
deleted with their page by a cascade used to leave their text behind, still counted in the
statistics (the text of a deleted secret document among them). Such leftovers are removed.
"""

from django.db import migrations

COLUMNS = "folded_title, folded_text, marked_title, marked_text"
PRIVATE_IDS = "SELECT id FROM search_searchentry WHERE live = 0 OR restricted = 1"
TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS search_entry_fulltext_deleted "
    "AFTER DELETE ON search_searchentry BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_fts_all WHERE rowid = old.id; END"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_searchentry)"
    )
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_all USING fts5({COLUMNS}, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    schema_editor.execute(
        f"INSERT INTO search_fts_all (rowid, {COLUMNS}) SELECT rowid, {COLUMNS} FROM search_fts"
    )
    schema_editor.execute(f"DELETE FROM search_fts WHERE rowid IN ({PRIVATE_IDS})")
    schema_editor.execute(TRIGGER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS search_entry_fulltext_deleted")
    schema_editor.execute("DELETE FROM search_fts")
    schema_editor.execute(
        f"INSERT INTO search_fts (rowid, {COLUMNS}) SELECT rowid, {COLUMNS} FROM search_fts_all"
    )
    schema_editor.execute("DROP TABLE IF EXISTS search_fts_all")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_sample_bucket")]
    operations = [migrations.RunPython(forwards, backwards)]
