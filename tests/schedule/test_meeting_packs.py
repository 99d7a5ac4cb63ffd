"""A meeting pack is seen by those invited and the Office, and by nobody else on any
channel: its page, the week's page, the calendars, an entry's download, the search page and
the search API; restricted from the moment it is saved in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Page, PageViewRestriction

from schedule.models import MeetingPackPage
from schedule.tokens import token_for
from search.models import SearchEntry
from tests.factories import GroupFactory, MeetingPackPageFactory, UserFactory, logged_in

from .conftest import entry_of

pytestmark = pytest.mark.django_db

CODE = "HỒNG-LAM-42"
TITLE = f"Tài liệu phiên họp Ban Thường vụ: phương án {CODE}"


@pytest.fixture
def pack(week, people):
    invitee = UserFactory(email="moihop@vanphongtinhuy.local")
    group = GroupFactory(name="Tổ biên tập Đề án chuyển đổi số")
    group_member = UserFactory()
    group_member.groups.add(group)
    pack = MeetingPackPageFactory(
        parent=week,
        entry=entry_of(week, "Họp Ban Thường vụ"),
        title=TITLE,
        slug="tai-lieu-phien-hop",
        intro=f"Tờ trình về phương án {CODE} và dự thảo Đề án chuyển đổi số.",
        invited_users=[invitee],
        invited_groups=[group],
    )
    people.update(invitee=invitee, group_member=group_member)
    return pack


def _readers(people, user_for):
    """Those who may read the pack: the invited person, a member of the invited group, the
    chair of its entry (a leader with an account), an Office editor."""
    return [
        people["invitee"],
        people["group_member"],
        people["secretary_user"],
        user_for("editor"),
    ]


def _outsiders(people, user_for):
    """Members who may not: a plain member, the unit's editor (their unit attends another
    entry), the Standing Committee's reader of secret documents (not invited)."""
    return [people["outsider"], people["unit_editor"], user_for("standing_committee")]


