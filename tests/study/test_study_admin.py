"""Editing a study plan in the Wagtail admin (the audience must name someone); the demo."""

import pytest

from organisation.models import Unit
from study.models import StudyIndexPage, StudyPlanPage

pytestmark = pytest.mark.django_db


def _form(user, **data):
    form_class = StudyPlanPage.get_edit_handler().get_form_class()
    fields = {
        "title": "Kế hoạch học tập thử",
        "slug": "ke-hoach-hoc-tap-thu",
        "intro": "",
        "form": "self_study",
        "deadline": "2026-12-31",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "",
        **data,
    }
    return form_class(
        fields, instance=StudyPlanPage(), parent_page=StudyIndexPage.objects.get(), for_user=user
    )


def test_a_plan_for_nobody_is_refused_with_a_clear_message(user_for):
    form = _form(user_for("editor"))
    assert not form.is_valid()
    assert "Chọn ít nhất một đơn vị" in str(form.errors["audience_units"])


def test_a_plan_for_all_or_for_chosen_units_is_accepted(user_for):
    assert _form(user_for("editor"), audience_all="on").is_valid()
    unit = Unit.objects.get(code="xa-dien-chau")
    form = _form(user_for("editor"), audience_units=[str(unit.pk)])
    assert form.is_valid(), form.errors


def test_the_admin_offers_the_units_as_checkboxes(client_for):
    index = StudyIndexPage.objects.get()
    response = client_for("editor").get(f"/admin/pages/add/study/studyplanpage/{index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="checkbox" name="audience_units"' in html
    assert "Đảng bộ xã Diễn Châu" in html


def test_the_study_demo_runs_again_without_changing_anything():
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from study.demo import load_study_demo
    from study.models import StudyConfirmation

    def counts():
        return (
            Page.objects.count(),
            get_user_model().objects.count(),
            get_document_model().objects.count(),
            StudyConfirmation.objects.count(),
            StudyPlanPage.objects.filter(audience_all=False).count(),
        )

    before = counts()
    load_study_demo()
    assert counts() == before
