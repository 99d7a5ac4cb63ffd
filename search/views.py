"""Search page, autocomplete and the JSON API: all through ``search.service``."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .params import InvalidParameters, read_params
from .serializers import response_dict
from .service import autocomplete, search


@require_GET
def search_page(request):
    params = read_params(request.GET, strict=False)
    response = None
    if params.query.strip():
        response = search(
            request.user,
            params.query,
            filters=params.filters,
            sort=params.sort,
            page=params.page,
            per_page=params.per_page,
            with_articles=True,
        )
    context = {
        "query": params.query[:256],
        "params": params,
        "response": response,
        "first_number": (params.page - 1) * params.per_page + 1,
        "sorts": [("relevance", _("Phù hợp nhất")), ("date", _("Mới nhất"))],
        "facet_titles": [
            ("section", _("Chuyên mục")),
            ("type", _("Loại văn bản")),
            ("issuer", _("Cơ quan ban hành")),
            ("field", _("Lĩnh vực")),
            ("year", _("Năm")),
            ("validity", _("Hiệu lực")),
        ],
    }
    return render(request, "search/search_page.html", context)


@require_GET
def autocomplete_view(request):
    prefix = (request.GET.get("q") or "")[:100]
    entries = autocomplete(request.user, prefix) if len(prefix.strip()) >= 2 else []
    return JsonResponse(
        {
            "results": [
                {"number": entry.number, "title": entry.title, "url": entry.url_path}
                for entry in entries
            ]
        }
    )


@require_GET
def search_api(request):
    """``GET /api/v1/search/?q=&type=&page=``: the search page's results as JSON."""
    try:
        params = read_params(request.GET, strict=True)
    except InvalidParameters as error:
        return JsonResponse({"error": str(error), "errors": error.errors}, status=400)
    if not params.query.strip():
        return JsonResponse(
            {"error": _("Thiếu tham số “q” (từ khóa tìm kiếm)."), "errors": {"q": "required"}},
            status=400,
        )
    response = search(
        request.user,
        params.query,
        filters=params.filters,
        sort=params.sort,
        page=params.page,
        per_page=params.per_page,
        with_articles=True,
    )
    return JsonResponse(response_dict(response), json_dumps_params={"ensure_ascii": False})
