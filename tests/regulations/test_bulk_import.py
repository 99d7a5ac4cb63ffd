"""The import in chunks (the command's way) leaves exactly what the page-by-page import leaves.

The page-by-page import (``import_documents`` without ``chunk_size``) saves every document
through Wagtail as an editor would; the chunked one writes new public documents together
(``regulations.new_documents``) and defers indexing and validity to the end of each chunk.
Both are run on the same lines from the same database (the first rolled back), and every row
they write is compared: pages, revisions, log entries, relations, tags, issuers, restrictions,
validity, both search indexes and the reference index. Ids differ between the two runs, so
rows are compared by what they designate (a document's number and date, a tag's name...).
"""

import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from announcements.models import Delivery
from regulations.importer import import_documents
from regulations.models import DocumentRelation, Issuer, PartyDocumentPage
from search import fts
from search.benchmark import generate_import_lines
from search.models import SearchEntry, SearchTerm

from .library_helpers import doc_line

pytestmark = pytest.mark.django_db

SECRET_TOKEN = re.compile(r"\bvb-[a-z2-7]{20}\b")

# Compared elsewhere or meaningless across two runs (ids, times, random keys).
PAGE_SKIPPED = {
    "id",
    "page_ptr",
    "partydocumentpage_ptr",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}
_PAGE_KEYS = {"content_object", "source", "target", "page", "live_revision", "latest_revision"}


def _sample_lines() -> list[str]:
    lines = list(generate_import_lines(45, seed=5))
    # A reference to a document further down, one that resolves later in the same chunk,
    # two documents that want the same address, and a draft citing a new document.
    lines.insert(
        3,
        doc_line(
            "900-HD/TU",
            "2021-05-04",
            relations=[{"type": "guides", "number": "901-QĐ/TU", "issued_on": "2021-06-01"}],
            tags=["thi đua", "khen thưởng"],
        ),
    )
    lines.insert(9, doc_line("901-QĐ/TU", "2021-06-01", doc_type="QĐ"))
    lines.append(doc_line("905-HD/TU", "2021-03-01"))
    lines.append(doc_line("905-HD/TU", "2021-07-01"))
    lines.append(
        doc_line(
            "906-HD/TU",
            "2022-01-05",
            published=False,
            relations=[{"type": "replaces", "number": "905-HD/TU", "issued_on": "2021-03-01"}],
        )
    )
    return lines


class _Ids:
    """What an id designates, the same in both runs."""

    def __init__(self) -> None:
        self.pages = {
            page.pk: f"{page.number} {page.issued_on}"
            for page in PartyDocumentPage.objects.only("number", "issued_on")
        }
        self.pages.update(
            {pk: f"page {path}" for pk, path in Page.objects.values_list("pk", "path")} | self.pages
        )
        self.tags = dict(Tag.objects.values_list("pk", "name"))
        self.issuers = {issuer.pk: str(issuer) for issuer in Issuer.objects.all()}
        self.groups = dict(Group.objects.values_list("pk", "name"))
        self.revisions = {}
        for page_id, revision_id in Revision.objects.order_by("pk").values_list("object_id", "pk"):
            page = self.pages.get(int(page_id))
            count = sum(1 for value in self.revisions.values() if value[0] == page)
            self.revisions[revision_id] = (page, count)

    def content(self, value, key=None):
        if isinstance(value, dict):
            return {
                k: self.content(v, k)
                for k, v in value.items()
                if k not in {"pk", "translation_key", "latest_revision_created_at"}
            }
        if isinstance(value, list):
            return [self.content(item, key) for item in value]
        if key == "body" and isinstance(value, str):
            return _without_block_ids(json.loads(value))
        if key in {"slug", "url_path"}:
            return _without_secret_token(value)
        if key in _PAGE_KEYS and value is not None:
            return self.pages.get(value, value)
        mapping = {"tag": self.tags, "issuers": self.issuers, "restricted_groups": self.groups}
        if key in mapping and value is not None:
            return mapping[key].get(value, value)
        return value


