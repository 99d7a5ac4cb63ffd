"""Drafts and scheduled pages are invisible outside the admin, except through Wagtail's preview
(view draft) for those who may edit them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from home.models import NewsIndexPage, NewsPage

from .conftest import ROLES, same_page, shows, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_document_answers_404_like_a_missing_page(role, docs, client_for):
    client = client_for(role)
    response = client.get(docs["draft"].url)
    if role == "anonymous":
        assert response.status_code == 302  # everything asks for a login first
        return
    missing_url = docs["draft"].url.rstrip("/") + "-khong-co/"
    missing = client.get(missing_url)
    assert response.status_code == missing.status_code == 404
    assert same_page(response, missing, docs["draft"].url, missing_url)


@pytest.fixture
def scheduled(user_for):
    """A news item approved for publication tomorrow: scheduled, not live."""
    index = NewsIndexPage.objects.first()
    page = NewsPage(
        title="Tin hẹn giờ Hoàngyến chưa đến giờ đăng",
        slug="tin-hen-gio",
        date=timezone.localdate(),
        intro="Hoàngyến",
        live=False,
    )
    index.add_child(instance=page)
    page.go_live_at = timezone.now() + timedelta(days=1)
    revision = page.save_revision(user=user_for("publisher"))
    revision.publish(user=user_for("publisher"))  # as the admin does: scheduled, not live
    page.refresh_from_db()
    assert not page.live and page.go_live_at is not None
    return page


@pytest.mark.parametrize("role", ROLES)
def test_a_scheduled_page_is_not_live_before_its_time(role, scheduled, client_for):
    client = client_for(role)
    response = client.get(scheduled.url)
    assert response.status_code == (302 if role == "anonymous" else 404)
    for url in ("/", "/tin-tuc/", "/tim-kiem/?q=hẹn+giờ", "/api/v1/search/?q=hẹn+giờ"):
        assert "Hoàngyến" not in text_of(client.get(url)), url


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 302),  # no admin access: sent to the login page
        ("standing_committee", 302),
        ("unit_editor", 302),  # admin access, but no right on the library
        ("editor", 200),
        ("publisher", 200),
        ("administrator", 200),
    ],
)
def test_only_those_who_may_edit_preview_a_draft(role, status, docs, client_for):
    response = client_for(role).get(f"/admin/pages/{docs['draft'].page.pk}/view_draft/")
    assert response.status_code == status
    if status == 200:
        assert shows(text_of(response), docs["draft"])
