"""A document's approval cycle through the real Wagtail admin, in Debian's chromium.

The editor (bientap) writes a new document and submits it; the reviewer (lanhdaophong) finds
it under "Việc cần duyệt" and sends it back with a comment in the workflow dialog; the editor
reads the comment, corrects and resubmits; the reviewer approves; the Chánh Văn phòng
(chanhvanphong) approves, which publishes it; a member (dangvien) then finds it by search
and reads it.

Each person has a browser context of their own (their own session), as in an office. The
Wagtail buttons are found by their stable attributes (``name="action-submit"``,
``data-workflow-action-name``) rather than their labels, which Wagtail translates only in
part; our own pages are found by role and accessible name.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from regulations.models import CircularPage, DocumentLibraryPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "88-HD/VPTU"
TITLE = "Hướng dẫn thí điểm lưu trữ hồ sơ điện tử Sencanh"
FIXED_TITLE = f"{TITLE} trong các chi bộ"
SUMMARY = "Hướng dẫn các chi bộ lưu trữ hồ sơ đảng viên trên phần mềm."
COMMENT = "Đề nghị ghi rõ phạm vi áp dụng trong trích yếu."


@pytest.fixture
def person(open_page):
    """``person("bientap")``: a logged-in page in a browser context of its own."""

    def open_as(username: str):
        return open_page(username=username)

    return open_as


def textbox(page, label: str):
    """A field of the Wagtail form by its label (required fields end with "*")."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def footer_action(page, selector: str):
    """Open the editor's action menu (the arrow beside "Save draft") and return an action."""
    footer = page.locator("footer")
    action = footer.locator(selector)
    if not action.is_visible():
        footer.locator(".w-dropdown__toggle").click()
    expect(action).to_be_visible()
    return action


def open_task(page, title: str):
    """From the intranet's home page, open the document awaiting this user's review."""
    page.goto("/")
    tasks = page.get_by_role("region", name="Việc cần duyệt")
    tasks.get_by_role("link", name=f"{NUMBER} – {title}", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))


def expect_back_in_the_library(page, library_id: int):
    """Wagtail goes back to the library's listing after each workflow action."""
    expect(page).to_have_url(re.compile(rf"/admin/pages/{library_id}/$"))


def test_document_approval_cycle_in_the_admin(person, live_server):
    library_id = DocumentLibraryPage.objects.get().pk

    # ---- The editor writes the document, starting from the library's listing.
    editor = person("bientap")
    editor.goto(f"/admin/pages/{library_id}/")
    editor.locator(f'a[href$="/admin/pages/{library_id}/add_subpage/"]').first.click()
    editor.get_by_role("link", name=re.compile(r"^Thông tri, hướng dẫn, văn bản khác")).click()
    expect(editor).to_have_url(re.compile(r"/admin/pages/add/regulations/circularpage/"))
    # The form starts with today's date and an issuer already chosen.
    issued_on = textbox(editor, "Ngày ban hành")
    expect(issued_on).to_have_value(timezone.localdate().strftime("%d/%m/%Y"))
    issuers = editor.get_by_role("group", name="Cơ quan ban hành")
    assert issuers.locator("input[type=checkbox]:checked").count() == 1
    textbox(editor, "Trích yếu").fill(TITLE)
    textbox(editor, "Số, ký hiệu").fill(NUMBER)
    editor.get_by_role("combobox", name=re.compile(r"^Loại văn bản")).select_option("HD")
    # The issuer is found by typing a few letters without accents, and ticked.
    vptu = issuers.get_by_role("checkbox", name="Văn phòng Tỉnh ủy (VPTU)")
    for ticked in issuers.locator("input[type=checkbox]:checked").all():
        ticked.uncheck()
    editor.get_by_role("searchbox", name="Tìm cơ quan ban hành").fill("van phong tinh")
    expect(vptu).to_be_visible()
    vptu.check()
    assert issuers.locator("input[type=checkbox]:checked").count() == 1
    issued_on.fill("05/03/2026")
    textbox(editor, "Người ký").fill("Lê Quang Huy")
    textbox(editor, "Tóm tắt nội dung").fill(SUMMARY)
    footer_action(editor, 'button[name="action-submit"]').click()
    expect_back_in_the_library(editor, library_id)
    document = CircularPage.objects.get(number=NUMBER)
    assert not document.live
    assert document.slug == "88-hd-vptu-2026"  # made from the number, not the title

    # ---- The reviewer finds it under "Việc cần duyệt" and sends it back with a comment.
    reviewer = person("lanhdaophong")
    open_task(reviewer, TITLE)
    footer_action(reviewer, 'button[data-workflow-action-name="reject"]').click()
    dialog = reviewer.get_by_role("dialog")
    dialog.locator("textarea[name=comment]").fill(COMMENT)  # the label is translated
    dialog.locator("button[type=submit]").click()
    expect_back_in_the_library(reviewer, library_id)

    # ---- The editor sees the request on the admin dashboard, reads the comment, corrects.
    editor.goto("/admin/")
    editor.get_by_role("link", name=TITLE, exact=True).first.click()
    expect(editor).to_have_url(re.compile(rf"/admin/pages/{document.pk}/edit/$"))
    # The status panel says changes were requested; its details show the comment.
    editor.locator('button[data-side-panel-toggle="status"]').click()
    editor.locator('button[data-a11y-dialog-show="workflow-status-dialog"]').click()
    status = editor.locator("#workflow-status-dialog")
    expect(status.get_by_text(COMMENT)).to_be_visible()
    editor.keyboard.press("Escape")
    expect(status.get_by_text(COMMENT)).to_be_hidden()
    textbox(editor, "Trích yếu").fill(FIXED_TITLE)
    footer_action(editor, 'button[name="action-submit"]').click()
    expect_back_in_the_library(editor, library_id)

    # ---- The reviewer approves; then the Chánh Văn phòng approves, which publishes.
    approve = 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    open_task(reviewer, FIXED_TITLE)
    footer_action(reviewer, approve).click()
    expect_back_in_the_library(reviewer, library_id)
    document.refresh_from_db()
    assert not document.live  # one approval is not enough for a document

    publisher = person("chanhvanphong")
    open_task(publisher, FIXED_TITLE)
    footer_action(publisher, approve).click()
    expect_back_in_the_library(publisher, library_id)
    document.refresh_from_db()
    assert document.live and document.title == FIXED_TITLE

    # ---- A member finds it through the search page and reads it.
    member = person("dangvien")
    member.goto("/tim-kiem/")
    member.get_by_role("combobox", name="Từ khóa hoặc số, ký hiệu văn bản").fill("sencanh")
    member.locator("form[role=search].search-form").get_by_role("button", name="Tìm").click()
    results = member.locator("ol.results")
    results.get_by_role("link", name=NUMBER).click()  # a substring of the link's name
    expect(member.locator("h1")).to_contain_text(FIXED_TITLE)
    expect(member.locator(".document-header .doc-number")).to_have_text(f"Số {NUMBER}")
    expect(member.get_by_text(SUMMARY)).to_be_visible()
