"""Import Party and state documents from JSON Lines (``IMPORT_FORMAT.md``).

Each line is validated, then written in its own transaction: a rejected or failing line
leaves nothing behind, the other lines still import. The identity of a document is its
number, compared by ``regulations.identity.identity_key``, and its issue date, so importing
again updates: "Số 137／QĐ/TW" finds the "137/QĐ/TW" of the same date already in the library.

A public and a secret document may share an identity (an editor outside the secret one's
groups cannot know of it), so the line's own secrecy decides which one it updates
(``known_documents.existing_document``, docs/documents.md). Secret documents get random addresses
(``regulations.slugs``).
"""

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, reset_queries, transaction
from django.utils.translation import gettext as _

from core.bulk_writes import deferred_page_indexing
from core.visibility import reader_rules

from .chunk_lookups import ChunkLookups
from .import_fields import fill_page, set_relations
from .import_format import (
    DuplicateTracker,
    ImportLineError,
    ImportRecord,
    line_sections,
    parse_line,
)
from .import_indexing import BackgroundIndexing, InlineIndexing, index_backlog
from .known_documents import existing_document, is_secret, public_documents_of
from .models import (
    CircularPage,
    DocumentLibraryPage,
    DocumentRelation,
    PartyDocumentPage,
    RegulationPage,
    StateDocumentPage,
)
from .new_documents import NewDocuments
from .relations import resolve_pending_relations
from .services import deferred_validity, refresh_after_bulk_write, sync_secrecy
from .slugs import document_slug, is_secret_slug, secret_slug
from .validity import refresh_validity

logger = logging.getLogger(__name__)
PAGE_MODELS = {"regulation": RegulationPage, "circular": CircularPage, "state": StateDocumentPage}


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    # Documents an interrupted import had committed but not indexed, indexed first.
    indexed_after_interruption: int = 0

    @property
    def ok(self) -> bool:
        return self.rejected == 0


class NoLibraryError(Exception):
    pass


class _DryRunRollback(Exception):
    pass


def import_documents(
    lines: Iterable[str],
    *,
    dry_run: bool = False,
    user=None,
    library: DocumentLibraryPage | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int | None = None,
    parallel_indexing: bool = False,
) -> ImportSummary:
    """Import every line; ``progress`` is called with the line number after each line.

    Without ``chunk_size`` the whole file is one transaction and every save does its own
    work (indexing, validity), as an editor's would. With it, every ``chunk_size`` lines
    are committed together (an interruption keeps the finished chunks; a rerun finds them
    unchanged) and that work is done once per chunk (``_chunk_work``): the same pages,
    revisions, relations, validity and index entries, much faster.
    """
    library = library or DocumentLibraryPage.objects.first()
    if library is None:
        raise NoLibraryError(_("Chưa có trang Thư viện văn bản: hãy chạy setup_intranet trước."))
    run = _Run(ImportSummary(), library, user)
    numbered = enumerate(lines, start=1)
    # A dry run is one transaction rolled back; chunks are then savepoints inside it.
    outer = transaction.atomic() if dry_run or chunk_size is None else nullcontext()
    try:
        with outer:
            if chunk_size is None:
                _finish(_import_lines(_parsed(numbered), run, progress)[0], run.summary)
            else:
                indexing = _indexing_for(parallel_indexing and not dry_run)
                try:
                    touched = _import_chunks(_chunks(numbered, chunk_size), run, progress, indexing)
                except BaseException:
                    if isinstance(indexing, BackgroundIndexing):
                        indexing.abandon()
                    raise
                _report_unresolved(touched, run.summary)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return run.summary


def _indexing_for(parallel: bool) -> InlineIndexing:
    """A second process where it helps and can work: PostgreSQL (SQLite writes one at a
    time), committed chunks (a caller's transaction would hide them from it)."""
    if parallel and connection.vendor == "postgresql" and not connection.in_atomic_block:
        return BackgroundIndexing()
    return InlineIndexing()


def _import_chunks(chunks, run: "_Run", progress, indexing: InlineIndexing) -> list[int]:
    """Import and commit ``chunks``; an interrupted import's backlog indexed first."""
    if not connection.in_atomic_block:
        run.summary.indexed_after_interruption = index_backlog()
    touched = []
    for chunk in chunks:
        with transaction.atomic():
            touched += _import_chunk(chunk, run, progress, indexing)
        indexing.committed()
        # Under DEBUG Django keeps the last 9,000 statements, and a chunk's inserts carry its
        # bodies: megabytes a chunk, the memory growing over the first 20,000 lines.
        reset_queries()
    indexing.close()
    return touched


