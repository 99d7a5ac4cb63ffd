"""The benchmark's synthetic documents are real pages: indexed, searchable, all columns set."""

import pytest

from core.visibility import every_restriction_rule
from regulations.models import DocumentLibraryPage, PartyDocumentPage
from search.benchmark import create_pages, generate_documents
from search.bulk import index_pages
from search.service import search

pytestmark = pytest.mark.django_db


def test_generated_documents_are_stored_indexed_and_found(user_for):
    library = DocumentLibraryPage.objects.first()
    documents = list(generate_documents(12, seed=3))
    ids = create_pages(library, documents)
    pages = PartyDocumentPage.objects.filter(pk__in=ids)
    assert pages.count() == 12
    page = pages.get(number=documents[0]["number"])
    assert page.recipient_clusters == [] and page.send_to_all_units is False
    assert page.specific.url  # a real page under the library
    index_pages(pages.specific().prefetch_related("issuers"), every_restriction_rule())
    response = search(user_for("member"), documents[0]["number"])
    assert response.hits[0].entry.page_id == page.pk
