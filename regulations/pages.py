"""What the library and document pages show, and the library's feeds (``core.pages``).

Registered for the page models when the app starts (``RegulationsConfig.ready``).
"""

from announcements.services import page_panel as delivery_panel
from core.pages import context_for, view_for

from .choices import Validity
from .feeds import LatestDocumentsAtomFeed, LatestDocumentsFeed
from .library import library_context
from .models import DocumentLibraryPage, PartyDocumentPage
from .relations import relations_for
from .rendering import rendered_body
from .validity import VALIDITY_RELATIONS, refresh_validity_daily, validity_for


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
    relations = relations_for(document, request.user, preview=preview)
    attachments = list(document.attachments.all())
    return {
        **rendered_body(document),
        # The original (the signed PDF or the DOCX it was typed in), offered first.
        "original_file": next(
            (a for a in attachments if a.extension.lower() in ("pdf", "docx")), None
        ),
        "relations": relations,
        "validity_known_to_few": _validity_known_to_few(document, request.user, relations),
        "attachments": attachments,
        "delivery_panel": delivery_panel(request.user, document),
    }


def _validity_known_to_few(document, user, relations) -> dict | None:
    """The validity this reader knows from documents not every reader may see, if it differs.

    The stored validity is what every reader of the document may know (``regulations.
    validity``); a reader of a secret document that repeals, replaces or suspends it is told
    here what follows, as known only to those who may see that document. No query for the
    others: only relations they may see, from documents some readers may not, can change it.
    """
    lines = [
        line
        for line in relations["lines"]
        if not line.outgoing and line.known_to_few and line.relation_type in VALIDITY_RELATIONS
    ]
    if not lines or document.pk is None:
        return None
    value = validity_for(document, user)
    if value == document.validity:
        return None
    return {"value": value, "label": Validity(value).label, "lines": lines}
