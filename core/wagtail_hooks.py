"""Site-wide Wagtail hooks: the visibility rule on page views and in the admin.

The policy is registered first, at import time, as Wagtail asks of custom permission
policies (before anything looks the page policy up). See ``core.admin_visibility``; the
page viewset and rich text features registered here: ``core.admin_page_views``,
``core.admin_richtext``.
"""

from django.http import Http404, HttpResponseBadRequest
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from .admin_file_views import (
    VisibleDocumentBulkDelete,
    VisibleImageBulkDelete,
    VisibleSnippetBulkDelete,
)
from .admin_moderation import (
    VisibleUserObjectsInWorkflowModerationPanel,
    VisibleWorkflowObjectsToModeratePanel,
)
from .admin_page_views import VisiblePageViewSet
from .admin_richtext import register_page_links
from .admin_visibility import (
    PANEL_REPLACEMENTS,
    AdminVisibilityPagePermissionPolicy,
    VisibilityPageAdminURLFinder,
    VisiblePagesSummaryItem,
    admin_not_found,
    exclude_hidden,
    install_notifiers,
)
from .routing import seen_visible
from .visibility import admin_may_see, can_view_page, may_see_asset

register_permission_policy(Page, AdminVisibilityPagePermissionPolicy(Page))
register_admin_url_finder(Page, VisibilityPageAdminURLFinder)
install_notifiers()


@hooks.register("before_serve_page", order=-100)
def hide_restricted_pages(page, request, serve_args, serve_kwargs):
    """A page the user may not see answers 404, exactly like a page that does not exist.

    Runs before Wagtail's own view-restriction hook, which would otherwise redirect to the
    login page and so reveal that something is there. ``core.routing`` has already applied
    the rule to a remembered route's page (the same query for hidden and missing pages).
    """
    if seen_visible(request, page):
        return
    if not can_view_page(request.user, page):
        raise Http404


@hooks.register("register_admin_viewset")
def register_visible_page_viewset():
    """The views of every page type (registered for ``Page``, after Wagtail's own)."""
    return VisiblePageViewSet()


@hooks.register("register_rich_text_features", order=100)
def link_only_open_pages(features):
    """Page links in rich text, after Wagtail's own features (which they replace)."""
    register_page_links(features)


# --------------------------------------------------------------------------------------------
# Admin listings


@hooks.register("construct_explorer_page_queryset")
def hide_restricted_in_explorer(parent_page, pages, request):
    return exclude_hidden(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def hide_restricted_in_chooser(pages, request):
    return exclude_hidden(request.user, pages)


DASHBOARD_PANELS = {
    **PANEL_REPLACEMENTS,
    WorkflowObjectsToModeratePanel: VisibleWorkflowObjectsToModeratePanel,
    UserObjectsInWorkflowModerationPanel: VisibleUserObjectsInWorkflowModerationPanel,
}


@hooks.register("construct_homepage_panels")
def hide_restricted_on_dashboard(request, panels):
    for index, panel in enumerate(panels):
        replacement = DASHBOARD_PANELS.get(type(panel))
        if replacement is not None:
            panels[index] = replacement()


@hooks.register("construct_homepage_summary_items", order=100)
def count_only_visible_pages(request, summary_items):
    for index, item in enumerate(summary_items):
        if type(item) is PagesSummaryItem:
            summary_items[index] = VisiblePagesSummaryItem(request)


# --------------------------------------------------------------------------------------------
# Admin actions on one page: a second line behind AdminPageVisibilityMiddleware.


def _refuse_hidden(request, page, *args, **kwargs):
    if not admin_may_see(request.user, page):
        return admin_not_found(request)
    return None


for _hook_name in (
    "before_edit_page",
    "before_delete_page",
    "before_copy_page",
    "before_move_page",
    "before_unpublish_page",
    "before_publish_page",
    "before_convert_alias_page",
):
    hooks.register(_hook_name, _refuse_hidden)


@hooks.register("before_copy_page")
def refuse_unknown_copy_parent(request, page):
    """Wagtail's copy view loads ``new_parent_page`` with ``Page.objects.get`` before its form
    checks it: a missing, non-numeric or unknown id was a server error. Each, and a parent
    the editor may not see, is the same 400 here (one answer, no existence oracle)."""
    if request.method != "POST":
        return None
    value = request.POST.get("new_parent_page", "")
    parent = (
        Page.objects.filter(pk=int(value)).first() if value.isascii() and value.isdigit() else None
    )
    if parent is None or not admin_may_see(request.user, parent):
        return HttpResponseBadRequest(
            _("Biểu mẫu gửi lên thiếu dữ liệu. Hãy tải lại trang và thử lại."),
            content_type="text/plain; charset=utf-8",
        )
    return None


@hooks.register("before_create_page")
def refuse_hidden_parent(request, parent_page, page_class):
    return _refuse_hidden(request, parent_page)


@hooks.register("before_bulk_action")
def refuse_hidden_bulk(request, action_type, objects, action_class_instance):
    if any(isinstance(obj, Page) and not admin_may_see(request.user, obj) for obj in objects):
        return admin_not_found(request)
    return None


@hooks.register("before_serve_document")
def hide_documents_of_hidden_pages(document, request):
    """A Wagtail document used only by pages hidden from the user answers 404."""
    if not may_see_asset(request.user, document):
        raise Http404


# After Wagtail's own (a later registration of an action type replaces the earlier one): the
# bulk delete confirmations count only the uses the editor may see (core.admin_file_views).
for _bulk_delete in (VisibleImageBulkDelete, VisibleDocumentBulkDelete, VisibleSnippetBulkDelete):
    hooks.register("register_bulk_action", _bulk_delete, order=100)
