"""Keep secrecy, relations and validity in step with publishing, whatever publishes."""

from django.db.models.signals import post_delete
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


@receiver(
    post_delete, sender="regulations.DocumentRelation", dispatch_uid="regulations_relation_gone"
)
def on_relation_deleted(sender, instance, **kwargs):
    """A removed relation (an edit, a corrected import line, a deleted document) may give its
    target its validity back: "replaces" and "repeals" only count while they exist."""
    if instance.target_id:
        from .models import PartyDocumentPage
        from .validity import refresh_validity

        refresh_validity(PartyDocumentPage.objects.filter(pk=instance.target_id))
