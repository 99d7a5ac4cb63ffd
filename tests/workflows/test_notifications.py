"""Who is told what by e-mail along a document's review, and that it is said in Vietnamese."""

import pytest

from regulations.models import CircularPage

from .helpers import SUBMIT, add_url, document_form, edit_url, library, workflow_action

pytestmark = pytest.mark.django_db

TITLE = "Hướng dẫn lập hồ sơ công việc năm 2026"
SLUG = "lap-ho-so-cong-viec-2026"
ENGLISH = ("has been", "Hello", "You can", "submitted", "approved", "rejected")


def to(outbox, username: str) -> list:
    return [mail for mail in outbox if mail.to == [f"{username}@vanphongtinhuy.local"]]


def assert_vietnamese(mail) -> None:
    html = mail.alternatives[0][0]
    for text in (mail.subject, mail.body, html):
        assert not any(word in text for word in ENGLISH), text
    assert mail.body.startswith("Kính gửi đồng chí")
    assert '<html lang="vi"' in html


def test_each_step_notifies_the_right_people_in_vietnamese(client_for, mailoutbox):
    editor, reviewer = client_for("editor"), client_for("reviewer")

    # Submitting tells the reviewers (not the submitter, not the next step yet).
    editor.post(
        add_url("regulations.CircularPage", library()), document_form(TITLE, SLUG, **SUBMIT)
    )
    page = CircularPage.objects.get(slug=SLUG)
    [mail] = to(mailoutbox, "lanhdaophong")
    assert mail.subject == f"Cần duyệt: “{TITLE}” (bước “Lãnh đạo phòng duyệt”)"
    assert f"/admin/pages/{page.pk}/edit/" in mail.body
    assert_vietnamese(mail)
    assert not to(mailoutbox, "bientap") and not to(mailoutbox, "chanhvanphong")

    # Sending back tells the submitter, with the reviewer's comment.
    mailoutbox.clear()
    workflow_action(reviewer, page, "reject", "Thiếu căn cứ pháp lý.")
    [mail] = to(mailoutbox, "bientap")
    assert mail.subject == f"Trả lại để sửa: “{TITLE}” (quy trình “Duyệt văn bản”)"
    assert "Thiếu căn cứ pháp lý." in mail.body and "Lãnh đạo phòng duyệt" in mail.body
    assert "Thiếu căn cứ pháp lý." in mail.alternatives[0][0]
    assert_vietnamese(mail)

    # Resubmitting tells the reviewers again; their approval tells the Chánh Văn phòng.
    mailoutbox.clear()
    editor.post(edit_url(page), document_form(TITLE, SLUG, **SUBMIT))
    assert len(to(mailoutbox, "lanhdaophong")) == 1
    mailoutbox.clear()
    workflow_action(reviewer, page, "approve")
    [mail] = to(mailoutbox, "chanhvanphong")
    assert mail.subject == f"Cần duyệt: “{TITLE}” (bước “Chánh Văn phòng duyệt và xuất bản”)"
    assert_vietnamese(mail)
    assert not to(mailoutbox, "bientap")

    # Publishing tells the submitter, with the link to the published page.
    mailoutbox.clear()
    workflow_action(client_for("publisher"), page, "approve")
    page.refresh_from_db()
    assert page.live
    [mail] = to(mailoutbox, "bientap")
    assert mail.subject == f"Đã duyệt: “{TITLE}” (quy trình “Duyệt văn bản”)"
    assert page.full_url in mail.body
    assert_vietnamese(mail)
    assert not to(mailoutbox, "chanhvanphong")  # no mail to whoever acted


def test_titles_are_not_html_escaped_in_the_plain_text(client_for, mailoutbox):
    title = 'Thông báo về việc sử dụng "Sổ tay" & <phần mềm> quản lý'
    form = document_form(title, "so-tay-phan-mem", **SUBMIT)
    client_for("editor").post(add_url("regulations.CircularPage", library()), form)
    [mail] = to(mailoutbox, "lanhdaophong")
    assert title in mail.subject and title in mail.body
    assert "&lt;phần mềm&gt;" in mail.alternatives[0][0]
