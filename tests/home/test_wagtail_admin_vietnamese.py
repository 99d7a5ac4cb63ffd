"""The Wagtail admin in Vietnamese.

Wagtail's own Vietnamese catalogue covers a fifth of its strings; ours, in the second
LOCALE_PATHS entry (intranet/locale_wagtail), must cover every msgid of every Wagtail app we
install (and of Django, its contrib apps, taggit and django-filter, which the admin shows beside
them), keep their placeholders and be compiled. Then the editors' admin pages must read in
Vietnamese, server-rendered and client-side (the JavaScript catalogue and the sidebar props).
"""

import gettext
import importlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import django
import polib
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Page

pytestmark = pytest.mark.django_db

CATALOGUE_DIR = Path(settings.BASE_DIR) / "intranet" / "locale_wagtail"
DOMAINS = ("django", "djangojs")
# What the admin shows besides Wagtail's own strings (see scripts/wagtail_catalogue.py).
SUPPORTING = ("taggit", "django_filters")

NAMED = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
POSITIONAL = re.compile(r"%[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
BRACES = re.compile(r"\{\w*\}")
TAGS = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def catalogue(domain: str) -> polib.POFile:
    return polib.pofile(str(CATALOGUE_DIR / "vi" / "LC_MESSAGES" / f"{domain}.po"))


def package_dir(name: str) -> Path:
    return Path(importlib.import_module(name).__file__).parent


def source_catalogues() -> dict[str, Path]:
    """Locale directories of the apps whose strings the admin shows, found independently."""
    found = {}
    for name in settings.INSTALLED_APPS:
        admin_side = name.startswith(("wagtail.", "modelsearch", "django.contrib."))
        if name == "wagtail" or admin_side or name in SUPPORTING:
            found[name] = package_dir(name) / "locale"
    found["django"] = Path(django.__file__).parent / "conf" / "locale"
    return {label: path for label, path in found.items() if path.is_dir()}


def source_file(locale_dir: Path, domain: str) -> Path | None:
    english = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
    if english.exists():
        return english
    others = sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
    return others[0] if others else None


def usable(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_every_installed_wagtail_app_is_checked():
    labels = source_catalogues()
    for name in settings.INSTALLED_APPS:
        if name.startswith("wagtail") and (package_dir(name) / "locale" / "en").is_dir():
            assert name in labels, name
    for name in ["wagtail", "wagtail.admin", "wagtail.users", "wagtail.documents", "django"]:
        assert name in labels, name


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_upstream_msgid_has_a_vietnamese_translation(domain):
    ours = {(e.msgctxt, e.msgid): e for e in catalogue(domain) if usable(e)}
    missing, checked = {}, 0
    for label, locale_dir in source_catalogues().items():
        source = source_file(locale_dir, domain)
        if source is None:
            continue
        upstream_vi = locale_dir / "vi" / "LC_MESSAGES" / f"{domain}.po"
        upstream = (
            {(e.msgctxt, e.msgid) for e in polib.pofile(str(upstream_vi)) if usable(e)}
            if upstream_vi.exists()
            else set()
        )
        for entry in polib.pofile(str(source)):
            if entry.obsolete:
                continue
            checked += 1
            key = (entry.msgctxt, entry.msgid)
            if key not in ours and key not in upstream:
                missing.setdefault(label, []).append(entry.msgid)
    assert checked > (1500 if domain == "django" else 50)
    assert not missing, f"{domain}: msgids without a Vietnamese translation: {missing}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogue_header_and_no_fuzzy_or_empty_entries(domain):
    po = catalogue(domain)
    assert po.metadata["Language"] == "vi"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    empty = [e.msgid for e in po if not all(translations(e))]
    wrong_plurals = [e.msgid for e in po if e.msgid_plural and len(e.msgstr_plural) != 1]
    obsolete = [e.msgid for e in po.obsolete_entries()]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"
    assert not wrong_plurals, f"plural entries without exactly one msgstr: {wrong_plurals}"
    assert not obsolete, f"obsolete entries: {obsolete}"


def markers(text: str) -> tuple[list, list, list, list]:
    """Placeholders and HTML tags of a message, which the translation must keep."""
    text = text.replace("%%", "")
    return (
        sorted(NAMED.findall(text)),
        sorted(POSITIONAL.findall(NAMED.sub("", text))),
        sorted(BRACES.findall(text)),
        sorted(TAGS.findall(text)),
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_placeholders_and_tags(domain):
    problems = []
    for entry in catalogue(domain):
        # Vietnamese has one plural form, used for every count: it follows the plural msgid.
        expected = markers(entry.msgid_plural or entry.msgid)
        problems += [
            (entry.msgid, msgstr)
            for msgstr in translations(entry)
            if msgstr and markers(msgstr) != expected
        ]
    assert not problems, f"{domain}: placeholders or tags differ: {problems}"


def test_terminology_is_consistent():
    """Wagtail's documents are 'tệp tài liệu', never 'văn bản' (our Party documents)."""
    clashes = []
    for entry in catalogue("django"):
        source = NAMED.sub("", BRACES.sub("", entry.msgid_plural or entry.msgid)).lower()
        for msgstr in translations(entry):
            if re.search(r"\bdocuments?\b", source) and "tệp tài liệu" not in msgstr.lower():
                clashes.append((entry.msgid, msgstr))
            if re.search(r"\bcollections?\b", source) and "thư mục" not in msgstr.lower():
                clashes.append((entry.msgid, msgstr))
    assert not clashes, clashes


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogue_matches_the_po_file(domain):
    po = catalogue(domain)
    with (CATALOGUE_DIR / "vi" / "LC_MESSAGES" / f"{domain}.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in po:
        if entry.msgid_plural:
            found = [compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 5)]
            if not entry.msgctxt:
                found = [compiled.ngettext(entry.msgid, entry.msgid_plural, 5)]
        elif entry.msgctxt:
            found = [compiled.pgettext(entry.msgctxt, entry.msgid)]
        else:
            found = [compiled.gettext(entry.msgid)]
        if found != translations(entry):
            stale.append(entry.msgid)
    assert not stale, f"{domain}.mo is older than {domain}.po: {stale[:20]}"
    assert len(compiled._catalog) >= len(po)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("domain", DOMAINS)
def test_msgfmt_accepts_the_catalogue(domain, tmp_path):
    """msgfmt --check-format (what compilemessages runs) accepts it and gives the same .mo."""
    po = CATALOGUE_DIR / "vi" / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    assert (tmp_path / "out.mo").read_bytes() == po.with_suffix(".mo").read_bytes()


def test_our_catalogue_comes_first():
    paths = [Path(p).resolve() for p in settings.LOCALE_PATHS]
    assert paths[0] == (Path(settings.BASE_DIR) / "locale").resolve()
    assert CATALOGUE_DIR.resolve() in paths[1:]


# --- Rendering -----------------------------------------------------------------------------

ENGLISH_CHROME = [
    "Dashboard",
    "Pages",
    "Save draft",
    "Publish",
    "Search",
    "Sign out",
    "Log out",
    "Documents",
    "Images",
    "Reports",
    "Settings",
    "Help",
    "Edit",
    "Delete",
    "Users",
    "Groups",
    "Status",
    "Actions",
    "Collections",
    "Workflows",
    "Snippets",
    "Site history",
    "Account",
    "ago",
    "minutes",
]


def visible_text(html: str) -> str:
    """The text a person sees: the page text plus the sidebar menu, which JS renders from JSON."""
    soup = BeautifulSoup(html, "html.parser")
    labels = []
    props = soup.find("script", id="wagtail-sidebar-props")
    if props is not None:

        def collect(node):
            if isinstance(node, dict):
                labels.extend(str(v) for k, v in node.items() if k in ("label", "footer_text"))
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for value in node:
                    collect(value)

        collect(json.loads(props.string))
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    attributes = [
        tag[attr]
        for attr in ("aria-label", "title", "placeholder")
        for tag in soup.find_all(attrs={attr: True})
    ]
    return " ".join([soup.get_text(" "), *labels, *attributes])


def assert_vietnamese(text: str, expected: list[str], where: str):
    english = [s for s in ENGLISH_CHROME if re.search(rf"(?<![\w/]){re.escape(s)}(?!\w)", text)]
    assert not english, f"{where}: English chrome left: {english}"
    missing = [s for s in expected if s not in text]
    assert not missing, f"{where}: Vietnamese missing: {missing}"


@pytest.fixture
def edited_page():
    return Page.objects.filter(depth__gt=2).live().order_by("path").first().specific


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_dashboard_in_vietnamese(client_for, role):
    response = client_for(role).get("/admin/")
    assert response.status_code == 200
    assert_vietnamese(
        visible_text(response.content.decode()),
        ["Bảng điều khiển", "Trang", "Tệp tài liệu", "Hình ảnh", "Báo cáo", "Nhật ký hoạt động"],
        f"{role} dashboard",
    )


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_page_explorer_in_vietnamese(client_for, role, edited_page):
    response = client_for(role).get(f"/admin/pages/{edited_page.get_parent().id}/")
    assert response.status_code == 200
    assert_vietnamese(
        visible_text(response.content.decode()),
        ["Trạng thái", "Thao tác hàng loạt", "Thêm trang con", "Xem các trang con của", "Trước"],
        f"{role} explorer",
    )


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_page_edit_form_in_vietnamese(client_for, role, edited_page):
    response = client_for(role).get(f"/admin/pages/{edited_page.id}/edit/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert_vietnamese(
        text,
        # Issue 18: no "Quảng bá" tab of search-engine fields; the address is in "Cài đặt".
        ["Lưu bản nháp", "Nội dung", "Cài đặt", "Địa chỉ trang", "Xem trước", "Lịch sử"],
        f"{role} edit form",
    )
    assert "Xuất bản" in text or "Gửi duyệt" in text


def test_users_list_in_vietnamese(client_for):
    response = client_for("administrator").get("/admin/users/")
    assert response.status_code == 200
    assert_vietnamese(
        visible_text(response.content.decode()),
        ["Người dùng", "Thêm người dùng", "Tên đăng nhập", "Đăng nhập gần nhất", "Nhóm"],
        "users list",
    )


@pytest.mark.parametrize("url", ["/admin/sites/", "/admin/sites/results/"])
def test_sites_list_in_vietnamese(client_for, url):
    """Wagtail heads three columns with their field names ("Port", "Site name", "Root
    page"), untranslatable; ``core.admin_sites`` heads them with the translated ones."""
    response = client_for("administrator").get(url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert not [s for s in ("Port", "Site name", "Root page") if s in text]
    for heading in ("Trang web", "Cổng", "Tên trang web", "Trang gốc", "Mặc định?"):
        assert heading in text, heading


def test_relative_times_read_in_vietnamese(client_for, edited_page):
    """Wagtail's 'just now' depends on Django's timesince strings, which we translate too."""
    html = client_for("editor").get(f"/admin/pages/{edited_page.get_parent().id}/").content
    text = visible_text(html.decode())
    assert "vừa xong" in text.lower() or re.search(
        r"\d+\s(phút|giờ|ngày|tuần|tháng|năm) trước", text
    )


def test_javascript_catalogue_is_vietnamese(client_for):
    response = client_for("editor").get("/admin/jsi18n/")
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    assert match, "no catalogue in the JavaScript catalogue response"
    strings = json.loads(match.group(1))
    assert strings["Page explorer"] == "Cây trang"
    assert strings["Main menu"] == "Menu chính"
    assert strings["Dashboard"] == "Bảng điều khiển"
    assert strings["%(num)s error"] == ["%(num)s lỗi"]
    english = [msgid for msgid, msgstr in strings.items() if msgstr == msgid and msgid.isalpha()]
    assert not english, english
