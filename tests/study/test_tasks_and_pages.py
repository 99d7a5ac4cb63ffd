"""The member's study tasks on the home page, the section pages, the Chỉ thị 05 topic."""

import pytest
from django.test import override_settings

from study.models import StudyIndexPage, StudyTopicPage

from .helpers import (
    PLAN_ALL,
    PLAN_TOPIC,
    PLAN_UNITS,
    confirm_url,
    new_plan,
    plan,
    restore_demo_material,
    secret_plan,
)

pytestmark = pytest.mark.django_db


def _tasks(client) -> list[str]:
    response = client.get("/")
    assert response.status_code == 200
    return [p.slug for p in response.context["study_tasks"]]


def test_the_home_page_lists_plans_awaiting_my_confirmation(client_for):
    member = client_for("member")
    tasks = _tasks(member)
    assert PLAN_ALL in tasks and PLAN_TOPIC in tasks
    html = member.get("/").content.decode()
    assert "Học tập cần xác nhận" in html
    assert plan(PLAN_ALL).url in html


def test_a_plan_for_other_units_is_no_task_for_me(client_for):
    assert PLAN_UNITS not in _tasks(client_for("member"))  # Trường Vinh is not addressed
    assert PLAN_UNITS in _tasks(client_for("nguyenthuha"))  # Diễn Châu is


def test_a_confirmed_plan_leaves_the_tasks(client_for):
    member = client_for("member")
    member.post(confirm_url(plan(PLAN_ALL)), {"reflection": ""})
    tasks = _tasks(member)
    assert PLAN_ALL not in tasks
    assert PLAN_TOPIC in tasks


def test_tasks_come_nearest_deadline_first(client_for):
    tasks = _tasks(client_for("nguyenthuha"))
    deadlines = [plan(slug).deadline for slug in tasks]
    assert deadlines == sorted(deadlines)


def test_a_secret_plan_is_a_task_only_for_those_who_may_see_it(client_for):
    secret = secret_plan()
    assert secret.slug not in _tasks(client_for("member"))
    assert secret.slug in _tasks(client_for("standing_committee"))


def test_a_plan_for_chosen_units_is_a_task_for_their_members_only(client_for):
    fresh = new_plan(title="Kế hoạch riêng cho Trường Vinh", units=["phuong-truong-vinh"])
    assert fresh.slug in _tasks(client_for("member"))
    assert fresh.slug in _tasks(client_for("lanhdao.truongvinh"))
    assert fresh.slug not in _tasks(client_for("nguyenthuha"))
    assert fresh.slug not in _tasks(client_for("editor"))  # no unit: not addressed


def test_anonymous_visitors_get_no_tasks():
    from django.contrib.auth.models import AnonymousUser

    from home.dashboard import home_dashboard

    assert home_dashboard(AnonymousUser())["study_tasks"] == []


def test_the_section_lists_plans_and_the_chi_thi_05_topics(client_for):
    index = StudyIndexPage.objects.get()
    html = client_for("member").get(index.url).content.decode()
    topic = StudyTopicPage.objects.get(year=2026)
    assert "Chỉ thị 05-CT/TW" in html
    assert topic.url in html
    for slug in (PLAN_ALL, PLAN_UNITS, PLAN_TOPIC):
        assert plan(slug).url in html  # plans under a topic are listed too
    assert secret_plan().url not in client_for("member").get(index.url).content.decode()


def test_the_topic_page_shows_its_materials_and_plans(client_for):
    topic = StudyTopicPage.objects.get(year=2026)
    html = client_for("member").get(topic.url).content.decode()
    assert "Chuyên đề năm 2026" in html
    assert plan(PLAN_TOPIC).url in html
    assert "Tài liệu chuyên đề năm 2026" in html  # the attached material
    assert "/documents/" in html


def test_the_plan_page_shows_audience_documents_materials_and_the_so_tay_link(client_for):
    html = client_for("member").get(plan(PLAN_UNITS).url).content.decode()
    assert "Đảng bộ xã Diễn Châu; Đảng bộ xã Đức Châu" in html
    assert "12-TT/TU" in html
    assert "https://sotaydangvien.dcs.vn/" in html
    html = client_for("member").get(plan(PLAN_ALL).url).content.decode()
    assert "Toàn thể đảng viên" in html
    assert "Đề cương tuyên truyền Nghị quyết" in html


@override_settings(SO_TAY_DANG_VIEN_URL="https://so-tay.example.vn/")
def test_the_so_tay_link_is_configurable(client_for):
    html = client_for("member").get(StudyIndexPage.objects.get().url).content.decode()
    assert "https://so-tay.example.vn/" in html


def test_the_attached_material_downloads_for_a_member(client_for):
    document = restore_demo_material("Đề cương tuyên truyền")
    response = client_for("member").get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
