"""A week changed after publishing: the entries are marked "điều chỉnh" with what changed,
taken-out entries are listed, and the people concerned are told by e-mail."""

from datetime import time

import pytest
from django.core import mail

from schedule.models import EntryRecord, ScheduleEntry
from schedule.tokens import token_for
from tests.factories import ScheduleEntryFactory, UserFactory, logged_in

from .conftest import MONDAY, entry_of, republish

pytestmark = pytest.mark.django_db


def test_first_publishing_marks_nothing_and_tells_nobody(week):
    records = EntryRecord.objects.filter(week=week)
    assert records.count() == 3
    assert all(record.sequence == 0 and not record.changes for record in records)
    assert not [m for m in mail.outbox if "Điều chỉnh" in m.subject]


def test_a_changed_entry_is_marked_with_what_changed(week, people):
    def move(page):
        meeting = entry_of(page, "Họp Ban Thường vụ")
        meeting.start_time = time(14, 0)
        meeting.end_time = None
        meeting.session = "chieu"
        meeting.place = "Phòng họp số 2, Trụ sở Tỉnh ủy"

    republish(week, move)
    meeting = entry_of(week, "Họp Ban Thường vụ")
    record = EntryRecord.objects.get(week=week, uid=meeting.uid)
    assert record.sequence == 1
    assert {change["field"] for change in record.changes} == {"time", "place"}
    untouched = EntryRecord.objects.get(week=week, uid=entry_of(week, "Tiếp đoàn").uid)
    assert untouched.sequence == 0 and not untouched.changes

    html = logged_in(people["outsider"]).get(week.url).content.decode()
    assert html.count("badge-adjusted") == 1
    assert "Điều chỉnh" in html
    assert "Thời gian: Sáng 04/03/2030 08:00–11:00 → Chiều 04/03/2030 14:00" in html
    assert "Địa điểm: Phòng họp Ban Thường vụ Tỉnh ủy → Phòng họp số 2, Trụ sở Tỉnh ủy" in html


def test_the_same_content_published_again_changes_nothing(week):
    republish(week, lambda page: None)
    assert set(EntryRecord.objects.filter(week=week).values_list("sequence", flat=True)) == {0}


def test_added_and_removed_entries(week, people):
    def change(page):
        page.entries = [
            *[e for e in page.entries.all() if not e.content.startswith("Tiếp đoàn")],
            ScheduleEntryFactory(day=MONDAY, session="toi", content="Gặp mặt cán bộ hưu trí"),
        ]

    republish(week, change)
    added = entry_of(week, "Gặp mặt cán bộ hưu trí")
    record = EntryRecord.objects.get(week=week, uid=added.uid)
    assert [c["field"] for c in record.changes] == ["added"]
    removed = EntryRecord.objects.get(week=week, removed_at__isnull=False)
    assert removed.snapshot["content"] == "Tiếp đoàn đại biểu tỉnh Hủa Phăn"
    assert removed.sequence == 1
    html = logged_in(people["outsider"]).get(week.url).content.decode()
    assert "Bổ sung vào lịch" in html
    assert "<del>Tối 08/03/2030: Tiếp đoàn đại biểu tỉnh Hủa Phăn</del>" in html


def test_the_people_concerned_and_subscribers_are_told(week, people):
    subscriber = UserFactory(email="theodoi@vanphongtinhuy.local")
    token_for(subscriber)  # notify_changes is on by default
    quiet = UserFactory(email="khongnhan@vanphongtinhuy.local")
    token = token_for(quiet)
    token.notify_changes = False
    token.save()
    mail.outbox.clear()

    def reschedule(page):
        entry_of(page, "Hội nghị trực tuyến").start_time = time(15, 0)

    republish(week, reschedule)
    told = {message.to[0]: message for message in mail.outbox}
    # The conference concerns the unit (its editor) and the subscribers; not the secretary.
    assert set(told) == {"bientap.truongthi@vanphongtinhuy.local", "theodoi@vanphongtinhuy.local"}
    body = told["bientap.truongthi@vanphongtinhuy.local"].body
    assert "Hội nghị trực tuyến sơ kết công tác xây dựng Đảng quý I" in body
    assert "Thời gian: Chiều 06/03/2030 14:00 → Chiều 06/03/2030 15:00" in body
    assert week.title in told["theodoi@vanphongtinhuy.local"].subject

    mail.outbox.clear()

    def cancel(page):
        entry_of(page, "Họp Ban Thường vụ").status = ScheduleEntry.Status.CANCELLED

    republish(week, cancel)
    told = {message.to[0] for message in mail.outbox}
    assert told == {"bithu@vanphongtinhuy.local", "theodoi@vanphongtinhuy.local"}
    assert "Tình trạng: – → Hủy" in mail.outbox[0].body


def test_nobody_is_told_of_a_week_they_may_not_see(week, people):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=week, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Ban Thường vụ Tỉnh ủy")])
    mail.outbox.clear()

    def reschedule(page):
        entry_of(page, "Hội nghị trực tuyến").start_time = time(15, 0)

    republish(week, reschedule)
    assert mail.outbox == []
