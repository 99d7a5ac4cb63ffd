"""Units are managed in the admin by administrators; memberships set the unit editor rights."""

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from organisation.models import Unit, UnitMembership, UnitPage
from organisation.roles import unit_editor_group_name

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/organisation/unit/"
ADD_URL = "/admin/snippets/organisation/unit/add/"


def unit_form(user=None, role="editor"):
    members = [{"user": user.pk, "role": role}] if user else []
    return nested_form_data(
        {
            "code": "xa-nghi-xuan",
            "name": "Đảng bộ xã Nghi Xuân",
            "kind": "commune",
            "cluster": "Cụm thi đua số 2 – các xã đồng bằng",
            "active": "on",
            "memberships": inline_formset(members),
        }
    )


def test_administrator_lists_and_adds_a_unit_with_its_editor(client_for, user_for):
    client = client_for("administrator")
    listing = client.get(LIST_URL, {"q": "Trường Vinh"})
    assert listing.status_code == 200
    assert "Đảng bộ phường Trường Vinh" in listing.content.decode()

    member = user_for("member")
    response = client.post(ADD_URL, unit_form(member))
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="xa-nghi-xuan")
    assert UnitPage.objects.filter(unit=unit).exists()  # its page, for its news
    group = Group.objects.get(name=unit_editor_group_name(unit.code))
    assert member.groups.filter(pk=group.pk).exists()

    UnitMembership.objects.filter(unit=unit, user=member).update(role="member")
    UnitMembership.objects.get(unit=unit, user=member).save()
    assert not member.groups.filter(pk=group.pk).exists()


@pytest.mark.parametrize("role", ["member", "unit_editor", "editor", "publisher"])
def test_only_administrators_manage_units(client_for, role):
    client = client_for(role)
    assert client.get(ADD_URL).status_code in (302, 403)
    client.post(ADD_URL, unit_form())
    assert not Unit.objects.filter(code="xa-nghi-xuan").exists()
