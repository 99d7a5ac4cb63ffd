"""Emulation movements: registration before and after the deadline, the Office's table."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from emulation.models import EmulationRegistration

from .helpers import DIEN_CHAU, TRUONG_VINH, publish_movement

pytestmark = pytest.mark.django_db

FORM = {"titles": ["Cờ thi đua"], "commitments": "Hoàn thành 100% chỉ tiêu nghị quyết."}


def register_url(movement, unit_code=None):
    url = reverse("emulation_register", args=[movement.pk])
    return f"{url}?don_vi={unit_code}" if unit_code else url


def test_unit_registers_before_the_deadline_and_amends(client_for, user_for):
    movement = publish_movement(unit_codes=[TRUONG_VINH, DIEN_CHAU])
    client = client_for("unit_editor")
    form = client.get(register_url(movement))
    assert form.status_code == 200 and "Cờ thi đua" in form.content.decode()
    response = client.post(register_url(movement), {**FORM, "don_vi": TRUONG_VINH})
    assert response.status_code == 302
    registration = EmulationRegistration.objects.get(movement=movement, unit__code=TRUONG_VINH)
    assert registration.titles == ["Cờ thi đua"]
    assert registration.registered_by == user_for("unit_editor")

    amended = {
        "titles": ["Cờ thi đua", "Giấy khen"],
        "commitments": "Cam kết mới.",
        "don_vi": TRUONG_VINH,
    }
    client.post(register_url(movement), amended)
    registration.refresh_from_db()
    assert registration.titles == ["Cờ thi đua", "Giấy khen"]
    assert registration.commitments == "Cam kết mới."
    assert EmulationRegistration.objects.filter(movement=movement).count() == 1
    page = client.get(movement.url).content.decode()
    assert "Đã đăng ký" in page and "Sửa đăng ký" in page


def test_registration_on_the_deadline_day_is_accepted(client_for):
    movement = publish_movement(unit_codes=[TRUONG_VINH], deadline=timezone.localdate())
    response = client_for("unit_editor").post(register_url(movement), FORM)
    assert response.status_code == 302
    assert EmulationRegistration.objects.filter(movement=movement).exists()


def test_registration_after_the_deadline_is_refused_with_a_clear_message(client_for):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    movement = publish_movement(unit_codes=[TRUONG_VINH], deadline=yesterday)
    client = client_for("unit_editor")
    response = client.post(register_url(movement), FORM)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Đã hết hạn đăng ký thi đua" in html and yesterday.strftime("%d/%m/%Y") in html
    assert not EmulationRegistration.objects.filter(movement=movement).exists()
    assert "Đã hết hạn đăng ký" in client.get(movement.url).content.decode()


def test_amending_after_the_deadline_is_refused_and_keeps_the_registration(client_for):
    movement = publish_movement(unit_codes=[TRUONG_VINH])
    client = client_for("unit_editor")
    client.post(register_url(movement), FORM)
    movement.registration_deadline = timezone.localdate() - datetime.timedelta(days=1)
    movement.save_revision().publish()
    response = client.post(
        register_url(movement), {"titles": ["Giấy khen"], "commitments": "Khác."}
    )
    assert response.status_code == 403
    registration = EmulationRegistration.objects.get(movement=movement)
    assert registration.titles == ["Cờ thi đua"]


def test_invalid_registration_shows_vietnamese_errors(client_for):
    movement = publish_movement(unit_codes=[TRUONG_VINH])
    response = client_for("unit_editor").post(
        register_url(movement), {"titles": ["Danh hiệu không có"], "commitments": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ghi nội dung cam kết của đơn vị." in html
    assert "không nằm trong" in html or "hợp lệ" in html
    assert not EmulationRegistration.objects.filter(movement=movement).exists()


def test_unit_editor_cannot_register_for_another_unit(client_for):
    movement = publish_movement(unit_codes=[TRUONG_VINH, DIEN_CHAU])
    response = client_for("unit_editor").post(register_url(movement), {**FORM, "don_vi": DIEN_CHAU})
    assert response.status_code == 403
    assert not EmulationRegistration.objects.filter(movement=movement).exists()


def test_unit_outside_the_movement_cannot_register(client_for):
    movement = publish_movement(unit_codes=[DIEN_CHAU])
    response = client_for("unit_editor").post(register_url(movement), FORM)
    assert response.status_code == 403
    assert not EmulationRegistration.objects.filter(movement=movement).exists()


@pytest.mark.parametrize("role", ["member", "editor", "publisher", "standing_committee"])
def test_people_who_do_not_act_for_a_unit_cannot_register(client_for, role):
    movement = publish_movement(all_units=True)
    assert client_for(role).post(register_url(movement, TRUONG_VINH), FORM).status_code == 403
    assert not EmulationRegistration.objects.filter(movement=movement).exists()


def _register_two_units(client_for, movement):
    client_for("unit_editor").post(register_url(movement), FORM)
    client_for("bientap.dienchau").post(
        register_url(movement),
        {"titles": ["Giấy khen"], "commitments": "Xây dựng nông thôn mới.", "don_vi": DIEN_CHAU},
    )


def test_office_sees_registrations_by_cluster_and_exports_them(client_for):
    movement = publish_movement(all_units=True)
    _register_two_units(client_for, movement)
    office = client_for("reviewer")
    response = office.get(reverse("emulation_registrations", args=[movement.pk]))
    assert response.status_code == 200
    groups = {group.cluster: group for group in response.context["groups"]}
    assert groups["Cụm thi đua số 1 – các phường"].registered == 1
    assert groups["Cụm thi đua số 2 – các xã đồng bằng"].registered == 1
    assert response.context["registered"] == 2

    xlsx = office.get(reverse("emulation_registrations", args=[movement.pk]), {"xuat": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Cụm, khối thi đua"
    registered = {row[1]: row for row in rows[1:] if row[3] == "Đã đăng ký"}
    assert set(registered) == {TRUONG_VINH, DIEN_CHAU}
    assert registered[DIEN_CHAU][4] == "Giấy khen"
    assert registered[TRUONG_VINH][6] == "Đặng Thu Trang"
    assert len(rows) - 1 == response.context["total"]

    text = office.get(reverse("emulation_registrations", args=[movement.pk]), {"xuat": "csv"})
    table = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert len(table) - 1 == response.context["total"]

    bad = office.get(reverse("emulation_registrations", args=[movement.pk]), {"format": "ods"})
    assert bad.status_code == 400 and "Định dạng xuất không hợp lệ" in bad.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("unit_editor", 403), ("editor", 200)]
)
def test_registrations_table_is_for_the_office(client_for, role, status):
    movement = publish_movement(unit_codes=[TRUONG_VINH])
    response = client_for(role).get(reverse("emulation_registrations", args=[movement.pk]))
    assert response.status_code == status


def test_results_are_published_on_the_movement_page(client_for):
    from emulation.models import EmulationRanking
    from organisation.models import Unit

    movement = publish_movement(unit_codes=[TRUONG_VINH, DIEN_CHAU])
    EmulationRanking.objects.create(
        movement=movement,
        unit=Unit.objects.get(code=DIEN_CHAU),
        rank=1,
        score=95,
        award="Cờ thi đua",
    )
    html = client_for("member").get(movement.url).content.decode()
    assert "Bảng xếp hạng" in html and "Đảng bộ xã Diễn Châu" in html and "Cờ thi đua" in html


def test_secret_result_decision_is_not_shown_to_members(client_for):
    from regulations.models import PartyDocumentPage

    movement = publish_movement(unit_codes=[TRUONG_VINH])
    secret = PartyDocumentPage.objects.get(number="105-KL/TU")
    movement.result_decision = secret
    movement.save_revision().publish()
    assert secret.number not in client_for("member").get(movement.url).content.decode()
    assert secret.number in client_for("standing_committee").get(movement.url).content.decode()


def test_dashboard_lists_movements_to_register_and_deadlines(client_for):
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    movement = publish_movement(unit_codes=[TRUONG_VINH], deadline=deadline)
    html = client_for("unit_editor").get("/").content.decode()
    assert movement.title in html and deadline.strftime("%d/%m/%Y") in html
    assert "Phong trào chưa đăng ký thi đua" in html
    other = client_for("bientap.dienchau").get("/").content.decode()
    assert movement.title not in other
