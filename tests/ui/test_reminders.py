"""Issue 18: the Office's reminder names the units it cannot reach (no account with an
e-mail), and a double click sends it once."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from announcements.models import Delivery
from announcements.services import reminder_recipients, unreached_units
from regulations.models import PartyDocumentPage

pytestmark = pytest.mark.django_db


def test_the_reminder_names_the_units_without_an_account(client_for):
    page = PartyDocumentPage.objects.live().get(number="2298-CV/TU")
    pending = Delivery.objects.filter(page=page, acknowledged_at__isnull=True).count()
    reached = {unit.pk for _user, unit in reminder_recipients(page)}
    unreached = unreached_units(page)
    assert len(unreached) == pending - len(reached) and unreached
    office = client_for("editor")
    response = office.post(reverse("send_reminder", args=[page.pk]))
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    warning = next(text for text in texts if "không có tài khoản nhận nhắc" in text)
    assert warning.startswith(f"{len(unreached)} đơn vị chưa xác nhận")
    assert unreached[0].name in warning
    if len(unreached) > 5:
        assert f"và {len(unreached) - 5} đơn vị khác." in warning
    sent = len(mail.outbox)
    # A second click: not sent again, and said so.
    again = office.post(reverse("send_reminder", args=[page.pk]))
    texts = [str(message) for message in get_messages(again.wsgi_request)]
    assert any("chưa gửi lại" in text for text in texts)
    assert len(mail.outbox) == sent
