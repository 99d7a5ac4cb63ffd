"""Routes remembered per content generation (core.routing): same answers as Wagtail's walk."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.routing import routes_are_standard
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
    # home page, library (twice), document: one query now (the site is Wagtail's own lookup)
    assert second <= first - 3
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


def test_a_new_document_is_walked_on_from_the_library(client_for):
    """The library's route is known (its page was seen): a document never seen before is
    found from it, one level, instead of from the root; sub-routes of the library still
    answer, and a path under a document still answers 404."""
    client = client_for("member")
    documents = list(
        PartyDocumentPage.objects.live()
        .filter(restricted_groups__isnull=True, confidentiality="")
        .order_by("pk")[:2]
    )
    library = documents[0].get_parent().url
    client.get("/")
    walked_status, walked = queries(client, documents[0].url)  # the whole walk
    assert client.get(library).status_code == 200  # the library's route is remembered
    shortcut_status, shortcut = queries(client, documents[1].url)
    assert walked_status == shortcut_status == 200
    assert shortcut <= walked - 2
    assert documents[1].title in client.get(documents[1].url).content.decode()
    response = client.get(library + "rss/")
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    assert client.get(documents[0].url + "khong-co/").status_code == 404
    assert client.get(library + "khong-co/").status_code == 404


def test_only_paths_under_plain_routes_are_walked_on(client_for):
    """A path is walked on from its parent's page only when no page above that one has
    sub-routes (a routable page's pattern could match the longer path): the library's page
    qualifies (the home page above it routes plainly); a document does not (the library
    above it is routable)."""
    from wagtail.models import Site

    from core.routing import _route_key

    client = client_for("member")
    document = public_document()
    library = document.get_parent()
    assert client.get(library.url).status_code == 200
    assert client.get(document.url).status_code == 200
    site = Site.objects.get(is_default_site=True)

    def entry(page):
        components = [part for part in page.url.split("/") if part]
        return cache.get(_route_key(site, components))

    assert entry(library) == (library.pk, library.content_type_id, 1, True)
    assert entry(document) == (document.pk, document.content_type_id, 2, False)
