"""The admin as Vietnamese editors use it: help from our own guides (``home.help_guides``),
never outside; the workflow's next step as the footer's main button."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem, WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WhatsNewInWagtailVersionPanel

OUR_HELP = (
    ("bien-tap", _("Hướng dẫn biên tập"), 100),
    ("quy-trinh-duyet", _("Quy trình duyệt"), 110),
)


@hooks.register("construct_help_menu")
def only_our_own_help(request, menu_items):
    """Replace Wagtail's links to wagtail.org (editor guide, release notes) by ours; the
    keyboard shortcuts dialog stays."""
    menu_items[:] = [item for item in menu_items if not item.url.startswith("http")]
    for slug, label, order in OUR_HELP:
        menu_items.append(
            MenuItem(
                label,
                reverse("help_guide", args=[slug]),
                name=f"guide-{slug}",
                icon_name="help",
                order=order,
            )
        )


# The workflow's next step is the main button of the editor's footer, with the words of the
# Office ("Trình duyệt", "Phê duyệt", "Trả lại"), not Wagtail's "Save draft" with the step
# hidden in the menu beside it.
SUBMIT_LABEL = _("Trình duyệt")
RESUBMIT_LABEL = _("Trình duyệt lại")
WORKFLOW_LABELS = {  # Wagtail's GroupApprovalTask actions: (name, opens a comment dialog)
    ("approve", False): _("Phê duyệt"),
    ("approve", True): _("Phê duyệt kèm ý kiến"),
    ("reject", True): _("Trả lại"),
}


class SubmitMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit button ("Gửi vào Duyệt văn bản") under the Office's word for it."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        needs_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = RESUBMIT_LABEL if needs_changes else SUBMIT_LABEL
        return context


def _rank(item) -> int:
    """0 for the step forward, 1 for saving, 2 for the rest (sending back, cancelling...)."""
    if isinstance(item, WorkflowMenuItem):
        return 0 if (item.name, item.launch_modal) == ("approve", False) else 2
    if isinstance(item, SubmitForModerationMenuItem):
        return 0
    return 1 if item.name == "action-save-draft" else 2


@hooks.register("construct_page_action_menu")
def next_step_first(menu_items, request, context):
    for index, item in enumerate(menu_items):
        if isinstance(item, WorkflowMenuItem):
            item.label = WORKFLOW_LABELS.get((item.name, item.launch_modal), item.label)
        elif type(item) is SubmitForModerationMenuItem:
            menu_items[index] = SubmitMenuItem(order=item.order)
    menu_items.sort(key=lambda item: (_rank(item), item.order))


@hooks.register("construct_homepage_panels")
def no_news_from_wagtail_org(request, panels):
    """The dashboard's "What's new in Wagtail" panel links to wagtail.org: not here."""
    panels[:] = [panel for panel in panels if not isinstance(panel, WhatsNewInWagtailVersionPanel)]


@hooks.register("insert_editor_js")
def labelled_editor_fields():
    """Labels for the fields Wagtail leaves without one, a focusable minimap (axe clean)."""
    return format_html('<script src="{}"></script>', static("js/admin_a11y.js"))
