"""The visibility rule inside the Wagtail admin.

An editor outside a secret document's groups must not learn, in the admin either, that the
document exists: not its title, number, revisions, workflow state, nor a count that includes
it. "May see" in the admin is ``core.visibility.admin_may_see``: the page-view rule without
the "live" condition (a draft of a secret document is as secret as its live version).
Superusers see everything.

Wagtail has no single switch for this, so the rule is applied at every place the admin reads
pages, each time through ``core.visibility`` (never a second rule):

* ``AdminVisibilityPagePermissionPolicy``: Wagtail's page permission policy (registered with
  ``register_permission_policy``, the documented way to replace a model's policy) minus the
  pages the user may not see. It covers everything the admin derives from the policy: the
  explorer, the admin page search, the admin API behind the explorer menu, the page history
  of the site ("site history" report), the aging pages, locked pages and workflow reports,
  and the "used by" column of the content-type usage listing.
* ``AdminPageVisibilityMiddleware``: every admin URL naming a page (``/admin/pages/<id>/...``:
  edit, view draft, preview, history, revisions, compare, workflow history and actions,
  copy, move, delete, lock, usage, the explorer of its children, the chooser browsing it,
  bulk actions on it) answers the admin's own 404, the same as for a page id that does not
  exist; so does a snippet URL naming a hidden object of a ruled model (``core.narrowing``).
* hooks (``core.wagtail_hooks``): the page chooser, the dashboard panels and page count, and
  the ``before_*`` hooks of page actions (kept as a second line behind the middleware).
* filtered report views for the two reports that do not go through the policy (page types
  usage counts, locked pages the user locked), wired in ``core.admin_urls``.
* notification e-mails of workflows go only to recipients who may see the page.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.defaults import page_not_found
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
)
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import (
    Page,
    TaskState,
    WorkflowState,
    get_default_page_content_type,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from .narrowing import names_hidden_object
from .visibility import admin_may_see, admin_visible_pages, hidden_page_ids

ADMIN_PREFIX = "/admin/"
# URL keyword arguments of Wagtail admin views that name a page.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")


def _is_page_model(app_label: str | None, model_name: str | None) -> bool:
    from django.apps import apps

    if not app_label or not model_name:
        return False
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return False
    return issubclass(model, Page)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def named_page_ids(resolver_match, request) -> set[int]:
    """The ids of the pages an admin URL (path or bulk-action query) is about."""
    kwargs = resolver_match.kwargs
    ids = {_int(kwargs[name]) for name in PAGE_KWARGS if name in kwargs}
    namespaces = resolver_match.namespaces
    if "pk" in kwargs and "wagtailadmin_pages" in namespaces:
        ids.add(_int(kwargs["pk"]))  # revisions_compare names its page "pk"
    if "object_id" in kwargs and _is_page_model(kwargs.get("app_label"), kwargs.get("model_name")):
        ids.add(_int(kwargs["object_id"]))  # editing sessions of a page
    if resolver_match.url_name == "wagtail_bulk_action" and _is_page_model(
        kwargs.get("app_label"), kwargs.get("model_name")
    ):
        ids.update(_int(value) for value in request.GET.getlist("id"))
    return {pk for pk in ids if pk is not None}


def admin_not_found(request):
    """The admin's own 404, exactly what a page id that does not exist gets."""
    response = page_not_found(request, Http404(), template_name="wagtailadmin/404.html")
    add_never_cache_headers(response)
    return response


