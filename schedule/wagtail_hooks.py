"""The leaders as a snippet, and a meeting pack restricted from the moment it is saved."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from core.admin_snippets import VisibleSnippetViewSet

from .models import Leader, MeetingPackPage
from .packs import sync_pack_access


class LeaderViewSet(VisibleSnippetViewSet):
    model = Leader
    icon = "user"
    menu_label = _("Lãnh đạo (lịch công tác)")
    list_display = ["name", "position", "user", "sort_order"]
    search_fields = ["name", "position"]


register_snippet(LeaderViewSet)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def restrict_meeting_pack(request, page):
    if isinstance(page, MeetingPackPage):
        sync_pack_access(page)
