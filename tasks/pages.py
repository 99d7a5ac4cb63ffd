"""What a document's page shows of its tasks: those the reader may see, with their status."""

from core.pages import context_for
from regulations.models import PartyDocumentPage

from .selectors import visible_tasks, with_status


@context_for(PartyDocumentPage)
def document_tasks(page, request) -> dict:
    tasks = visible_tasks(request.user).filter(document_id=page.pk)
    return {"document_tasks": with_status(tasks)}  # one query when there are none
