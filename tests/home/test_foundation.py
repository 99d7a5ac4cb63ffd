"""The foundation: login, language, roles, page tree, set-up commands, health check."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from home.models import HomePage
from home.setup import setup_intranet
from organisation import roles

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/van-ban/", "/tin-tuc/", "/thi-dua-khen-thuong/", "/hoc-tap/", "/don-vi/"]


def test_anonymous_visitors_get_the_vietnamese_login_page():
    client = Client(HTTP_HOST="localhost")
    for url in [*PUBLIC_PAGES, "/van-ban/01-qc-tu-2020/", "/tim-kiem/?q=quy"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    page = client.get(reverse("login"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Mật khẩu" in html and "Tên đăng nhập" in html


def test_media_and_attachment_downloads_need_login():
    client = Client(HTTP_HOST="localhost")
    assert client.get("/media/images/x.png").status_code == 302
    assert client.get("/tep-dinh-kem/1/").status_code == 302
    assert client.get("/documents/1/x.pdf").status_code == 302


def test_login_with_password_then_home_in_vietnamese():
    client = Client(HTTP_HOST="localhost")
    response = client.post(
        reverse("login"), {"username": "dangvien", "password": "VanPhong@2026"}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Văn bản mới" in html and "Tin tức" in html
    assert "Đăng xuất" in html


def test_wrong_password_says_so_in_vietnamese():
    client = Client(HTTP_HOST="localhost")
    response = client.post(reverse("login"), {"username": "dangvien", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_out(settings):
    client = Client(HTTP_HOST="localhost")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "dangvien", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "dangvien", "password": "VanPhong@2026"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [
        "member",
        "unit_editor",
        "editor",
        "reviewer",
        "publisher",
        "administrator",
        "standing_committee",
    ],
)
def test_every_demo_account_opens_every_section(client_for, role):
    client = client_for(role)
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "may_enter_admin"),
    [
        ("member", False),
        ("standing_committee", False),
        ("unit_editor", True),
        ("editor", True),
        ("reviewer", True),
        ("publisher", True),
        ("administrator", True),
    ],
)
def test_admin_access_by_role(client_for, role, may_enter_admin):
    response = client_for(role).get("/admin/")
    assert (response.status_code == 200) is may_enter_admin
    if may_enter_admin:
        assert 'lang="vi"' in response.content.decode()


def test_page_tree_and_sections():
    home = HomePage.objects.get()
    titles = [child.title for child in home.get_children()]
    assert titles == [
        "Thư viện văn bản",
        "Tin tức",
        "Thi đua – Khen thưởng",
        "Học tập, quán triệt",
        "Lịch công tác",
        "Đơn vị",
    ]
    assert home.get_children().filter(show_in_menus=True).count() == 6


def test_every_page_type_declares_its_place_in_the_tree():
    from wagtail.models import get_page_models

    for model in get_page_models():
        if model is Page:
            continue
        assert "parent_page_types" in vars(model), model
        assert "subpage_types" in vars(model), model


def test_roles_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ALL_ROLES) <= names
    assert roles.unit_editor_group_name("phuong-truong-vinh") in names
    home = HomePage.objects.get()

    def codenames(group):
        return set(
            GroupPagePermission.objects.filter(group__name=group, page=home).values_list(
                "permission__codename", flat=True
            )
        )

    assert "publish_page" not in codenames(roles.EDITOR)
    assert "publish_page" not in codenames(roles.REVIEWER)
    assert "publish_page" in codenames(roles.PUBLISHER)


def test_workflows_are_assigned_to_sections():
    assert Workflow.objects.filter(name="Duyệt văn bản").exists()
    library = Page.objects.get(slug="van-ban")
    assert WorkflowPage.objects.get(page=library).workflow.name == "Duyệt văn bản"
    tasks = [t.name for t in Workflow.objects.get(name="Duyệt văn bản").tasks]
    assert tasks == ["Lãnh đạo phòng duyệt", "Chánh Văn phòng duyệt và xuất bản"]


def test_setup_and_demo_are_idempotent():
    counts = (Page.objects.count(), Group.objects.count(), GroupPagePermission.objects.count())
    assert setup_intranet().created == []
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Page.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
    ) == counts


def test_new_accounts_become_party_members(django_user_model):
    user = django_user_model.objects.create_user("moi", password="Mat-khau-dai-2026")
    assert user.groups.filter(name=roles.MEMBER).exists()


def test_healthz_reports_ok_without_login_or_secrets():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_dates_are_vietnamese(client_for):
    html = client_for("member").get("/van-ban/?type=QC&year=2020").content.decode()
    assert "16/11/2020" in html


def test_pages_have_landmarks_skip_link_and_no_external_assets(client_for):
    html = client_for("member").get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    for landmark in ('role="banner"', "<main", 'role="contentinfo"', "<nav"):
        assert landmark in html
    assert 'src="http' not in html and 'href="http' not in html
    # no CDN in any address (the CSRF token is random text and may contain "cdn")
    addresses = re.findall(r'(?:src|href|action)="([^"]*)"', html)
    assert addresses and not [a for a in addresses if "cdn" in a.lower() or a.startswith("//")]


def test_content_security_policy_forbids_inline_scripts(client_for):
    response = client_for("member").get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_english_is_the_second_language(client_for):
    client = client_for("member")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html


def test_an_empty_database_url_means_the_embedded_sqlite_database():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    env = {**os.environ, "DATABASE_URL": "", "DJANGO_SETTINGS_MODULE": "intranet.settings.dev"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
