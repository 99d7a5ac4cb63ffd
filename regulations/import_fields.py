"""How an import line fills its page: fields, tags, issuer and references (in memory; the
importer saves the page, or ``new_documents`` writes it with the others of its chunk)."""

import json

from regulations.numbers import folded_number_key

from .body_parser import parse_body
from .import_format import ImportRecord
from .import_format.codes import type_key
from .models import DocumentRelation, Issuer
from .relations import choose_target


def fill_page(page, record: ImportRecord, digest: str, issuers: dict, lookups=None) -> None:
    """The page's fields, tags and issuer from the line (``digest``: its ``import_hash``;
    ``lookups``: the chunk's ``ChunkLookups``, when it is part of one)."""
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
    page.tags.set(lookups.tags_of(record) if lookups is not None else list(record.tags))
    issuer = issuer_of(record, issuers)
    page.issuers.set([issuer] if issuer else [])


def issuer_of(record: ImportRecord, known: dict) -> Issuer | None:
    """The issuer of the line, created if new; ``known``: the run's issuers found already
    stored (a few dozen for a whole file), asked for once each."""
    if not record.issuer and not record.issuer_code:
        return None
    key = (record.issuer_code, record.issuer or record.issuer_code)
    if key in known:
        return known[key]
    issuer, created = Issuer.objects.get_or_create(code=key[0], name=key[1])
    if not created:  # one created by this line goes if the line fails: not kept before then
        known[key] = issuer
    return issuer


def set_relations(page, record: ImportRecord, lookups=None) -> None:
    """The line's references, in memory, each to the document it designates if any."""
    choose = lookups.targets.choose if lookups is not None else choose_target
    relations = []
    for ref in record.relations:
        target = choose(page, folded_number_key(ref.number), ref.issued_on)
        relations.append(
            DocumentRelation(
                relation_type=ref.type,
                target=target,
                target_number=ref.number,
                target_issued_on=ref.issued_on,
            )
        )
    page.outgoing_relations = relations
