"""The admin's page search finds what members find: toneless words and document numbers.

Wagtail's own page search (its default backend) matches words as typed: ``quy che`` finds no
"Quy chế", ``05-CT/TW`` no document numbered so. Editors must find in the admin what members
find on the site, so the admin's search view (``search_view_class`` of the page viewset,
Wagtail's way to replace a page view) puts first the pages our Vietnamese search
(``search.service``) finds for this editor, then those Wagtail finds (drafts, pages outside
the index), among the pages the admin lets the editor explore: ``explorable_instances`` of
the page permission policy, which already leaves out what the editor may not see
(``core.admin_visibility``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, When
from wagtail.admin.views.pages.search import SearchView

from core.admin_page_views import VisiblePageViewSet

from . import service

# Wagtail's search results are read up to this many pages (the listing shows 20 a screen).
WAGTAIL_RESULTS = 200


def vietnamese_page_ids(user, query: str) -> list[int]:
    """The pages our search finds for ``query``, best first (the first ``MAX_PER_PAGE``)."""
    response = service.search(user, query, per_page=service.MAX_PER_PAGE, with_facets=False)
    return [hit.entry.page_id for hit in response.hits]


class VietnameseAdminSearchView(SearchView):
    def get_queryset(self):
        wagtail_results = super().get_queryset()
        query = (self.search_query or "").strip()
        if not query or ":" in query:  # Wagtail's "live:yes" filters: its own search only
            return wagtail_results
        ours = vietnamese_page_ids(self.request.user, query)
        if not ours:
            return wagtail_results
        theirs = [page.pk for page in wagtail_results[:WAGTAIL_RESULTS]]
        ids = ours + [pk for pk in theirs if pk not in set(ours)]
        explorable = self.permission_policy.explorable_instances(self.request.user)
        found = explorable.filter(pk__in=ids)
        self.all_pages = found
        self.content_types = [
            (ContentType.objects.get_for_id(row["content_type"]), row["count"])
            for row in found.values("content_type").annotate(count=Count("pk")).order_by()
        ]
        pages = found
        if self.selected_content_type:
            pages = pages.filter(content_type=self.selected_content_type)
        pages = self.annotate_queryset(pages)
        if self.ordering:
            return pages.order_by(self.ordering)
        rank = Case(
            *[When(pk=pk, then=position) for position, pk in enumerate(ids)],
            output_field=IntegerField(),
        )
        return pages.order_by(rank)


class VietnamesePageViewSet(VisiblePageViewSet):
    """``core``'s page viewset (the visibility rule) with the Vietnamese admin search."""

    search_view_class = VietnameseAdminSearchView
