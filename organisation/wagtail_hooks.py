"""Units in the admin: administrators manage them and who belongs to them, in which role."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Unit


class UnitViewSet(SnippetViewSet):
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
