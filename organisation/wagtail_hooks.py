"""Units in the admin: administrators manage them and who belongs to them, in which role."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView

from core.admin_snippets import VisibleSnippetViewSet
from core.admin_writes import RaceSafeSaveMixin

from .models import Unit


class UnitCreateView(RaceSafeSaveMixin, CreateView):
    """Two identical posts (a unit's code, a membership) give one row and no server error."""


class UnitEditView(RaceSafeSaveMixin, EditView):
    """The same for an edit adding a membership twice at once."""


class UnitViewSet(VisibleSnippetViewSet):
    model = Unit
    add_view_class = UnitCreateView
    edit_view_class = UnitEditView
    icon = "site"
    menu_label = _("Đơn vị")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "code", "kind", "cluster", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code", "cluster"]
    ordering = ["cluster", "name"]


register_snippet(UnitViewSet)
