"""Conditional GET: 304 for the same user's unchanged page, never across users or changes."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regulations.models import PartyDocumentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return (
        PartyDocumentPage.objects.live()
        .filter(confidentiality="", restricted_groups__isnull=True)
        .order_by("pk")
        .first()
        .specific
    )


def _get(client, url, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(url, **headers)


@pytest.mark.parametrize("url", ["/", "/van-ban/", "DOCUMENT", "/tim-kiem/?q=quy+chế"])
def test_same_user_unchanged_page_is_not_modified(client_for, document, url):
    url = document.url if url == "DOCUMENT" else url
    member = client_for("member")
    _get(member, url)  # the first page of a session sets the CSRF cookie, part of the ETag
    first = _get(member, url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    with CaptureQueriesContext(connection) as queries:
        second = _get(member, url, etag)
    assert second.status_code == 304
    assert second.content == b""
    # Session, user and groups only: the page itself was not built.
    assert len(queries.captured_queries) <= 3


def test_another_user_never_gets_a_304_for_someone_elses_copy(client_for, document):
    member, editor = client_for("member"), client_for("editor")
    _get(member, document.url)
    etag = _get(member, document.url)["ETag"]
    # Even with the same CSRF cookie as the member's browser.
    editor.cookies["csrftoken"] = member.cookies["csrftoken"].value
    other = _get(editor, document.url, etag)
    assert other.status_code == 200
    assert other["ETag"] != etag


def test_a_change_to_the_content_renews_the_etag(
    client_for, document, user_for, django_capture_on_commit_callbacks
):
    member = client_for("member")
    _get(member, document.url)
    etag = _get(member, document.url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        document.title = f"{document.title} (sửa đổi)"
        document.save_revision(user=user_for("publisher")).publish()
    response = _get(member, document.url, etag)
    assert response.status_code == 200
    assert "(sửa đổi)" in response.content.decode()


def test_a_document_made_secret_is_not_confirmed_from_the_browser_copy(
    client_for, document, django_capture_on_commit_callbacks
):
    member = client_for("member")
    _get(member, document.url)
    etag = _get(member, document.url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        document.restricted_groups.set([Group.objects.get(name="Ban Thường vụ Tỉnh ủy")])
        document.confidentiality = "Mật"
        document.save_revision().publish()
    assert _get(member, document.url, etag).status_code == 404


def test_a_change_of_groups_renews_the_etag(
    client_for, user_for, document, django_capture_on_commit_callbacks
):
    member = client_for("member")
    _get(member, document.url)
    etag = _get(member, document.url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        user_for("member").groups.add(Group.objects.get(name="Biên tập viên"))
    assert _get(member, document.url, etag).status_code == 200


def test_logins_alone_do_not_renew_the_generation(client_for, django_capture_on_commit_callbacks):
    from core.freshness import generation

    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(None).post("/dang-nhap/", {"username": "dangvien", "password": "VanPhong@2026"})
    assert generation() == before


def test_the_generation_renews_at_commit_once_per_transaction(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from core import freshness

    monkeypatch.setattr(freshness, "transaction", transaction)  # Django's own (see conftest)
    renewals = []
    bump = freshness._bump
    monkeypatch.setattr(freshness, "_bump", lambda *key: renewals.append(1) or bump(*key))
    before = freshness.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        freshness.content_changed()
        freshness.content_changed()
    assert freshness.generation() == before  # not before the commit
    for callback in callbacks:  # the commit runs every callback the transaction registered
        callback()
    assert len(renewals) == 1  # once for the transaction
    renewed = freshness.generation()
    assert renewed != before
    with django_capture_on_commit_callbacks(execute=True):  # the one that ran is not waiting
        freshness.content_changed()
    assert freshness.generation() != renewed


def test_a_write_rolled_back_with_its_savepoint_renews_nothing(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from core import freshness

    monkeypatch.setattr(freshness, "transaction", transaction)  # Django's own (see conftest)
    before = freshness.generation()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                freshness.content_changed()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert freshness.generation() == before
    with django_capture_on_commit_callbacks(execute=True):  # the next write still renews
        freshness.content_changed()
    assert freshness.generation() != before
