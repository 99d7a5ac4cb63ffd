"""The dashboard's panels of work in review show the most recent rows and link to the rest
(``core.admin_moderation.DASHBOARD_ROWS``): a reviewer with 150 documents in review got a
dashboard of 150 rows, its time growing with them (issue 20)."""

import re

import pytest
from wagtail.models import Page, PageViewRestriction

from core.admin_moderation import DASHBOARD_ROWS
from tests.production.test_admin_query_counts import _in_review, counted, grow_library_to

pytestmark = pytest.mark.django_db

ACTION = re.compile(r"/admin/pages/workflow/action/(\d+)/")
REVIEW_REPORT = "/admin/reports/workflow/?reviewable=true"


def _dashboard(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def _acted_on(html: str) -> set[int]:
    return {int(page_id) for page_id in ACTION.findall(html)}


def _submitted(count: int, user_for) -> list[int]:
    """``count`` documents sent for review by the editor, in order (the last the newest)."""
    ids = grow_library_to(count)[:count]
    for page_id in ids:  # one at a time: each its own start time
        _in_review([page_id], user_for("editor"))
    return ids


def test_the_review_panel_shows_the_newest_rows_and_links_to_all(client_for, user_for):
    ids = _submitted(DASHBOARD_ROWS + 5, user_for)
    reviewer = client_for("reviewer")
    html = _dashboard(reviewer)
    assert _acted_on(html) == set(ids[-DASHBOARD_ROWS:])  # the newest, not the first
    assert REVIEW_REPORT in html
    assert "Xem tất cả văn bản đang chờ bạn duyệt" in html
    report = reviewer.get(REVIEW_REPORT)
    assert report.status_code == 200
    listed = report.content.decode()
    for page_id in ids:  # the report lists every one
        assert f"/admin/pages/{page_id}/edit/" in listed


def test_no_link_when_every_row_is_shown(client_for, user_for):
    ids = _submitted(DASHBOARD_ROWS, user_for)
    html = _dashboard(client_for("reviewer"))
    assert _acted_on(html) == set(ids)
    assert REVIEW_REPORT not in html


def test_the_editors_own_panel_is_capped_too(client_for, user_for):
    ids = _submitted(DASHBOARD_ROWS + 3, user_for)
    editor, client = user_for("editor"), client_for("editor")
    html = _dashboard(client)
    panel = html.split('id="objects-in-workflow-section"', 1)[1].split("</section>", 1)[0]
    shown = {int(page_id) for page_id in re.findall(r"/admin/pages/(\d+)/edit/", panel)}
    assert shown == set(ids[-DASHBOARD_ROWS:])
    report = f"/admin/reports/workflow/?requested_by={editor.pk}"
    assert report in html
    listed = client.get(report).content.decode()
    for page_id in ids:
        assert f"/admin/pages/{page_id}/edit/" in listed


def test_a_hidden_document_in_review_neither_takes_a_row_nor_adds_the_link(client_for, user_for):
    """Eleven in review, the newest made secret to a group the reviewer is not in: the
    reviewer sees the ten others and no sign that there is another."""
    from django.contrib.auth.models import Group

    ids = _submitted(DASHBOARD_ROWS + 1, user_for)
    reviewer = user_for("reviewer")
    secret = Page.objects.get(pk=ids[-1])
    outsiders = Group.objects.exclude(pk__in=reviewer.groups.all()).exclude(name="Moderators")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([outsiders.first()])
    html = _dashboard(client_for("reviewer"))
    assert _acted_on(html) == set(ids[:-1])
    assert REVIEW_REPORT not in html


def test_the_dashboard_reads_as_much_with_many_in_review_as_with_a_few(client_for, user_for):
    reviewer = client_for("reviewer")
    counts = {}
    for waiting in (3, 3 * DASHBOARD_ROWS):
        _submitted(waiting, user_for)
        reviewer.get("/admin/")  # warm-up: per-process caches
        counts[waiting] = counted(reviewer, "get", "/admin/")
    assert counts[3 * DASHBOARD_ROWS] <= counts[3], counts
