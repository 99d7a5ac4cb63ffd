"""News go through their own workflows, and each ends with someone who may publish."""

import pytest
from wagtail.models import WorkflowState

from home.models import HomePage, NewsPage, StandardPage
from organisation.models import UnitPage

from .helpers import (
    PUBLISH,
    PUBLISH_TASK,
    REVIEW_TASK,
    SUBMIT,
    UNIT_TASK,
    add_url,
    edit_url,
    news_form,
    news_index,
    standard_form,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def test_unit_news_is_approved_and_published_by_the_office_editor(client_for, user_for):
    unit_editor = client_for("unit_editor")
    own_unit = UnitPage.objects.get(unit__code="phuong-truong-vinh")
    url = add_url("home.NewsPage", own_unit)
    assert unit_editor.get(url).status_code == 200
    title = "Phường Trường Vinh ra quân tổng vệ sinh môi trường"

    # The unit's editor cannot publish: "publish" only saves a draft...
    unit_editor.post(url, news_form(title, "ra-quan-ve-sinh", **PUBLISH))
    news = NewsPage.objects.get(slug="ra-quan-ve-sinh")
    assert news.get_parent().pk == own_unit.pk
    assert not news.live
    # ...so the news is submitted to "Duyệt tin đơn vị".
    response = unit_editor.post(edit_url(news), news_form(title, "ra-quan-ve-sinh", **SUBMIT))
    assert response.status_code == 302
    state = news.current_workflow_state
    assert state.workflow.name == "Duyệt tin đơn vị"
    assert state.current_task_state.task.name == UNIT_TASK
    assert state.requested_by == user_for("unit_editor")

    # Another unit's editor is not among the approvers.
    response = workflow_action(client_for("bientap.dienchau"), news, "approve")
    assert response["Location"] == "/admin/"
    news.refresh_from_db()
    assert not news.live

    # The Office's editor approves, which publishes it.
    assert workflow_action(client_for("editor"), news, "approve").status_code == 302
    news.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert news.live
    member = client_for("member")
    assert member.get(news.url).status_code == 200
    assert title in member.get(own_unit.url).content.decode()


def test_office_news_is_published_by_the_reviewer(client_for):
    editor, reviewer = client_for("editor"), client_for("reviewer")
    title = "Văn phòng Tỉnh ủy tổ chức hội thao chào mừng ngày thành lập Đảng"
    editor.post(add_url("home.NewsPage", news_index()), news_form(title, "hoi-thao", **SUBMIT))
    news = NewsPage.objects.get(slug="hoi-thao")
    state = news.current_workflow_state
    assert state.workflow.name == "Duyệt tin tức, thông báo"
    assert state.current_task_state.task.name == REVIEW_TASK

    assert workflow_action(reviewer, news, "approve").status_code == 302
    news.refresh_from_db()
    assert news.live
    assert client_for("member").get(news.url).status_code == 200


def test_general_pages_under_home_end_with_the_chanh_van_phong(client_for):
    editor, reviewer = client_for("editor"), client_for("reviewer")
    home = HomePage.objects.get()
    form = standard_form("Giới thiệu Văn phòng Tỉnh ủy", "gioi-thieu", **SUBMIT)
    editor.post(add_url("home.StandardPage", home), form)
    page = StandardPage.objects.get(slug="gioi-thieu")
    assert page.current_workflow_state.current_task_state.task.name == REVIEW_TASK

    workflow_action(reviewer, page, "approve")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.current_task_state.task.name == PUBLISH_TASK
    workflow_action(client_for("publisher"), page, "approve")
    page.refresh_from_db()
    assert page.live
