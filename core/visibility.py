"""The one rule for "what this user may see", used by every channel.

A page is visible to a user when it is live and no view restriction on the page or on
one of its ancestors shuts the user out. Everything on the intranet is behind login, so
only group restrictions (secret documents, readable by named groups) can shut a
logged-in user out; superusers see everything. Anonymous users see nothing.

The rule is one SQL condition (an ``EXISTS`` over the restrictions whose page path is
a prefix of the page's path), so it stays inside the query: pagination and counts stay
right, and the number of restrictions does not grow the query.
"""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def _blocking_restrictions(user) -> QuerySet:
    """Restrictions that shut ``user`` out (to be matched against a page path)."""
    restrictions = PageViewRestriction.objects.all()
    if user.is_authenticated:
        allowed = Q(restriction_type=PageViewRestriction.LOGIN) | Q(
            restriction_type=PageViewRestriction.GROUPS, groups__in=user.groups.all()
        )
        restrictions = restrictions.exclude(
            pk__in=PageViewRestriction.objects.filter(allowed).values("pk")
        )
    return restrictions


def restricted_for(user) -> Exists:
    """An ``Exists`` expression true for pages that ``user`` may not see."""
    blocking = _blocking_restrictions(user).filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return Exists(blocking)


def _shutting(path) -> QuerySet:
    """Restrictions that can shut a member out (all but "login") on the page at ``path`` (an
    expression of the query this becomes a subquery of) or on one of its ancestors."""
    return PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.LOGIN).filter(
        page__path=Substr(path, 1, Length("page__path"))
    )


def _outer(path, depth: int):
    """``path`` as seen from ``depth`` subqueries down: a field name of the outer query
    becomes ``OuterRef`` that many times; an expression (``Value(page.path)``) stays."""
    if not isinstance(path, str):
        return path
    for _level in range(depth):
        path = OuterRef(path)
    return path


def restricted_for_someone(path: str = "path") -> Exists:
    """True for pages shut to some member: a restriction other than "login" on the page at
    ``path`` (a field of the outer query, or ``Value(page.path)``) or on an ancestor."""
    return Exists(_shutting(_outer(path, 1)))


def is_shut_to_some(page: Page) -> bool:
    """Whether some member may not see ``page`` (``restricted_for_someone`` for one page)."""
    return _shutting(Value(page.path)).exists()


def shutting_paths() -> list[str]:
    """The paths of the pages under a restriction that can shut a member out (``_shutting``):
    a page at none of them, nor below one, is seen by every member, and so by every reader
    of any other page (``seen_by_every_reader`` is true for it), which a caller checking
    many pages can tell without the SQL condition."""
    restrictions = PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.LOGIN)
    return list(restrictions.values_list("page__path", flat=True).distinct())


def seen_by_every_reader(page_path, of_path) -> Exists:
    """True when every member who may see the page at ``of_path`` may also see the page at
    ``page_path`` (field names of the outer query, or ``Value(path)`` expressions).

    What lets one page shape what another's readers are shown (a relation that ends a
    document, a citation resolved to it) without telling them more than they may know: a
    public page reaches everyone, a page restricted to groups A and B reaches the readers of
    a page restricted to A. Each restriction on ``page_path`` must let in everyone that some
    restriction on ``of_path`` lets in, i.e. allow all of its groups (a page under several
    restrictions is seen by the groups common to all; one of them suffices here, so the
    test errs towards "not seen by every reader" and never the other way). Superusers see
    everything and do not count. One SQL condition, four ``EXISTS`` deep, for the queries
    that store or show what depends on it.
    """
    through = PageViewRestriction.groups.through
    # A group of restriction T (on "of") that restriction R (on "page") does not allow.
    group_left_out = through.objects.filter(pageviewrestriction_id=OuterRef("pk")).exclude(
        Exists(
            through.objects.filter(
                pageviewrestriction_id=OuterRef(OuterRef(OuterRef("pk"))),
                group_id=OuterRef("group_id"),
            )
        )
    )
    # A restriction T on "of" whose readers R lets in.
    covering = _shutting(_outer(of_path, 2)).exclude(Exists(group_left_out))
    # A restriction R on "page" that shuts out some reader of "of".
    uncovered = _shutting(_outer(page_path, 1)).exclude(Exists(covering))
    return ~Exists(uncovered)


def reader_rules() -> list[tuple[str, frozenset[int]]]:
    """``(page path, group ids)`` of every restriction that can shut a member out (all but
    "login"), with the groups the restriction holds whatever its kind: the data
    ``seen_by_every_reader`` reads, read at once for ``seen_by_every_reader_of``."""
    held = _groups_held()
    return [(path, held[pk]) for pk, path, _kind in _shutting_rows()]


def seen_by_every_reader_of(page_path: str, of_path: str, rules) -> bool:
    """``seen_by_every_reader`` for two paths, from ``reader_rules()``: the same rule (every
    restriction on the page covered by one on "of" whose groups it all allows) for many
    pairs at once. Where the SQL condition, four ``EXISTS`` deep for each row, took up to
    0.7 s a document at 20,000 documents on SQLite. ``tests/security/test_reader_rule.py``
    holds both to the same answers."""
    on_of = [groups for path, groups in rules if of_path.startswith(path)]
    return all(
        any(theirs <= allowed for theirs in on_of)
        for path, allowed in rules
        if page_path.startswith(path)
    )


