"""SQLite: estimated counts read a sample of their own (issue 20).

An estimated count (``search.facets``) counts the matches among the sampled entries and
groups them by six facets. At 100,000 entries SQLite spent 300 ms on it: FTS5 listed every
match of the whole index (93,000 ids for a word found in most documents), then SQLite read
the row (several KB) of each match by its id. Now:

* the folded text of the sampled entries (``sample_bucket < SAMPLE_INDEXED``, a tenth of the
  index) has a full-text table of its own, ``search_fts_sample``, where the match is made;
* the sample's index also holds the visibility and facet columns, so the count reads the
  index only (``SqliteEngine.counts`` keeps the match from driving the plan);
* the trigger that removes an entry's full-text rows when the entry goes (``0005``) removes
  its sample row too.

PostgreSQL keeps its partial GIN index of the sample (``0004``).
"""

from django.db import migrations

SAMPLE_INDEXED = 10  # search.models.SAMPLE_INDEXED when this was written
INDEX_BEFORE = "CREATE INDEX IF NOT EXISTS search_entry_sample ON search_searchentry (sample_bucket)"
INDEX_AFTER = (
    "CREATE INDEX IF NOT EXISTS search_entry_sample ON search_searchentry "
    "(sample_bucket, live, restricted, section, doc_type, issuers, field, year, validity)"
)
TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS search_entry_fulltext_deleted "
    "AFTER DELETE ON search_searchentry BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_fts_all WHERE rowid = old.id; {more}END"
)
MORE = "DELETE FROM search_fts_sample WHERE rowid = old.id; "


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_sample")
    schema_editor.execute(INDEX_AFTER)
    schema_editor.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_sample USING fts5(folded_title, "
        "folded_text, tokenize = 'unicode61 remove_diacritics 0')"
    )
    schema_editor.execute("DELETE FROM search_fts_sample")
    schema_editor.execute(
        "INSERT INTO search_fts_sample (rowid, folded_title, folded_text) "
        "SELECT rowid, folded_title, folded_text FROM search_fts_all "
        f"WHERE rowid IN (SELECT id FROM search_searchentry WHERE sample_bucket < {SAMPLE_INDEXED})"
    )
    schema_editor.execute("DROP TRIGGER IF EXISTS search_entry_fulltext_deleted")
    schema_editor.execute(TRIGGER.format(more=MORE))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS search_entry_fulltext_deleted")
    schema_editor.execute(TRIGGER.format(more=""))
    schema_editor.execute("DROP TABLE IF EXISTS search_fts_sample")
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_sample")
    schema_editor.execute(INDEX_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_length_weight_index")]
    operations = [migrations.RunPython(forwards, backwards)]
