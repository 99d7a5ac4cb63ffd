"""Unique writes made by users stay one row, with no server error, under parallel posts.

Issue 17: twelve emulation registrations posted at once for the same unit and movement
ended in an IntegrityError (3 runs of 3). Each write that users make and that a unique
constraint or a "once" rule guards is posted here from several threads at once (PostgreSQL,
``DATABASE_URL``) and, on every engine, with a competing insert at the moment of the view's
own INSERT (``tests/production/parallel.py``).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from announcements.models import Delivery, Reminder
from emulation.models import EmulationRegistration
from organisation.models import Unit, UnitMembership
from regulations.models import Issuer
from study.models import StudyConfirmation
from tests.emulation.helpers import TRUONG_VINH, publish_announcement, publish_movement
from tests.study.helpers import PLAN_ALL, confirm_url, plan

from .parallel import committed, competing_insert, in_parallel, needs_postgresql

pytestmark = pytest.mark.django_db

FORM = {"titles": ["Cờ thi đua"], "commitments": "Hoàn thành 100% chỉ tiêu nghị quyết."}
PARALLEL = 12


def user(name):
    return get_user_model().objects.get(username=name)


def delete_page(page_id):
    Page.objects.get(pk=page_id).specific.delete()


def register_url(movement):
    return reverse("emulation_register", args=[movement.pk])


# --------------------------------------------------------------------------------------------
# Emulation registration


def test_registration_survives_a_competing_insert(client_for, user_for):
    movement = publish_movement(unit_codes=[TRUONG_VINH])
    unit = Unit.objects.get(code=TRUONG_VINH)
    editor = user_for("unit_editor")
    other = {"movement": movement, "unit": unit, "titles": [], "commitments": "Trước."}
    with competing_insert(EmulationRegistration, registered_by=editor, **other) as fired:
        response = client_for("unit_editor").post(register_url(movement), FORM)
    assert fired and response.status_code == 302
    registration = EmulationRegistration.objects.get(movement=movement, unit=unit)
    assert registration.titles == FORM["titles"]  # the post amended the row that won
    assert registration.commitments == FORM["commitments"]


@needs_postgresql
def test_twelve_parallel_registrations_make_one():
    movement = committed(publish_movement, unit_codes=[TRUONG_VINH])
    try:
        statuses = in_parallel(
            PARALLEL,
            user("bientap.truongvinh"),
            lambda client, i: client.post(register_url(movement), {**FORM, "commitments": f"{i}"}),
        )
        assert statuses == [302] * PARALLEL
        assert EmulationRegistration.objects.filter(movement_id=movement.pk).count() == 1
    finally:
        committed(delete_page, movement.pk)


# --------------------------------------------------------------------------------------------
# Acknowledgement of a delivery (one conditional UPDATE)


def test_acknowledging_twice_keeps_the_first(client_for):
    page = publish_announcement(unit_codes=[TRUONG_VINH])
    delivery = Delivery.objects.get(page=page, unit__code=TRUONG_VINH)
    client = client_for("unit_editor")
    assert client.post(reverse("acknowledge", args=[delivery.pk])).status_code == 302
    first = Delivery.objects.get(pk=delivery.pk).acknowledged_at
    assert client.post(reverse("acknowledge", args=[delivery.pk])).status_code == 302
    assert Delivery.objects.get(pk=delivery.pk).acknowledged_at == first


@needs_postgresql
def test_parallel_acknowledgements_record_one():
    page = committed(publish_announcement, unit_codes=[TRUONG_VINH])
    try:
        delivery = Delivery.objects.get(page_id=page.pk, unit__code=TRUONG_VINH)
        url = reverse("acknowledge", args=[delivery.pk])
        statuses = in_parallel(
            PARALLEL, user("bientap.truongvinh"), lambda client, i: client.post(url)
        )
        assert statuses == [302] * PARALLEL
        delivery.refresh_from_db()
        assert delivery.acknowledged_at is not None
    finally:
        committed(delete_page, page.pk)


# --------------------------------------------------------------------------------------------
# Study confirmation


def test_study_confirmation_survives_a_competing_insert(client_for, user_for):
    study_plan, member = plan(PLAN_ALL), user_for("member")
    first = {"plan": study_plan, "user": member, "reflection": "", "confirmed_at": timezone.now()}
    with competing_insert(StudyConfirmation, **first) as f:
        response = client_for("member").post(confirm_url(study_plan), {"reflection": "Sau."})
    assert f and response.status_code == 302
    confirmations = StudyConfirmation.objects.filter(plan=study_plan, user=member)
    assert [c.reflection for c in confirmations] == ["Sau."]


@needs_postgresql
def test_parallel_study_confirmations_make_one():
    study_plan, member = plan(PLAN_ALL), user("dangvien")
    try:
        statuses = in_parallel(
            PARALLEL,
            member,
            lambda client, i: client.post(confirm_url(study_plan), {"reflection": f"{i}"}),
        )
        assert statuses == [302] * PARALLEL
        assert StudyConfirmation.objects.filter(plan=study_plan, user=member).count() == 1
    finally:
        committed(lambda: StudyConfirmation.objects.filter(plan=study_plan, user=member).delete())


# --------------------------------------------------------------------------------------------
# Reminders: a double click sends once


def test_a_second_reminder_within_minutes_is_not_sent(client_for):
    page = publish_announcement(unit_codes=[TRUONG_VINH])
    office = client_for("editor")
    mail.outbox.clear()
    assert office.post(reverse("send_reminder", args=[page.pk])).status_code == 302
    sent = len(mail.outbox)
    assert sent
    again = office.post(reverse("send_reminder", args=[page.pk]), follow=True)
    assert "chưa gửi lại" in again.content.decode()
    assert len(mail.outbox) == sent
    assert Reminder.objects.filter(page=page).count() == 1


@needs_postgresql
def test_parallel_reminders_send_once():
    page = committed(publish_announcement, unit_codes=[TRUONG_VINH])
    try:
        mail.outbox.clear()
        url = reverse("send_reminder", args=[page.pk])
        statuses = in_parallel(6, user("bientap"), lambda client, i: client.post(url))
        assert statuses == [302] * 6
        assert Reminder.objects.filter(page_id=page.pk).count() == 1
        reminder = Reminder.objects.get(page_id=page.pk)
        assert len(mail.outbox) == reminder.recipient_count
    finally:
        committed(delete_page, page.pk)
        committed(lambda: Reminder.objects.filter(page_id=page.pk).delete())


# --------------------------------------------------------------------------------------------
# Admin: issuers and unit memberships


def issuer_post(client, index=0):
    url = reverse("wagtailsnippets_regulations_issuer:add")
    return client.post(url, {"name": "Ban Tuyên giáo Tỉnh ủy thử", "code": "BTGTU"})


def test_issuer_creation_survives_a_competing_insert(client_for):
    with competing_insert(Issuer, name="Ban Tuyên giáo Tỉnh ủy thử", code="BTGTU") as fired:
        response = issuer_post(client_for("administrator"))
    assert fired and response.status_code == 200  # the form again, with the reason
    assert Issuer.objects.filter(code="BTGTU").count() == 1


@needs_postgresql
def test_parallel_issuer_creation_makes_one():
    try:
        statuses = in_parallel(PARALLEL, user("admin"), issuer_post)
        assert set(statuses) <= {200, 302} and 302 in statuses
        assert Issuer.objects.filter(code="BTGTU").count() == 1
    finally:
        committed(lambda: Issuer.objects.filter(code="BTGTU").delete())


def unit_form_with_new_member(client, unit, member):
    """The unit's edit form as the admin shows it, plus one new membership row."""
    url = reverse("wagtailsnippets_organisation_unit:edit", args=[unit.pk])
    form = client.get(url).context["form"]
    data = {}

    def add(bound_form):
        for field in bound_form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value

    add(form)
    formset = form.formsets["memberships"]
    add(formset.management_form)
    for child in formset.forms:
        add(child)
    index = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = str(index + 1)
    data[f"memberships-{index}-user"] = str(member.pk)
    data[f"memberships-{index}-role"] = "member"
    data[f"memberships-{index}-ORDER"] = str(index + 1)
    return url, data


def test_membership_survives_a_competing_insert(client_for):
    unit, member = Unit.objects.get(code="xa-do-luong"), user("tranthimai")
    admin = client_for("administrator")
    url, data = unit_form_with_new_member(admin, unit, member)
    with competing_insert(UnitMembership, unit=unit, user=member, role="member") as fired:
        response = admin.post(url, data)
    assert fired and response.status_code == 200
    assert "lưu hai lần" in response.content.decode()
    assert UnitMembership.objects.filter(unit=unit, user=member).count() == 1


@needs_postgresql
def test_parallel_membership_additions_make_one():
    unit, member = Unit.objects.get(code="xa-do-luong"), user("tranthimai")
    admin = user("admin")
    try:
        statuses = in_parallel(
            6,
            admin,
            lambda client, i: client.post(*unit_form_with_new_member(client, unit, member)),
        )
        assert set(statuses) <= {200, 302} and 302 in statuses
        assert UnitMembership.objects.filter(unit=unit, user=member).count() == 1
    finally:
        committed(lambda: UnitMembership.objects.filter(unit=unit, user=member).delete())
