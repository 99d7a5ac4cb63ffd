"""Who may follow completion: a unit's leaders for their unit, the Office for every unit,
and the export of the tables (checked against the database, not against fixed numbers)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from organisation.models import Unit, UnitMembership
from study.models import StudyConfirmation

from .helpers import (
    PLAN_ALL,
    PLAN_UNITS,
    confirm_url,
    confirmed_ids,
    plan,
    progress_url,
    secret_plan,
    unit_member_ids,
)

pytestmark = pytest.mark.django_db
OFFICE = ["editor", "reviewer", "publisher", "administrator"]
NOT_OFFICE = ["member", "unit_editor", "standing_committee", "lanhdao.truongvinh"]


@pytest.mark.parametrize("role", OFFICE)
def test_the_office_sees_completion_by_unit(role, client_for):
    study_plan = plan(PLAN_ALL)
    response = client_for(role).get(progress_url(study_plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tiến độ học tập theo đơn vị" in html
    assert "Đảng bộ phường Trường Vinh" in html
    assert progress_url(study_plan, "xa-dien-chau") in html  # drill into a unit


@pytest.mark.parametrize("role", NOT_OFFICE)
def test_others_may_not_see_completion_by_unit(role, client_for):
    study_plan = plan(PLAN_ALL)
    assert client_for(role).get(progress_url(study_plan)).status_code == 403
    assert client_for(role).get(progress_url(study_plan) + "?format=xlsx").status_code == 403


def test_anonymous_visitors_see_no_completion():
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    for url in (progress_url(plan(PLAN_ALL)), progress_url(plan(PLAN_ALL), "phuong-truong-vinh")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


def test_a_unit_leader_sees_their_own_unit_with_times_and_reflections(client_for):
    study_plan = plan(PLAN_ALL)
    response = client_for("lanhdao.truongvinh").get(progress_url(study_plan, "phuong-truong-vinh"))
    assert response.status_code == 200
    html = response.content.decode()
    users = get_user_model().objects.filter(pk__in=unit_member_ids("phuong-truong-vinh"))
    for user in users:
        assert user.get_full_name() in html
    confirmed = StudyConfirmation.objects.filter(plan=study_plan, user__in=users).select_related(
        "user"
    )
    assert confirmed.exists()
    for confirmation in confirmed:
        assert confirmation.reflection in html
    expected = f"Đã xác nhận: {confirmed.count()}/{users.count()} đảng viên."
    assert expected in html


def test_the_plan_page_links_a_leader_to_their_unit_only(client_for):
    study_plan = plan(PLAN_ALL)
    html = client_for("lanhdao.truongvinh").get(study_plan.url).content.decode()
    assert progress_url(study_plan, "phuong-truong-vinh") in html
    assert progress_url(study_plan) + '"' not in html  # no Office table link
    member_html = client_for("member").get(study_plan.url).content.decode()
    assert "tien-do/" not in member_html


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        ("lanhdao.truongvinh", "xa-dien-chau", 403),  # a leader of another unit
        ("member", "phuong-truong-vinh", 403),  # a member of the unit, not its leader
        ("unit_editor", "phuong-truong-vinh", 403),  # the unit's editor is not its leader
        ("standing_committee", "phuong-truong-vinh", 403),
        ("editor", "xa-dien-chau", 200),
        ("reviewer", "phuong-truong-vinh", 200),
        ("publisher", "xa-dien-chau", 200),
        ("administrator", "phuong-truong-vinh", 200),
        ("editor", "khong-co-don-vi-nay", 404),
    ],
)
def test_who_may_drill_into_a_unit(role, unit, status, client_for):
    assert client_for(role).get(progress_url(plan(PLAN_ALL), unit)).status_code == status


def test_a_unit_outside_the_audience_has_no_table(client_for):
    study_plan = plan(PLAN_UNITS)
    office = client_for("editor")
    assert office.get(progress_url(study_plan, "phuong-truong-vinh")).status_code == 404
    assert office.get(progress_url(study_plan, "xa-dien-chau")).status_code == 200
    html = office.get(progress_url(study_plan)).content.decode()
    assert "Đảng bộ xã Diễn Châu" in html and "Đảng bộ xã Đức Châu" in html
    assert "Đảng bộ phường Trường Vinh" not in html


def test_a_leader_of_a_unit_outside_the_audience_follows_nothing(client_for):
    study_plan = plan(PLAN_UNITS)
    html = client_for("lanhdao.truongvinh").get(study_plan.url).content.decode()
    assert "tien-do/" not in html


def test_nobody_follows_a_plan_they_may_not_see(client_for):
    secret = secret_plan()
    assert client_for("editor").get(progress_url(secret)).status_code == 404
    assert (
        client_for("lanhdao.truongvinh").get(progress_url(secret, "phuong-truong-vinh")).status_code
        == 404
    )


def _xlsx_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def _expected_unit_row(study_plan, code: str) -> tuple[int, int]:
    members = unit_member_ids(code)
    return len(members), len(members & confirmed_ids(study_plan))


def test_the_office_exports_completion_by_unit_as_excel(client_for):
    study_plan = plan(PLAN_ALL)
    response = client_for("publisher").get(progress_url(study_plan) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = _xlsx_rows(response)
    assert rows[0][:5] == (
        "Đơn vị",
        "Mã đơn vị",
        "Cụm, khối",
        "Số đảng viên phải học",
        "Đã xác nhận",
    )
    by_code = {row[1]: row for row in rows[1:] if row[1]}
    assert set(by_code) == set(Unit.objects.filter(active=True).values_list("code", flat=True))
    for code in ("phuong-truong-vinh", "xa-dien-chau", "xa-duc-chau"):
        members, confirmed = _expected_unit_row(study_plan, code)
        assert by_code[code][3:6] == (members, confirmed, members - confirmed)
    truong_vinh = by_code["phuong-truong-vinh"]
    assert truong_vinh[6] == round(100 * truong_vinh[4] / truong_vinh[3], 1)
    total = rows[-1]
    users = get_user_model().objects.filter(is_active=True)
    assert total[0] == "Tổng cộng"
    assert total[3] == users.count()
    assert total[4] == StudyConfirmation.objects.filter(plan=study_plan).count()


def test_a_confirmation_moves_the_exported_numbers(client_for):
    study_plan = plan(PLAN_ALL)
    office = client_for("editor")
    before = {r[1]: r for r in _xlsx_rows(office.get(progress_url(study_plan) + "?format=xlsx"))}
    client_for("member").post(confirm_url(study_plan), {"reflection": ""})
    after = {r[1]: r for r in _xlsx_rows(office.get(progress_url(study_plan) + "?format=xlsx"))}
    assert after["phuong-truong-vinh"][4] == before["phuong-truong-vinh"][4] + 1
    assert after["xa-dien-chau"][4] == before["xa-dien-chau"][4]


def test_the_office_exports_completion_as_csv(client_for):
    study_plan = plan(PLAN_UNITS)
    response = client_for("reviewer").get(progress_url(study_plan) + "?format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[1] for row in rows[1:-1]] == ["xa-dien-chau", "xa-duc-chau"]
    for row in rows[1:-1]:
        members, confirmed = _expected_unit_row(study_plan, row[1])
        assert (int(row[3]), int(row[4])) == (members, confirmed)


def test_a_leader_exports_their_unit(client_for):
    study_plan = plan(PLAN_ALL)
    response = client_for("lanhdao.truongvinh").get(
        progress_url(study_plan, "phuong-truong-vinh") + "?format=xlsx"
    )
    assert response.status_code == 200
    rows = _xlsx_rows(response)
    assert rows[0] == (
        "Họ và tên",
        "Tài khoản",
        "Vai trò",
        "Đã học tập",
        "Xác nhận lúc",
        "Sau hạn",
        "Thu hoạch",
    )
    by_username = {row[1]: row for row in rows[1:]}
    memberships = UnitMembership.objects.filter(unit__code="phuong-truong-vinh")
    assert set(by_username) == set(memberships.values_list("user__username", flat=True))
    confirmations = {
        c.user.username: c
        for c in StudyConfirmation.objects.filter(plan=study_plan).select_related("user")
    }
    for username, row in by_username.items():
        confirmation = confirmations.get(username)
        assert (row[3] == "x") is (confirmation is not None)
        assert (row[6] or "") == (confirmation.reflection if confirmation else "")
    assert by_username["lanhdao.truongvinh"][4].endswith("09:30")  # local time, dd/mm/yyyy hh:mm


def test_an_unknown_export_format_is_refused_in_vietnamese(client_for):
    for query in ("?format=pdf", "?xuat=pdf"):
        response = client_for("editor").get(progress_url(plan(PLAN_ALL)) + query)
        assert response.status_code == 400
        assert "Định dạng xuất không hợp lệ" in response.content.decode()


def test_the_units_tables_spelling_of_the_format_works_too(client_for):
    office = client_for("editor")
    url = progress_url(plan(PLAN_ALL))
    assert office.get(url + "?xuat=csv").content == office.get(url + "?format=csv").content


def test_members_who_may_not_see_a_secret_plan_are_not_counted(client_for, user_for):
    secret = secret_plan()
    response = client_for("administrator").get(progress_url(secret) + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    total = rows[-1]
    viewers = get_user_model().objects.filter(is_active=True, groups__name="Ban Thường vụ Tỉnh ủy")
    superusers = get_user_model().objects.filter(is_active=True, is_superuser=True)
    assert int(total[3]) == (viewers | superusers).distinct().count()
    assert int(total[3]) < get_user_model().objects.filter(is_active=True).count()
