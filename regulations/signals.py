"""Keep secrecy, relations and validity in step with publishing, whatever publishes."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .services import after_document_published, after_document_unpublished


def _document(instance):
    from .models import PartyDocumentPage

    return instance if isinstance(instance, PartyDocumentPage) else None


@receiver(page_published, dispatch_uid="regulations_after_publish")
def on_page_published(sender, instance, **kwargs):
    document = _document(instance)
    if document is not None:
        after_document_published(document)


@receiver(page_unpublished, dispatch_uid="regulations_after_unpublish")
def on_page_unpublished(sender, instance, **kwargs):
    document = _document(instance)
    if document is not None:
        after_document_unpublished(document)
