"""The calendars, parsed back with ``icalendar``: UIDs, the time zone, updates (SEQUENCE,
LAST-MODIFIED), cancellations, which entries each feed carries, and the token URLs."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from schedule.models import EntryRecord, ScheduleEntry
from schedule.tokens import renew_token, token_for
from tests.factories import logged_in

from .conftest import entry_of, republish

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _feed_url(user, name="schedule_whole_feed", *extra):
    token = token_for(user)
    return reverse(name, args=[user.pk, token.key, *extra])


def _events(response) -> dict:
    """The events of the tests' weeks (2030), by summary: not the demo's."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT") if e["DTSTART"].dt.year == 2030]
    return {str(event["SUMMARY"]): event for event in events}


def _get(client_or_none, url):
    from django.test import Client

    return (client_or_none or Client(HTTP_HOST="localhost")).get(url)


def test_whole_schedule_in_hanoi_time_with_its_time_zone(week, people):
    response = _get(None, _feed_url(people["outsider"]))
    calendar = Calendar.from_ical(response.content)
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Ho_Chi_Minh"]
    events = _events(response)
    meeting = events["Họp Ban Thường vụ Tỉnh ủy cho ý kiến dự thảo Đề án chuyển đổi số"]
    start = meeting["DTSTART"]
    assert start.params["TZID"] == "Asia/Ho_Chi_Minh"
    assert start.dt == datetime(2030, 3, 4, 8, 0, tzinfo=HANOI)
    assert meeting["DTEND"].dt == datetime(2030, 3, 4, 11, 0, tzinfo=HANOI)
    assert "Chủ trì: Bí thư Tỉnh ủy Nguyễn Đức Trung" in str(meeting["DESCRIPTION"])
    # Without a time, the evening session's hours.
    reception = events["Tiếp đoàn đại biểu tỉnh Hủa Phăn"]
    assert reception["DTSTART"].dt == datetime(2030, 3, 8, 19, 30, tzinfo=HANOI)
    conference = events["Hội nghị trực tuyến sơ kết công tác xây dựng Đảng quý I"]
    assert str(conference["LOCATION"]) == "Trực tuyến – Hội trường Tỉnh ủy"
    assert all(str(event["STATUS"]) == "CONFIRMED" for event in events.values())
    assert all(int(event["SEQUENCE"]) == 0 for event in events.values())


def test_uids_stay_while_updates_raise_the_sequence_and_cancellations_show(week, people):
    url = _feed_url(people["outsider"])
    before = _events(_get(None, url))
    uids = {summary: str(event["UID"]) for summary, event in before.items()}
    assert len(set(uids.values())) == 3

    def change(page):
        entry_of(page, "Họp Ban Thường vụ").start_time = time(9, 0)
        entry_of(page, "Hội nghị trực tuyến").status = ScheduleEntry.Status.POSTPONED
        page.entries = [e for e in page.entries.all() if not e.content.startswith("Tiếp đoàn")]

    republish(week, change)
    by_uid = {str(event["UID"]): event for event in _events(_get(None, url)).values()}
    assert set(by_uid) == set(uids.values())  # the removed entry is still there, cancelled
    meeting = by_uid[uids["Họp Ban Thường vụ Tỉnh ủy cho ý kiến dự thảo Đề án chuyển đổi số"]]
    assert int(meeting["SEQUENCE"]) == 1
    assert meeting["DTSTART"].dt == datetime(2030, 3, 4, 9, 0, tzinfo=HANOI)
    record = EntryRecord.objects.get(uid=entry_of(week, "Họp Ban Thường vụ").uid)
    assert meeting["LAST-MODIFIED"].dt == record.last_modified.replace(microsecond=0)
    assert record.last_modified > record.first_published_at
    assert str(meeting["STATUS"]) == "CONFIRMED"
    postponed = by_uid[uids["Hội nghị trực tuyến sơ kết công tác xây dựng Đảng quý I"]]
    assert str(postponed["STATUS"]) == "CANCELLED"
    assert str(postponed["SUMMARY"]).startswith("[Hoãn] ")
    assert int(postponed["SEQUENCE"]) == 1
    removed = by_uid[uids["Tiếp đoàn đại biểu tỉnh Hủa Phăn"]]
    assert str(removed["STATUS"]) == "CANCELLED"
    assert int(removed["SEQUENCE"]) == 1


def test_a_users_feed_carries_what_they_chair_attend_or_their_units_do(week, people):
    mine = _events(_get(None, _feed_url(people["secretary_user"], "schedule_my_feed")))
    assert list(mine) == ["Họp Ban Thường vụ Tỉnh ủy cho ý kiến dự thảo Đề án chuyển đổi số"]
    units = _events(_get(None, _feed_url(people["unit_editor"], "schedule_my_feed")))
    assert list(units) == ["Hội nghị trực tuyến sơ kết công tác xây dựng Đảng quý I"]
    assert _events(_get(None, _feed_url(people["outsider"], "schedule_my_feed"))) == {}


