"""The dashboard's panels of work in review and the explorer's rows in a workflow without
queries per row (issue 20).

Wagtail's ``WorkflowObjectsToModeratePanel`` asks each row's workflow state for its tasks
and their statuses (``WorkflowState.all_tasks_with_status``: two queries a row, 40 for a
reviewer with 20 documents waiting). ``tasks_with_status`` reads the same for every row in
three queries, and the panel leaves out the pages the reviewer may not see in its query
(``visible_task_states``) rather than after rendering them.

Both panels of work in review ("awaiting your review", "your pages in a workflow") show the
``DASHBOARD_ROWS`` most recent rows, read as such: Wagtail's listed every one, so a
publisher's dashboard grew with the documents in review (224 ms of CPU with 150 waiting,
69 with none). When there are more, a link below the panel opens Wagtail's workflow report
on the same rows (it follows the same visibility rule: ``core.admin_visibility``).
"""

import copy
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.models import (
    Page,
    Revision,
    Task,
    TaskState,
    WorkflowState,
    WorkflowTask,
    get_default_page_content_type,
)
from wagtail.permissions import policy_registry

from .admin_visibility import visible_task_states, visible_workflow_states

DASHBOARD_ROWS = 10
_MORE_TEMPLATE = "core/admin/dashboard_panel_with_more.html"


def _workflow_report(user, **query) -> str | None:
    """Wagtail's workflow report with ``query``, if ``user`` may open it (its own test)."""
    if not policy_registry.get_by_type(Page).user_has_any_permission(
        user, ["add", "change", "publish"]
    ):
        return None
    return f"{reverse('wagtailadmin_reports:workflow')}?{urlencode(query)}"


def _first_rows(rows) -> tuple[list, bool]:
    """The first ``DASHBOARD_ROWS`` of a queryset, and whether there are more."""
    read = list(rows[: DASHBOARD_ROWS + 1])
    return read[:DASHBOARD_ROWS], len(read) > DASHBOARD_ROWS


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
    """Wagtail's panel (its template, the same context), the most recent rows only, with the
    statuses read at once and the pages the reviewer may not see left out by the query."""

    template_name = _MORE_TEMPLATE

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super(WorkflowObjectsToModeratePanel, self).get_context_data(parent_context)
        context.update(
            states=[],
            request=request,
            csrf_token=parent_context["csrf_token"],
            panel_template=WorkflowObjectsToModeratePanel.template_name,
        )
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        states, more = _first_rows(
            visible_task_states(request.user, TaskState.objects.reviewable_by(request.user))
            .select_related(
                "revision", "revision__user", "workflow_state", "workflow_state__workflow"
            )
            .prefetch_related(
                "revision__content_object", "revision__content_object__latest_revision"
            )
            .order_by("-started_at", "-pk")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
        )
        # Asked whatever the rows, so that the dashboard's queries do not depend on them.
        see_all = _workflow_report(request.user, reviewable="true")
        if more:
            context["see_all_url"] = see_all
            context["see_all_label"] = _("Xem tất cả văn bản đang chờ bạn duyệt")
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


class VisibleUserObjectsInWorkflowModerationPanel(UserObjectsInWorkflowModerationPanel):
    """Wagtail's panel of the user's own pages in a workflow (its template, its query: pages
    the user owns or sent for review), the most recent rows only, without the pages the
    user may not see (a page shared, then made secret to a group without them)."""

    template_name = _MORE_TEMPLATE

    def get_context_data(self, parent_context):
        request, user = parent_context["request"], parent_context["request"].user
        context = super(UserObjectsInWorkflowModerationPanel, self).get_context_data(parent_context)
        context.update(
            workflow_states=[],
            request=request,
            panel_template=UserObjectsInWorkflowModerationPanel.template_name,
        )
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        owned = Q(base_content_type_id=get_default_page_content_type().id) & Exists(
            Page.objects.filter(
                owner=user, id=Cast(OuterRef("object_id"), output_field=IntegerField())
            )
        )
        states, more = _first_rows(
            visible_workflow_states(
                user, WorkflowState.objects.active().filter(owned | Q(requested_by=user))
            )
            .prefetch_related("content_object", "content_object__latest_revision")
            .select_related("current_task_state", "current_task_state__task")
            .order_by("-current_task_state__started_at", "-pk")
        )
        context["workflow_states"] = [state for state in states if state.content_object]
        see_all = _workflow_report(user, requested_by=user.pk)  # asked whatever the rows
        # The report filters on who sent for review: offered when the user sent some of
        # these (Wagtail ignores a requester who never sent anything, and lists everyone's).
        if more and any(state.requested_by_id == user.pk for state in states):
            context["see_all_url"] = see_all
            context["see_all_label"] = _("Xem tất cả văn bản của bạn trong quy trình duyệt")
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
