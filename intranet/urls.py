from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import language, routing
from home import help_guides
from home import views as home_views
from home.unit_work import my_unit
from regulations import views as regulation_views
from study import media as study_media

urlpatterns = [
    path("dang-nhap/", home_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", home_views.LogoutView.as_view(), name="logout"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("healthz", home_views.healthz, name="healthz"),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Filtered admin reports (core.admin_visibility) answer before Wagtail's own.
    path("admin/", include("core.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "tep-dinh-kem/<int:attachment_id>/",
        regulation_views.download_attachment,
        name="download_attachment",
    ),
    path("video-hoc-tap/<int:document_id>/", study_media.serve_video, name="study_video"),
    re_path(
        r"^media/(?P<path>.+)$",
        home_views.protected_media,
        name="protected_media",
    ),
    path("don-vi-cua-toi/", my_unit, name="my_unit"),
    path("huong-dan/<slug:slug>/", help_guides.guide, name="help_guide"),
    path("", include("search.urls")),
    path("", include("announcements.urls")),
    path("", include("emulation.urls")),
    path("", include("schedule.urls")),
    path("", include("tasks.urls")),
    # Pages: Wagtail's serve view with routes remembered (core.routing), matched before
    # Wagtail's own pattern, whose name ("wagtail_serve") still builds the pages' URLs.
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="serve_page"),
    path("", include(wagtail_urls)),
]
