"""``manage.py setup_intranet`` is idempotent, repairs what is missing, and its workflows
can always be finished by their last approvers."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from organisation import roles

pytestmark = pytest.mark.django_db

COUNTED = [
    Group,
    Group.permissions.through,
    GroupPagePermission,
    GroupCollectionPermission,
    Workflow,
    WorkflowTask,
    WorkflowPage,
    Task,
    Page,
]


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def setup_intranet() -> str:
    out = StringIO()
    call_command("setup_intranet", stdout=out)
    return out.getvalue()


def test_running_setup_again_changes_nothing():
    # The session database was set up by load_demo, which ran setup_intranet once.
    before = counts()
    for _run in range(2):
        output = setup_intranet()
        assert "Không có gì thay đổi" in output
        assert "Đã thiết lập" not in output
        assert counts() == before


def test_setup_puts_back_what_is_missing_and_says_so():
    news = Page.objects.get(slug="tin-tuc")
    home = Page.objects.get(depth=2)
    GroupPagePermission.objects.filter(
        group__name=roles.REVIEWER, page=news, permission__codename="publish_page"
    ).delete()
    WorkflowPage.objects.filter(page=home).update(
        workflow=Workflow.objects.get(name="Duyệt tin tức, thông báo")
    )
    Group.objects.get(name=roles.EDITOR).permissions.clear()

    output = setup_intranet()
    assert "Không có gì thay đổi" not in output
    assert "Đã thiết lập: 1 quyền trên trang" in output
    assert "Đã thiết lập: quy trình Duyệt văn bản cho trang" in output
    assert "quyền của nhóm" in output
    assert "Không có gì thay đổi" in setup_intranet()


def test_the_last_approvers_of_every_workflow_may_publish_where_it_applies():
    """Wagtail publishes a finished workflow as its last approver, and refuses if that user
    may not publish the page (the approval then fails with "no permission")."""
    users = get_user_model().objects.filter(is_superuser=False)
    home = Page.objects.get(depth=2)
    # (Wagtail's own "Moderators approval" on the root page, for its empty "Moderators"
    # group, applies to no page of the site.)
    assignments = WorkflowPage.objects.filter(page__path__startswith=home.path)
    assert assignments.count() == 7  # home, library, study, news, emulation, schedule, units
    for assignment in assignments.select_related("page", "workflow"):
        last_task = assignment.workflow.workflow_tasks.order_by("sort_order").last().task
        for group in last_task.specific.groups.all():
            approvers = users.filter(groups=group)
            assert approvers.exists(), group
            for user in approvers:
                can_publish = assignment.page.permissions_for_user(user).can_publish()
                assert can_publish, (assignment.workflow.name, assignment.page.title, user)


def test_reviewers_and_editors_still_cannot_publish_documents(user_for):
    library = Page.objects.get(slug="van-ban")
    for role in ("editor", "reviewer", "unit_editor", "member"):
        assert not library.permissions_for_user(user_for(role)).can_publish(), role
    assert library.permissions_for_user(user_for("publisher")).can_publish()
