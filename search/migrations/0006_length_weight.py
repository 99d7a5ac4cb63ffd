"""``SearchEntry.length_weight`` (issue 19): what a match in an entry's body weighs beside one
in a short body (``search.entries.length_weight``). Existing entries get it from the length of
their text here, in chunks, so that ranking is right before the next rebuild of the index.

On SQLite, adding a column with a default rebuilds the table (a new table, the rows copied,
the old one dropped), and what Django does not know of goes with the old table: the trigger
that removes an entry's full-text rows when it is deleted (``0005``) and the sample index
(``0004``). Both are created again here, as they were.
"""

from django.db import migrations, models
from django.db.models.functions import Length

CHUNK = 2000
SQLITE_OBJECTS = (
    "CREATE INDEX IF NOT EXISTS search_entry_sample ON search_searchentry (sample_bucket)",
    "CREATE TRIGGER IF NOT EXISTS search_entry_fulltext_deleted "
    "AFTER DELETE ON search_searchentry BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_fts_all WHERE rowid = old.id; END",
)


def restore_sqlite_objects(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_OBJECTS:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    from search.entries import length_weight

    SearchEntry = apps.get_model("search", "SearchEntry")
    rows = SearchEntry.objects.annotate(chars=Length("marked_text")).values_list("pk", "chars")
    changed = []
    for pk, chars in rows.iterator(chunk_size=CHUNK):
        weight = length_weight(chars or 0)
        if weight != 1.0:
            changed.append(SearchEntry(pk=pk, length_weight=weight))
        if len(changed) >= CHUNK:
            SearchEntry.objects.bulk_update(changed, ["length_weight"])
            changed = []
    SearchEntry.objects.bulk_update(changed, ["length_weight"])


class Migration(migrations.Migration):
    dependencies = [("search", "0005_private_fulltext")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="length_weight",
            field=models.FloatField(default=1.0),
        ),
        migrations.RunPython(restore_sqlite_objects, migrations.RunPython.noop),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
