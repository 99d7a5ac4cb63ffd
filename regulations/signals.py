"""Keep secrecy, relations and validity in step with publishing, whatever publishes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .services import after_document_published, after_document_unpublished


def _document(instance):
    from .models import PartyDocumentPage

    return instance if isinstance(instance, PartyDocumentPage) else None


@receiver(page_published, dispatch_uid="regulations_after_publish")
def on_page_published(sender, instance, created=False, **kwargs):
    """``created``: sent by a bulk writer for a page created by this publish."""
    document = _document(instance)
    if document is not None:
        after_document_published(document, created=created)


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


def _restrictions_changed(page_id) -> None:
    from .secrecy import restrictions_changed

    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        restrictions_changed(page)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="regulations_restriction_saved")
def on_restriction_saved(sender, instance, raw=False, **kwargs):
    """A document made secret, by its mark or by the privacy dialog: its secrecy class, its
    address and the validity it shapes (``regulations.secrecy``)."""
    if not raw:
        _restrictions_changed(instance.page_id)


@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="regulations_restriction_gone")
def on_restriction_deleted(sender, instance, origin=None, **kwargs):
    """A restriction lifted; not one deleted with its page (the page is going too)."""
    deleted = getattr(origin, "model", type(origin))  # a queryset's model, or the instance's
    if not (isinstance(deleted, type) and issubclass(deleted, Page)):
        _restrictions_changed(instance.page_id)


@receiver(
    m2m_changed,
    sender=PageViewRestriction.groups.through,
    dispatch_uid="regulations_restriction_groups",
)
def on_restriction_groups_changed(sender, instance, action, **kwargs):
    """Other readers: other relations may shape validity (``validity.counting_relations``)."""
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(
        instance, PageViewRestriction
    ):
        _restrictions_changed(instance.page_id)


@receiver(post_save, sender=Redirect, dispatch_uid="regulations_no_redirect_to_secrets")
def on_redirect_saved(sender, instance, raw=False, **kwargs):
    """A redirect to a secret document answers its old address unlike a missing page's."""
    from .models import PartyDocumentPage

    secret = PartyDocumentPage.objects.filter(pk=instance.redirect_page_id, restricted=True)
    if not raw and instance.redirect_page_id and secret.exists():
        instance.delete()
