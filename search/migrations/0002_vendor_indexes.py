"""Full-text structures that depend on the database: FTS5 on SQLite, GIN indexes on PostgreSQL."""

from django.db import migrations

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "folded_title, folded_text, marked_title, marked_text, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
POSTGRES_INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_entry_folded_gin ON search_searchentry USING GIN (folded_vector)",
    "CREATE INDEX IF NOT EXISTS search_entry_marked_gin ON search_searchentry USING GIN (marked_vector)",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_FTS)
    elif vendor == "postgresql":
        for statement in POSTGRES_INDEXES:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_folded_gin")
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_marked_gin")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
