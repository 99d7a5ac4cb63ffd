"""Issue 18, study plans: the material where the member confirms, material first and the
confirmation last; a plan without material of its own shows its topic's."""

import pytest

from study.models import StudyPlanPage, StudyTopicPage

pytestmark = pytest.mark.django_db


def html_of(client, plan) -> str:
    response = client.get(plan.url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_plan_shows_its_material_before_the_confirmation(client_for):
    member = client_for("member")
    for plan in StudyPlanPage.objects.live():
        html = html_of(member, plan)
        confirmation = html.index('id="study-status-heading"')
        assert "<h2>Tài liệu" in html or "Văn bản cần học tập, quán triệt" in html, plan.title
        material = min(
            html.index(marker)
            for marker in ("<h2>Tài liệu", "Văn bản cần học tập, quán triệt")
            if marker in html
        )
        assert material < confirmation, plan.title


def test_a_plan_without_material_shows_its_topic_material(client_for):
    plan = next(
        plan
        for plan in StudyPlanPage.objects.live()
        if not plan.material_documents() and isinstance(plan.get_parent().specific, StudyTopicPage)
    )
    topic = plan.get_parent().specific
    assert topic.body
    html = html_of(client_for("member"), plan)
    assert f'<a href="{topic.url}">{topic.title}</a>' in html
