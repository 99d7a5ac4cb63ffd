"""What the home page shows a user: latest documents, announcements, news and tasks."""

from wagtail.models import TaskState

from announcements.dashboard import unit_summary

from .visibility import visible_pages

LATEST = 6
ANNOUNCEMENT_TYPES = ("TB", "CV", "KH", "HD", "TT")


def home_dashboard(user) -> dict:
    from operations.freshness import visibility_key
    from regulations.models import PartyDocumentPage
    from study.audience import pending_plans
    from study.models import StudyPlanPage

    from .models import NewsPage

    documents = visible_pages(user, PartyDocumentPage.objects.all()).order_by("-issued_on", "-pk")
    news = visible_pages(user, NewsPage.objects.all()).order_by("-date", "-pk")
    return {
        "latest_documents": documents.exclude(doc_type__in=ANNOUNCEMENT_TYPES)[:LATEST],
        "announcements": documents.filter(doc_type__in=ANNOUNCEMENT_TYPES)[:LATEST],
        "latest_news": news[:LATEST],
        "study_plans": visible_pages(user, StudyPlanPage.objects.all()).order_by("-deadline")[:3],
        "my_tasks": _tasks_for(user),
        "unit_summary": unit_summary(user),
        "study_tasks": list(pending_plans(user)[:LATEST]),
        # the lists above are lazy: a cached fragment keyed on this does not run them
        "visibility_key": visibility_key(user) if user.is_authenticated else "",
    }


def _tasks_for(user):
    """Workflow tasks awaiting this user's review (editors, reviewers, publishers)."""
    if not user.is_authenticated:
        return []
    from .admin_visibility import visible_task_states

    # A reviewer outside a secret document's groups must not see it awaiting review.
    states = visible_task_states(user, TaskState.objects.reviewable_by(user))
    states = states.select_related("revision", "task")
    return list(states.order_by("-started_at")[:LATEST])
