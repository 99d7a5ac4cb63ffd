"""A document's whole life through the real admin: draft, review, send back, publish, read."""

import pytest
from wagtail.models import TaskState, WorkflowState

from regulations.models import CircularPage

from .helpers import (
    PUBLISH_TASK,
    REVIEW_TASK,
    SUBMIT,
    add_url,
    document_form,
    edit_url,
    library,
    log_of,
    workflow_action,
)

pytestmark = pytest.mark.django_db

TITLE = "Hướng dẫn thí điểm sổ tay đảng viên điện tử"
FIXED_TITLE = "Hướng dẫn thí điểm sổ tay đảng viên điện tử trong các chi bộ"
SLUG = "huong-dan-thi-diem-so-tay-dang-vien"
URL = f"/van-ban/{SLUG}/"
COMMENT = "Đề nghị ghi rõ phạm vi áp dụng trong trích yếu."


def in_order(log: list[tuple[str, str]], expected: list[tuple[str, str]]) -> bool:
    """Whether ``expected`` happens in ``log`` in that order (other entries may come between)."""
    remaining = iter(log)
    return all(step in remaining for step in expected)


def test_document_goes_from_draft_to_the_library_through_both_approvals(client_for, user_for):
    editor, reviewer, publisher = (client_for(r) for r in ("editor", "reviewer", "publisher"))
    member = client_for("member")

    # The editor writes the document and presses "Gửi duyệt".
    response = editor.post(
        add_url("regulations.CircularPage", library()), document_form(TITLE, SLUG, **SUBMIT)
    )
    assert response.status_code == 302
    page = CircularPage.objects.get(slug=SLUG)
    assert not page.live and page.has_unpublished_changes
    state = page.current_workflow_state
    assert state.workflow.name == "Duyệt văn bản"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == user_for("editor")
    assert state.current_task_state.task.name == REVIEW_TASK
    # Not published yet: members cannot open it, list it or find it.
    assert member.get(URL).status_code == 404
    assert TITLE not in member.get("/van-ban/").content.decode()
    assert f'href="{URL}"' not in member.get("/tim-kiem/", {"q": "thí điểm"}).content.decode()

    # The reviewer sends it back with a comment.
    assert reviewer.get(edit_url(page)).status_code == 200
    response = workflow_action(reviewer, page, "reject", COMMENT)
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state, status=TaskState.STATUS_REJECTED)
    assert (rejected.task.name, rejected.comment) == (REVIEW_TASK, COMMENT)
    assert rejected.finished_by == user_for("reviewer")

    # The editor sees the comment on the edit page and in the workflow history.
    assert COMMENT in editor.get(edit_url(page)).content.decode()
    history = editor.get(f"/admin/pages/{page.pk}/workflow_history/detail/{state.pk}/")
    assert history.status_code == 200 and COMMENT in history.content.decode()

    # The editor corrects the title and submits again: the review starts over.
    response = editor.post(edit_url(page), document_form(FIXED_TITLE, SLUG, **SUBMIT))
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == REVIEW_TASK
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS

    # The reviewer approves: the document moves on to the Chánh Văn phòng, still unpublished.
    assert workflow_action(reviewer, page, "approve").status_code == 302
    state.refresh_from_db()
    assert state.current_task_state.task.name == PUBLISH_TASK
    page.refresh_from_db()
    assert not page.live

    # The Chánh Văn phòng approves: the document is published.
    assert workflow_action(publisher, page, "approve").status_code == 302
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live and not page.has_unpublished_changes
    assert page.title == FIXED_TITLE

    # Every member can read it, finds it in the library and by search (with or without
    # diacritics; the search page marks the matched words, so look for the link).
    assert page.url == URL
    response = member.get(URL)
    assert response.status_code == 200 and FIXED_TITLE in response.content.decode()
    assert FIXED_TITLE in member.get("/van-ban/").content.decode()
    for query in ("thí điểm", "thi diem"):
        found = member.get("/tim-kiem/", {"q": query})
        assert found.status_code == 200 and f'href="{URL}"' in found.content.decode(), query

    # The audit log has every step with who took it.
    log = log_of(page)
    assert in_order(
        log,
        [
            ("wagtail.create", "bientap"),
            ("wagtail.workflow.start", "bientap"),
            ("wagtail.workflow.reject", "lanhdaophong"),
            ("wagtail.edit", "bientap"),
            ("wagtail.workflow.resume", "bientap"),
            ("wagtail.workflow.approve", "lanhdaophong"),
            ("wagtail.workflow.approve", "chanhvanphong"),
            ("wagtail.publish", "chanhvanphong"),
        ],
    ), log
    assert [action for action, _user in log].count("wagtail.publish") == 1
    # ...and the admin's history page shows it to the editor.
    history = editor.get(f"/admin/pages/{page.pk}/history/")
    assert history.status_code == 200
    assert COMMENT in history.content.decode()
