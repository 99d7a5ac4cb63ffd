"""State documents in the library, in a real browser (issue 19): the system filter, with
the browser asking for English (the intranet answers in Vietnamese whatever the browser asks:
issue 18), at 1366 and 360 pixels wide; screenshots in test-results/ for a person to look at."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.parametrize("width", [1366, 360])
def test_member_lists_state_documents_with_an_english_browser(
    open_page, live_server, assert_accessible, width
):
    page = open_page(width=width, english=True, username="dangvien")
    page.goto(live_server.url + "/van-ban/")
    system = page.locator("#filter-system")
    expect(page.locator("label[for=filter-system]")).to_have_text("Hệ thống văn bản")
    expect(system.locator("option[value=state]")).to_have_text("Nhà nước (5)")
    fold = page.locator("details.filters-fold")
    if fold.count() and fold.get_attribute("open") is None:  # folded on a phone (issue 18)
        fold.locator("summary").click()
    system.select_option("state")
    page.locator(".filter-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]system=state(&|$)"))
    rows = page.locator(".doc-table tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator(".doc-table").get_by_role("link", name="45/2019/QH14")).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"library-state-{width}.png"), full_page=True)
    # the filter fits the screen
    box = system.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert_accessible(page)