def _feed(user) -> str:
    token = token_for(user)
    client = logged_in(user)
    whole = client.get(reverse("schedule_whole_feed", args=[user.pk, token.key]))
    leader = client.get(
        reverse("schedule_leader_feed", args=[user.pk, token.key, "nguyen-duc-trung"])
    )
    texts = []
    for response in (whole, leader):
        assert response.status_code == 200
        calendar = Calendar.from_ical(response.content)
        texts += [str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT")]
    return "\n".join(texts)


def test_the_pack_is_restricted_to_its_readers(pack, people, user_for):
    restriction = PageViewRestriction.objects.get(page=pack)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    names = set(restriction.groups.values_list("name", flat=True))
    assert {"Tổ biên tập Đề án chuyển đổi số", f"Mời họp – tài liệu số {pack.pk}"} <= names
    assert {"Biên tập viên", "Chánh Văn phòng"} <= names
    assert "Đảng viên" not in names


def test_every_channel_shows_it_to_readers_only(pack, week, people, user_for):
    meeting = entry_of(week, "Họp Ban Thường vụ")
    ics = reverse("schedule_entry_ics", args=[meeting.pk])
    for reader in _readers(people, user_for):
        client = logged_in(reader)
        assert client.get(pack.url).status_code == 200, reader
        assert TITLE in client.get(week.url).content.decode()
        assert pack.full_url in _feed(reader)
        assert pack.full_url in client.get(ics).content.decode().replace("\r\n ", "")
        assert pack.url in client.get("/tim-kiem/", {"q": CODE}).content.decode()
        api = client.get("/api/v1/search/", {"q": CODE}).json()
        assert [result["title"] for result in api["results"]] == [TITLE]
    counts = {}
    for outsider in _outsiders(people, user_for):
        client = logged_in(outsider)
        assert client.get(pack.url).status_code == 404, outsider
        week_html = client.get(week.url).content.decode()
        assert "Họp Ban Thường vụ Tỉnh ủy cho ý kiến" in week_html  # the entry itself
        assert TITLE not in week_html and pack.url not in week_html
        assert pack.slug not in _feed(outsider)
        assert pack.slug not in client.get(ics).content.decode().replace("\r\n ", "")
        for query in (CODE, "phương án hồng lam", "tai lieu phien hop"):
            search_html = client.get("/tim-kiem/", {"q": query}).content.decode()
            assert pack.url not in search_html and "Tài liệu phiên họp" not in search_html
            api = client.get("/api/v1/search/", {"q": query}).json()
            assert TITLE not in str(api)
            counts[(outsider.pk, query)] = (api["count"], api["facets"])
    # The same counts and facets as if the pack had never existed.
    Page.objects.get(pk=pack.pk).delete()  # as the admin deletes: through the base page
    for (user_id, query), before in counts.items():
        client = logged_in(next(u for u in _outsiders(people, user_for) if u.pk == user_id))
        api = client.get("/api/v1/search/", {"q": query}).json()
        assert (api["count"], api["facets"]) == before, query


def test_the_index_keeps_the_packs_groups(pack):
    entry = SearchEntry.objects.get(page_id=pack.pk)
    assert entry.section == "schedule"
    allowed = set(entry.allowed_groups.values_list("name", flat=True))
    assert f"Mời họp – tài liệu số {pack.pk}" in allowed
    assert "Đảng viên" not in allowed


def test_a_new_invitee_gets_in_and_a_removed_one_is_shut_out(pack, people):
    late = UserFactory()
    assert logged_in(late).get(pack.url).status_code == 404
    page = pack.get_latest_revision_as_object()
    page.invited_users = [late]
    page.save_revision().publish()
    assert logged_in(late).get(pack.url).status_code == 200
    assert logged_in(people["invitee"]).get(pack.url).status_code == 404


def test_a_pack_saved_as_a_draft_in_the_admin_is_restricted_at_once(week, people, client_for):
    client = client_for("editor")
    url = f"/admin/pages/add/schedule/meetingpackpage/{week.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "title": "Tài liệu Hội nghị trực tuyến sơ kết quý I",
        "slug": "tai-lieu-hoi-nghi-quy-i",
        "entry": str(entry_of(week, "Hội nghị trực tuyến").pk),
        "intro": "Báo cáo sơ kết",
        "invited_users": [str(people["invitee"].pk)] if "invitee" in people else [],
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    pack = MeetingPackPage.objects.get(slug="tai-lieu-hoi-nghi-quy-i")
    assert not pack.live
    restriction = PageViewRestriction.objects.get(page=pack)
    assert Group.objects.get(name="Biên tập viên") in restriction.groups.all()


def test_deleting_a_pack_removes_its_group(pack):
    name = f"Mời họp – tài liệu số {pack.pk}"
    assert Group.objects.filter(name=name).exists()
    Page.objects.get(pk=pack.pk).delete()  # as the admin deletes: through the base page
    assert not Group.objects.filter(name=name).exists()


def test_the_pack_form_offers_the_entries_of_its_own_week(week, client_for):
    from datetime import timedelta

    from tests.factories import ScheduleEntryFactory, WeekSchedulePageFactory

    from .conftest import MONDAY

    other = WeekSchedulePageFactory(
        week_start=MONDAY + timedelta(days=7),
        entries=[ScheduleEntryFactory(day=MONDAY + timedelta(days=7), content="Họp tuần sau")],
    )
    form = client_for("editor").get(f"/admin/pages/add/schedule/meetingpackpage/{week.pk}/")
    html = form.content.decode()
    assert "Họp Ban Thường vụ Tỉnh ủy cho ý kiến" in html
    assert "Họp tuần sau" not in html
    posted = client_for("editor").post(
        f"/admin/pages/add/schedule/meetingpackpage/{week.pk}/",
        {
            "title": "Tài liệu",
            "slug": "tai-lieu",
            "entry": other.entries.get().pk,
            "body-count": "0",
        },
    )
    assert posted.status_code == 200  # refused: not an entry of this week
    assert not MeetingPackPage.objects.filter(slug="tai-lieu").exists()


def test_the_conclusion_notice_lists_its_tasks_on_the_pack(pack, user_for):
    """After the meeting the Office attaches the conclusion notice; the tasks it assigns are
    followed by the task-tracking app and listed on the pack, as the reader may see them."""
    from tests.factories.tasks import TaskFactory

    task = TaskFactory(
        document__doc_type="TB",
        content="Hoàn thiện dự thảo Đề án chuyển đổi số, trình Ban Thường vụ",
    )
    pack.conclusion = task.document
    pack.save_revision().publish()
    page = logged_in(user_for("editor")).get(pack.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("task_detail", args=[task.pk]) in html and "Hoàn thiện dự thảo" in html
