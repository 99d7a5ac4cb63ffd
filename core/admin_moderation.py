"""The dashboard's "awaiting your review" panel and the explorer's rows in a workflow
without queries per row (issue 20).

Wagtail's ``WorkflowObjectsToModeratePanel`` asks each row's workflow state for its tasks
and their statuses (``WorkflowState.all_tasks_with_status``: two queries a row, 40 for a
reviewer with 20 documents waiting). ``tasks_with_status`` reads the same for every row in
three queries, and the panel leaves out the pages the reviewer may not see in its query
(``visible_task_states``) rather than after rendering them.
"""

import copy

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.models import Page, Revision, Task, TaskState, WorkflowTask

from .admin_visibility import visible_task_states


def _applicable(rows: list[tuple]) -> list[tuple]:
    """The task states that apply to each workflow state's current revision, as Wagtail's
    ``_get_applicable_task_states``: with ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT``,
    those of the latest revision (by creation time, then id) among the state's own."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        return rows
    created = dict(
        Revision.objects.filter(id__in={row[2] for row in rows}).values_list("id", "created_at")
    )
    latest: dict[int, tuple] = {}
    for state_id, _task, revision_id, *_rest in rows:
        if revision_id in created:
            key = (created[revision_id], revision_id)
            latest[state_id] = max(latest.get(state_id, key), key)
    return [row for row in rows if row[0] in latest and row[2] == latest[row[0]][1]]


def tasks_with_status(workflow_states) -> dict[int, list]:
    """``WorkflowState.all_tasks_with_status()`` of each of ``workflow_states``, by state id:
    the workflow's tasks in order, each with ``status`` and ``status_display``."""
    states = list(workflow_states)
    if not states:
        return {}
    rows = list(
        TaskState.objects.filter(workflow_state_id__in=[state.pk for state in states]).values_list(
            "workflow_state_id", "task_id", "revision_id", "status", "started_at", "id"
        )
    )
    newest: dict[tuple[int, int], tuple] = {}
    for state_id, task_id, _revision, status, started_at, pk in _applicable(rows):
        key = (started_at, pk)
        if (state_id, task_id) not in newest or key > newest[state_id, task_id][0]:
            newest[state_id, task_id] = (key, status)
    links = (
        WorkflowTask.objects.filter(workflow_id__in={state.workflow_id for state in states})
        .select_related("task")
        .order_by("sort_order")
    )
    by_workflow: dict[int, list] = {}
    for link in links:
        by_workflow.setdefault(link.workflow_id, []).append(link.task)
    labels = dict(TaskState.STATUS_CHOICES)
    result = {}
    for state in states:
        tasks = []
        for shared in by_workflow.get(state.workflow_id, []):
            task = copy.copy(shared)
            task.status = newest.get((state.pk, task.pk), (None, None))[1]
            task.status_display = labels.get(task.status, _("Not started"))
            tasks.append(task)
        result[state.pk] = tasks
    return result


class VisibleWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """Wagtail's panel (same template, same context), with the statuses read at once and the
    pages the reviewer may not see left out by the query."""

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super(WorkflowObjectsToModeratePanel, self).get_context_data(parent_context)
        context.update(states=[], request=request, csrf_token=parent_context["csrf_token"])
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        states = list(
            visible_task_states(request.user, TaskState.objects.reviewable_by(request.user))
            .select_related(
                "revision", "revision__user", "workflow_state", "workflow_state__workflow"
            )
            .prefetch_related(
                "revision__content_object", "revision__content_object__latest_revision"
            )
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
        )
        statuses = tasks_with_status(state.workflow_state for state in states)
        for state in states:
            obj = state.revision.content_object
            if not obj:  # the revision's object was deleted (as Wagtail skips it)
                continue
            views = ("workflow_action", "workflow_preview", "revisions_compare")
            if isinstance(obj, Page):
                names = {f"{view}_url_name": f"wagtailadmin_pages:{view}" for view in views}
            else:  # snippets have workflows too
                viewset = obj.snippet_viewset
                names = {f"{view}_url_name": viewset.get_url_name(view) for view in views}
            if not getattr(obj, "is_previewable", False):
                names["workflow_preview_url_name"] = None
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": state.task.specific.get_actions(obj, request.user),
                    "workflow_tasks": statuses.get(state.workflow_state_id, []),
                    **names,
                }
            )
        return context


def share_current_tasks(pages) -> None:
    """The pages' current workflow tasks as their specific instances, one read per task.

    The explorer asks each row whether its page is locked (the "Unpublish" button): a page in
    a workflow asks its current task, as its specific class, for the lock, and Wagtail read
    that task again for every row (``task.specific``, a query a row: 31 more for a library
    page of 30 documents awaiting review). The workflow states are prefetched by Wagtail's
    listing (``prefetch_workflow_states``); their tasks are replaced here by the specific
    ones, read in a query per task type, whose ``specific`` is themselves.
    """
    task_states = [
        workflow_state.current_task_state
        for page in pages
        for workflow_state in getattr(page, "_current_workflow_states", ())
        if workflow_state.current_task_state is not None
    ]
    if not task_states:
        return
    task_ids = {task_state.task_id for task_state in task_states}
    specific = {task.pk: task for task in Task.objects.filter(pk__in=task_ids).specific()}
    for task_state in task_states:
        if task_state.task_id in specific:
            task_state.task = specific[task_state.task_id]


class SharedTaskIndexView(ExplorableIndexView):
    """Wagtail's page explorer, its rows' workflow tasks read once (``share_current_tasks``)."""

    def get_table(self, object_list):
        share_current_tasks(object_list)
        return super().get_table(object_list)
