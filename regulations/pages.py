"""What the library and document pages show, and the library's feeds (``core.pages``).

Registered for the page models when the app starts (``RegulationsConfig.ready``).
"""

from announcements.services import page_panel as delivery_panel
from core.pages import context_for, view_for

from .feeds import LatestDocumentsAtomFeed, LatestDocumentsFeed
from .library import library_context
from .models import DocumentLibraryPage, PartyDocumentPage
from .relations import relations_for
from .validity import refresh_validity_daily


@context_for(DocumentLibraryPage)
def library_page_context(library, request) -> dict:
    return library_context(library, request)


@view_for(DocumentLibraryPage, "rss")
def rss_feed(library, request):
    return LatestDocumentsFeed(library)(request)


@view_for(DocumentLibraryPage, "atom")
def atom_feed(library, request):
    return LatestDocumentsAtomFeed(library)(request)


@context_for(PartyDocumentPage)
def document_context(document, request) -> dict:
    if refresh_validity_daily() and document.pk:  # time has passed since the last change
        stored = PartyDocumentPage.objects.filter(pk=document.pk).values_list("validity", flat=True)
        document.validity = stored.first() or document.validity
    preview = getattr(request, "is_preview", False)
    return {
        "relations": relations_for(document, request.user, preview=preview),
        "attachments": document.attachments.all(),
        "delivery_panel": delivery_panel(request.user, document),
    }