def _without_block_ids(blocks) -> str:
    """A StreamField's blocks without their ids (random on every save, whatever the path)."""
    return json.dumps(
        [{key: value for key, value in block.items() if key != "id"} for block in blocks],
        sort_keys=True,
    )


def _without_secret_token(address):
    """A secret document's address without its random token (drawn anew on every save)."""
    return SECRET_TOKEN.sub("vb-(random)", address) if address else address


def _designated(content_type_id, object_id, ids) -> str:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if issubclass(model, Page):
        return ids.pages.get(int(object_id), object_id)
    return str(model._base_manager.get(pk=object_id))


def _snapshot() -> dict:
    ids = _Ids()
    documents = PartyDocumentPage.objects.filter(pk__in=ids.pages).specific().order_by("path")
    pages = {}
    for page in documents:
        row = {}
        for field in type(page)._meta.concrete_fields:
            if field.name in PAGE_SKIPPED:
                continue
            value = field.value_from_object(page)
            if field.name in {"latest_revision", "live_revision"}:
                value = ids.revisions.get(value)
            elif field.name == "body":
                value = _without_block_ids(list(page.body.raw_data))
            elif field.name in {"slug", "url_path"}:
                value = _without_secret_token(value)
            row[field.name] = value
        row["tags"] = sorted(tag.name for tag in page.tags.all())
        row["issuers"] = sorted(str(issuer) for issuer in page.issuers.all())
        row["groups"] = sorted(group.name for group in page.restricted_groups.all())
        pages[ids.pages[page.pk]] = row
    revisions = {}
    for revision in Revision.objects.filter(object_id__in=[str(pk) for pk in ids.pages]):
        revisions.setdefault(ids.pages[int(revision.object_id)], []).append(
            {
                **ids.content(revision.content),
                "(object_str, user, type, base type, go live)": (
                    revision.object_str,
                    revision.user_id,
                    revision.content_type_id,
                    revision.base_content_type_id,
                    revision.approved_go_live_at,
                ),
            }
        )
    logs = [
        (
            ids.pages.get(entry.page_id),
            entry.action,
            entry.label,
            json.dumps(entry.data, sort_keys=True),
            entry.content_changed,
            entry.deleted,
            entry.user_id,
            entry.content_type_id,
            ids.revisions.get(entry.revision_id),
        )
        for entry in PageLogEntry.objects.all()
    ]
    # Entries of pages the imports did not write (left by earlier tests on PostgreSQL, where
    # a live server's late request can outlive a flush) are the same in both runs; sorted by
    # their text, their None beside a document's name does not stop the sort.
    logs.sort(key=lambda row: [repr(value) for value in row])
    relations = sorted(
        (
            (
                ids.pages[relation.source_id],
                relation.relation_type,
                ids.pages.get(relation.target_id),
                relation.target_number,
                relation.target_number_key_folded,
                str(relation.target_issued_on),
                relation.sort_order,
            )
            for relation in DocumentRelation.objects.all()
        ),
        key=repr,  # a target may be None (not in the library)
    )
    restrictions = sorted(
        (
            ids.pages[restriction.page_id],
            restriction.restriction_type,
            sorted(group.name for group in restriction.groups.all()),
        )
        for restriction in PageViewRestriction.objects.all()
    )
    entries = {}
    for entry in SearchEntry.objects.prefetch_related("allowed_groups"):
        row = {
            field.name: field.value_from_object(entry)
            for field in SearchEntry._meta.concrete_fields
            if field.name not in {"id", "page", "sample_bucket"}
            and not field.name.endswith("vector")
        }
        row["url_path"] = _without_secret_token(row["url_path"])
        row["allowed_groups"] = sorted(group.name for group in entry.allowed_groups.all())
        entries[ids.pages[entry.page_id]] = row
    # SQLite's full-text rows: public entries in both ranked tables, the others in ``fts.ALL``
    # only (the sample's table follows the random sample bucket, left out above).
    page_of_entry = {entry.pk: ids.pages[entry.page_id] for entry in SearchEntry.objects.all()}
    fulltext = {}
    with connection.cursor() as cursor:
        for table in fts.RANKED if connection.vendor == "sqlite" else ():
            cursor.execute(f"SELECT rowid, folded_title FROM {table}")
            fulltext[table] = sorted((page_of_entry[rowid], t) for rowid, t in cursor.fetchall())
    index_entries = sorted(
        (
            entry.content_type_id,
            ids.pages.get(int(entry.object_id), entry.object_id),
            entry.title,
            entry.autocomplete,
            entry.body,
        )
        for entry in IndexEntry.objects.all()
    )
    # Not the row's own content type: Wagtail's save writes the specific page type or, for
    # references held by child rows, the type their parental key points to (whichever save
    # wrote the row first); the chunked import writes the specific type for all.
    references = sorted(
        (
            reference.base_content_type_id,
            ids.pages.get(int(reference.object_id), reference.object_id),
            reference.to_content_type_id,
            _designated(reference.to_content_type_id, reference.to_object_id, ids),
            reference.model_path,
            re.sub(r"\.\d+\.", ".(child).", reference.content_path),  # the child row's id
        )
        for reference in ReferenceIndex.objects.all()
    )
    return {
        "pages": pages,
        "revisions": revisions,
        "logs": logs,
        "relations": relations,
        "restrictions": restrictions,
        "search entries": entries,
        "full-text rows": fulltext,
        "terms": sorted(SearchTerm.objects.values_list("term", flat=True)),
        "index entries": index_entries,
        "references": references,
        "deliveries": Delivery.objects.count(),
        "library children": list(Page.objects.filter(depth=3).values_list("path", "numchild")),
    }


