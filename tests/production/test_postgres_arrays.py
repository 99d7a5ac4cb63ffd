"""``core.postgres_arrays``: the quick text-array dumper writes exactly what psycopg's writes,
and bulk inserts through it (Django's ``UNNEST`` on PostgreSQL) store every value intact."""

import pytest
from django.db import connection
from psycopg.adapt import PyFormat, Transformer
from psycopg.types.array import ListDumper
from taggit.models import Tag

from core.postgres_arrays import QuickListDumper

AWKWARD = [
    'a "quoted" word',
    'back\\slash \\" both',
    '{"json": ["value", 1]}',
    'Đảng ủy "Khối" – 137-QĐ/TW',
    "",
    "NULL",
    " spaces ",
    "comma, brace } {",
    None,
    '"' * 50 + "\\" * 50,
]


def test_the_quick_dumper_writes_the_same_bytes_as_psycopgs():
    transformer = Transformer()
    stock = ListDumper(list, transformer).upgrade(AWKWARD, PyFormat.TEXT).dump(AWKWARD)
    quick = QuickListDumper(list, transformer).upgrade(AWKWARD, PyFormat.TEXT).dump(AWKWARD)
    assert bytes(quick) == bytes(stock)
    nested = [['x"y', None], ["\\"]]
    stock = ListDumper(list, transformer).upgrade(nested, PyFormat.TEXT).dump(nested)
    quick = QuickListDumper(list, transformer).upgrade(nested, PyFormat.TEXT).dump(nested)
    assert bytes(quick) == bytes(stock)


@pytest.mark.django_db
def test_bulk_inserted_values_come_back_intact():
    names = [name for name in AWKWARD if name]
    prefix = "mang-ky-tu-dac-biet-"
    Tag.objects.bulk_create([Tag(name=name, slug=f"{prefix}{n}") for n, name in enumerate(names)])
    stored = set(Tag.objects.filter(slug__startswith=prefix).values_list("name", flat=True))
    assert stored == set(names)
    if connection.vendor == "postgresql":  # the connection dumps lists with it
        connection.ensure_connection()
        dumper = connection.connection.adapters.get_dumper(list, PyFormat.AUTO)
        assert dumper is QuickListDumper
