"""Fixtures of the security tests: three documents (public, draft, secret) and their markers.

The secret document is the demo's 105-KL/TU (Tối mật, group "Ban Thường vụ Tỉnh ủy"). The
public document and the draft are imported in each test through the real importer, the
public one newest of all (so it is on the first page of every listing), with a relation to
the secret one; a small PDF is attached to each of the three.
"""

import json
import re
from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter

from regulations.importer import import_documents
from regulations.models import DocumentAttachment, PartyDocumentPage

ROLES = [
    "anonymous",
    "member",
    "unit_editor",
    "editor",
    "reviewer",
    "publisher",
    "administrator",
    "standing_committee",
]
# Roles that may see the secret document: its group, and superusers.
SECRET_READERS = {"administrator", "standing_committee"}
# Roles with edit rights on the document library in the admin.
LIBRARY_EDITORS = {"editor", "reviewer", "publisher", "administrator"}

PUBLIC_NUMBER = "978-HD/VPTU"
DRAFT_NUMBER = "977-QĐi/TU"
SECRET_NUMBER = "105-KL/TU"


def _line(number, issued_on, title, **fields) -> str:
    data = {
        "number": number,
        "issued_on": issued_on,
        "doc_type": "HD",
        "kind": "circular",
        "title": title,
        "issuer": "Văn phòng Tỉnh ủy",
        "issuer_code": "VPTU",
        "summary": "",
        "body": "Nội dung văn bản.",
    }
    data.update(fields)
    return json.dumps(data, ensure_ascii=False)


def make_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass
class Doc:
    kind: str
    page: PartyDocumentPage
    markers: list[str]
    attachment: DocumentAttachment | None = None
    words: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.page.url


@pytest.fixture
def docs(db, django_capture_on_commit_callbacks):
    """``{"public": Doc, "draft": Doc, "secret": Doc}``."""
    with django_capture_on_commit_callbacks(execute=True):  # search indexes update on commit
        summary = _import()
    assert summary.ok, summary.errors
    return _docs()


def _import():
    return import_documents(
        [
            _line(
                PUBLIC_NUMBER,
                "2026-01-05",
                "Hướng dẫn tiếp nhận văn bản điện tử Quỳnh Lưu Xanhlam",
                relations=[
                    {"type": "based_on", "number": SECRET_NUMBER, "issued_on": "2025-06-24"}
                ],
                published=True,
            ),
            _line(
                DRAFT_NUMBER,
                "2026-01-04",
                "Dự thảo quy định lưu trữ hồ sơ Tímbiếc",
                doc_type="QĐi",
                kind="regulation",
                body="Dự thảo chưa ban hành: điều khoản Tímbiếc về lưu trữ.",
                published=False,
            ),
        ]
    )


def _docs():
    pages = {
        kind: PartyDocumentPage.objects.get(number=number).specific
        for kind, number in [
            ("public", PUBLIC_NUMBER),
            ("draft", DRAFT_NUMBER),
            ("secret", SECRET_NUMBER),
        ]
    }
    assert pages["public"].live and not pages["draft"].live and pages["secret"].live
    result = {
        # Markers are never a whole search query, so removing the echo of the query from a
        # response (the search box shows it back) leaves them.
        "public": Doc(
            "public",
            pages["public"],
            [PUBLIC_NUMBER, "tiếp nhận văn bản điện tử Quỳnh Lưu"],
            words=["Xanhlam"],
        ),
        "draft": Doc(
            "draft", pages["draft"], [DRAFT_NUMBER, "quy định lưu trữ hồ sơ"], words=["Tímbiếc"]
        ),
        "secret": Doc(
            "secret",
            pages["secret"],
            # its number, the distinctive phrases of its title and body, its address
            [
                "105-KL",
                "HẢI-ĐĂNG-719",
                "phương án nhân sự Ban Chấp hành Đảng bộ tỉnh khóa XX",
                pages["secret"].slug,
            ],
            words=["HẢI-ĐĂNG-719", "phương án nhân sự khóa XX"],
        ),
    }
    pdf = make_pdf()
    for doc in result.values():
        doc.attachment = DocumentAttachment.objects.create(
            page=doc.page,
            title=f"Phụ lục {doc.kind}",
            file=ContentFile(pdf, name=f"{doc.kind}.pdf"),
        )
    return result


def text_of(response) -> str:
    """A response body as text, JSON decoded so escaped characters compare as written."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            return body
    return body


def shows(text: str, doc: Doc) -> bool:
    return any(marker in text for marker in doc.markers)


CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]*"')


def same_page(response, other, path, other_path) -> bool:
    """Two responses are the same page once their CSRF tokens and own addresses are set aside."""

    def clean(resp, own_path):
        text = CSRF_VALUE.sub(r"\1", text_of(resp))
        return text.replace(own_path, "PATH").replace(quote(own_path, safe=""), "PATH")

    return resp_status(response) == resp_status(other) and clean(response, path) == clean(
        other, other_path
    )


def resp_status(response) -> int:
    return response.status_code


@pytest.fixture
def keep_factory_sequences():
    """Put the document factories' sequences back after the test.

    ``tests/test_factories.py`` checks the factories' first values ("301-QĐ/TU", the first
    subject) and runs after this directory; tests here that make documents would move them.
    """
    from tests.factories import CircularPageFactory, RegulationPageFactory

    factories = (RegulationPageFactory, CircularPageFactory)
    saved = []
    for made in factories:
        made._meta._initialize_counter()
        saved.append(made._meta._counter.seq)
    yield
    for made, seq in zip(factories, saved, strict=True):
        made._meta._counter.reset(seq)
