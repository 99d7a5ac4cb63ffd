"""Audit-log exports in the admin: a page's history, and the site history in local time.

Wagtail's spreadsheet exports write times in UTC (naive in Excel, "+00:00" in CSV), where
the Office reads Hà Nội time everywhere else; both views take the site's one export mixin
(``core.exports.TableExportMixin``): local time, inert formulas, the same file as the site's
tables. Their address and query (``?export=csv`` / ``?export=xlsx``) stay Wagtail's.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.views.pages.history import PageHistoryView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.widgets.button import HeaderButton

from core.exports import TableExportMixin


class SiteHistoryView(TableExportMixin, LogEntriesView):
    """Reports → Site history, as Wagtail's, with its export in local time."""


class ExportablePageHistoryView(TableExportMixin, PageHistoryView):
    """Wagtail's page history with CSV/XLSX export (``?export=csv`` / ``?export=xlsx``).

    Same URL, permission and filters as Wagtail's view; ``core.admin_visibility`` already
    answers 404 for a page the user may not see. One row per entry: action, its message, the
    comment (a reviewer's when sending back), the user, the time (local).
    """

    list_export = ["action_label", "message", "comment", "user_display_name", "timestamp"]
    export_headings = {
        "action_label": gettext_lazy("Thao tác"),
        "message": gettext_lazy("Nội dung"),
        "comment": gettext_lazy("Ý kiến"),
        "user_display_name": gettext_lazy("Người thực hiện"),
        "timestamp": gettext_lazy("Thời gian"),
    }

    def get_filename(self):
        return f"lich-su-trang-{self.object.pk}"

    def to_row_dict(self, item):
        from wagtail.log_actions import registry

        item.action_label = str(registry.get_action_label(item.action))
        return super().to_row_dict(item)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        for fmt, label in (("xlsx", gettext_lazy("Xuất Excel")), ("csv", gettext_lazy("Xuất CSV"))):
            query = self.request.GET.copy()
            query["export"] = fmt
            buttons.append(
                HeaderButton(label=label, url=f"?{query.urlencode()}", icon_name="download")
            )
        return buttons

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.object_list, self.request.GET.get("export"))
        return super().render_to_response(context, **response_kwargs)
