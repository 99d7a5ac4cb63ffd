"""A secret document's tasks reach only its groups, on every channel: the list, the task's
page, the document's page, the dashboard's counts and charts, the exports, the API, the
home page, the admin and the reminders' e-mails. The units in charge see them only by an
explicit grant, never by default."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from organisation.models import UnitMembership
from tasks.models import Task
from tests.factories import CircularPageFactory, TaskFactory, UserFactory, logged_in

pytestmark = pytest.mark.django_db
D = datetime.date
SECRET_TEXT = "Chuẩn bị phương án nhân sự khóa mới"


@pytest.fixture
def secret(world):
    document = CircularPageFactory(doc_type="KL", number="777-KL/TU", secret=True)
    return TaskFactory(
        document=document, content=SECRET_TEXT, lead_unit=world.unit, deadline=D(2026, 6, 1)
    )


def _channels(client, task):
    """Every place a task can show up, as text."""
    pages = [
        client.get("/nhiem-vu/").content.decode(),
        client.get("/nhiem-vu/?status=overdue").content.decode(),
        client.get("/nhiem-vu/?xuat=csv").content.decode("utf-8-sig"),
        client.get("/api/v1/tasks/").content.decode(),
        client.get("/").content.decode(),
    ]
    return "\n".join(pages)


def test_the_unit_in_charge_does_not_see_a_secret_task_by_default(world, secret, frozen):
    frozen(D(2026, 7, 1))
    for user in (world.unit_editor, world.unit_leader, world.unit_member, world.office):
        client = logged_in(user)
        assert SECRET_TEXT not in _channels(client, secret), user
        assert client.get(f"/nhiem-vu/{secret.pk}/").status_code == 404
        assert client.get(f"/nhiem-vu/{secret.pk}/bao-cao/{world.unit.code}/").status_code == 404
        body = client.get("/api/v1/tasks/").json()
        assert secret.pk not in [item["id"] for item in body["results"]]


def test_the_documents_group_sees_it(world, secret, frozen):
    frozen(D(2026, 7, 1))
    client = logged_in(world.standing)
    assert SECRET_TEXT in client.get("/nhiem-vu/").content.decode()
    assert client.get(f"/nhiem-vu/{secret.pk}/").status_code == 200
    body = client.get("/api/v1/tasks/", {"status": "overdue"}).json()
    assert secret.pk in [item["id"] for item in body["results"]]


def test_counts_and_charts_of_others_leave_it_out(world, secret, frozen):
    """The Office editor outside the group counts one overdue task (the public one), the
    Standing Committee member two; the SVG chart's numbers follow."""
    frozen(D(2026, 7, 1))
    office = logged_in(world.office).get("/nhiem-vu/tong-hop/")
    standing = logged_in(world.standing).get("/nhiem-vu/tong-hop/")
    assert office.status_code == standing.status_code == 200
    assert office.context["overdue_count"] == 1 and standing.context["overdue_count"] == 2
    assert office.context["total"] == 1 and standing.context["total"] == 2
    office_svg = str(office.context["status_chart"])
    assert '<text x="' in office_svg and SECRET_TEXT not in office.content.decode()
    assert "777-KL/TU" not in office.content.decode()
    assert "777-KL/TU" in standing.content.decode()
    api = logged_in(world.office).get("/api/v1/tasks/").json()
    assert api["count"] == 1 and api["counts"]["overdue"] == 1


