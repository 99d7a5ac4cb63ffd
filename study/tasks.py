"""Background work of the study section (django-tasks): text of PDF/DOCX materials."""

from django.db import transaction
from django_tasks import task
from wagtail.models import Page
from wagtail.search import index

from core.files.extraction import extract_text


def _fresh(document) -> bool:
    from .models import MaterialText

    return MaterialText.objects.filter(document=document, file_name=document.file.name).exists()


def _extract(document) -> None:
    from .models import MaterialText

    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        data = b""
    result = extract_text(data)
    MaterialText.objects.update_or_create(
        document=document,
        defaults={
            "file_name": document.file.name,
            "text": result.text,
            "error": result.error[:500],
        },
    )


@task()
def extract_material_texts(page_id: int) -> int:
    """Extract the text of the page's attached materials that have none yet (or whose file
    changed), then index the page again so that search finds what the materials say."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    page = page.specific
    documents = [
        d for d in page.material_documents() if d.file_extension.lower() in {"pdf", "docx"}
    ]
    stale = [document for document in documents if not _fresh(document)]
    for document in stale:
        _extract(document)
    if stale:
        index.insert_or_update_object(page)
    return len(stale)


def after_material_page_published(page) -> None:
    """Queue the extraction once the publishing transaction has committed (ids only)."""
    page_id = page.pk
    transaction.on_commit(lambda: extract_material_texts.enqueue(page_id))