def visible_pages(user, queryset: QuerySet | None = None) -> QuerySet:
    """Live pages of ``queryset`` (default: all pages) that ``user`` may see."""
    queryset = Page.objects.all() if queryset is None else queryset
    return admin_visible_pages(user, queryset.live())


def admin_visible_pages(user, queryset: QuerySet | None = None) -> QuerySet:
    """Pages of ``queryset``, drafts included, that no view restriction shuts ``user`` out of.

    The same rule as ``visible_pages`` without the "live" condition: what the Wagtail admin
    may show an editor (a draft of a secret document is as secret as its live version).
    """
    queryset = Page.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.exclude(restricted_for(user))


def hidden_page_ids(user) -> QuerySet:
    """The ids of the pages (drafts included) ``user`` may not see, as a subquery."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Page.objects.none().values("pk")
    if not user.is_authenticated or not user.is_active:
        return Page.objects.values("pk")
    return Page.objects.filter(restricted_for(user)).values("pk")


def open_to_members(queryset: QuerySet | None = None) -> QuerySet:
    """Pages of ``queryset`` (drafts included) that no restriction closes to any member.

    The rule for a user in no group: what may be shown to everyone at once, such as a link
    in rich text, which is rendered without knowing who will read it.
    """
    queryset = Page.objects.all() if queryset is None else queryset
    closing = PageViewRestriction.objects.exclude(
        restriction_type=PageViewRestriction.LOGIN
    ).filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return queryset.exclude(Exists(closing))


def admin_may_see(user, page: Page) -> bool:
    """Whether the admin may show ``page`` (draft or live) to ``user``."""
    return admin_visible_pages(user, Page.objects.filter(pk=page.pk)).exists()


def can_view_page(user, page: Page) -> bool:
    """Whether ``user`` may see ``page`` (the same rule as ``visible_pages``)."""
    return visible_pages(user, Page.objects.filter(pk=page.pk)).exists()


def restriction_rules(restrictions) -> list[tuple[str, set[int]]]:
    """``(page path, allowed group ids)`` of the restrictions that can shut a member out.

    Group restrictions allow their groups; any other kind but "login" (a password) allows
    no group: ``visible_pages`` lets a member in only through login and group restrictions.
    Login restrictions shut nobody out on an intranet where everyone is logged in.
    """
    rules = []
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            continue
        groups = (
            {group.pk for group in restriction.groups.all()}
            if restriction.restriction_type == PageViewRestriction.GROUPS
            else set()
        )
        rules.append((restriction.page.path, groups))
    return rules


def every_restriction_rule() -> list[tuple[str, set[int]]]:
    """``restriction_rules`` of the whole site, read at once (indexing many pages): two
    queries of values, no page built (a secret document is a restriction: hundreds)."""
    held = _groups_held()
    return [
        (path, set(held[pk]) if kind == PageViewRestriction.GROUPS else set())
        for pk, path, kind in _shutting_rows()
    ]


def _shutting_rows():
    """(id, page path, kind) of the restrictions that can shut a member out."""
    restrictions = PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.LOGIN)
    return restrictions.values_list("pk", "page__path", "restriction_type")


def _groups_held() -> dict[int, frozenset[int]]:
    """The group ids each restriction holds (its many-to-many rows), by restriction id."""
    held = defaultdict(set)
    through = PageViewRestriction.groups.through
    rows = through.objects.values_list("pageviewrestriction_id", "group_id")
    for restriction_id, group_id in rows:
        held[restriction_id].add(group_id)
    return defaultdict(frozenset, {pk: frozenset(groups) for pk, groups in held.items()})


def allowed_for_path(path: str, rules: list[tuple[str, set[int]]]) -> list[int] | None:
    """The groups that may see the page at ``path`` under ``rules``; ``None``: everyone.

    A page under several restrictions is visible to the groups common to all of them.
    """
    allowed: set[int] | None = None
    for rule_path, groups in rules:
        if path.startswith(rule_path):
            allowed = set(groups) if allowed is None else allowed & groups
    return None if allowed is None else sorted(allowed)


def allowed_group_ids(page: Page) -> list[int] | None:
    """The groups that may see ``page`` (superusers aside); ``None`` means every member.

    The rule of ``visible_pages`` stated for one page, as search indexes store it.
    """
    restrictions = PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).select_related("page")
    return allowed_for_path(page.path, restriction_rules(restrictions.prefetch_related("groups")))


def users_who_may_see(page: Page, users: QuerySet) -> QuerySet:
    """The users of ``users`` who may see ``page`` (live or not): the rule on users."""
    allowed = allowed_group_ids(page)
    users = users.filter(is_active=True)
    if allowed is None:
        return users
    in_groups = users.model.objects.filter(groups__in=allowed).values("pk")
    return users.filter(Q(is_superuser=True) | Q(pk__in=in_groups))


def may_see_asset(user, asset) -> bool:
    """Whether ``user`` may download an image or document (Wagtail's own files).

    Files are not pages, so they follow the pages that use them (Wagtail's reference
    index): a file used only by pages hidden from the user is hidden too, so an image or
    a document placed in a secret document does not leak by its address. A file that no
    page uses is visible to every logged-in user.
    """
    from wagtail.models import ReferenceIndex

    if not user.is_authenticated or not user.is_active:
        return False
    references = ReferenceIndex.get_references_to(asset).filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    page_ids = {int(object_id) for object_id in references.values_list("object_id", flat=True)}
    if not page_ids:
        return True
    return admin_visible_pages(user, Page.objects.filter(pk__in=page_ids)).exists()
