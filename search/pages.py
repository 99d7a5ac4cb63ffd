"""What search adds to the pages of other apps (``core.pages``): "Tìm trong văn bản", the
search box of a document page, answered by the page itself (``?q=``), so that it works
without JavaScript and its results are links to the articles' anchors."""

from core.pages import context_for
from core.params import QueryForm, TextParam
from regulations.models import PartyDocumentPage

from .articles import find_in_document
from .query import MAX_QUERY_CHARS


class FindInDocumentForm(QueryForm):
    q = TextParam(max_length=MAX_QUERY_CHARS)


@context_for(PartyDocumentPage)
def find_in_document_context(document, request) -> dict:
    query = FindInDocumentForm(request.GET).value("q").strip()
    has_articles = bool(document.search_articles())
    found = None
    if query and has_articles:
        found = find_in_document(document, "", query)  # links to anchors of this page
    return {"find_in_document": has_articles, "find_query": query, "found": found}
