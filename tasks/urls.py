from django.urls import path

from . import api, dashboard, views

urlpatterns = [
    path("nhiem-vu/", views.task_list, name="task_list"),
    path("nhiem-vu/tong-hop/", dashboard.dashboard, name="tasks_dashboard"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/bao-cao/<slug:unit_code>/", views.report_edit, name="task_report"),
    path("nhiem-vu/<int:pk>/mo-cho-dang-vien/", views.open_to_members, name="task_open"),
    path("nhiem-vu/<int:pk>/gia-han/", views.extension_request, name="task_extension_request"),
    path("nhiem-vu/bao-cao/<int:report_id>/gui/", views.report_send, name="task_report_send"),
    path(
        "nhiem-vu/bao-cao/<int:report_id>/xem-xet/", views.report_review, name="task_report_review"
    ),
    path(
        "nhiem-vu/gia-han/<int:extension_id>/", views.extension_decide, name="task_extension_decide"
    ),
    path("nhiem-vu/tep/<int:file_id>/", views.report_file, name="task_report_file"),
    path("api/v1/tasks/", api.tasks_api, name="api_tasks"),
]
