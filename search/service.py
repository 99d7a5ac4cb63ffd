"""The search service: one entry point for every channel, filtered by the visibility rule.

First version on Wagtail's own search: the backend cannot take the visibility
``EXISTS`` condition, so the matches are narrowed by ``visible_pages`` in one query
before anything is counted or shown. The Vietnamese search issue replaces this with
an index that stores the allowed groups.
"""

from wagtail.models import Page

from home.visibility import visible_pages

MAX_RESULTS = 500


def search_documents(user, query: str) -> list[Page]:
    """Pages matching ``query`` that ``user`` may see, best first."""
    if not user.is_authenticated:
        return []
    matches = [page.pk for page in Page.objects.live().search(query)[:MAX_RESULTS]]
    visible = visible_pages(user, Page.objects.filter(pk__in=matches)).specific().in_bulk()
    return [visible[pk] for pk in matches if pk in visible]
