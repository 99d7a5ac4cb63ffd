"""Helpers shared by the search tests: import documents, run searches, read results."""

import json
from itertools import count

from regulations.importer import import_documents
from regulations.models import PartyDocumentPage
from search.service import search

SECRET_NUMBER = "105-KL/TU"
SECRET_GROUP = "Ban Thường vụ Tỉnh ủy"
_serial = count(1)


def document_line(**fields) -> str:
    """One import line (IMPORT_FORMAT.md) of a public, published document; ``fields`` override."""
    serial = next(_serial)
    record = {
        "number": f"{900 + serial}-CV/VPTU",
        "doc_type": "CV",
        "kind": "circular",
        "title": f"Công văn thử nghiệm số {serial}",
        "issuer": "Văn phòng Tỉnh ủy",
        "issuer_code": "VPTU",
        "signer": "Lê Văn Thử",
        "issued_on": "2024-05-06",
        "effective_on": None,
        "expires_on": None,
        "field": "Văn phòng - hành chính",
        "tags": [],
        "summary": "",
        "body": "Nội dung văn bản thử nghiệm.",
        "confidentiality": None,
        "restricted_to": [],
        "relations": [],
        "published": True,
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


def import_docs(*records: dict) -> list[PartyDocumentPage]:
    """Import documents (dicts of overriding fields); return their pages, in order."""
    lines = [document_line(**record) for record in records]
    summary = import_documents(lines)
    assert summary.ok, summary.errors
    pages = []
    for line in lines:
        data = json.loads(line)
        page = PartyDocumentPage.objects.get(number=data["number"], issued_on=data["issued_on"])
        pages.append(page.specific)
    return pages


def numbers(user, query: str, **kwargs) -> list[str]:
    """Document numbers of the results, in order ("" for pages without a number)."""
    kwargs.setdefault("per_page", 100)
    return [hit.entry.number for hit in search(user, query, **kwargs).hits]


def page_ids(user, query: str, **kwargs) -> list[int]:
    kwargs.setdefault("per_page", 100)
    return [hit.entry.page_id for hit in search(user, query, **kwargs).hits]


def titles(user, query: str, **kwargs) -> list[str]:
    kwargs.setdefault("per_page", 100)
    return [hit.entry.title for hit in search(user, query, **kwargs).hits]