class AdminPageVisibilityMiddleware:
    """404 for every admin URL about a page the user may not see (drafts included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(ADMIN_PREFIX):
            return None
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if user is None or match is None or not user.is_authenticated or user.is_superuser:
            return None
        ids = named_page_ids(match, request)
        if ids and Page.objects.filter(pk__in=ids).filter(pk__in=hidden_page_ids(user)).exists():
            return admin_not_found(request)
        if names_hidden_object(match, user):  # an issuer only hidden documents use...
            return admin_not_found(request)
        return None


# --------------------------------------------------------------------------------------------
# The permission policy


class AdminVisibilityPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, never reaching a page the user may not see."""

    # The querysets are filtered by id (``exclude_hidden``) rather than by the rule's EXISTS,
    # because the admin hands them on to search backends, which accept only plain filters.

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return exclude_hidden(user, pages)

    def explorable_instances(self, user):
        return exclude_hidden(user, super().explorable_instances(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return admin_may_see(user, instance)

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(
            actions, instance, include_superusers
        )
        return users.filter(pk__in=[user.pk for user in users if admin_may_see(user, instance)])


class VisibilityPageAdminURLFinder:
    """Edit links (usage listings, log entries) only to pages the user may see and edit."""

    def __init__(self, user):
        self.user = user

    def get_edit_url(self, instance):
        from django.urls import reverse

        if self.user and not (
            admin_may_see(self.user, instance)
            and instance.permissions_for_user(self.user).can_edit()
        ):
            return None
        return reverse("wagtailadmin_pages:edit", args=(instance.pk,))


# --------------------------------------------------------------------------------------------
# Querysets of things that point at pages (workflow states, task states)


def visible_task_states(user, states):
    """``TaskState`` rows of ``states`` whose page ``user`` may see."""
    return visible_workflow_states(user, states, through="workflow_state__")


def visible_workflow_states(user, states, through: str = ""):
    """``WorkflowState`` rows of ``states`` (or rows reaching one by ``through``) whose page
    ``user`` may see."""
    if user.is_superuser:
        return states
    hidden = {str(pk) for pk in hidden_page_ids(user).values_list("pk", flat=True)}
    if not hidden:
        return states
    return states.exclude(
        **{
            f"{through}base_content_type": get_default_page_content_type(),
            f"{through}object_id__in": hidden,
        }
    )


def exclude_hidden(user, pages):
    """``pages`` without those ``user`` may not see, as a plain ``id`` filter.

    For querysets that a search backend filters again (the chooser's and the explorer's
    search), which accept a list of ids but not the ``EXISTS`` of the rule itself.
    """
    if user.is_superuser:
        return pages
    return pages.exclude(pk__in=list(hidden_page_ids(user).values_list("pk", flat=True)))


def _hidden_set(user) -> set[int]:
    if user.is_superuser:
        return set()
    return set(hidden_page_ids(user).values_list("pk", flat=True))


# --------------------------------------------------------------------------------------------
# Dashboard panels and summary


class VisibleRecentEditsPanel(RecentEditsPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        hidden = _hidden_set(parent_context["request"].user)
        context["last_edits"] = [
            (date, page) for date, page in context["last_edits"] if page.pk not in hidden
        ]
        return context


class VisibleLockedPagesPanel(LockedPagesPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["locked_pages"] = admin_visible_pages(user, context["locked_pages"])
        return context


PANEL_REPLACEMENTS = {
    RecentEditsPanel: VisibleRecentEditsPanel,
    LockedPagesPanel: VisibleLockedPagesPanel,
}


class VisiblePagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count, without the pages the user may not see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        root_page = context["root_page"]
        if root_page is not None and not self.request.user.is_superuser:
            hidden = Page.objects.filter(pk__in=hidden_page_ids(self.request.user))
            context["total_pages"] -= hidden.descendant_of(root_page, inclusive=True).count()
        return context


# --------------------------------------------------------------------------------------------
# Reports that do not go through the permission policy


class VisibleLockedPagesView(LockedPagesView):
    def get_queryset(self):
        return admin_visible_pages(self.request.user, super().get_queryset())


class VisiblePageTypesUsageReportView(PageTypesUsageReportView):
    """Page counts and "last edited page" per type, counting only pages the user may see."""

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_superuser:
            return queryset
        visible = admin_visible_pages(user, Page.objects.filter(content_type=OuterRef("pk")))
        site_root_path = self.filters.form.cleaned_data.get("site", None)
        if site_root_path:
            visible = visible.filter(path__startswith=site_root_path)
        count = visible.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        last_edited = visible.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Coalesce(Subquery(count[:1], output_field=IntegerField()), 0),
            last_edited_page_id=Subquery(last_edited.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


# --------------------------------------------------------------------------------------------
# Notification e-mails


class VisibleRecipientsMixin:
    """Send a page's workflow e-mails only to those who may see the page."""

    def get_valid_recipients(self, instance, **kwargs):
        recipients = super().get_valid_recipients(instance, **kwargs)
        if isinstance(instance, TaskState):
            obj = instance.workflow_state.content_object
        elif isinstance(instance, WorkflowState):
            obj = instance.content_object
        else:
            obj = None
        if not isinstance(obj, Page):
            return recipients
        return {user for user in recipients if admin_may_see(user, obj)}


class VisibleTaskSubmissionNotifier(
    VisibleRecipientsMixin, GroupApprovalTaskStateSubmissionEmailNotifier
):
    pass


class VisibleWorkflowSubmissionNotifier(
    VisibleRecipientsMixin, WorkflowStateSubmissionEmailNotifier
):
    pass


class VisibleWorkflowApprovalNotifier(VisibleRecipientsMixin, WorkflowStateApprovalEmailNotifier):
    pass


class VisibleWorkflowRejectionNotifier(VisibleRecipientsMixin, WorkflowStateRejectionEmailNotifier):
    pass


_notifiers = {}


def install_notifiers() -> None:
    """Put the filtering notifiers in place of Wagtail's (same signals, same dispatch ids)."""
    from wagtail.signals import (
        task_submitted,
        workflow_approved,
        workflow_rejected,
        workflow_submitted,
    )

    wiring = [
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            VisibleTaskSubmissionNotifier,
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            VisibleWorkflowSubmissionNotifier,
        ),
        (
            workflow_rejected,
            WorkflowState,
            "workflow_state_rejected_email_notification",
            VisibleWorkflowRejectionNotifier,
        ),
        (
            workflow_approved,
            WorkflowState,
            "workflow_state_approved_email_notification",
            VisibleWorkflowApprovalNotifier,
        ),
    ]
    for signal, sender, uid, notifier_class in wiring:
        notifier = _notifiers.setdefault(uid, notifier_class())
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=uid)
