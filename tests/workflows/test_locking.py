"""While a page waits in a review step, only that step's approvers may change it."""

import pytest
from wagtail.models import Revision

from regulations.models import CircularPage

from .helpers import (
    SUBMIT,
    add_url,
    document_form,
    edit_url,
    library,
    messages_of,
    workflow_action,
)

pytestmark = pytest.mark.django_db

TITLE = "Hướng dẫn công tác văn thư năm 2026"
SLUG = "cong-tac-van-thu-2026"


def latest_title(page) -> str:
    page.refresh_from_db()
    return page.get_latest_revision().content["title"]


@pytest.fixture
def submitted(client_for):
    client_for("editor").post(
        add_url("regulations.CircularPage", library()), document_form(TITLE, SLUG, **SUBMIT)
    )
    return CircularPage.objects.get(slug=SLUG)


def test_the_editor_cannot_save_while_the_reviewer_has_the_page(client_for, submitted):
    page = submitted
    editor = client_for("editor")
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()

    response = editor.post(edit_url(page), document_form("Đổi tên khi đang duyệt", SLUG))
    assert response.status_code == 200  # the form again, with an error
    # Wagtail's message, from our Vietnamese catalogue of the admin (intranet/locale_wagtail).
    assert [m.strip() for m in messages_of(response)] == ["Không lưu được trang vì đang bị khóa."]
    assert latest_title(page) == TITLE
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
    # The publisher is not in this step either.
    client_for("publisher").post(edit_url(page), document_form("Chánh Văn phòng sửa", SLUG))
    assert latest_title(page) == TITLE

    # The reviewer, whose step it is, may correct the draft.
    response = client_for("reviewer").post(edit_url(page), document_form("Đã sửa khi duyệt", SLUG))
    assert response.status_code == 302
    assert latest_title(page) == "Đã sửa khi duyệt"


def test_the_lock_is_lifted_when_the_page_is_sent_back(client_for, submitted):
    page = submitted
    workflow_action(client_for("reviewer"), page, "reject", "Bổ sung căn cứ.")
    response = client_for("editor").post(edit_url(page), document_form("Đã bổ sung căn cứ", SLUG))
    assert response.status_code == 302
    assert latest_title(page) == "Đã bổ sung căn cứ"


def test_the_reviewer_can_lock_the_page_for_everyone_else(client_for, user_for, submitted):
    page = submitted
    response = client_for("reviewer").post(f"/admin/pages/{page.pk}/lock/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.locked and page.locked_by == user_for("reviewer")
    # The editor cannot unlock it.
    client_for("editor").post(f"/admin/pages/{page.pk}/unlock/")
    page.refresh_from_db()
    assert page.locked