def _differences(expected, found) -> list:
    """The first differing entries, field by field where rows are dicts."""
    if isinstance(expected, dict) and isinstance(found, dict):
        keys = sorted(set(expected) | set(found), key=str)
        return [
            (key, _differences(expected.get(key), found.get(key)))
            for key in keys
            if expected.get(key) != found.get(key)
        ][:5]
    if isinstance(expected, list) and isinstance(found, list):
        pairs = [_differences(a, b) for a, b in zip(expected, found, strict=False) if a != b]
        return [*pairs[:3], len(expected), len(found)]
    return [expected, found]


class _Rollback(Exception):
    pass


def _import_and_snapshot(lines, **options) -> tuple[dict, object]:
    result = {}
    try:
        with transaction.atomic():
            result["summary"] = import_documents(lines, **options)
            result["snapshot"] = _snapshot()
            raise _Rollback
    except _Rollback:
        pass
    return result["snapshot"], result["summary"]


def test_chunked_import_writes_what_the_page_by_page_import_writes():
    lines = _sample_lines()
    one_by_one, summary = _import_and_snapshot(lines)
    chunked, chunked_summary = _import_and_snapshot(lines, chunk_size=7)
    assert summary.ok and summary.created == len(lines)
    assert chunked_summary == summary
    # The sample exercises what the chunked way does differently.
    assert any(row["restricted"] for row in one_by_one["pages"].values())
    assert any(not row["live"] for row in one_by_one["pages"].values())
    assert sum(1 for row in one_by_one["relations"] if row[2] is not None) > 10
    assert "901-QĐ/TU 2021-06-01" in {row[2] for row in one_by_one["relations"]}
    if connection.vendor == "sqlite":  # SQLite's tables: PostgreSQL has none
        public, every = (one_by_one["full-text rows"][table] for table in (fts.PUBLIC, fts.ALL))
        assert len(public) < len(every) and set(public) < set(every)
    for part, value in one_by_one.items():
        assert chunked[part] == value, (part, _differences(value, chunked[part]))


def test_resolved_within_a_chunk_as_across_chunks():
    """The same lines in one chunk and in chunks of one line: the same documents and links."""
    lines = _sample_lines()[:20]
    whole, _summary = _import_and_snapshot(lines, chunk_size=100)
    single, _summary = _import_and_snapshot(lines, chunk_size=1)
    assert whole["relations"] == single["relations"]
    assert whole["pages"] == single["pages"]