def _chunks(numbered, size: int):
    """The numbered lines in lists of ``size``, read as they are needed (flat memory)."""
    while chunk := list(islice(numbered, size)):
        yield chunk


def _parsed(numbered):
    """(line number, the line's record, or the ``ImportLineError`` it raised, or None for a
    blank line) for each numbered line."""
    for line_no, line in numbered:
        if not line.strip():
            yield line_no, None
            continue
        try:
            yield line_no, parse_line(line)
        except ImportLineError as error:
            yield line_no, error


@dataclass
class _Run:
    """What the lines of one import share: the summary, the library, the user, the
    identities already seen (a document twice in one file) and the issuers found."""

    summary: ImportSummary
    library: DocumentLibraryPage
    user: object
    duplicates: DuplicateTracker = field(default_factory=DuplicateTracker)
    issuers: dict = field(default_factory=dict)


def _import_chunk(chunk, run: _Run, progress, indexing: InlineIndexing) -> list[int]:
    """Import and commit one chunk of lines; the work each save would do is done once at the
    end: validity (``services.refresh_after_bulk_write``), pending references of drafts and
    unchanged documents (the others resolved theirs when published), search and reference
    indexes (``core.bulk_writes``)."""
    with (
        deferred_page_indexing(PAGE_MODELS.values()),
        deferred_validity() as published,
    ):
        parsed = list(_parsed(chunk))
        records = [record for _line_no, record in parsed if isinstance(record, ImportRecord)]
        lookups = ChunkLookups(records, run.library)
        public = public_documents_of(records)
        touched, written = _import_lines(parsed, run, progress, public=public, lookups=lookups)
        done, rules = set(published), reader_rules()
        for document in PartyDocumentPage.objects.filter(pk__in=touched):
            if document.pk not in done:
                resolve_pending_relations(document, rules)
        changed = refresh_after_bulk_write(touched, published)
        indexing.index(sorted(set(written) | set(changed)))
    return touched


def _import_lines(
    parsed, run: _Run, progress, public=None, lookups: ChunkLookups | None = None
) -> tuple[list[int], list[int]]:
    """Import the ``_parsed`` lines; returns the ids of the documents of the lines, and of
    those among them created or changed. With ``lookups`` (a chunk's), new public documents
    published at once are written together at the end (``new_documents``). ``public``: the
    library's public documents of the lines' identities, read beforehand
    (``known_documents``)."""
    summary = run.summary
    new_documents = None
    if lookups is not None and NewDocuments.usable(run.library):
        new_documents = NewDocuments(run.library, run.user, lookups.targets)
    touched: list = []  # pages, the new ones still without an id until written
    written: list = []
    for line_no, record in parsed:
        if progress:
            progress(line_no)
        if record is None:
            continue
        try:
            if isinstance(record, ImportLineError):
                raise record
            earlier = run.duplicates.seen(record, line_no)
            if earlier is not None:
                raise ImportLineError(
                    [_("Trùng số, ký hiệu và ngày ban hành với dòng %(line)s.") % {"line": earlier}]
                )
            existing = existing_document(record, public)
            if new_documents is not None and not _joins_new_documents(record, existing):
                # Pages are placed, and published, in the order of the lines.
                new_documents.write()
            old_slug = existing.slug if existing is not None else None
            with transaction.atomic():
                outcome, page = _upsert(record, existing, run, line_no, new_documents, lookups)
            if lookups is not None and outcome != "unchanged":
                lookups.note(old_slug, page)
        except ImportLineError as error:
            summary.rejected += 1
            summary.errors.append((line_no, str(error)))
            continue
        except (IntegrityError, ValueError, ValidationError) as error:
            logger.exception("Import line %s failed", line_no)
            detail = "; ".join(error.messages) if isinstance(error, ValidationError) else error
            summary.rejected += 1
            summary.errors.append(
                (line_no, _("Không ghi được văn bản (%(error)s).") % {"error": detail})
            )
            continue
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        touched.append(page)
        if outcome != "unchanged":
            written.append(page)
    if new_documents is not None:
        new_documents.write()
    return [page.pk for page in touched], [page.pk for page in written]


