"""Units in the admin: administrators manage them and who belongs to them, in which role."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from core.admin_snippets import VisibleSnippetViewSet

from .models import Unit


class UnitViewSet(VisibleSnippetViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Đơn vị")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "code", "kind", "cluster", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code", "cluster"]
    ordering = ["cluster", "name"]


register_snippet(UnitViewSet)
