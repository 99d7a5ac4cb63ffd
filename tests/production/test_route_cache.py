"""Routes remembered per content generation (home.routing): same answers as Wagtail's walk."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.routing import routes_are_standard
from regulations.models import PartyDocumentPage

pytestmark = pytest.mark.django_db

SECRET = "105-KL/TU"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def public_document() -> PartyDocumentPage:
    return (
        PartyDocumentPage.objects.live()
        .filter(restricted_groups__isnull=True, confidentiality="")
        .order_by("pk")
        .first()
    )


def queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)


def test_every_page_type_routes_the_standard_way():
    assert routes_are_standard()  # otherwise nothing is remembered (a new page type's route?)


def test_a_remembered_route_saves_the_walk_and_serves_the_same_page(client_for):
    client = client_for("member")
    document = public_document()
    client.get("/")  # session, per-process caches
    first_status, first = queries(client, document.url)
    second_status, second = queries(client, document.url)
    assert first_status == second_status == 200
    assert second <= first - 4  # site, home page, library (twice), document: one query now
    assert document.title in client.get(document.url).content.decode()


def test_a_remembered_route_still_answers_404_to_those_who_may_not_see_the_page(client_for):
    secret = PartyDocumentPage.objects.get(number=SECRET)
    assert client_for("standing_committee").get(secret.url).status_code == 200
    assert client_for("member").get(secret.url).status_code == 404
    assert client_for("standing_committee").get(secret.url).status_code == 200


def test_unpublished_renamed_and_sub_routes(client_for, django_capture_on_commit_callbacks):
    client = client_for("member")
    document = public_document().specific
    old_url = document.url
    assert client.get(old_url).status_code == 200
    # a write that renews no generation (an update): the page's own route still checks "live"
    PartyDocumentPage.objects.filter(pk=document.pk).update(live=False)
    assert client.get(old_url).status_code == 404
    PartyDocumentPage.objects.filter(pk=document.pk).update(live=True)
    assert client.get(old_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        document.slug = "so-hieu-moi"
        document.save_revision().publish()
    document.refresh_from_db()
    assert document.url != old_url
    moved = client.get(old_url)  # Wagtail's redirect from the old address, not the old route
    assert moved.status_code == 301 and moved["Location"].endswith(document.url)
    assert client.get(document.url).status_code == 200
    library = document.get_parent().url
    for _ in range(2):  # a routable page's sub-route, walked then remembered
        response = client.get(library + "rss/")
        assert response.status_code == 200 and "rss" in response["Content-Type"]
    assert client.get(library + "khong-co/").status_code == 404
