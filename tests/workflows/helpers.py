"""Driving the Wagtail admin like a browser does: page editor forms and workflow actions.

The form data is what the page editor posts (see ``wagtail.test.utils.form_data``): the
fields of the content panels, an empty StreamField or one with blocks, and the management
forms of the inline panels. The button pressed is one more field: ``action-submit``
("Gửi duyệt"/submit for moderation, also used to resubmit), ``action-publish``; no action
field means "save draft".
"""

from wagtail.models import Page, PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import NewsIndexPage
from regulations.models import DocumentLibraryPage

SUBMIT = {"action-submit": "Gửi duyệt"}
PUBLISH = {"action-publish": "Xuất bản"}
REVIEW_TASK = "Lãnh đạo phòng duyệt"
PUBLISH_TASK = "Chánh Văn phòng duyệt và xuất bản"
UNIT_TASK = "Văn phòng duyệt tin đơn vị"


def document_form(title: str, slug: str, number: str = "15-HD/VPTU", **extra) -> dict:
    """The editor form of a CircularPage: required fields and empty inline panels."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "number": number,
            "doc_type": "HD",
            "issued_on": "05/03/2026",
            "signer": "Lê Quang Huy",
            "summary": f"Trích yếu: {title}",
            "body": streamfield([("paragraph", "Căn cứ Quy chế làm việc của Tỉnh ủy;")]),
            "tags": "",
            "confidentiality": "",
            "urgency": "",
            "validity_override": "",
            "validity_override_reason": "",
            "attachments": inline_formset([]),
            "outgoing_relations": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def news_form(title: str, slug: str, **extra) -> dict:
    """The editor form of a NewsPage."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "05/03/2026",
            "intro": f"Tóm tắt: {title}",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung tin.</p>"))]),
            "tags": "",
        }
    )
    data.update(extra)
    return data


def standard_form(title: str, slug: str, **extra) -> dict:
    """The editor form of a StandardPage."""
    data = nested_form_data({"title": title, "slug": slug, "intro": "", "body": streamfield([])})
    data.update(extra)
    return data


def add_url(model_label: str, parent: Page) -> str:
    app_label, model_name = model_label.lower().split(".")
    return f"/admin/pages/add/{app_label}/{model_name}/{parent.pk}/"


def edit_url(page: Page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def library() -> DocumentLibraryPage:
    return DocumentLibraryPage.objects.get()


def news_index() -> NewsIndexPage:
    return NewsIndexPage.objects.get()


def current_task_state(page: Page) -> TaskState:
    state = page.current_workflow_state
    assert state is not None, "the page is in no workflow"
    return state.current_task_state


def workflow_action(client, page: Page, action: str, comment: str = ""):
    """Press "approve" or "reject" (Wagtail: "Request changes") on the page's current task."""
    task_state = current_task_state(page)
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"
    return client.post(url, {"comment": comment})


def log_of(page: Page) -> list[tuple[str, str]]:
    """The page's audit log, oldest first: (action, username)."""
    entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    return [(entry.action, entry.user.username if entry.user else "") for entry in entries]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
