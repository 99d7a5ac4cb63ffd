"""The home page's lists are cached per visibility (groups), never shared across it."""

import datetime

import pytest
from django.core.cache import cache

from operations.freshness import visibility_key
from regulations.models import PartyDocumentPage
from tests.emulation.helpers import publish_announcement

pytestmark = pytest.mark.django_db

SECRET = "105-KL/TU"  # readable only by Ban Thường vụ Tỉnh ủy


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_same_groups_share_the_key_other_groups_do_not(user_for):
    member, unit_editor = user_for("member"), user_for("unit_editor")
    committee = user_for("standing_committee")
    assert visibility_key(member) != visibility_key(committee)
    assert visibility_key(member) != visibility_key(unit_editor)  # an extra group
    assert visibility_key(member) == visibility_key(user_for("nguyenvanbinh"))


def test_a_cached_secret_document_never_reaches_another_group(client_for):
    secret = PartyDocumentPage.objects.get(number=SECRET)
    PartyDocumentPage.objects.filter(pk=secret.pk).update(issued_on="2030-01-01")  # newest
    assert SECRET in client_for("standing_committee").get("/").content.decode()
    assert SECRET not in client_for("member").get("/").content.decode()
    assert SECRET in client_for("standing_committee").get("/").content.decode()


def test_a_new_document_shows_at_once(client_for, django_capture_on_commit_callbacks):
    client = client_for("member")
    client.get("/")  # fills the cache
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        page = publish_announcement(title="Thông báo mới nhất về chuyển đổi số")
        page.issued_on = datetime.date(2030, 1, 2)  # the newest of all
        page.save_revision().publish()
    assert "Thông báo mới nhất về chuyển đổi số" in client.get("/").content.decode()
