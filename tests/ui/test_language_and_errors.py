"""Issue 18, first screens: Vietnamese whatever the browser asks, English by choice (site and
admin agree), Vietnamese error pages whatever DEBUG is, logout and lockout messages, favicon."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from regulations.models import PartyDocumentPage

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def english_browser(user=None) -> Client:
    client = Client(HTTP_HOST="localhost", **ENGLISH_BROWSER)
    if user is not None:
        client.force_login(user)
    return client


def test_an_english_browser_gets_the_login_page_in_vietnamese():
    response = english_browser().get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Log in" not in html
    assert response["Content-Language"] == "vi"


def test_an_english_browser_gets_the_site_and_the_admin_in_vietnamese(user_for):
    client = english_browser(user_for("editor"))
    home = client.get("/").content.decode()
    assert '<html lang="vi">' in home
    assert "Trang chủ" in home
    admin = client.get("/admin/").content.decode()
    assert 'lang="vi"' in admin
    assert ">Pages<" not in admin


def test_the_switch_remembers_english_before_signing_in():
    client = english_browser()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    # ...and back to Vietnamese.
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get(reverse("login")).content.decode()


def test_the_switch_refuses_a_foreign_next_and_an_unknown_language():
    client = english_browser()
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://example.com/"}
    )
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_signed_in_choice_is_the_admin_preference_too(user_for):
    editor = user_for("editor")
    client = english_browser(editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert UserProfile.get_for_user(editor).preferred_language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()
    assert 'lang="en"' in client.get("/admin/").content.decode()
    # A new session on another PC (no cookie) still gets the user's choice.
    elsewhere = Client(HTTP_HOST="localhost")
    elsewhere.force_login(editor)
    assert '<html lang="en">' in elsewhere.get("/").content.decode()


def test_the_admin_account_setting_changes_the_site_language_too(user_for):
    editor = user_for("editor")
    client = english_browser(editor)
    assert '<html lang="vi">' in client.get("/").content.decode()
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": editor.first_name or "Biên",
            "name_email-last_name": editor.last_name or "Tập",
            "name_email-email": editor.email or "bientap@example.com",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
        },
    )
    assert response.status_code == 302, response.context and [
        form.errors for form in response.context.get("panels_by_tab", {}) or []
    ]
    assert UserProfile.get_for_user(editor).preferred_language == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def secret_document() -> PartyDocumentPage:
    secret = PartyDocumentPage.objects.live().exclude(confidentiality="").first()
    assert secret is not None, "the demo has a secret document"
    return secret


@pytest.mark.parametrize("debug", [False, True])
def test_a_refused_secret_document_is_our_vietnamese_404_whatever_debug_is(
    debug, settings, user_for
):
    settings.DEBUG = debug
    settings.INTRANET_DEBUG_TOOLS = False
    client = english_browser(user_for("member"))
    for url in (secret_document().url, "/khong-co-trang-nay/"):
        response = client.get(url)
        assert response.status_code == 404
        html = response.content.decode()
        assert "Không tìm thấy trang" in html
        assert '<html lang="vi">' in html
        assert "URLconf" not in html and "Page not found" not in html


def test_debug_tools_bring_back_django_pages_for_developers(settings, user_for):
    settings.DEBUG = True
    settings.INTRANET_DEBUG_TOOLS = True
    response = english_browser(user_for("member")).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" not in response.content.decode()


def test_a_crash_under_debug_is_our_500_page(settings, user_for, monkeypatch):
    from core import errors

    settings.DEBUG = True
    settings.INTRANET_DEBUG_TOOLS = False
    middleware = errors.FriendlyErrorsMiddleware(lambda request: None)
    request = english_browser().get(reverse("login")).wsgi_request
    response = middleware.process_exception(request, RuntimeError("boom"))
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()
    denied = middleware.process_exception(request, errors.PermissionDenied())
    assert denied.status_code == 403
    assert "Không có quyền truy cập" in denied.content.decode()


def test_logging_out_says_so(user_for):
    client = english_browser(user_for("member"))
    response = client.post(reverse("logout"), follow=True)
    html = response.content.decode()
    assert "Bạn đã đăng xuất" in html
    assert "_auth_user_id" not in client.session


def test_lockout_page_says_the_wait_and_leads_back_to_login(settings):
    client = Client(HTTP_HOST="localhost")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("login"), {"username": "dangvien", "password": "sai-mat-khau"}
        )
    assert response.status_code == 429
    html = response.content.decode()
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"sau {minutes} phút" in html
    assert f'href="{reverse("login")}"' in html


def test_attempts_left_are_announced_before_the_lockout(settings):
    client = Client(HTTP_HOST="localhost")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            reverse("login"), {"username": "dangvien", "password": "sai-mat-khau"}
        )
    assert "Còn 1 lần thử" in response.content.decode()


def test_our_own_favicon():
    client = Client(HTTP_HOST="localhost")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    login = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in login and "favicon.svg" in login
