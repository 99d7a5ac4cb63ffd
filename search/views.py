"""The search page (a first version on Wagtail's search; see the search issue)."""

from django.shortcuts import render

from home.listing import paginate

from .service import search_documents


def search_page(request):
    query = request.GET.get("q", "").strip()[:500]
    results = search_documents(request.user, query) if query else None
    context = {"query": query, "page_obj": paginate(request, results, 20) if query else None}
    return render(request, "search/search_page.html", context)
