"""Import Party and state documents from JSON Lines (``IMPORT_FORMAT.md``).

Each line is validated, then written in its own transaction: a rejected or failing line
leaves nothing behind, the other lines still import. The identity of a document is its
number, compared by ``regulations.identity.identity_key``, and its issue date, so importing
again updates: "Số 137／QĐ/TW" finds the "137/QĐ/TW" of the same date already in the library.

A public and a secret document may share an identity (an editor outside the secret one's
groups cannot know of it), so the line's own secrecy decides which one it updates
(``_existing_document``, docs/documents.md). Secret documents get random addresses
(``regulations.slugs``).
"""

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from regulations.numbers import folded_number_key

from .body_parser import parse_body
from .identity import identity_key
from .import_format import (
    DuplicateTracker,
    ImportLineError,
    ImportRecord,
    line_sections,
    parse_line,
)
from .import_format.codes import type_key
from .models import (
    CircularPage,
    DocumentLibraryPage,
    DocumentRelation,
    Issuer,
    PartyDocumentPage,
    RegulationPage,
    StateDocumentPage,
)
from .relations import choose_target, resolve_pending_relations
from .services import sync_secrecy
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
) -> ImportSummary:
    """Import every line; ``progress`` is called with the line number after each line."""
    library = library or DocumentLibraryPage.objects.first()
    if library is None:
        raise NoLibraryError(_("Chưa có trang Thư viện văn bản: hãy chạy setup_intranet trước."))
    summary = ImportSummary()
    try:
        with transaction.atomic():
            _import_all(lines, summary, library, user, progress)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return summary


def _import_all(lines, summary, library, user, progress) -> None:
    duplicates = DuplicateTracker()
    touched: list[int] = []
    for line_no, line in enumerate(lines, start=1):
        if progress:
            progress(line_no)
        if not line.strip():
            continue
        try:
            record = parse_line(line)
            earlier = duplicates.seen(record, line_no)
            if earlier is not None:
                raise ImportLineError(
                    [_("Trùng số, ký hiệu và ngày ban hành với dòng %(line)s.") % {"line": earlier}]
                )
            with transaction.atomic():
                outcome, page = _upsert(record, library, user, summary, line_no)
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
        touched.append(page.pk)
    _finish(touched, summary)


def _record_hash(record: ImportRecord) -> str:
    fields = dict(record.__dict__)
    if not fields["sections"]:  # lines without other apps' sections hash as they always did
        del fields["sections"]
    payload = json.dumps(fields, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _upsert(record: ImportRecord, library, user, summary, line_no):
    model = PAGE_MODELS[record.kind]
    existing = _existing_document(record)
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
    _fill(page, record, digest)
    if _is_secret(record):
        if not is_secret_slug(page.slug):
            page.slug = secret_slug()
    elif not page.slug:
        page.slug = _slug_for(record, library)
    _set_relations(page, record)
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


def _is_secret(record: ImportRecord) -> bool:
    return bool(record.confidentiality or record.restricted_to)


def _existing_document(record: ImportRecord) -> PartyDocumentPage | None:
    """The library's document with the record's identity (number key and issue date), or None.

    The stored ``number_key`` is the identity key (``regulations.identity``), so "137﹘QĐ/TW"
    finds "137-QĐ/TW" and the other way round. The identity is unique among public documents
    only, and the line's secrecy chooses: a public line updates the public document (never a
    secret one: a file that says nothing of secrecy must not make a secret document public);
    a secret line updates the secret document, the one with the line's groups if several
    share the identity, else the public one, which becomes secret (the file wins, so no
    public copy is left behind).
    """
    same = PartyDocumentPage.objects.filter(
        number_key=identity_key(record.number), issued_on=record.issued_on
    )
    public = same.filter(restricted=False)
    if not _is_secret(record):
        return public.first()
    secret = list(same.filter(restricted=True).prefetch_related("restricted_groups"))
    if len(secret) > 1:
        groups = set(record.restricted_to)
        secret = [doc for doc in secret if {g.name for g in doc.restricted_groups.all()} == groups]
        if len(secret) != 1:
            raise ImportLineError(
                [
                    _(
                        "Có nhiều văn bản mật số %(number)s ngày %(date)s; nhóm được xem của "
                        "dòng này không chỉ ra đúng một văn bản để cập nhật."
                    )
                    % {"number": record.number, "date": record.issued_on.strftime("%d/%m/%Y")}
                ]
            )
    return secret[0] if secret else public.first()


def _fill(page, record: ImportRecord, digest: str) -> None:
    page.title = record.title
    page.number = record.number
    page.doc_type = type_key(record.kind, record.doc_type)  # "NN-TT" for a state Thông tư
    page.signer = record.signer
    page.issued_on = record.issued_on
    page.effective_on = record.effective_on
    page.expires_on = record.expires_on
    page.field = record.field
    page.summary = record.summary
    page.confidentiality = record.confidentiality or ""
    page.body = json.dumps(parse_body(record.body))
    page.import_hash = digest
    page.tags.set(list(record.tags))
    issuer = _issuer(record)
    page.issuers.set([issuer] if issuer else [])


def _slug_for(record: ImportRecord, library) -> str:
    return document_slug(record.number, record.issued_on, library)


def _issuer(record: ImportRecord) -> Issuer | None:
    if not record.issuer and not record.issuer_code:
        return None
    issuer, _created = Issuer.objects.get_or_create(
        code=record.issuer_code, name=record.issuer or record.issuer_code
    )
    return issuer


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


def _set_relations(page, record: ImportRecord) -> None:
    relations = []
    for ref in record.relations:
        target = choose_target(page, folded_number_key(ref.number), ref.issued_on)
        relations.append(
            DocumentRelation(
                relation_type=ref.type,
                target=target,
                target_number=ref.number,
                target_issued_on=ref.issued_on,
            )
        )
    page.outgoing_relations = relations


def _finish(touched: list[int], summary: ImportSummary) -> None:
    """Resolve references among the imported documents and refresh validity once."""
    documents = PartyDocumentPage.objects.filter(pk__in=touched)
    for document in documents:
        resolve_pending_relations(document)
    affected = PartyDocumentPage.objects.filter(pk__in=touched) | PartyDocumentPage.objects.filter(
        incoming_relations__source__in=touched
    )
    refresh_validity(affected.distinct())
    pending = DocumentRelation.objects.filter(source__in=touched, target__isnull=True)
    for relation in pending.select_related("source").order_by("source__number"):
        summary.unresolved.append((relation.source.number, relation.target_number))
