"""Acknowledgements, registrations and study confirmations renew the activity generation only:
what shows them changes at once, the cached lists of pages and the routes stay (issue 20)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.freshness import (
    activity_generation,
    content_visibility_key,
    etag_for,
    generation,
    visibility_key,
)
from tests.emulation.helpers import TRUONG_VINH, publish_announcement
from tests.production.test_fragment_cache import unit_panel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _generations():
    return generation(), activity_generation()


def test_an_acknowledgement_renews_the_activity_generation_only(
    client_for, user_for, django_capture_on_commit_callbacks
):
    from announcements.models import Delivery

    with django_capture_on_commit_callbacks(execute=True):
        page = publish_announcement(unit_codes=[TRUONG_VINH], title="Thông báo cần xác nhận A1")
    member = user_for("member")
    content, activity = _generations()
    content_key, key = content_visibility_key(member), visibility_key(member)
    delivery = Delivery.objects.get(page=page, unit__code=TRUONG_VINH)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("unit_editor").post(reverse("acknowledge", args=[delivery.pk]))
    assert response.status_code == 302
    assert generation() == content  # the library, the lists, the menu and routes stay
    assert activity_generation() != activity
    assert content_visibility_key(member) == content_key
    assert visibility_key(member) != key  # the unit's panels, the Office's follow-up


def test_registration_and_study_confirmation_keep_the_content_generation(
    client_for, django_capture_on_commit_callbacks
):
    from emulation.models import EmulationMovementPage, EmulationRegistration
    from study.models import StudyConfirmation, StudyPlanPage

    movement = EmulationMovementPage.objects.live().order_by("pk").first()
    plan = StudyPlanPage.objects.live().filter(audience_all=True).first()
    editor = client_for("unit_editor")
    content, activity = _generations()
    with django_capture_on_commit_callbacks(execute=True):
        registered = editor.post(
            reverse("emulation_register", args=[movement.pk]),
            {"titles": [movement.titles[0]], "commitments": "Cam kết hoàn thành chỉ tiêu."},
        )
    assert registered.status_code == 302
    assert EmulationRegistration.objects.filter(movement=movement, unit__code=TRUONG_VINH).exists()
    assert generation() == content
    after_registration = activity_generation()
    assert after_registration != activity
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = editor.post(plan.url + "xac-nhan/", {"reflection": "Thu hoạch."})
    assert confirmed.status_code == 302
    assert StudyConfirmation.objects.filter(plan=plan, user__username="bientap.truongvinh").exists()
    assert generation() == content
    assert activity_generation() != after_registration


def test_a_publish_renews_what_shows_pages_and_what_shows_activity(
    user_for, django_capture_on_commit_callbacks
):
    member = user_for("member")
    content_key, key = content_visibility_key(member), visibility_key(member)
    with django_capture_on_commit_callbacks(execute=True):
        publish_announcement(title="Thông báo mới A2")
    assert content_visibility_key(member) != content_key
    assert visibility_key(member) != key


def test_the_etag_changes_with_either_generation(rf, user_for):
    from core.freshness import activity_changed, content_changed

    request = rf.get("/")
    request.user = user_for("member")
    request.session = {}
    first = etag_for(request)
    activity_changed()  # outside a transaction: at once
    second = etag_for(request)
    content_changed()
    assert len({first, second, etag_for(request)}) == 3


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_unit_panel_follows_an_acknowledgement_while_the_library_stays_cached(
    client_for, django_capture_on_commit_callbacks
):
    from announcements.models import Delivery
    from tests.regulations.library_helpers import LIBRARY_URL

    with django_capture_on_commit_callbacks(execute=True):
        page = publish_announcement(unit_codes=[TRUONG_VINH], title="Thông báo cần xác nhận A3")
    member = client_for("member")
    before = unit_panel(member)  # fills every fragment of the home page
    assert page.title in before
    cold = _queries(member, LIBRARY_URL)
    warm = _queries(member, LIBRARY_URL)
    assert warm < cold
    delivery = Delivery.objects.get(page=page, unit__code=TRUONG_VINH)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("unit_editor").post(reverse("acknowledge", args=[delivery.pk]))
    assert unit_panel(member) != before  # not the cached panel: the acknowledgement shows
    assert _queries(member, LIBRARY_URL) == warm  # the listing and facets still cached
