"""The foundation in a real browser: login, home page, accessibility, small screens."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitor_logs_in_and_sees_the_home_page(page, live_server, log_in):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1, name="Đăng nhập")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    expect(page.get_by_label("Mật khẩu")).to_be_visible()

    log_in("dangvien", open_form=False)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1, name="Trang chủ")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Văn bản mới")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Tin tức")).to_be_visible()


def test_login_and_home_pages_have_no_serious_accessibility_violations(
    page, live_server, log_in, assert_accessible
):
    page.goto(live_server.url + "/dang-nhap/")
    assert_accessible(page)
    log_in("dangvien")
    expect(page.get_by_role("heading", level=1, name="Trang chủ")).to_be_visible()
    assert_accessible(page)


def test_home_page_fits_a_small_screen_and_the_skip_link_shows_on_focus(page, live_server, log_in):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in("dangvien")
    expect(page.get_by_role("heading", level=1, name="Trang chủ")).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"horizontal scroll at 360 px: scrollWidth is {scroll_width}"

    skip_link = page.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()
