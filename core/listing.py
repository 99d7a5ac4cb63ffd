"""Pagination shared by listings."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int) -> PaginatorPage:
    """Return the requested page, falling back to the first or last for bad numbers."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
