"""Tasks in the admin: the snippet (list, form, chooser through the visibility rule), bulk
creation, the audit log's task actions and a menu link to the dashboard."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView

from core.admin_snippets import RaceSafeSnippetCreateView, VisibleSnippetViewSet

from . import admin_views
from .models import Task
from .selectors import follows_all


class TaskCreateView(RaceSafeSnippetCreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class TaskIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.add_url:
            buttons.append(
                HeaderButton(
                    _("Tạo nhiều nhiệm vụ"), url=reverse("tasks_bulk_create"), icon_name="table"
                )
            )
        return buttons


class TaskViewSet(VisibleSnippetViewSet):
    model = Task
    icon = "tasks"
    menu_label = _("Nhiệm vụ")
    menu_order = 330
    add_to_admin_menu = True
    add_view_class = TaskCreateView
    index_view_class = TaskIndexView
    list_display = ["content", "document", "lead_unit", "deadline", "period", "priority"]
    list_filter = ["priority", "period", "lead_unit"]
    search_fields = ["content", "source"]
    ordering = ["deadline", "pk"]


register_snippet(TaskViewSet)


@hooks.register("register_admin_urls")
def bulk_urls():
    return [path("nhiem-vu/tao-nhieu/", admin_views.bulk_create, name="tasks_bulk_create")]


class FollowerMenuItem(MenuItem):
    def is_shown(self, request):
        return follows_all(request.user)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return FollowerMenuItem(
        _("Tổng hợp nhiệm vụ"), reverse("tasks_dashboard"), icon_name="table", order=331
    )


@hooks.register("register_log_actions")
def task_log_actions(actions):
    for action, label, message in (
        ("tasks.report_drafted", _("Soạn báo cáo nhiệm vụ"), _("Đơn vị soạn báo cáo")),
        ("tasks.report_sent", _("Gửi báo cáo nhiệm vụ"), _("Lãnh đạo đơn vị gửi báo cáo")),
        ("tasks.report_accepted", _("Tiếp nhận báo cáo"), _("Văn phòng tiếp nhận báo cáo")),
        ("tasks.report_returned", _("Trả lại báo cáo"), _("Văn phòng trả lại báo cáo")),
        ("tasks.completed", _("Hoàn thành nhiệm vụ"), _("Nhiệm vụ hoàn thành")),
        ("tasks.extension_requested", _("Đề nghị gia hạn"), _("Đơn vị đề nghị gia hạn")),
        ("tasks.extension_granted", _("Gia hạn nhiệm vụ"), _("Văn phòng đồng ý gia hạn")),
        ("tasks.extension_refused", _("Không gia hạn"), _("Văn phòng không đồng ý gia hạn")),
        ("tasks.reminder_sent", _("Nhắc hạn nhiệm vụ"), _("Đã gửi nhắc hạn")),
        ("tasks.opened", _("Mở cho đảng viên"), _("Mở nhiệm vụ cho đảng viên của đơn vị")),
        ("tasks.closed", _("Đóng với đảng viên"), _("Đóng nhiệm vụ với đảng viên của đơn vị")),
    ):
        actions.register_action(action, label, message)
