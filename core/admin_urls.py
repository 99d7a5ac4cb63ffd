"""Admin URLs answered by our views (``core.admin_visibility``, ``core.admin_exports``):
filtered reports, a page's history that can be exported, the site history's export in
local time, the Sites listing with Vietnamese headings (``core.admin_sites``), and the
endpoints that would name hidden pages or their data: tag autocomplete, the page chooser's
"chosen" answer and external-link matching (``core.admin_choosers``), the usage listings
of images and documents (``core.admin_snippets``) and their listings, edit views and delete
confirmations, which count uses (``core.admin_file_views``).

Included in ``intranet.urls`` before Wagtail's admin URLs, so these paths reach the filtered
views first; the URL names stay Wagtail's (``wagtailadmin_reports:...`` reverse to the same
paths). Decorated like every Wagtail admin view: admin access required, never cached, and the
admin's own 404 page.
"""

import functools

from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from .admin_choosers import VisibleChosenMultipleView, VisibleExternalLinkView, tag_autocomplete
from .admin_exports import ExportablePageHistoryView, SiteHistoryView
from .admin_file_views import (
    VisibleDocumentDeleteView,
    VisibleDocumentEditView,
    VisibleDocumentIndexView,
    VisibleImageDeleteView,
    VisibleImageEditView,
    VisibleImageIndexView,
)
from .admin_sites import sites
from .admin_snippets import VisibleDocumentUsageView, VisibleImageUsageView
from .admin_visibility import (
    VisibleLockedPagesView,
    VisiblePageTypesUsageReportView,
    admin_not_found,
)


def _admin_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return admin_not_found(request)

    return never_cache(require_admin_access(wrapper))


urlpatterns = [
    # A page's history, with CSV/XLSX export of its audit log.
    path("pages/<int:page_id>/history/", _admin_view(ExportablePageHistoryView.as_view())),
    # The site history, its export in local time.
    path("reports/site-history/", _admin_view(SiteHistoryView.as_view())),
    path(
        "reports/site-history/results/",
        _admin_view(SiteHistoryView.as_view(results_only=True)),
    ),
    # Settings → Sites, its headings in Vietnamese.
    path("sites/", _admin_view(sites.index_view)),
    path("sites/results/", _admin_view(sites.index_results_view)),
    path("reports/locked/", _admin_view(VisibleLockedPagesView.as_view())),
    path(
        "reports/locked/results/",
        _admin_view(VisibleLockedPagesView.as_view(results_only=True)),
    ),
    path("reports/page-types-usage/", _admin_view(VisiblePageTypesUsageReportView.as_view())),
    path(
        "reports/page-types-usage/results/",
        _admin_view(VisiblePageTypesUsageReportView.as_view(results_only=True)),
    ),
    # Endpoints that would name hidden pages or their data.
    path("tag-autocomplete/", _admin_view(tag_autocomplete)),
    path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", _admin_view(tag_autocomplete)),
    path("choose-page/chosen-multiple/", _admin_view(VisibleChosenMultipleView.as_view())),
    path("choose-external-link/", _admin_view(VisibleExternalLinkView.as_view())),
    path("images/usage/<int:image_id>/", _admin_view(VisibleImageUsageView.as_view())),
    path("documents/usage/<int:document_id>/", _admin_view(VisibleDocumentUsageView.as_view())),
    # How many times a file is used: the uses the editor may see (core.admin_file_views).
    path("images/", _admin_view(VisibleImageIndexView.as_view())),
    path("images/results/", _admin_view(VisibleImageIndexView.as_view(results_only=True))),
    path("images/<int:image_id>/", _admin_view(VisibleImageEditView.as_view())),
    path("images/<int:image_id>/delete/", _admin_view(VisibleImageDeleteView.as_view())),
    path("documents/", _admin_view(VisibleDocumentIndexView.as_view())),
    path(
        "documents/results/",
        _admin_view(VisibleDocumentIndexView.as_view(results_only=True)),
    ),
    path("documents/edit/<int:document_id>/", _admin_view(VisibleDocumentEditView.as_view())),
    path("documents/delete/<int:document_id>/", _admin_view(VisibleDocumentDeleteView.as_view())),
]
