"""The JSON shape shared by the API and the command line."""

from .service import SearchResponse


def result_dict(hit) -> dict:
    entry = hit.entry
    return {
        "number": entry.number,
        "issued_on": entry.date.isoformat() if entry.date and entry.number else None,
        "title": entry.title,
        "url": entry.url_path,
        "type": entry.doc_type or entry.section,
        "section": entry.section,
        "validity": entry.validity,
        "snippet": hit.snippet,
        # the best-matching articles of a long document, at most 3 (``search.articles``)
        "articles": hit.articles,
    }


def response_dict(response: SearchResponse) -> dict:
    return {
        "query": response.query.raw,
        "count": response.count,
        "page": response.page,
        "per_page": response.per_page,
        "num_pages": response.num_pages,
        "has_next": response.has_next,
        # true above SEARCH_EXACT_COUNT_LIMIT matches: "count" and the facet counts are then
        # estimates (two significant figures), and "num_pages" with them; "has_next" is exact
        "estimated": {"count": response.count_estimated, "facets": response.facets_estimated},
        "sort": response.sort,
        "results": [result_dict(hit) for hit in response.hits],
        "facets": response.facets,
        "message": response.message,
        "suggestion": response.suggestion,
    }