def _record_hash(record: ImportRecord) -> str:
    fields = dict(record.__dict__)
    if not fields["sections"]:  # lines without other apps' sections hash as they always did
        del fields["sections"]
    payload = json.dumps(fields, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _upsert(record: ImportRecord, existing, run: _Run, line_no, new_documents=None, lookups=None):
    """Create or update the document of ``record`` (``existing``: its document, or None;
    ``lookups``: the chunk's, when the line is part of one)."""
    library, user, summary = run.library, run.user, run.summary
    model = PAGE_MODELS[record.kind]
    digest = _record_hash(record)
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise ImportLineError(
                [
                    _(
                        "Văn bản %(number)s ngày %(date)s đã có trong thư viện với loại trang "
                        "khác (%(kind)s); không thể đổi loại trang khi nhập."
                    )
                    % {
                        "number": record.number,
                        "date": record.issued_on.strftime("%d/%m/%Y"),
                        "kind": page._meta.verbose_name,
                    }
                ]
            )
        if page.get_latest_revision_as_object().import_hash == digest:
            return "unchanged", page
        outcome = "updated"
    else:
        page = model()
        outcome = "created"
    fill_page(page, record, digest, run.issuers, lookups)
    if is_secret(record):
        if not is_secret_slug(page.slug):
            page.slug = secret_slug()
    elif not page.slug:
        page.slug = _slug_for(record, library, new_documents, lookups)
    set_relations(page, record, lookups)
    if new_documents is not None and _joins_new_documents(record, existing):
        page.live = False  # as add_child saves it; written with the others of the chunk
        new_documents.add(page, published=record.published)
        lookups.addresses.hold(page.slug)
        return outcome, page
    if outcome == "created":
        page.live = False
        library.add_child(instance=page)
    _set_groups(page, record, summary, line_no)
    revision = page.save_revision(user=user, log_action=True)
    if record.published:
        revision.publish(user=user)
    else:
        sync_secrecy(page, relax=not page.live)
    sections = line_sections()
    for key, value in record.sections:  # other apps' parts of the line (``tasks``...)
        sections[key].apply(page, value, user)
    return outcome, page


def _joins_new_documents(record: ImportRecord, existing) -> bool:
    """New public documents (published at once or drafts) are written with the others of
    their chunk; a line with other apps' sections (``tasks``) goes the ordinary way, where
    they are applied to the saved page."""
    return existing is None and not is_secret(record) and not record.sections


def _slug_for(record: ImportRecord, library, new_documents=None, lookups=None) -> str:
    """The address from the number; ``new_documents`` not written yet hold theirs already."""
    taken = new_documents.slugs if new_documents is not None else ()
    if lookups is not None:
        return lookups.addresses.slug_for(record, also_taken=taken)
    return document_slug(record.number, record.issued_on, library, also_taken=taken)


def _set_groups(page, record: ImportRecord, summary: ImportSummary, line_no: int) -> None:
    groups = []
    for name in record.restricted_to:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            summary.warnings.append(
                (
                    line_no,
                    _("Đã tạo nhóm mới “%(name)s” (chưa có thành viên): hãy kiểm tra tên nhóm.")
                    % {"name": name},
                )
            )
        groups.append(group)
    page.restricted_groups.set(groups)


def _finish(touched: list[int], summary: ImportSummary) -> None:
    """Resolve references among the imported documents, refresh validity once, and report
    the references left unresolved."""
    _resolve_and_refresh(touched)
    _report_unresolved(touched, summary)


def _resolve_and_refresh(touched: list[int]) -> None:
    documents = PartyDocumentPage.objects.filter(pk__in=touched)
    for document in documents:
        resolve_pending_relations(document)
    affected = PartyDocumentPage.objects.filter(pk__in=touched) | PartyDocumentPage.objects.filter(
        incoming_relations__source__in=touched
    )
    refresh_validity(affected.distinct())


def _report_unresolved(touched: list[int], summary: ImportSummary) -> None:
    """The references of the imported documents still without a target, by source number
    (read in slices: SQLite limits the parameters of one query)."""
    pending = []
    for start in range(0, len(touched), 5000):
        relations = DocumentRelation.objects.filter(
            source__in=touched[start : start + 5000], target__isnull=True
        )
        pending += relations.values_list("source__number", "target_number")
    summary.unresolved += sorted(pending, key=itemgetter(0))
