"""Inputs that used to be server errors (issue 17), each through the real admin view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Page

from emulation.models import EmulationMovementPage

pytestmark = pytest.mark.django_db

# 50 bytes that start like a GIF and are not one.
BROKEN_GIF = b"GIF89a" + b"\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 37


def test_broken_gif_is_refused_by_the_image_upload_form(client_for):
    assert len(BROKEN_GIF) == 50
    before = get_image_model().objects.count()
    upload = SimpleUploadedFile("anh.gif", BROKEN_GIF, "image/gif")
    response = client_for("administrator").post(
        "/admin/images/add/", {"title": "Ảnh hỏng", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert get_image_model().objects.count() == before


def test_broken_gif_is_refused_by_the_multiple_upload(client_for):
    before = get_image_model().objects.count()
    upload = SimpleUploadedFile("anh.gif", BROKEN_GIF, "image/gif")
    response = client_for("administrator").post(
        "/admin/images/multiple/add/",
        {"files[]": upload},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == before


def test_a_valid_gif_is_still_accepted(client_for):
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    upload = SimpleUploadedFile("cham.gif", gif, "image/gif")
    response = client_for("administrator").post(
        "/admin/images/add/", {"title": "Một điểm ảnh", "file": upload, "collection": 1}
    )
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Một điểm ảnh").exists()


@pytest.mark.parametrize("parent", [None, "", "abc", "²", "999999", "9" * 20])
def test_page_copy_without_a_usable_parent_is_a_bad_request(client_for, parent):
    page = Page.objects.filter(depth=3).order_by("pk").first()
    data = {"new_title": "Bản sao", "new_slug": "ban-sao-thu"}
    if parent is not None:
        data["new_parent_page"] = parent
    response = client_for("administrator").post(f"/admin/pages/{page.pk}/copy/", data)
    assert response.status_code == 400
    assert not Page.objects.filter(slug="ban-sao-thu").exists()


def test_page_copy_with_a_parent_still_works(client_for):
    page = Page.objects.filter(depth=3).order_by("pk").first()
    data = {"new_title": "Bản sao", "new_slug": "ban-sao-thu"}
    response = client_for("administrator").post(
        f"/admin/pages/{page.pk}/copy/", {**data, "new_parent_page": page.get_parent().pk}
    )
    assert response.status_code == 302
    assert Page.objects.filter(slug="ban-sao-thu").exists()


def test_movement_edit_without_the_criteria_count_is_a_bad_request(client_for):
    movement = EmulationMovementPage.objects.live().order_by("pk").first()
    title = movement.title
    response = client_for("administrator").post(
        f"/admin/pages/{movement.pk}/edit/", {"title": "Đổi tên", "slug": movement.slug}
    )
    assert response.status_code == 400
    assert "thiếu dữ liệu" in response.content.decode()
    movement.refresh_from_db()
    assert movement.title == title
