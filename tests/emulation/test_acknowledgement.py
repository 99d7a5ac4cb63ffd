"""Announcements addressed to units: inbox, acknowledgement, the Office's table, reminders."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from announcements.models import Delivery, Reminder
from announcements.services import sync_deliveries
from organisation.models import Unit

from .helpers import DIEN_CHAU, TRUONG_VINH, publish_announcement

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcement():
    return publish_announcement(unit_codes=[TRUONG_VINH, DIEN_CHAU, "xa-do-luong"])


def delivery(page, code) -> Delivery:
    return Delivery.objects.get(page=page, unit__code=code)


def test_publishing_delivers_to_exactly_the_addressed_units(announcement):
    codes = set(Delivery.objects.filter(page=announcement).values_list("unit__code", flat=True))
    assert codes == {TRUONG_VINH, DIEN_CHAU, "xa-do-luong"}


def test_cluster_and_all_units_addressing():
    cluster = Unit.objects.get(code=TRUONG_VINH).cluster
    by_cluster = publish_announcement(clusters=[cluster])
    expected = set(Unit.objects.filter(cluster=cluster, active=True).values_list("pk", flat=True))
    assert set(Delivery.objects.filter(page=by_cluster).values_list("unit_id", flat=True)) == (
        expected
    )
    everyone = publish_announcement(all_units=True)
    assert (
        Delivery.objects.filter(page=everyone).count() == Unit.objects.filter(active=True).count()
    )


def test_inactive_units_receive_nothing():
    Unit.objects.filter(code="xa-do-luong").update(active=False)
    page = publish_announcement(all_units=True)
    assert not Delivery.objects.filter(page=page, unit__code="xa-do-luong").exists()


def test_readdressing_keeps_acknowledgements_and_drops_removed_units(announcement, user_for):
    target = delivery(announcement, TRUONG_VINH)
    target.acknowledged_by = user_for("unit_editor")
    target.acknowledged_at = target.delivered_at
    target.save()
    announcement.recipient_units.set(Unit.objects.filter(code__in=[TRUONG_VINH, DIEN_CHAU]))
    announcement.save_revision().publish()
    assert delivery(announcement, TRUONG_VINH).is_acknowledged
    assert not Delivery.objects.filter(page=announcement, unit__code="xa-do-luong").exists()
    assert sync_deliveries(announcement) == (0, 0)  # idempotent


def test_unit_sees_new_announcement_then_acknowledges(client_for, announcement, user_for):
    client = client_for("unit_editor")
    page = client.get(reverse("my_unit"))
    assert page.status_code == 200
    html = page.content.decode()
    assert announcement.title in html and "Mới" in html
    home = client.get("/").content.decode()
    assert announcement.title in home  # the home page lists what awaits acknowledgement

    response = client.post(reverse("acknowledge", args=[delivery(announcement, TRUONG_VINH).pk]))
    assert response.status_code == 302
    acknowledged = delivery(announcement, TRUONG_VINH)
    assert acknowledged.acknowledged_by == user_for("unit_editor")
    assert acknowledged.acknowledged_at is not None
    # Acknowledging again changes nothing (same person, same time).
    client.post(reverse("acknowledge", args=[acknowledged.pk]))
    assert delivery(announcement, TRUONG_VINH).acknowledged_at == acknowledged.acknowledged_at


def test_two_units_acknowledge_and_the_office_sees_who_and_when(client_for, announcement):
    client_for("unit_editor").post(
        reverse("acknowledge", args=[delivery(announcement, TRUONG_VINH).pk])
    )
    client_for("bientap.dienchau").post(
        reverse("acknowledge", args=[delivery(announcement, DIEN_CHAU).pk])
    )
    office = client_for("editor")
    response = office.get(reverse("delivery_status", args=[announcement.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2/3 đơn vị đã xác nhận" in html
    assert "Đặng Thu Trang" in html and "Võ Đức Thắng" in html  # who acknowledged
    pending = office.get(reverse("delivery_status", args=[announcement.pk]), {"trang_thai": "chua"})
    rows = pending.context["rows"]
    assert [d.unit.code for d in rows] == ["xa-do-luong"]
    overview = office.get(reverse("delivery_overview")).content.decode()
    assert announcement.title in overview and "2/3" in overview


def test_exports_open_in_excel_with_the_right_rows(client_for, announcement):
    client_for("unit_editor").post(
        reverse("acknowledge", args=[delivery(announcement, TRUONG_VINH).pk])
    )
    office = client_for("publisher")
    response = office.get(reverse("delivery_status", args=[announcement.pk]), {"xuat": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Cụm, khối thi đua", "Mã đơn vị", "Đơn vị", "Tình trạng")
    by_code = {row[1]: row for row in rows[1:]}
    assert set(by_code) == {TRUONG_VINH, DIEN_CHAU, "xa-do-luong"}
    assert by_code[TRUONG_VINH][3] == "Đã xác nhận" and by_code[TRUONG_VINH][4] == "Đặng Thu Trang"
    assert by_code[DIEN_CHAU][3] == "Chưa xác nhận" and not by_code[DIEN_CHAU][5]

    response = office.get(reverse("delivery_status", args=[announcement.pk]), {"xuat": "csv"})
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 4 and {row[1] for row in table[1:]} == set(by_code)

    # ?format= is the study tables' spelling: every table answers both
    same = office.get(reverse("delivery_status", args=[announcement.pk]), {"format": "csv"})
    assert same.content.decode("utf-8-sig") == text

    bad = office.get(reverse("delivery_status", args=[announcement.pk]), {"xuat": "pdf"})
    assert bad.status_code == 400
    assert "Định dạng xuất không hợp lệ" in bad.content.decode()


def test_reminder_goes_to_units_that_have_not_acknowledged(client_for, announcement):
    client_for("unit_editor").post(
        reverse("acknowledge", args=[delivery(announcement, TRUONG_VINH).pk])
    )
    mail.outbox.clear()
    response = client_for("editor").post(reverse("send_reminder", args=[announcement.pk]))
    assert response.status_code == 302
    recipients = {address for message in mail.outbox for address in message.to}
    assert "bientap.dienchau@vanphongtinhuy.local" in recipients
    assert "bientap.truongvinh@vanphongtinhuy.local" not in recipients
    assert all(announcement.title in message.subject for message in mail.outbox)
    reminder = Reminder.objects.get(page=announcement)
    assert reminder.unit_count == 1 and reminder.recipient_count == len(recipients)


def test_unit_editor_cannot_acknowledge_for_another_unit(client_for, announcement):
    other = delivery(announcement, DIEN_CHAU)
    response = client_for("unit_editor").post(reverse("acknowledge", args=[other.pk]))
    assert response.status_code == 403
    assert not delivery(announcement, DIEN_CHAU).is_acknowledged


@pytest.mark.parametrize("role", ["member", "standing_committee", "editor", "administrator"])
def test_only_unit_editors_and_leaders_acknowledge(client_for, announcement, role):
    response = client_for(role).post(
        reverse("acknowledge", args=[delivery(announcement, TRUONG_VINH).pk])
    )
    assert response.status_code == 403
    assert not delivery(announcement, TRUONG_VINH).is_acknowledged


def test_acknowledge_needs_post(client_for, announcement):
    response = client_for("unit_editor").get(
        reverse("acknowledge", args=[delivery(announcement, TRUONG_VINH).pk])
    )
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 403),
        ("unit_editor", 403),
        ("standing_committee", 403),
        ("editor", 200),
        ("reviewer", 200),
        ("publisher", 200),
        ("administrator", 200),
    ],
)
def test_status_table_is_for_the_office(client_for, announcement, role, status):
    assert (
        client_for(role).get(reverse("delivery_status", args=[announcement.pk])).status_code
        == status
    )
    assert client_for(role).get(reverse("delivery_overview")).status_code == status


def test_anonymous_gets_the_login_page(client_for, announcement):
    for url in (reverse("my_unit"), reverse("delivery_status", args=[announcement.pk])):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_secret_announcement_reaches_nobody_outside_its_groups(client_for):
    secret = publish_announcement(
        unit_codes=[TRUONG_VINH], secret=True, title="Thông báo mật về nhân sự"
    )
    assert Delivery.objects.filter(page=secret).exists()
    unit_editor = client_for("unit_editor")
    assert secret.title not in unit_editor.get(reverse("my_unit")).content.decode()
    assert secret.title not in unit_editor.get("/").content.decode()
    response = unit_editor.post(reverse("acknowledge", args=[delivery(secret, TRUONG_VINH).pk]))
    assert response.status_code == 404
    office = client_for("editor")  # not in the document's group
    assert office.get(reverse("delivery_status", args=[secret.pk])).status_code == 404
    assert secret.title not in office.get(reverse("delivery_overview")).content.decode()
    assert client_for("standing_committee").get(secret.url).status_code == 200
    mail.outbox.clear()
    client_for("administrator").post(reverse("send_reminder", args=[secret.pk]))
    assert not any("bientap.truongvinh" in address for m in mail.outbox for address in m.to)


def test_unpublished_announcement_leaves_the_inbox(client_for, announcement):
    announcement.unpublish()
    assert (
        announcement.title not in client_for("unit_editor").get(reverse("my_unit")).content.decode()
    )


def test_member_of_a_unit_sees_the_inbox_without_acknowledge_button(client_for, announcement):
    html = client_for("member").get(reverse("my_unit")).content.decode()
    assert announcement.title in html
    assert "Xác nhận đã nhận" not in html


def test_document_page_offers_the_unit_its_acknowledgement(client_for, announcement):
    html = client_for("unit_editor").get(announcement.url).content.decode()
    assert reverse("acknowledge", args=[delivery(announcement, TRUONG_VINH).pk]) in html
    assert reverse("delivery_status", args=[announcement.pk]) not in html
    office_html = client_for("editor").get(announcement.url).content.decode()
    assert reverse("delivery_status", args=[announcement.pk]) in office_html


def test_unit_page_queries_do_not_grow_with_the_deliveries(
    client_for, django_assert_max_num_queries
):
    client = client_for("unit_editor")
    publish_announcement(unit_codes=[TRUONG_VINH])
    client.get(reverse("my_unit"))  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("my_unit"))
    limit = len(few.captured_queries)  # before the next request resets the query log
    for _ in range(5):
        publish_announcement(unit_codes=[TRUONG_VINH])
    client.get(reverse("my_unit"))  # warm again: the writes renewed the content generation
    with django_assert_max_num_queries(limit):
        client.get(reverse("my_unit"))
