"""A document's secrecy class, address and validity, kept in step with its view restrictions.

``PartyDocumentPage.restricted`` (the secrecy class: the identity is unique among the others,
docs/documents.md) follows the restrictions that make a document secret, whoever makes them:
``services.sync_secrecy`` (a secret draft, a publish), Wagtail's privacy dialog, a restriction
lifted. When a document becomes secret its address is replaced by a random one
(``regulations.slugs``) with no redirect from the old one: a redirect would answer the old
address differently from a missing page's. Validity depends on who may see whom
(``validity.counting_relations``), so it is refreshed for the document and for those its
relations point at.
"""

from django.db.models import Q
from wagtail.models import Page

from core.bulk_writes import indexing_deferred
from core.visibility import is_shut_to_some

from .models import DocumentRelation, PartyDocumentPage
from .services import validity_deferred
from .slugs import settle_secret_address
from .validity import refresh_validity


def restrictions_changed(page: Page) -> None:
    """The documents at or under ``page``: their secrecy class, addresses and validity."""
    documents = PartyDocumentPage.objects.filter(path__startswith=page.path)
    for document in documents:
        restricted = document.marked_secret or is_shut_to_some(document)
        if restricted != document.restricted:
            PartyDocumentPage.objects.filter(pk=document.pk).update(restricted=restricted)
            document.restricted = restricted
        if restricted:
            conceal_address(document)
    if validity_deferred():  # an import's chunk: refreshed with the documents it wrote
        return
    targets = DocumentRelation.objects.filter(source__in=documents).values("target_id")
    affected = PartyDocumentPage.objects.filter(
        Q(pk__in=documents.values("pk")) | Q(pk__in=targets)
    )
    refresh_validity(affected)


def conceal_address(document) -> None:
    """Give a secret ``document`` a random address, unless it has one, with no redirect.

    The token of the latest revision is reused when it has one (the admin form gives a draft
    marked secret its token before the restriction is made), so the address does not change
    again when that draft is published.
    """
    had = document.slug
    revision = document.latest_revision
    settle_secret_address(document, revision.content.get("slug") if revision else None)
    if document.slug != had and not indexing_deferred(document.specific_class):
        from wagtail.search import index

        index.insert_or_update_object(document.specific)  # results link to the address
