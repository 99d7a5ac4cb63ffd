"""The Wagtail admin for editors outside a secret document's groups.

Beyond the matrix (explorer, search, chooser, edit): every admin URL about the secret page
answers the admin's own 404, the same as a page id that does not exist; the reports, the
dashboard, workflow listings and notification e-mails leave it out; superusers and editors
inside its group still see it.
"""

import pytest
from django.core import mail
from django.test import RequestFactory
from wagtail.admin.site_summary import SiteSummaryPanel
from wagtail.models import Page

from core.admin_visibility import VisiblePagesSummaryItem
from organisation import roles
from regulations.models import Issuer
from tests.factories import UserFactory, logged_in

from .conftest import shows, text_of

pytestmark = pytest.mark.django_db

MISSING_ID = 999_999


def page_urls(page_id: int, revision_id: int) -> list[str]:
    return [
        f"/admin/pages/{page_id}/",
        f"/admin/pages/{page_id}/edit/",
        f"/admin/pages/{page_id}/edit/preview/",
        f"/admin/pages/{page_id}/view_draft/",
        f"/admin/pages/{page_id}/history/",
        f"/admin/pages/{page_id}/history/results/",
        f"/admin/pages/{page_id}/revisions/",
        f"/admin/pages/{page_id}/revisions/{revision_id}/view/",
        f"/admin/pages/{page_id}/revisions/compare/earliest...latest/",
        f"/admin/pages/{page_id}/workflow_history/",
        f"/admin/pages/{page_id}/usage/",
        f"/admin/pages/{page_id}/copy/",
        f"/admin/pages/{page_id}/move/",
        f"/admin/pages/{page_id}/delete/",
        f"/admin/pages/{page_id}/unpublish/",
        f"/admin/pages/{page_id}/lock/",
        f"/admin/pages/{page_id}/privacy/",
        f"/admin/pages/{page_id}/add_subpage/",
        f"/admin/choose-page/{page_id}/",
        f"/admin/api/main/pages/{page_id}/",
        f"/admin/bulk/wagtailcore/page/delete/?id={page_id}",
    ]


def _normalise(response) -> tuple[int, str]:
    return response.status_code, text_of(response)


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_every_admin_url_of_the_secret_page_is_the_missing_page_404(role, docs, client_for):
    client = client_for(role)
    secret = docs["secret"].page
    revision = secret.latest_revision
    for url, missing_url in zip(
        page_urls(secret.pk, revision.pk), page_urls(MISSING_ID, revision.pk), strict=True
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not shows(text_of(response), docs["secret"]), url
        missing = client.get(missing_url)
        if missing.status_code == 404 and "/api/" not in url:
            assert _normalise(response) == _normalise(missing), url
    for url in (f"/admin/pages/{secret.pk}/edit/", f"/admin/pages/{secret.pk}/delete/"):
        assert client.post(url, {}).status_code == 404, url


def test_the_same_admin_urls_work_for_the_public_document(docs, client_for):
    client = client_for("editor")
    page = docs["public"].page
    for url in (
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.pk}/view_draft/",
        f"/admin/pages/{page.pk}/workflow_history/",
        f"/admin/pages/{page.pk}/usage/",
    ):
        assert client.get(url).status_code == 200, url


def test_superusers_and_editors_inside_the_group_see_the_secret_page_in_the_admin(docs, client_for):
    secret = docs["secret"].page
    assert client_for("administrator").get(f"/admin/pages/{secret.pk}/edit/").status_code == 200
    client = logged_in(UserFactory(roles=[roles.EDITOR, roles.STANDING_COMMITTEE]))
    assert client.get(f"/admin/pages/{secret.pk}/edit/").status_code == 200
    explorer = client.get(f"/admin/pages/{secret.get_parent().pk}/")
    assert shows(text_of(explorer), docs["secret"])


def _start_workflow(page, user):
    page.save_revision(user=user)
    workflow = page.get_workflow()
    assert workflow is not None
    return workflow.start(page, user)


REPORTS = [
    "/admin/reports/locked/",
    "/admin/reports/locked/results/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow/results/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/workflow_tasks/results/",
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/aging-pages/",
    "/admin/reports/aging-pages/results/",
    "/admin/reports/page-types-usage/",
    "/admin/reports/page-types-usage/results/",
    "/admin/reports/workflow/?export=csv",
    "/admin/reports/site-history/?export=csv",
    "/admin/reports/aging-pages/?export=csv",
    "/admin/",
    "/admin/pages/",
    "/admin/pages/usage/regulations/regulationpage/",
    "/admin/workflows/list/",
    "/admin/api/main/pages/?child_of={library}&for_explorer=1",
    "/admin/api/main/pages/?search=HẢI-ĐĂNG-719",
    "/admin/snippets/regulations/issuer/usage/{issuer}/",
]


