"""The weekly work schedule in Debian's chromium: the Office publishes a week through the
real Wagtail admin and its workflow, and a leader opens it on a phone (360 px wide) and
downloads an entry into their calendar.

The editor (bientap) drafts the week with one entry and submits it to "Duyệt tin tức, thông
báo"; the reviewer (lanhdaophong) approves, which publishes it; the leader (thuongvu, the
demo's Phó Bí thư Thường trực) finds it under the section, reads the entry and saves its
``.ics``, which ``icalendar`` reads back.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from schedule.models import ScheduleIndexPage, WeekSchedulePage

from .conftest import hide_date_pickers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = "Họp Thường trực Tỉnh ủy nghe báo cáo tiến độ Đề án chuyển đổi số Sencanh"
CHAIR = "Phó Bí thư Thường trực Tỉnh ủy Hoàng Văn Nam"


@pytest.fixture
def person(open_page):
    """``person("bientap", width=360)``: a logged-in page in a browser context of its own."""

    def open_as(username: str, width: int = 1280):
        return open_page(username=username, width=width, accept_downloads=True)

    return open_as


def footer_action(page, selector: str):
    """Open the editor's action menu (the arrow beside "Save draft") and return an action."""
    footer = page.locator("footer")
    action = footer.locator(selector)
    if not action.is_visible():
        footer.locator(".w-dropdown__toggle").click()
    expect(action).to_be_visible()
    return action


def test_the_office_publishes_a_week_and_a_leader_downloads_an_entry(
    person, live_server, assert_accessible
):
    index_id = ScheduleIndexPage.objects.get().pk

    # ---- The Office's editor drafts the week and submits it.
    editor = person("bientap")
    editor.goto(f"/admin/pages/add/schedule/weekschedulepage/{index_id}/")
    hide_date_pickers(editor)
    editor.locator("input[name=week_start]").fill("06/03/2030")
    editor.locator("#id_entries-ADD").click()
    editor.locator("input[name=entries-0-day]").fill("05/03/2030")
    editor.locator("select[name=entries-0-session]").select_option("sang")
    editor.locator("input[name=entries-0-start_time]").fill("08:00")
    editor.locator("input[name=entries-0-end_time]").fill("10:30")
    editor.locator("textarea[name=entries-0-content]").fill(CONTENT)
    editor.locator("input[name=entries-0-place]").fill("Phòng họp Thường trực Tỉnh ủy")
    editor.locator("select[name=entries-0-chair]").select_option(label=CHAIR)
    footer_action(editor, 'button[name="action-submit"]').click()
    expect(editor).to_have_url(re.compile(rf"/admin/pages/{index_id}/$"))
    week = WeekSchedulePage.objects.get(week_start="2030-03-04")
    assert not week.live
    assert week.title == "Lịch công tác tuần 10/2030 (04/03 – 10/03/2030)"

    # ---- The reviewer approves: the last step of the news workflow publishes it.
    reviewer = person("lanhdaophong")
    reviewer.goto(f"/admin/pages/{week.pk}/edit/")
    approve = 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    footer_action(reviewer, approve).click()
    expect(reviewer).to_have_url(re.compile(rf"/admin/pages/{index_id}/$"))
    week.refresh_from_db()
    assert week.live

    # ---- The leader, on a phone, finds the week under the section and opens it.
    leader = person("thuongvu", width=360)
    leader.goto("/lich-cong-tac/")
    leader.get_by_role("link", name=week.title).click()
    expect(leader.locator("h1")).to_have_text(week.title)
    row = leader.locator("tr.schedule-entry", has_text=CONTENT)
    expect(row).to_be_visible()
    expect(row).to_contain_text(f"Chủ trì: {CHAIR}")
    expect(row).to_contain_text("08:00–10:30")
    # At 360 px the week fits the screen: no sideways scrolling.
    assert leader.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(leader)

    with leader.expect_download() as download_info:
        row.get_by_role("link", name=re.compile(r"^Thêm vào lịch \(\.ics\)")).click()
    download = download_info.value
    assert download.suggested_filename == "lich-2030-03-05-sang.ics"
    (event,) = Calendar.from_ical(open(download.path(), "rb").read()).walk("VEVENT")  # noqa: SIM115
    assert str(event["SUMMARY"]) == CONTENT
    assert event["DTSTART"].dt == datetime(2030, 3, 5, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    entry = week.entries.get()
    assert str(event["UID"]) == f"{entry.uid}-{week.pk}@lich-cong-tac.vptu"