def test_a_rerun_changes_nothing(tmp_path):
    lines = _sample_lines()[:15]
    first = import_documents(lines, chunk_size=4)
    before = (Revision.objects.count(), PageLogEntry.objects.count(), SearchEntry.objects.count())
    again = import_documents(lines, chunk_size=4)
    assert first.created == 15 and again.unchanged == 15 and again.created == again.updated == 0
    after = (Revision.objects.count(), PageLogEntry.objects.count(), SearchEntry.objects.count())
    assert after == before


def test_a_changed_line_in_a_rerun_updates_its_document():
    lines = _sample_lines()[:6]
    import_documents(lines, chunk_size=4)
    data = json.loads(lines[2])
    data["title"] = "Tên đã sửa của văn bản"
    lines[2] = json.dumps(data, ensure_ascii=False)
    summary = import_documents(lines, chunk_size=4)
    assert (summary.updated, summary.unchanged) == (1, 5)
    page = PartyDocumentPage.objects.get(
        number=data["number"], issued_on=date.fromisoformat(data["issued_on"])
    )
    assert page.title == "Tên đã sửa của văn bản"
    assert SearchEntry.objects.get(page=page).title == "Tên đã sửa của văn bản"


def test_a_citation_of_an_earlier_document_of_another_type_in_the_chunk_is_in_its_revision():
    """Pages of a chunk get their ids in the order of the lines whatever their type: the
    citing circular's revision holds the regulation above it, as a page-by-page import's."""
    lines = [
        doc_line("51-HD/TU", "2020-01-02"),
        doc_line("50-QC/TU", "2020-01-01", kind="regulation", doc_type="QC"),
        doc_line(
            "52-HD/TU",
            "2020-01-03",
            relations=[{"type": "guides", "number": "50-QC/TU", "issued_on": "2020-01-01"}],
        ),
    ]
    import_documents(lines, chunk_size=10)
    regulation = PartyDocumentPage.objects.get(number="50-QC/TU")
    citing = PartyDocumentPage.objects.get(number="52-HD/TU")
    assert PartyDocumentPage.objects.get(number="51-HD/TU").pk < regulation.pk < citing.pk
    (relation,) = citing.latest_revision.content["outgoing_relations"]
    assert relation["target"] == regulation.pk


def test_an_undated_citation_of_a_number_held_twice_designates_neither_as_page_by_page():
    """Two documents of one number, one stored by an earlier chunk and one written earlier in
    the citing line's chunk: page by page, both are in the library when the citing line is
    read, so a citation without a date designates neither. The chunked import must not take
    the stored one for the only one because the other is not written yet."""
    citing = doc_line(
        "912-HD/TU", "2021-03-01", relations=[{"type": "guides", "number": "910-HD/TU"}]
    )
    lines = [
        doc_line("910-HD/TU", "2021-01-01"),
        doc_line("911-HD/TU", "2021-01-02"),
        doc_line("910-HD/TU", "2021-02-01"),
        citing,
    ]
    one_by_one, _summary = _import_and_snapshot(lines)
    chunked, _summary = _import_and_snapshot(lines, chunk_size=2)
    (relation,) = [row for row in one_by_one["relations"] if row[0].startswith("912-HD/TU")]
    assert relation[2] is None  # the target: neither document
    assert chunked["relations"] == one_by_one["relations"]
    assert chunked["pages"] == one_by_one["pages"]


def test_an_address_left_by_a_document_made_secret_is_taken_as_page_by_page():
    """A line makes a public document secret (it gets a random address); a later line of the
    same chunk, of the same number and year, takes the address it left, as page by page."""
    import_documents([doc_line("930-HD/TU", "2021-01-01")])
    lines = [
        doc_line("930-HD/TU", "2021-01-01", confidentiality="Mật", restricted_to=["Ban Thường vụ"]),
        doc_line("930-HD/TU", "2021-06-01"),
    ]
    one_by_one, _summary = _import_and_snapshot(lines)
    chunked, _summary = _import_and_snapshot(lines, chunk_size=10)
    assert chunked["pages"] == one_by_one["pages"]
    slugs = {row["slug"] for row in one_by_one["pages"].values()}
    assert "930-hd-tu-2021" in slugs
