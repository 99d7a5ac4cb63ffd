"""Background work of the library (django-tasks): attachment text extraction."""

from django.db import transaction
from django_tasks import task
from wagtail.search import index

from core.files.extraction import extract_text

from .models import DocumentAttachment


@task()
def extract_attachment_text(attachment_id: int) -> str:
    """Read the attachment's file and store its text (or a clear message) for search.

    The stored text and the search entry are written in one transaction: a worker stopped
    between the two leaves the attachment pending and unindexed, so running the task again
    finishes the work (tests/production/test_interruption.py).
    """

    attachment = DocumentAttachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        return "missing"
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        data = b""
    result = extract_text(data)
    extraction = DocumentAttachment.Extraction
    status = extraction.FAILED if result.error else extraction.DONE
    with transaction.atomic():
        DocumentAttachment.objects.filter(pk=attachment_id).update(
            extracted_text=result.text,
            extraction_status=status,
            extraction_message=result.error[:500],
            file_size=len(data),
        )
        index.insert_or_update_object(attachment.page.specific)
    return status


def enqueue_pending_extractions(document_id: int) -> int:

    pending = DocumentAttachment.objects.filter(
        page_id=document_id, extraction_status=DocumentAttachment.Extraction.PENDING
    ).values_list("pk", flat=True)
    for attachment_id in pending:
        extract_attachment_text.enqueue(attachment_id)
    return len(pending)
