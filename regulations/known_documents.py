"""Which library document an import line updates (its identity: number key and issue date).

One query per line asked the library for the line's document; a chunk of new documents
(the usual file) asks for all its lines at once (``public_documents_of``), and
``existing_document`` takes the answer from there for public lines. Exact because a run
rejects a second line with an identity it has seen (``DuplicateTracker``): no line can find a
document that another line of its chunk wrote.
"""

from django.utils.translation import gettext as _

from .identity import document_identity, identity_key
from .import_format import ImportLineError, ImportRecord
from .models import PartyDocumentPage

_SLICE = 400  # identities per query (SQLite limits the parameters of one statement)


def is_secret(record: ImportRecord) -> bool:
    return bool(record.confidentiality or record.restricted_to)


def public_documents_of(records: list[ImportRecord]) -> dict:
    """The public documents of the identities of ``records`` (a chunk's lines that parse), as
    ``existing_document`` takes them: identity -> the first by the queryset's order."""
    identities = {document_identity(record.number, record.issued_on) for record in records}
    found: dict = {}
    identities = sorted(identities)
    for start in range(0, len(identities), _SLICE):
        part = identities[start : start + _SLICE]
        documents = PartyDocumentPage.objects.filter(
            number_key__in={key for key, _date in part},
            issued_on__in={issued_on for _key, issued_on in part},
            restricted=False,
        )
        if not documents.ordered:  # as ``first()`` orders
            documents = documents.order_by("pk")
        for document in documents:
            found.setdefault((document.number_key, document.issued_on), document)
    return {identity: found.get(identity) for identity in identities}


def existing_document(record: ImportRecord, public: dict | None = None):
    """The library's document with the record's identity (number key and issue date), or None.

    The stored ``number_key`` is the identity key (``regulations.identity``), so "137﹘QĐ/TW"
    finds "137-QĐ/TW" and the other way round. The identity is unique among public documents
    only, and the line's secrecy chooses: a public line updates the public document (never a
    secret one: a file that says nothing of secrecy must not make a secret document public);
    a secret line updates the secret document, the one with the line's groups if several
    share the identity, else the public one, which becomes secret (the file wins, so no
    public copy is left behind). ``public``: ``public_documents_of`` the line's chunk.
    """
    identity = document_identity(record.number, record.issued_on)
    if public is not None and identity in public and not is_secret(record):
        return public[identity]
    same = PartyDocumentPage.objects.filter(
        number_key=identity_key(record.number), issued_on=record.issued_on
    )
    public_one = same.filter(restricted=False)
    if not is_secret(record):
        return public_one.first()
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
    return secret[0] if secret else public_one.first()
