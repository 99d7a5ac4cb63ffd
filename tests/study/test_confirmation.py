"""A member confirms "tôi đã học tập" through the real plan page and its confirm view."""

import pytest
from django.test import Client

from study.models import REFLECTION_MAX_LENGTH, StudyConfirmation

from .helpers import PLAN_ALL, PLAN_TOPIC, PLAN_UNITS, confirm_url, plan, secret_plan

pytestmark = pytest.mark.django_db


def test_a_member_confirms_and_the_plan_page_says_when(client_for, user_for):
    member, study_plan = client_for("member"), plan(PLAN_ALL)
    page = member.get(study_plan.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tôi đã học tập" in html
    assert "Bạn đã xác nhận học tập lúc" not in html

    response = member.post(confirm_url(study_plan), {"reflection": "Tâm đắc phần mục tiêu."})
    assert response.status_code == 302
    assert response["Location"] == study_plan.url
    confirmation = StudyConfirmation.objects.get(plan=study_plan, user=user_for("member"))
    assert confirmation.reflection == "Tâm đắc phần mục tiêu."

    html = member.get(study_plan.url).content.decode()
    assert "Bạn đã xác nhận học tập lúc" in html
    assert "Đã ghi nhận: bạn đã học tập kế hoạch này." in html
    assert "Cập nhật thu hoạch" in html
    assert "Tâm đắc phần mục tiêu." in html  # the reflection, ready to amend


def test_confirming_again_amends_the_reflection_and_keeps_the_first_time(client_for, user_for):
    member, study_plan = client_for("member"), plan(PLAN_TOPIC)
    member.post(confirm_url(study_plan), {"reflection": ""})
    first = StudyConfirmation.objects.get(plan=study_plan, user=user_for("member"))
    response = member.post(confirm_url(study_plan), {"reflection": "Bổ sung thu hoạch."})
    assert response.status_code == 302
    again = StudyConfirmation.objects.get(plan=study_plan, user=user_for("member"))
    assert again.pk == first.pk
    assert again.confirmed_at == first.confirmed_at
    assert again.reflection == "Bổ sung thu hoạch."
    assert StudyConfirmation.objects.filter(plan=study_plan, user=user_for("member")).count() == 1
    assert "Đã cập nhật thu hoạch của bạn." in member.get(study_plan.url).content.decode()


def test_a_too_long_reflection_is_refused_with_a_clear_message(client_for, user_for):
    member, study_plan = client_for("member"), plan(PLAN_ALL)
    response = member.post(
        confirm_url(study_plan), {"reflection": "a" * (REFLECTION_MAX_LENGTH + 1)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Thu hoạch dài quá: tối đa {REFLECTION_MAX_LENGTH} ký tự" in html
    assert not StudyConfirmation.objects.filter(plan=study_plan, user=user_for("member")).exists()


def test_a_member_outside_the_audience_is_refused(client_for, user_for):
    member, study_plan = client_for("member"), plan(PLAN_UNITS)  # dangvien: Trường Vinh
    page = member.get(study_plan.url)
    assert page.status_code == 200  # the audience never hides a plan
    html = page.content.decode()
    assert "Tôi đã học tập" not in html
    assert "không giao cho đơn vị của bạn" in html

    response = member.post(confirm_url(study_plan), {"reflection": ""})
    assert response.status_code == 403
    assert "Kế hoạch học tập này không giao cho đơn vị của bạn" in response.content.decode()
    assert not StudyConfirmation.objects.filter(plan=study_plan, user=user_for("member")).exists()


def test_a_member_of_a_chosen_unit_may_confirm(client_for, user_for):
    client = client_for("nguyenthuha")  # Đảng bộ xã Diễn Châu
    study_plan = plan(PLAN_UNITS)
    assert "Tôi đã học tập" in client.get(study_plan.url).content.decode()
    assert client.post(confirm_url(study_plan), {"reflection": ""}).status_code == 302
    assert StudyConfirmation.objects.filter(plan=study_plan, user=user_for("nguyenthuha")).exists()


def test_confirm_accepts_only_post(client_for):
    response = client_for("member").get(confirm_url(plan(PLAN_ALL)))
    assert response.status_code == 405


def test_anonymous_visitors_are_sent_to_the_login_page(user_for):
    study_plan = plan(PLAN_ALL)
    response = Client(HTTP_HOST="localhost").post(confirm_url(study_plan), {"reflection": ""})
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
    assert (
        not StudyConfirmation.objects.filter(plan=study_plan)
        .exclude(user__username__in=["lanhdao.truongvinh", "nguyenvanbinh", "phamthihuong"])
        .exists()
    )


def test_confirming_needs_the_csrf_token(user_for):
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(user_for("member"))
    study_plan = plan(PLAN_ALL)
    response = client.post(confirm_url(study_plan), {"reflection": ""})
    assert response.status_code == 403
    assert not StudyConfirmation.objects.filter(plan=study_plan, user=user_for("member")).exists()


def test_a_plan_the_member_may_not_see_answers_404_even_to_a_confirmation(client_for, user_for):
    secret = secret_plan()
    member = client_for("member")
    assert member.get(secret.url).status_code == 404
    assert member.post(confirm_url(secret), {"reflection": ""}).status_code == 404
    assert not StudyConfirmation.objects.filter(plan=secret).exists()

    cleared = client_for("standing_committee")
    assert cleared.get(secret.url).status_code == 200
    assert cleared.post(confirm_url(secret), {"reflection": ""}).status_code == 302
