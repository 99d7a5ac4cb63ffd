"""The admin's SQL queries do not grow with the size of an imported library (issue 20).

Beside test_admin_query_counts (synthetic documents, workflow actions): here the documents come
through the importer, with tags and issuers, and the history view is counted too.

Each admin screen is counted with the demo library, then with forty more documents (tags
and an issuer each), through the real views. The dashboard, a document's edit form and its
history must not change, nor the page explorer's (its per-row permission checks answer leaf
pages from their own rows: core.admin_panels.LeafPagePermissionTester).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regulations.models import DocumentLibraryPage, PartyDocumentPage
from tests.regulations.library_helpers import doc_line, import_lines

pytestmark = pytest.mark.django_db
CEILING = {"dashboard": 40, "edit": 70, "history": 25}


def _count(client, url: str) -> int:
    assert client.get(url).status_code == 200, url  # warm-up: per-process caches
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _counts(client) -> dict:
    library = DocumentLibraryPage.objects.get()
    document = PartyDocumentPage.objects.filter(confidentiality="").order_by("pk").first()
    urls = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{library.pk}/",
        "edit": f"/admin/pages/{document.pk}/edit/",
        "history": f"/admin/pages/{document.pk}/history/",
    }
    return {name: _count(client, url) for name, url in urls.items()}


def _grow_library(tmp_path, count: int = 40) -> None:
    lines = [
        doc_line(f"{n}-HD/TU", f"2023-02-{n % 28 + 1:02d}", tags=[f"chủ đề {n}", "chung"])
        for n in range(300, 300 + count)
    ]
    _stdout, stderr, error = import_lines(tmp_path, lines)
    assert error is None, stderr


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_admin_screens_do_not_grow_with_the_library(client_for, tmp_path, role):
    client = client_for(role)
    before = _counts(client)
    _grow_library(tmp_path)
    after = _counts(client)
    for name in ("dashboard", "edit", "history"):
        assert after[name] == before[name], (name, before, after)
        assert after[name] <= CEILING[name], (name, after)
    assert after["explorer"] == before["explorer"], (before, after)
