"""PostgreSQL: a small title vector for ranking, and narrow rows.

Counting and ranking thousands of matches visits their rows; with the texts and the big
vectors stored in the row (compressed), a row was about 2.3 KB and a broad query read
most of the table. ``toast_tuple_target`` moves every large value out of line, except the
columns that counting, facets and ranking read for every match (``STORAGE MAIN``: kept in
the row): reading one of those out of line costs an index lookup per row. Existing entries
are rewritten here (their title vector computed), which also applies the new storage.
"""

from django.db import migrations
from django.contrib.postgres.search import SearchVectorField

IN_ROW = [
    "title_vector", "section", "doc_type", "issuers", "field", "validity",
    "number_digits", "number_key_folded",
]  # fmt: skip
POSTGRES = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    "ALTER TABLE search_searchentry "
    + ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in IN_ROW),
    "CREATE INDEX IF NOT EXISTS search_entry_title_gin ON search_searchentry "
    "USING GIN (title_vector)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES:
        schema_editor.execute(statement)
    from search.backend import write_postgres_vectors

    entries = apps.get_model("search", "SearchEntry").objects.only(
        "folded_title", "folded_text", "marked_title", "marked_text"
    )
    ids = list(entries.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        write_postgres_vectors(list(entries.filter(pk__in=ids[start : start + 500])))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_title_gin")
        schema_editor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_vendor_indexes")]
    operations = [
        migrations.AddField(
            model_name="searchentry", name="title_vector", field=SearchVectorField(null=True)
        ),
        migrations.RunPython(forwards, backwards),
    ]
