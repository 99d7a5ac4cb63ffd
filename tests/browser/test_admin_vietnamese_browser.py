"""The Wagtail admin reads in Vietnamese once its JavaScript has rendered the sidebar and editor."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = ["Dashboard", "Pages", "Documents", "Images", "Reports", "Save draft", "Sign out"]


def assert_no_english(text: str) -> None:
    left = [word for word in ENGLISH if re.search(rf"(?<!\w){word}(?!\w)", text)]
    assert not left, f"English left in the admin: {left}"


def test_editor_sees_the_admin_in_vietnamese(page, live_server, log_in):
    log_in("bientap")
    page.goto(live_server.url + "/admin/")
    sidebar = page.locator("[data-wagtail-sidebar], #wagtail-sidebar, aside").first
    expect(sidebar.get_by_text("Tệp tài liệu", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("Hình ảnh", exact=True)).to_be_visible()
    expect(sidebar.get_by_role("button", name="Báo cáo")).to_be_visible()
    expect(page.get_by_placeholder("Tìm kiếm")).to_be_attached()
    assert_no_english(page.locator("body").inner_text())

    edited = Page.objects.filter(depth__gt=2).live().order_by("path").first()
    page.goto(f"{live_server.url}/admin/pages/{edited.id}/edit/")
    # Issue 18: the workflow's next step is the main button ("Lưu bản nháp" is beside it, in
    # the menu), and pages have no "Quảng bá" tab of search-engine fields any more.
    expect(page.get_by_role("button", name="Trình duyệt", exact=True)).to_be_visible()
    expect(page.get_by_role("tab", name=re.compile("Cài đặt"))).to_be_visible()
    expect(page.get_by_role("tab", name=re.compile("Quảng bá"))).to_have_count(0)
    assert_no_english(page.locator("body").inner_text())
    page.screenshot(path=str(live_server_artifact("admin-edit-vi.png")))


def live_server_artifact(name: str):
    """Where a screenshot goes: test-results/ (git-ignored), for a person to look at."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-results"
    folder.mkdir(exist_ok=True)
    return folder / name