@pytest.fixture
def busy_secret(docs, user_for):
    """The secret page in moderation, locked by an editor, with an edit by that editor."""
    admin, editor = user_for("administrator"), user_for("editor")
    secret = docs["secret"].page
    _start_workflow(secret, admin)
    _start_workflow(docs["public"].page, admin)
    secret.save_revision(user=editor, log_action=True)  # an edit from before it became secret
    Page.objects.filter(pk=secret.pk).update(locked=True, locked_by=editor)
    return docs


def _report_text(client, url, docs) -> str:
    from regulations.models import DocumentLibraryPage

    issuer = Issuer.objects.get(code="TU", name="Ban Thường vụ Tỉnh ủy")
    url = url.format(library=DocumentLibraryPage.objects.first().pk, issuer=issuer.pk)
    response = client.get(url)
    assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code)
    return text_of(response)


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher", "unit_editor"])
def test_reports_dashboard_and_workflow_listings_leave_the_secret_page_out(
    role, busy_secret, client_for
):
    client = client_for(role)
    leaks = [
        url
        for url in REPORTS
        if shows(_report_text(client, url, busy_secret), busy_secret["secret"])
    ]
    assert not leaks


def test_superusers_see_the_secret_page_in_the_reports(busy_secret, client_for):
    client = client_for("administrator")
    for url in ("/admin/reports/workflow/", "/admin/reports/site-history/", "/admin/"):
        assert shows(_report_text(client, url, busy_secret), busy_secret["secret"]), url


def test_reviewers_dashboard_lists_the_public_document_awaiting_review(busy_secret, client_for):
    text = text_of(client_for("reviewer").get("/admin/"))
    assert shows(text, busy_secret["public"])
    assert not shows(text, busy_secret["secret"])


def test_front_home_page_tasks_leave_the_secret_document_out(busy_secret, client_for):
    text = text_of(client_for("reviewer").get("/"))
    assert "Việc cần duyệt" in text
    assert docs_title(busy_secret["public"]) in text
    assert not shows(text, busy_secret["secret"])


def test_home_page_tasks_cached_for_a_reviewer_inside_the_group_stay_with_that_group(
    busy_secret, client_for
):
    """The tasks panel is cached per visibility key: a reviewer who may see the secret
    document fills the cache first, and a reviewer outside its group gets a panel of its own."""
    from django.core.cache import cache

    cache.clear()
    inside = logged_in(UserFactory(roles=[roles.REVIEWER, roles.STANDING_COMMITTEE]))
    assert shows(text_of(inside.get("/")), busy_secret["secret"])
    outsider_text = text_of(client_for("reviewer").get("/"))
    assert docs_title(busy_secret["public"]) in outsider_text
    assert not shows(outsider_text, busy_secret["secret"])
    assert shows(text_of(inside.get("/")), busy_secret["secret"])  # and the other way round


def docs_title(doc) -> str:
    return doc.page.title


def _counts(client) -> dict[str, int]:
    response = client.get("/admin/reports/page-types-usage/")
    return {item.model: item.count for item in response.context["object_list"]}


def test_page_type_counts_and_page_total_do_not_count_the_secret_page(docs, client_for, user_for):
    editor_counts = _counts(client_for("editor"))
    admin_counts = _counts(client_for("administrator"))
    assert editor_counts["regulationpage"] == admin_counts["regulationpage"] - 1
    assert editor_counts["circularpage"] == admin_counts["circularpage"]

    def total(role):
        request = RequestFactory().get("/admin/")
        request.user = user_for(role)
        items = SiteSummaryPanel(request).summary_items
        item = next(i for i in items if isinstance(i, VisiblePagesSummaryItem))
        return item.get_context_data({})["total_pages"]

    assert total("editor") == total("administrator") - 1


def test_notification_emails_about_the_secret_page_reach_only_those_who_may_see_it(docs, user_for):
    admin, reviewer = user_for("administrator"), user_for("reviewer")
    # A second reviewer who is also in the document's group: the one who may be told.
    cleared = UserFactory(roles=[roles.REVIEWER, roles.STANDING_COMMITTEE])
    mail.outbox.clear()
    _start_workflow(docs["secret"].page, admin)
    recipients = {address for message in mail.outbox for address in message.to}
    assert reviewer.email not in recipients
    assert cleared.email in recipients
    mail.outbox.clear()
    _start_workflow(docs["public"].page, admin)
    recipients = {address for message in mail.outbox for address in message.to}
    assert reviewer.email in recipients
