"""What the home page shows a user: latest documents, announcements, news and tasks.

Most of it depends on the visibility context alone (``core.freshness.visibility_key``:
groups, superuser flag, content generation, date), so the template caches it under that key
and users with the same groups share it. The lists are therefore handed to the template
unevaluated (Django's ``SimpleLazyObject``): a fragment found in the cache neither runs nor
even builds their queries. What depends on the user (study to confirm) is computed for every
request.
"""

from functools import partial

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from wagtail.models import TaskState

from core.admin_visibility import visible_task_states
from core.freshness import generation, visibility_key
from core.visibility import visible_pages
from organisation.people import unit_ids_of
from regulations.models import PartyDocumentPage
from study.audience import pending_plans
from study.models import StudyPlanPage
from tasks.notices import task_notices

from .models import NewsPage
from .unit_work import unit_summary

LATEST = 6
ANNOUNCEMENT_TYPES = ("TB", "CV", "KH", "HD", "TT")


def _documents(user):

    return visible_pages(user, PartyDocumentPage.objects.all()).order_by("-issued_on", "-pk")


def _latest_documents(user):
    return _documents(user).exclude(doc_type__in=ANNOUNCEMENT_TYPES)[:LATEST]


def _announcements(user):
    return _documents(user).filter(doc_type__in=ANNOUNCEMENT_TYPES)[:LATEST]


def _latest_news(user):

    return visible_pages(user, NewsPage.objects.all()).order_by("-date", "-pk")[:LATEST]


def _study_plans(user):

    return visible_pages(user, StudyPlanPage.objects.all()).order_by("-deadline")[:3]


def home_dashboard(user) -> dict:

    key = visibility_key(user) if user.is_authenticated else ""
    units = ",".join(str(pk) for pk in unit_ids_of(user)) if user.is_authenticated else ""
    return {
        "latest_documents": SimpleLazyObject(partial(_latest_documents, user)),
        "announcements": SimpleLazyObject(partial(_announcements, user)),
        "latest_news": SimpleLazyObject(partial(_latest_news, user)),
        "study_plans": SimpleLazyObject(partial(_study_plans, user)),
        "my_tasks": SimpleLazyObject(partial(_tasks_for, user)),
        "unit_summary": SimpleLazyObject(partial(unit_summary, user)),
        "study_tasks": list(pending_plans(user)[:LATEST]),
        "task_notices": SimpleLazyObject(partial(task_notices, user)),
        # cache keys of the fragments above (templates/pages/home_page.html)
        "visibility_key": key,
        "tasks_key": _tasks_key(user, key),
        "unit_key": units,
    }


def _tasks_for(user):
    """Workflow tasks awaiting this user's review (editors, reviewers, publishers)."""
    if not user.is_authenticated:
        return []

    # A reviewer outside a secret document's groups must not see it awaiting review.
    states = visible_task_states(user, TaskState.objects.reviewable_by(user))
    states = states.select_related("revision", "task")
    return list(states.order_by("-started_at")[:LATEST])


def _tasks_key(user, key: str) -> str:
    """The cache key of the tasks panel.

    Wagtail's group approval task lets the members of its groups (and superusers) review,
    so when every active task is one, the panel depends on the visibility context alone and
    is shared like the lists. Any other kind of task may decide per user: then the panel
    is kept for this user only.
    """
    if not user.is_authenticated:
        return ""
    return key if _only_group_tasks() else f"user-{user.pk}:{key}"


def _only_group_tasks() -> bool:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Task

    cache_key = f"intranet:only-group-tasks:{generation()}"
    answer = cache.get(cache_key)
    if answer is None:
        group_task = ContentType.objects.get_for_model(GroupApprovalTask, for_concrete_model=False)
        kinds = set(Task.objects.filter(active=True).values_list("content_type", flat=True))
        answer = kinds <= {group_task.pk}
        cache.set(cache_key, answer, 3600)
    return answer
