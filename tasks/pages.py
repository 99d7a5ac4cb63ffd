"""What a document's page shows of its tasks: those the reader may see, with their status."""

from core.pages import context_for
from regulations.models import PartyDocumentPage

from .selectors import documents_with_tasks, visible_tasks, with_status


@context_for(PartyDocumentPage)
def document_tasks(page, request) -> dict:
    if page.pk not in documents_with_tasks():
        return {"document_tasks": []}
    tasks = visible_tasks(request.user).filter(document_id=page.pk)
    return {"document_tasks": with_status(tasks)}
