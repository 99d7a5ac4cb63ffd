"""The Vietnamese search index: one entry per searchable page.

Entries are written by ``search.backend.VietnameseSearchBackend``, which plugs into Wagtail's
search framework (modelsearch) like any backend, so they follow every save, publish,
unpublish and delete. Each entry keeps:

* the text twice: ``marked`` (normalised: NFC, lower case, one tone placement) and ``folded``
  (no marks, đ→d) — matching uses the folded text, ranking rewards marked matches;
* the groups allowed to see the page (the twin of ``core.visibility``), so the permission
  filter is part of the query and counts and facets never include what the user may not see;
* the facets (section, type, issuer, field, year, validity) and what a result line shows;
* a random sample bucket, to estimate counts over very many matches.
"""

import random

from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from wagtail.models import Page

SAMPLE_BUCKETS = 100
SAMPLE_INDEXED = 10  # buckets below this have their own index (migrations 0004, 0008)


def random_bucket() -> int:
    return random.randrange(SAMPLE_BUCKETS)


LENGTH_WEIGHT_INDEX = "search_entry_length_weight"


class SearchEntry(models.Model):
    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="search_entry")
    live = models.BooleanField(default=True, db_index=True)
    restricted = models.BooleanField(default=False, db_index=True)
    allowed_groups = models.ManyToManyField(Group, blank=True, related_name="+")

    section = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=255)
    url_path = models.CharField(max_length=255)
    number = models.CharField(max_length=100, blank=True)
    number_key_folded = models.CharField(max_length=120, blank=True, db_index=True)
    number_digits = models.CharField(max_length=20, blank=True, db_index=True)
    doc_type = models.CharField(max_length=8, blank=True, db_index=True)
    issuers = models.CharField(max_length=255, blank=True, help_text="space-separated codes")
    issuer_names = models.CharField(max_length=500, blank=True)
    field = models.CharField(max_length=200, blank=True, db_index=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    validity = models.CharField(max_length=20, blank=True, db_index=True)
    # A random share of the index (entries with a bucket below k are k % of it), from which
    # counts and facets are estimated when a query matches too much to count exactly
    # (``search.facets``); indexed per database by migration 0004.
    sample_bucket = models.PositiveSmallIntegerField(default=random_bucket)

    marked_title = models.TextField(blank=True)
    folded_title = models.TextField(blank=True)
    marked_text = models.TextField(blank=True)
    folded_text = models.TextField(blank=True)
    display_text = models.TextField(blank=True, help_text="original text, for snippets")
    # what a match in this entry's body weighs beside one in a short body (``search.entries.
    # length_weight``): a 500 KB code holds every word somewhere, a short letter holds them once
    length_weight = models.FloatField(default=1.0)

    # PostgreSQL only (stay empty elsewhere): weighted vectors with GIN indexes. The two
    # large ones are stored out of line (migration 0003) so that the rows stay narrow;
    # ``title_vector`` (the folded title and number) stays in the row, for ranking.
    folded_vector = SearchVectorField(null=True)
    marked_vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["live", "restricted"]),
            # SQLite ranks a match by its length weight without reading the entry's row, whose
            # large text columns come before it (``search.engines.database``)
            models.Index(fields=["id", "length_weight"], name=LENGTH_WEIGHT_INDEX),
        ]

    def __str__(self):
        return f"{self.section}: {self.title}"

    @property
    def seen_by_every_member(self) -> bool:
        """Live and unrestricted: only such entries shape what everyone's search computes
        (SQLite's ranking statistics, the vocabulary of corrections)."""
        return self.live and not self.restricted

    def get_doc_type_label(self) -> str:
        from regulations.import_format.codes import TYPE_LABELS

        return TYPE_LABELS.get(self.doc_type, self.doc_type)

    @property
    def section_label(self) -> str:
        from .entries import SECTIONS

        return str(SECTIONS.get(self.section, self.section))

    @property
    def validity_label(self) -> str:
        from regulations.choices import Validity

        return str(dict(Validity.choices).get(self.validity, self.validity))


class SearchTerm(models.Model):
    """The vocabulary of folded words, to correct one-letter typing mistakes."""

    term = models.CharField(max_length=60, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self):
        return self.term
