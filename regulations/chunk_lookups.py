"""What the lines of an import chunk ask the library, read at once for the whole chunk.

Page by page, every line asks the library which documents its references designate
(``relations.choose_target``, a query per reference), whether the address its number makes is
taken (``slugs.document_slug``) and which of its tags exist (taggit): most of a bulk import's
queries, each answered before the line is written. ``ChunkLookups`` reads the answers for the
whole chunk in a few queries and keeps them true as the chunk writes pages (``note``), so each
line gets the answer the page-by-page import would have got at its turn:

- ``targets``: the documents of the numbers the chunk's lines cite. A reference with fewer
  than two candidates is answered from memory; two or more (where who may see which decides)
  go to ``choose_target``. A document of the chunk not written yet (collected by
  ``new_documents``) that a reference may designate leaves the reference open: it is chosen
  when the pages are written (``new_documents._resolve_within``), with every earlier line's
  document in the library, as page by page.
- ``addresses``: which of the two addresses ``document_slug`` tries first (number and year,
  then the full date) are held by public documents; a line whose both are taken asks
  ``document_slug`` for its counter.
- ``tags``: the chunk's tags that exist; a new tag is created by taggit in the line's
  transaction (and found by the next chunk), so a failed line leaves none behind.
"""

from collections import defaultdict

from taggit.models import Tag

from core.visibility import is_shut_to_some, restricted_for_someone
from regulations.numbers import folded_number_key

from .import_format import ImportRecord
from .models import PartyDocumentPage
from .relations import choose_target
from .slugs import address_candidates, document_slug

_SLICE = 400  # values per query (SQLite limits the parameters of one statement)


def _slices(values):
    values = sorted(values)
    for start in range(0, len(values), _SLICE):
        yield values[start : start + _SLICE]


class KnownTargets:
    """The documents (stored, and collected but not yet written) of the folded number keys
    the chunk's references cite."""

    def __init__(self, keys) -> None:
        self.keys = set(keys)
        self.stored: dict[str, dict[int, PartyDocumentPage]] = defaultdict(dict)
        self.key_of: dict[int, str] = {}
        self.unwritten: dict[str, list] = defaultdict(list)
        fields = ("number", "issued_on", "number_key_folded")
        for part in _slices(self.keys):
            for document in PartyDocumentPage.objects.filter(number_key_folded__in=part).only(
                *fields
            ):
                self.note(document)

    def note(self, document) -> None:
        """``document`` was written (created, or updated: its key may have changed)."""
        old_key = self.key_of.pop(document.pk, None)
        if old_key is not None:
            self.stored[old_key].pop(document.pk, None)
        key = document.number_key_folded
        if key in self.keys:
            self.stored[key][document.pk] = document
            self.key_of[document.pk] = key
        waiting = self.unwritten.get(folded_number_key(document.number), [])
        waiting[:] = [each for each in waiting if each is not document]

    def note_unwritten(self, document) -> None:
        """``document`` is collected for a later write: in the library before the next lines."""
        key = folded_number_key(document.number)
        if key in self.keys:
            self.unwritten[key].append(document)

    def choose(self, source, key: str, issued_on, *, created_before: int | None = None):
        """``choose_target(source, key, issued_on, created_before=...)``; None also when a
        document not written yet may be designated (decided once it is written)."""
        if any(not issued_on or doc.issued_on == issued_on for doc in self.unwritten.get(key, ())):
            return None
        candidates = [
            document
            for pk, document in self.stored.get(key, {}).items()
            if pk != source.pk
            and (created_before is None or pk < created_before)
            and (not issued_on or document.issued_on == issued_on)
        ]
        if len(candidates) < 2:
            return candidates[0] if candidates else None
        return choose_target(source, key, issued_on, created_before=created_before)


class TakenAddresses:
    """Which of the chunk's first two candidate addresses public documents of the library hold."""

    def __init__(self, records: list[ImportRecord], library) -> None:
        self.library = library
        candidates = set()
        for record in records:
            candidates.update(address_candidates(record.number, record.issued_on)[1:])
        self.taken: set[str] = set()
        for part in _slices(candidates):
            held = self.library.get_children().filter(slug__in=part)
            public = held.exclude(restricted_for_someone())
            self.taken.update(public.values_list("slug", flat=True))

    def slug_for(self, record: ImportRecord, also_taken=()) -> str:
        """``document_slug`` for the line (``also_taken``: addresses of pages not written yet)."""
        _base, first, second = address_candidates(record.number, record.issued_on)
        for candidate in (first, second):
            if candidate not in self.taken and candidate not in also_taken:
                return candidate
        return document_slug(record.number, record.issued_on, self.library, also_taken=also_taken)

    def hold(self, slug: str) -> None:
        """A public document about to be written takes ``slug``."""
        self.taken.add(slug)

    def note(self, old_slug: str | None, page) -> None:
        """``page`` was written: its address is held if every member may see it, the one it
        left (a document made secret gets a random address) is free."""
        if old_slug and old_slug != page.slug:
            self.taken.discard(old_slug)
        if is_shut_to_some(page):
            self.taken.discard(page.slug)
        else:
            self.taken.add(page.slug)


class ChunkLookups:
    """The answers a chunk's lines need (see the module's docstring); ``records``: the
    chunk's lines that parse."""

    def __init__(self, records: list[ImportRecord], library) -> None:
        keys = {folded_number_key(ref.number) for record in records for ref in record.relations}
        self.targets = KnownTargets(keys)
        self.addresses = TakenAddresses(records, library)
        names = {name for record in records for name in record.tags}
        self.tags: dict[str, Tag] = {}
        for part in _slices(names):
            self.tags.update((tag.name, tag) for tag in Tag.objects.filter(name__in=part))

    def tags_of(self, record: ImportRecord) -> list:
        """The line's tags: those known as objects, the others by name (taggit finds or
        creates them)."""
        return [self.tags.get(name, name) for name in record.tags]

    def note(self, old_slug: str | None, page) -> None:
        """A line created or changed ``page``: its tags exist now (a new one was created in
        the line's transaction, kept); written the ordinary way (saved and published through
        Wagtail, not collected by ``new_documents``), it is in the library for the next lines."""
        self.tags.update((tag.name, tag) for tag in page.tags.all())
        if not page._state.adding:
            self.targets.note(page)
            self.addresses.note(old_slug, page)