def test_a_leaders_feed(week, people):
    url = _feed_url(people["outsider"], "schedule_leader_feed", "hoang-nghia-hieu")
    assert set(_events(_get(None, url))) == {
        "Họp Ban Thường vụ Tỉnh ủy cho ý kiến dự thảo Đề án chuyển đổi số",
        "Tiếp đoàn đại biểu tỉnh Hủa Phăn",
    }
    assert (
        _get(None, _feed_url(people["outsider"], "schedule_leader_feed", "ai-do")).status_code
        == 404
    )


def test_an_entrys_download_has_the_feeds_uid(week, people):
    entry = entry_of(week, "Tiếp đoàn")
    client = logged_in(people["outsider"])
    response = client.get(reverse("schedule_entry_ics", args=[entry.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lich-2030-03-08-toi.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    feed = _events(_get(None, _feed_url(people["outsider"])))
    assert str(event["UID"]) == str(feed["Tiếp đoàn đại biểu tỉnh Hủa Phăn"]["UID"])
    assert str(event["URL"]).endswith(f"{week.url}#muc-{entry.uid}")
    # Anonymous: to the login page; an entry of a week not published: 404.
    assert _get(None, reverse("schedule_entry_ics", args=[entry.pk])).status_code == 302


def test_an_entry_of_a_draft_week_is_nowhere(week, people):
    week.unpublish()
    entry = entry_of(week, "Tiếp đoàn")
    client = logged_in(people["outsider"])
    assert client.get(reverse("schedule_entry_ics", args=[entry.pk])).status_code == 404
    assert _events(_get(None, _feed_url(people["outsider"]))) == {}


def test_token_renewal_refuses_the_old_address(week, people):
    user = people["outsider"]
    old = _feed_url(user)
    assert _get(None, old).status_code == 200
    client = logged_in(user)
    page = client.get(reverse("schedule_my_calendar"))
    assert page.status_code == 200
    assert old in page.content.decode()
    response = client.post(reverse("schedule_my_calendar"), {"action": "renew"})
    assert response.status_code == 302
    assert _get(None, old).status_code == 404
    new = _feed_url(user)
    assert new != old
    assert _get(None, new).status_code == 200
    assert new in client.get(reverse("schedule_my_calendar")).content.decode()


def test_wrong_keys_and_inactive_accounts_get_nothing(week, people):
    user = people["outsider"]
    token = token_for(user)
    wrong = reverse("schedule_whole_feed", args=[user.pk, token.key[:-1] + "x"])
    assert _get(None, wrong).status_code == 404
    other = reverse("schedule_whole_feed", args=[people["unit_editor"].pk, token.key])
    assert _get(None, other).status_code == 404
    assert len(token.key) >= 43  # 256 random bits
    assert renew_token(user).key != token.key
    user.is_active = False
    user.save()
    assert _get(None, _feed_url(user)).status_code == 404


def test_the_calendar_page_needs_a_login_and_saves_the_e_mail_choice(people):
    from django.test import Client

    assert Client().get(reverse("schedule_my_calendar")).status_code == 302
    client = logged_in(people["outsider"])
    client.post(reverse("schedule_my_calendar"), {"action": "notify"})
    assert token_for(people["outsider"]).notify_changes is False
    client.post(reverse("schedule_my_calendar"), {"action": "notify", "notify_changes": "on"})
    assert token_for(people["outsider"]).notify_changes is True


def test_a_week_restricted_to_a_group_stays_out_of_others_calendars(week, people, user_for):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=week, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Ban Thường vụ Tỉnh ủy")])
    entry = entry_of(week, "Tiếp đoàn")
    ics = reverse("schedule_entry_ics", args=[entry.pk])
    for outsider in (people["outsider"], people["secretary_user"]):
        assert _events(_get(None, _feed_url(outsider))) == {}
        assert _events(_get(None, _feed_url(outsider, "schedule_my_feed"))) == {}
        assert logged_in(outsider).get(ics).status_code == 404
    reader = user_for("standing_committee")
    assert len(_events(_get(None, _feed_url(reader)))) == 3
    assert logged_in(reader).get(ics).status_code == 200


def test_feeds_are_read_inline_and_answer_head_but_not_post(week, people):
    from django.test import Client

    url = _feed_url(people["outsider"])
    client = Client(HTTP_HOST="localhost")
    response = client.get(url)
    assert response["Content-Disposition"] == 'inline; filename="lich-cong-tac.ics"'
    assert response["Cache-Control"] == "private, no-store"
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