def test_exports_leave_it_out(world, secret, frozen):
    frozen(D(2026, 7, 1))
    rows = list(
        csv.reader(
            io.StringIO(
                logged_in(world.office).get("/nhiem-vu/?xuat=csv").content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 2 and SECRET_TEXT not in str(rows)
    xlsx = logged_in(world.office).get("/nhiem-vu/?xuat=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 2
    assert SECRET_TEXT not in str([cell.value for row in sheet.iter_rows() for cell in row])


def test_admin_listing_and_edit_leave_it_out(world, secret):
    office = logged_in(world.office)
    listing = office.get("/admin/snippets/tasks/task/").content.decode()
    assert world.task.content[:30] in listing
    assert SECRET_TEXT not in listing
    assert office.get(f"/admin/snippets/tasks/task/edit/{secret.pk}/").status_code == 404


def test_an_explicit_grant_opens_it_to_the_units_editors_and_leaders_only(world, secret, frozen):
    frozen(D(2026, 7, 1))
    secret.secret_granted_units.set([world.unit])
    assert logged_in(world.unit_leader).get(f"/nhiem-vu/{secret.pk}/").status_code == 200
    assert logged_in(world.unit_editor).get(f"/nhiem-vu/{secret.pk}/").status_code == 200
    assert logged_in(world.unit_member).get(f"/nhiem-vu/{secret.pk}/").status_code == 404
    assert logged_in(world.support_editor).get(f"/nhiem-vu/{secret.pk}/").status_code == 404
    # the grant opens the task, not the document
    assert logged_in(world.unit_leader).get(secret.document.url).status_code == 404


def test_reminders_do_not_mail_it_to_people_outside_the_rule(world, secret, frozen, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    frozen(D(2026, 6, 2))  # both tasks: the secret one a day overdue
    Task.objects.filter(pk=world.task.pk).update(deadline=D(2026, 6, 1))
    call_command("send_task_reminders", "--no-progress", stdout=io.StringIO())
    bodies = [message.body for message in mail.outbox]
    assert bodies, "the public task's reminder was sent"
    assert not any("777-KL/TU" in body or SECRET_TEXT in body for body in bodies)
    secret.secret_granted_units.set([world.unit])
    secret.reminders.all().delete()
    mail.outbox.clear()
    call_command("send_task_reminders", "--no-progress", stdout=io.StringIO())
    granted = {message.to[0] for message in mail.outbox if SECRET_TEXT in message.body}
    assert granted == {world.unit_editor.email, world.unit_leader.email}


def test_a_plain_member_sees_nothing_unless_the_office_opens_the_task(world, frozen):
    frozen(D(2026, 5, 1))
    member = logged_in(world.unit_member)
    assert member.get(f"/nhiem-vu/{world.task.pk}/").status_code == 404
    assert member.get("/api/v1/tasks/").json()["count"] == 0
    assert member.get("/nhiem-vu/tong-hop/").status_code == 403
    Task.objects.filter(pk=world.task.pk).update(open_to_members=True)
    assert member.get(f"/nhiem-vu/{world.task.pk}/").status_code == 200
    # open to members: of its units only
    stranger = UserFactory(unit=world.other_unit, unit__role=UnitMembership.Role.MEMBER)
    assert logged_in(stranger).get(f"/nhiem-vu/{world.task.pk}/").status_code == 404


def test_the_units_leader_opens_the_task_to_its_members(world):
    member = logged_in(world.unit_member)
    assert member.get(f"/nhiem-vu/{world.task.pk}/").status_code == 404
    logged_in(world.unit_editor).post(f"/nhiem-vu/{world.task.pk}/mo-cho-dang-vien/", {"open": "1"})
    assert member.get(f"/nhiem-vu/{world.task.pk}/").status_code == 404  # an editor may not
    logged_in(world.unit_leader).post(f"/nhiem-vu/{world.task.pk}/mo-cho-dang-vien/", {"open": "1"})
    assert member.get(f"/nhiem-vu/{world.task.pk}/").status_code == 200
    logged_in(world.office).post(f"/nhiem-vu/{world.task.pk}/mo-cho-dang-vien/", {"open": "0"})
    assert member.get(f"/nhiem-vu/{world.task.pk}/").status_code == 404


def test_the_document_page_lists_its_tasks_to_those_who_see_them(world):
    url = world.task.document.url
    editor_page = logged_in(world.unit_editor).get(url).content.decode()
    assert "Nhiệm vụ giao" in editor_page and f"/nhiem-vu/{world.task.pk}/" in editor_page
    member_page = logged_in(world.unit_member).get(url).content.decode()
    assert "Nhiệm vụ giao" not in member_page
    assert f"/nhiem-vu/{world.task.pk}/" not in member_page
