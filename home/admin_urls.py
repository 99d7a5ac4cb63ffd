"""Admin URLs answered by our views (``home.admin_visibility``): filtered reports, and a
page's history that can be exported.

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

from .admin_visibility import (
    ExportablePageHistoryView,
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
]
