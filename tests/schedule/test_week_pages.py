"""The week's page by day and session, its neighbours, a leader's week, the section and the
home page's "today", the admin form's rules, and the set-up of the section."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import WorkflowPage

from home.setup import setup_intranet
from schedule.models import ScheduleIndexPage, WeekSchedulePage
from tests.factories import ScheduleEntryFactory, WeekSchedulePageFactory, logged_in, site_tree

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_week_is_named_and_addressed_from_its_monday(week):
    assert week.week_start == MONDAY
    assert week.title == "Lịch công tác tuần 10/2030 (04/03 – 10/03/2030)"
    assert week.url.endswith("/lich-cong-tac/tuan-10-2030/")


def test_week_page_shows_days_and_sessions_in_order(week, people):
    response = logged_in(people["outsider"]).get(week.url)
    assert response.status_code == 200
    html = response.content.decode()
    days = [day.day for day in response.context["days"]]
    # Monday to Friday always; the weekend only when it has entries (none here).
    assert days == [MONDAY + timedelta(days=n) for n in range(5)]
    monday = response.context["days"][0]
    assert [s.label for s in monday.sessions] == ["Sáng"]
    friday = response.context["days"][4]
    assert [s.session for s in friday.sessions] == ["toi"]
    order = [
        html.index("Họp Ban Thường vụ Tỉnh ủy cho ý kiến"),
        html.index("Hội nghị trực tuyến sơ kết"),
        html.index("Tiếp đoàn đại biểu tỉnh Hủa Phăn"),
    ]
    assert order == sorted(order)
    assert "Trực tuyến – Hội trường Tỉnh ủy" in html
    assert "130 điểm cầu xã, phường" in html
    assert "Bí thư Tỉnh ủy Nguyễn Đức Trung" in html


def test_previous_and_next_week_skip_drafts(week, people):
    before = WeekSchedulePageFactory(week_start=MONDAY - timedelta(days=7))
    WeekSchedulePageFactory(week_start=MONDAY + timedelta(days=7), publish=False)
    after = WeekSchedulePageFactory(week_start=MONDAY + timedelta(days=14))
    client = logged_in(people["outsider"])
    context = client.get(week.url).context
    assert context["previous_week"].pk == before.pk
    assert context["next_week"].pk == after.pk
    html = client.get(week.url).content.decode()
    assert f'rel="prev" href="{before.url}"' in html
    assert f'rel="next" href="{after.url}"' in html
    # The draft week answers 404 like a missing page.
    draft = WeekSchedulePage.objects.get(week_start=MONDAY + timedelta(days=7))
    assert client.get(f"/lich-cong-tac/{draft.slug}/").status_code == 404


def test_a_leaders_week_lists_what_they_chair_or_attend(week, people):
    client = logged_in(people["outsider"])
    response = client.get(f"{week.url}lanh-dao/hoang-nghia-hieu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch công tác của đồng chí Phó Bí thư Thường trực Hoàng Nghĩa Hiếu" in html
    assert "Họp Ban Thường vụ Tỉnh ủy cho ý kiến" in html  # attends
    assert "Tiếp đoàn đại biểu tỉnh Hủa Phăn" in html
    assert "Hội nghị trực tuyến sơ kết" not in html
    assert response.context["entry_count"] == 2
    secretary = client.get(f"{week.url}lanh-dao/nguyen-duc-trung/").context
    assert secretary["entry_count"] == 1
    assert client.get(f"{week.url}lanh-dao/khong-co/").status_code == 404


def _this_week_only():
    """Remove the weeks of the current week (the demo's) so that a test makes its own."""
    WeekSchedulePage.objects.filter(
        week_start__gte=timezone.localdate() - timedelta(days=7)
    ).delete()


def test_section_shows_this_week_and_the_home_page_today(people):
    _this_week_only()
    today = timezone.localdate()
    WeekSchedulePageFactory(
        week_start=today,
        entries=[
            ScheduleEntryFactory(day=today, session="sang", content="Giao ban Thường trực Tỉnh ủy"),
            ScheduleEntryFactory(
                day=today,
                session="chieu",
                content="Làm việc với Ban Tổ chức Tỉnh ủy",
                status="hoan",
            ),
        ],
    )
    client = logged_in(people["outsider"])
    section = client.get(site_tree().schedule.url)
    assert "Giao ban Thường trực Tỉnh ủy" in section.content.decode()
    assert section.context["week"].week_start == today - timedelta(days=today.weekday())
    home = client.get("/").content.decode()
    assert "Lịch công tác hôm nay" in home
    assert "Giao ban Thường trực Tỉnh ủy" in home
    assert "Hoãn" in home
    # The index's leader route goes to this week's leader page.
    response = client.get(f"{site_tree().schedule.url}lanh-dao/nguyen-duc-trung/")
    assert response.status_code == 302
    assert response["Location"].endswith("/lanh-dao/nguyen-duc-trung/")


def test_home_page_without_entries_today(people):
    _this_week_only()
    home = logged_in(people["outsider"]).get("/").content.decode()
    assert "Hôm nay không có lịch." in home


def test_set_up_creates_the_section_with_the_news_workflow_once():
    index = ScheduleIndexPage.objects.get()
    assert index.live
    workflow = WorkflowPage.objects.get(page=index).workflow
    assert workflow.name == "Duyệt tin tức, thông báo"
    again = setup_intranet()
    assert not [line for line in again.created if "Lịch" in line]
    assert ScheduleIndexPage.objects.count() == 1


def _admin_post(client, url, week_start, day):
    data = {
        "week_start": week_start.isoformat(),
        "intro": "",
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-day": day.isoformat(),
        "entries-0-session": "sang",
        "entries-0-start_time": "08:00",
        "entries-0-content": "Họp Thường trực Tỉnh ủy",
        "entries-0-ORDER": "1",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    return client.post(url, data)


def test_admin_form_refuses_a_second_schedule_for_a_week_and_a_day_outside_it(week, client_for):
    client = client_for("editor")
    index = site_tree().schedule
    url = f"/admin/pages/add/schedule/weekschedulepage/{index.pk}/"
    taken = _admin_post(client, url, MONDAY + timedelta(days=2), MONDAY)
    assert taken.status_code == 200
    assert "Tuần này đã có lịch công tác." in taken.content.decode()
    outside = _admin_post(client, url, date(2030, 4, 1), date(2030, 4, 9))
    assert "Ngày phải trong tuần từ 01/04/2030 đến 07/04/2030." in outside.content.decode()
    created = _admin_post(client, url, date(2030, 4, 3), date(2030, 4, 2))
    assert created.status_code == 302
    page = WeekSchedulePage.objects.get(week_start=date(2030, 4, 1))
    assert not page.live
    assert page.title.startswith("Lịch công tác tuần 14/2030")


def test_a_week_is_found_by_its_entries_by_those_who_may_see_it(week, people, user_for):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    def titles(client) -> list[str]:
        found = client.get("/api/v1/search/", {"q": "Hủa Phăn"}).json()["results"]
        return [result["title"] for result in found if result["section"] == "schedule"]

    client = logged_in(people["outsider"])
    assert week.title in titles(client)
    restriction = PageViewRestriction.objects.create(
        page=week, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Ban Thường vụ Tỉnh ủy")])
    assert week.title not in titles(client)
    assert week.title in titles(logged_in(user_for("standing_committee")))


def test_the_office_edits_a_published_week_in_the_admin(week, client_for):
    response = client_for("editor").get(f"/admin/pages/{week.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hội nghị trực tuyến sơ kết công tác xây dựng Đảng quý I" in html
    assert 'type="checkbox" name="entries-0-attendees"' in html  # leaders as boxes
    # A member has no admin.
    assert client_for("member").get(f"/admin/pages/{week.pk}/edit/").status_code == 302
