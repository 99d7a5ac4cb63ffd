"""A random sample bucket per entry, for estimated counts over very many matches.

Adding the field gives every existing entry the same default; they are spread over the
buckets here, in SQL (one statement, whatever the size of the index).

The sample is read through an index of its own. On PostgreSQL that is a partial GIN index
of the folded vectors of the first ``SAMPLE_INDEXED`` buckets, not a B-tree on the bucket:
with a B-tree the planner would pick the sample's rows first and check the match on each,
reading each row's out-of-line vector (85 ms for 10,000), which it does not count as a cost.
"""

from django.db import migrations, models

import search.models

SPREAD = {
    "postgresql": "UPDATE search_searchentry SET sample_bucket = floor(random() * %s)",
    "sqlite": "UPDATE search_searchentry SET sample_bucket = abs(random()) %% %s",
}
INDEX = {
    "postgresql": (
        "CREATE INDEX IF NOT EXISTS search_entry_sample_gin ON search_searchentry "
        f"USING GIN (folded_vector) WHERE sample_bucket < {search.models.SAMPLE_INDEXED}"
    ),
    "sqlite": (
        "CREATE INDEX IF NOT EXISTS search_entry_sample ON search_searchentry (sample_bucket)"
    ),
}
DROP = {
    "postgresql": "DROP INDEX IF EXISTS search_entry_sample_gin",
    "sqlite": "DROP INDEX IF EXISTS search_entry_sample",
}


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in SPREAD:
        schema_editor.execute(SPREAD[vendor], [search.models.SAMPLE_BUCKETS])
        schema_editor.execute(INDEX[vendor])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor in DROP:
        schema_editor.execute(DROP[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_vector_narrow_rows")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="sample_bucket",
            field=models.PositiveSmallIntegerField(default=search.models.random_bucket),
        ),
        migrations.RunPython(forwards, backwards),
    ]
