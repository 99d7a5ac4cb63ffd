"""Which issuers the admin shows an editor: the visibility rule followed through documents.

An issuer is data about documents: "Ban Bảo vệ chính trị nội bộ" named only by a secret
document tells an outsider that such a document exists. So an issuer is shown to an editor
when it issues at least one document the editor may see (``core.visibility``), or none at
all (an issuer just created, to be used). Registered with ``core.narrowing``, it narrows
every form field, chooser, listing and count of issuers in the admin without naming them.
"""

from django.db.models import Q

from core.narrowing import register_narrower
from core.visibility import admin_visible_pages

from .models import Issuer, PartyDocumentPage


def visible_issuers(user, queryset):
    """Issuers of ``queryset`` that ``user`` may see (superusers: all)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    documents = admin_visible_pages(user, PartyDocumentPage.objects.all()).values("pk")
    shown = Issuer.objects.filter(Q(documents=None) | Q(documents__in=documents))
    return queryset.filter(pk__in=shown.values("pk"))


def connect() -> None:
    register_narrower(Issuer, visible_issuers)
