"""What each role may not do in the admin is refused, whatever it posts."""

import pytest
from wagtail.models import Page

from organisation.models import UnitPage
from regulations.models import CircularPage

from .helpers import (
    PUBLISH,
    PUBLISH_TASK,
    SUBMIT,
    add_url,
    document_form,
    edit_url,
    library,
    log_of,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def published(page) -> bool:
    page.refresh_from_db()
    return page.live or any(action == "wagtail.publish" for action, _user in log_of(page))


def test_editor_cannot_publish_directly(client_for):
    editor = client_for("editor")
    form = document_form("Thông báo biên tập viên tự xuất bản", "bien-tap-tu-xuat-ban", **PUBLISH)
    response = editor.post(add_url("regulations.CircularPage", library()), form)
    page = CircularPage.objects.get(slug="bien-tap-tu-xuat-ban")
    # Wagtail saves a draft instead: no publish button for the editor, and no publishing.
    assert response.status_code == 302
    assert not published(page)
    assert 'name="action-publish"' not in editor.get(edit_url(page)).content.decode()
    response = editor.post(edit_url(page), document_form(page.title, page.slug, **PUBLISH))
    assert not published(page)
    assert client_for("member").get(page.url).status_code == 404


def test_reviewer_cannot_publish_a_document(client_for):
    editor, reviewer = client_for("editor"), client_for("reviewer")
    # Neither a document of his own...
    form = document_form("Kế hoạch lãnh đạo phòng tự đăng", "lanh-dao-tu-dang", **PUBLISH)
    reviewer.post(add_url("regulations.CircularPage", library()), form)
    assert not published(CircularPage.objects.get(slug="lanh-dao-tu-dang"))
    # ...nor one waiting in his step, through the editor's publish button.
    form = document_form("Kế hoạch chờ duyệt", "ke-hoach-cho-duyet", "16-KH/VPTU", **SUBMIT)
    editor.post(add_url("regulations.CircularPage", library()), form)
    page = CircularPage.objects.get(slug="ke-hoach-cho-duyet")
    assert 'name="action-publish"' not in reviewer.get(edit_url(page)).content.decode()
    reviewer.post(edit_url(page), document_form(page.title, page.slug, "16-KH/VPTU", **PUBLISH))
    assert not published(page)


def test_reviewer_cannot_approve_in_place_of_the_chanh_van_phong(client_for):
    reviewer = client_for("reviewer")
    form = document_form("Thông báo kết luận giao ban", "ket-luan-giao-ban", **SUBMIT)
    client_for("editor").post(add_url("regulations.CircularPage", library()), form)
    page = CircularPage.objects.get(slug="ket-luan-giao-ban")
    assert workflow_action(reviewer, page, "approve").status_code == 302
    assert page.current_workflow_state.current_task_state.task.name == PUBLISH_TASK

    response = workflow_action(reviewer, page, "approve")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert page.current_workflow_state.current_task_state.task.name == PUBLISH_TASK
    assert not published(page)


@pytest.mark.parametrize("role", ["member", "standing_committee", "anonymous"])
def test_readers_cannot_open_the_page_editor(client_for, role):
    client = client_for(role)
    document = CircularPage.objects.live().first()
    for url in (edit_url(document), add_url("regulations.CircularPage", library()), "/admin/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith("/dang-nhap/"), url
    response = client.post(edit_url(document), document_form("Sửa trộm", document.slug, **PUBLISH))
    assert response.status_code in (302, 403)
    document.refresh_from_db()
    assert document.title != "Sửa trộm"


def test_unit_editor_cannot_add_pages_outside_the_own_unit(client_for):
    unit_editor = client_for("unit_editor")
    other_unit = UnitPage.objects.get(unit__code="xa-dien-chau")
    news_index = Page.objects.get(slug="tin-tuc")
    before = Page.objects.count()
    for model_label, parent in [
        ("home.NewsPage", other_unit),
        ("home.NewsPage", news_index),
        ("regulations.CircularPage", library()),
    ]:
        url = add_url(model_label, parent)
        assert unit_editor.get(url)["Location"] == "/admin/", url
        if model_label == "regulations.CircularPage":
            form = document_form("Văn bản của đơn vị", "van-ban-cua-don-vi", **SUBMIT)
        else:
            form = {"title": "Tin của đơn vị khác", "slug": "tin-cua-don-vi-khac", **SUBMIT}
        response = unit_editor.post(url, form)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert Page.objects.count() == before
    # Nor edit another unit's page.
    assert unit_editor.get(edit_url(other_unit))["Location"] == "/admin/"
