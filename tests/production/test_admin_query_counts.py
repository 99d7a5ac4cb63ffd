"""The admin's query counts do not grow with the size of the library (issue 20).

The dashboard, the page explorer of the document library, a document's edit view and the
workflow actions (submit, approve) are requested with 20 and then 200 documents in the
library (synthetic documents inserted in bulk, as ``make bench`` does), and on the dashboard
with 2 and then 20 of them awaiting review. Each count is asserted under a ceiling that is
the same for both sizes (``django_assert_max_num_queries``), and the larger library may not
take more queries than the smaller one: a panel, column or hook that reads something per
document shows as growth.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from regulations.models import DocumentLibraryPage, PartyDocumentPage
from search.benchmark import create_pages, generate_documents
from tests.regulations.library_helpers import admin_edit_data
from tests.workflows.helpers import SUBMIT, current_task_state

pytestmark = pytest.mark.django_db

SIZES = (20, 200)
# Ceilings per view, the same whatever the number of documents.
# Measured (SQLite, the demo): dashboard 32–38 (editor, publisher, reviewer), explorer 40–41,
# edit 49, submit 142–144 (revision, workflow, log, notifications, lock), approve 59–62.
CEILING = {
    "dashboard": 40,
    "explorer": 45,
    "edit": 52,
    "submit": 150,
    "approve": 65,
}


def _library() -> DocumentLibraryPage:
    return DocumentLibraryPage.objects.get()


def grow_library_to(size: int) -> list[int]:
    """Add synthetic documents until the library has ``size`` synthetic ones; their ids."""
    synthetic = PartyDocumentPage.objects.filter(import_hash="", signer="")
    have = synthetic.count()
    if size > have:
        documents = generate_documents(size, seed=7)
        for _skip in range(have):
            next(documents)
        library = _library()
        library.refresh_from_db()
        create_pages(library, list(documents))
    return list(synthetic.order_by("pk").values_list("pk", flat=True))


def counted(client, method: str, url: str, data=None, expect=(200,)) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
    assert response.status_code in expect, (url, response.status_code)
    return len(captured.captured_queries)


def assert_flat(counts: dict[int, int], what: str, django_assert_max_num_queries) -> None:
    few, many = min(counts), max(counts)
    assert counts[many] <= counts[few], f"{what}: {counts} (queries grow with documents)"
    assert counts[many] <= CEILING[what], f"{what}: {counts[many]} queries"


def _in_review(page_ids, editor) -> None:
    """Submit these documents to their workflow as ``editor`` (a revision each)."""
    for page in Page.objects.filter(pk__in=page_ids).specific():
        if page.workflow_in_progress:
            continue
        revision = page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
        assert revision


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_dashboard(client_for, user_for, role, django_assert_max_num_queries):
    client = client_for(role)
    counts = {}
    for size, reviewing in zip(SIZES, (2, 20), strict=True):
        ids = grow_library_to(size)
        _in_review(ids[:reviewing], user_for("editor"))
        client.get("/admin/")  # warm-up: per-process caches
        with django_assert_max_num_queries(CEILING["dashboard"]):
            counts[size] = counted(client, "get", "/admin/")
    assert_flat(counts, "dashboard", django_assert_max_num_queries)


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_page_explorer_of_the_library(client_for, user_for, role, django_assert_max_num_queries):
    """Rows in a workflow included: each asks its current task for the lock, which Wagtail
    read again per row (``core.admin_moderation.share_current_tasks``)."""
    client = client_for(role)
    url = f"/admin/pages/{_library().pk}/"
    counts = {}
    for size, reviewing in zip(SIZES, (2, 20), strict=True):
        ids = grow_library_to(size)
        _in_review(ids[-reviewing:], user_for("editor"))  # their new revisions list them first
        client.get(url)
        with django_assert_max_num_queries(CEILING["explorer"]):
            counts[size] = counted(client, "get", url)
    assert_flat(counts, "explorer", django_assert_max_num_queries)


def test_document_edit_view(client_for, django_assert_max_num_queries):
    client = client_for("editor")
    counts = {}
    for size in SIZES:
        document = grow_library_to(size)[0]
        url = f"/admin/pages/{document}/edit/"
        client.get(url)
        with django_assert_max_num_queries(CEILING["edit"]):
            counts[size] = counted(client, "get", url)
    assert_flat(counts, "edit", django_assert_max_num_queries)


def test_workflow_submit_and_approve(client_for, django_assert_max_num_queries):
    editor, reviewer = client_for("editor"), client_for("reviewer")
    submits, approvals = {}, {}
    for size in SIZES:
        ids = grow_library_to(size)
        page = PartyDocumentPage.objects.get(pk=ids[size // 2])
        data = admin_edit_data(editor, page, signer="Lê Quang Huy", **SUBMIT)
        with django_assert_max_num_queries(CEILING["submit"]):
            submits[size] = counted(
                editor, "post", f"/admin/pages/{page.pk}/edit/", data, expect=(302,)
            )
        task_state = current_task_state(page)
        url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
        with django_assert_max_num_queries(CEILING["approve"]):
            approvals[size] = counted(reviewer, "post", url, {"comment": ""}, expect=(302,))
        task_state.refresh_from_db()
        assert task_state.status == "approved"
    assert_flat(submits, "submit", django_assert_max_num_queries)
    assert_flat(approvals, "approve", django_assert_max_num_queries)


def test_the_dashboard_reads_the_same_statuses_as_wagtail(client_for, user_for):
    """``tasks_with_status`` (all rows at once) answers what Wagtail's per-row
    ``all_tasks_with_status`` does: one document approved at the first step, others not."""
    from wagtail.models import WorkflowState

    from core.admin_moderation import tasks_with_status

    ids = grow_library_to(20)
    _in_review(ids[:3], user_for("editor"))
    first = Page.objects.get(pk=ids[0])
    task_state = current_task_state(first)
    reviewer = client_for("reviewer")
    url = f"/admin/pages/workflow/action/{first.pk}/approve/{task_state.pk}/"
    assert reviewer.post(url, {"comment": ""}).status_code == 302
    states = list(WorkflowState.objects.active().filter(object_id__in=[str(i) for i in ids[:3]]))
    assert len(states) == 3
    ours = tasks_with_status(states)

    def shown(tasks):
        return [(task.pk, task.status, str(task.status_display)) for task in tasks]

    for state in states:
        assert shown(ours[state.pk]) == shown(state.all_tasks_with_status())
    assert {task.status for tasks in ours.values() for task in tasks} >= {"approved", None}
    reviewing = reviewer.get("/admin/").content.decode()
    publishing = client_for("publisher").get("/admin/").content.decode()
    for page_id in ids[1:3]:
        assert f"/admin/pages/workflow/action/{page_id}/" in reviewing
    assert f"/admin/pages/workflow/action/{ids[0]}/" not in reviewing
    assert f"/admin/pages/workflow/action/{ids[0]}/" in publishing
