"""Issue 18: the admin's document edit page in chromium, as an editor whose browser asks for
English meets it: Vietnamese, "Trình duyệt" as the main button, the issuer found by typing
without accents, nothing requested from another host, and axe with no serious or critical
violation."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from regulations.models import PartyDocumentPage

from .conftest import LOGIN_PATH, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_browser_page(open_page):
    return open_page(width=1366, english=True)


def test_document_edit_page_for_an_editor(english_browser_page, live_server, assert_accessible):
    page = english_browser_page
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(LOGIN_PATH)
    sign_in(page, "bientap")
    document = PartyDocumentPage.objects.live().filter(confidentiality="").first()
    page.goto(f"/admin/pages/{document.pk}/edit/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # The next step is the visible main button, in the Office's words.
    submit = page.locator('footer button[name="action-submit"]')
    expect(submit).to_be_visible()
    expect(submit).to_have_text(re.compile(r"^\s*Trình duyệt\s*$"))

    # The issuer is found by typing without accents; the choices that do not match are hidden,
    # except those already ticked.
    issuers = page.get_by_role("group", name="Cơ quan ban hành")
    page.get_by_role("searchbox", name="Tìm cơ quan ban hành").fill("to chuc")
    expect(issuers.get_by_role("checkbox", name=re.compile("Ban Tổ chức Tỉnh ủy"))).to_be_visible()
    options = issuers.locator(".searchable-choices__option")
    shown = [option for option in options.all() if option.is_visible()]
    assert 0 < len(shown) < options.count()
    for option in shown:
        assert "Tổ chức" in option.inner_text() or option.locator("input").is_checked()

    assert_accessible(page)
    assert hosts == {urlparse(live_server.url).netloc}, hosts


def test_the_body_is_edited_as_one_text(english_browser_page, assert_accessible):
    """Issue 18: no block per clause; the text box holds the whole body, and what is typed
    there becomes articles with their anchors when the draft is saved."""
    page = english_browser_page
    page.goto(LOGIN_PATH)
    sign_in(page, "bientap")
    document = PartyDocumentPage.objects.live().get(number="01-QC/TU")
    page.goto(f"/admin/pages/{document.pk}/edit/")
    text = page.get_by_role("textbox", name="Toàn văn (một ô, tự chia thành điều, khoản)")
    expect(text).to_be_visible()
    expect(text).to_have_value(
        re.compile(r"^Căn cứ Điều lệ Đảng.*\nĐiều 1\. Phạm vi điều chỉnh\n", re.S)
    )
    text.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/ui18/admin-full-text.png")
    text.press("Control+End")
    text.type("\nĐiều 9. Điều khoản bổ sung thử nghiệm\n1. Khoản mới.")
    # "Lưu bản nháp" (the button beside "Trình duyệt", tested in the workflow's tests).
    with page.expect_navigation():
        page.evaluate("document.querySelector('button.action-save').click()")
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật trang")
    draft = PartyDocumentPage.objects.get(pk=document.pk).get_latest_revision_as_object()
    assert "dieu-9" in [entry["anchor"] for entry in _articles(draft)]
    assert_accessible(page)


def _articles(document):
    return [
        entry
        for chapter in document.table_of_contents()
        for entry in [chapter, *chapter["children"]]
        if entry["type"] == "article"
    ]
