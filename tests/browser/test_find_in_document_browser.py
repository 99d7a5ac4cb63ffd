"""'Tìm trong văn bản' and the articles of a search result in a real browser, on a phone
(issue 19): the box is labelled, its answer lists links that jump to the articles, and the
pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_in_a_document_on_a_phone_jumps_to_the_article(
    open_page, live_server, assert_accessible
):
    page = open_page(width=360, english=True, username="dangvien")
    page.goto(live_server.url + "/tim-kiem/?q=thoi+gio+lam+viec+binh+thuong")
    card = page.locator("li.result").first
    expect(card.locator(".result-number")).to_have_text("45/2019/QH14")
    article = card.locator(".result-articles").get_by_role("link").first
    expect(article).to_have_text("Điều 105. Thời giờ làm việc bình thường")
    assert_accessible(page)
    article.click()
    expect(page).to_have_url(re.compile(r"#dieu-105$"))
    expect(page.locator("#dieu-105")).to_be_in_viewport()

    box = page.get_by_role("searchbox", name=re.compile("Từ khóa, có dấu hoặc không dấu"))
    box.fill("hop dong lao dong")
    page.locator(".find-form").get_by_role("button", name="Tìm").click()
    expect(page).to_have_url(re.compile(r"\?q=hop\+dong\+lao\+dong#find-results$"))
    results = page.locator("#find-results")
    expect(results.get_by_role("status")).to_contain_text("2 điều khớp")
    assert_accessible(page)
    results.get_by_role("link", name="Điều 20. Loại hợp đồng lao động").click()
    expect(page).to_have_url(re.compile(r"#dieu-20$"))
    expect(page.locator("#dieu-20")).to_be_in_viewport()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing wider than the phone
