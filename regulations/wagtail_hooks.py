"""Admin wiring of the library: snippets and secrecy on every save."""

from django.contrib import messages
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from core.admin_snippets import VisibleSnippetViewSet

from .forms import duplicate_number_warnings
from .models import Issuer, PartyDocumentPage
from .services import sync_secrecy


class IssuerViewSet(VisibleSnippetViewSet):
    model = Issuer
    icon = "group"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


register_snippet(IssuerViewSet)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def restrict_secret_drafts(request, page):
    """A draft marked secret is restricted at once, before anyone publishes it."""
    if isinstance(page, PartyDocumentPage):
        sync_secrecy(page, relax=False)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_reused_number(request, page):
    """A non-blocking warning when the number is already used with another date.

    Not for autosaves (JSON requests, which show no messages): the warnings would pile up
    and all appear at the next page the editor opens.
    """
    if isinstance(page, PartyDocumentPage) and request.accepts("text/html"):
        for warning in duplicate_number_warnings(page, request.user):
            messages.warning(request, warning)
