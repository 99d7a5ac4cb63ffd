"""The home page's "Việc cần làm" column: what this user can act on, from a list of providers.

Each provider is one kind of work (documents to review, acknowledgements for my unit, study
to confirm...). It says whether it concerns the user at all (``applies``, cheap: from the
groups and memberships read once per request), what to show (``data``, run only when its
fragment is not in the cache), under which cache key its fragment may be shared
(``cache_key``; None: built for every request) and which template shows it. A user with no
provider that applies sees no column; the order of ``PROVIDERS`` is the order on the page,
so that a leader's and an Office editor's queues come first.

Another app's block (tasks, today's schedule) plugs in with ``register(NeedsProvider(...))``
from ``home`` (the layer that gathers the apps), at the ``order`` it should take.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.core.cache import cache
from django.db.models import Count
from django.utils.functional import SimpleLazyObject
from wagtail.models import GroupApprovalTask, TaskState

from announcements.models import Delivery
from core import viewer
from core.admin_visibility import visible_task_states
from core.freshness import content_visibility_key, generation, visibility_key
from core.visibility import visible_pages
from organisation import people
from study.audience import pending_plans
from tasks.notices import task_notices

from .unit_work import unit_summary

LIMIT = 6


@dataclass(frozen=True)
class NeedsProvider:
    name: str
    template: str
    applies: Callable[[object], bool]
    data: Callable[[object], object]
    cache_key: Callable[[object], str] | None = None
    order: int = 100


@dataclass
class Need:
    """A provider bound to one user, as the template uses it."""

    name: str
    template: str
    cache_key: str
    data: object = field(repr=False)


PROVIDERS: list[NeedsProvider] = []


def register(provider: NeedsProvider) -> NeedsProvider:
    PROVIDERS[:] = sorted(
        [p for p in PROVIDERS if p.name != provider.name] + [provider], key=lambda p: p.order
    )
    return provider


def needs_of(user) -> list[Need]:
    """The providers that concern ``user``, in page order, with their data left lazy."""
    if not user.is_authenticated:
        return []
    return [
        Need(
            name=provider.name,
            template=provider.template,
            cache_key=provider.cache_key(user) if provider.cache_key else "",
            data=SimpleLazyObject(partial(provider.data, user)),
        )
        for provider in PROVIDERS
        if provider.applies(user)
    ]


# ---- Documents awaiting my review (reviewers, the Chánh Văn phòng, the Office's editors)


def _review_group_ids() -> set[int]:
    key = f"intranet:review-groups:{generation()}"
    ids = cache.get(key)
    if ids is None:
        tasks = GroupApprovalTask.objects.filter(active=True)
        ids = set(tasks.values_list("groups", flat=True)) - {None}
        cache.set(key, ids, 3600)
    return ids


def _reviews_me(user) -> bool:
    return user.is_superuser or bool(set(viewer.group_ids(user)) & _review_group_ids())


def _reviews(user) -> list:
    # A reviewer outside a secret document's groups must not see it awaiting review.
    states = visible_task_states(user, TaskState.objects.reviewable_by(user))
    states = states.select_related("revision", "task")
    return list(states.order_by("started_at")[:LIMIT])


def _reviews_key(user) -> str:
    return tasks_key(user, content_visibility_key(user))


def tasks_key(user, key: str) -> str:
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
    from wagtail.models import Task

    cache_key = f"intranet:only-group-tasks:{generation()}"
    answer = cache.get(cache_key)
    if answer is None:
        group_task = ContentType.objects.get_for_model(GroupApprovalTask, for_concrete_model=False)
        kinds = set(Task.objects.filter(active=True).values_list("content_type", flat=True))
        answer = kinds <= {group_task.pk}
        cache.set(cache_key, answer, 3600)
    return answer


# ---- The Office: units that have not confirmed receipt


def _office_follow_up(user) -> dict:
    pending = Delivery.objects.filter(acknowledged_at__isnull=True, page__in=visible_pages(user))
    by_page = (
        pending.values("page_id", "page__title")
        .annotate(units=Count("unit", distinct=True))
        .order_by("-units", "page__title")
    )
    return {
        "documents": list(by_page[:3]),
        "document_count": by_page.count(),
        "unit_count": pending.values("unit").distinct().count(),
    }


# ---- My unit's acknowledgements and registrations (unit editors and leaders)


def _acting_key(user) -> str:
    acting = ",".join(str(pk) for pk in people.unit_ids_acting_for(user))
    return f"{visibility_key(user)}:{acting}"


register(
    NeedsProvider(
        name="reviews",
        template="home/needs/reviews.html",
        applies=_reviews_me,
        data=_reviews,
        cache_key=_reviews_key,
        order=10,
    )
)
register(
    NeedsProvider(
        name="office",
        template="home/needs/office.html",
        applies=people.is_office_staff,
        data=_office_follow_up,
        cache_key=visibility_key,
        order=20,
    )
)
register(
    NeedsProvider(
        name="unit",
        template="home/needs/unit.html",
        applies=lambda user: bool(people.unit_ids_acting_for(user)),
        data=partial(unit_summary, acting_only=True),
        cache_key=_acting_key,
        order=30,
    )
)
register(
    NeedsProvider(
        name="study",
        template="home/needs/study.html",
        applies=lambda user: True,
        data=lambda user: list(pending_plans(user)[:LIMIT]),
        order=40,
    )
)
register(
    NeedsProvider(
        name="tasks",
        template="home/needs/tasks.html",
        # the units' overdue and due-soon tasks, the Office's reports and extensions to decide
        applies=lambda user: people.is_office_staff(user) or bool(people.unit_ids_acting_for(user)),
        data=task_notices,
        order=25,
    )
)
