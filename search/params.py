"""Validation of search parameters shared by the search page and the JSON API."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .service import FACETS, MAX_PER_PAGE, SORTS

MAX_QUERY_PARAM = 10_000
MAX_PAGE = 1000


class InvalidParameters(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class SearchParams:
    query: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


def _positive_int(value: str, name: str, maximum: int, errors: dict[str, str]) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = _("Tham số “%(name)s” phải là một số nguyên dương.") % {"name": name}
        return None
    if not 1 <= number <= maximum:
        errors[name] = _("Tham số “%(name)s” phải từ 1 đến %(max)s.") % {
            "name": name,
            "max": maximum,
        }
        return None
    return number


def read_params(data, *, strict: bool) -> SearchParams:
    """Read the query string. ``strict`` (the API) refuses bad values; the page corrects them."""
    errors: dict[str, str] = {}
    params = SearchParams(query=(data.get("q") or "")[:MAX_QUERY_PARAM])
    for name in FACETS:
        value = (data.get(name) or "").strip()[:100]
        if value:
            if name == "year" and not (value.isascii() and value.isdigit() and len(value) <= 4):
                errors[name] = _("Năm phải là số, ví dụ 2024.")
                continue
            params.filters[name] = value
    sort = data.get("sort") or "relevance"
    if sort in SORTS:
        params.sort = sort
    else:
        errors["sort"] = _("Cách sắp xếp “%(sort)s” không hợp lệ; dùng: %(values)s.") % {
            "sort": sort[:30],
            "values": ", ".join(SORTS),
        }
    if data.get("page"):
        params.page = _positive_int(data.get("page"), "page", MAX_PAGE, errors) or 1
    if data.get("per_page"):
        params.per_page = (
            _positive_int(data.get("per_page"), "per_page", MAX_PER_PAGE, errors) or 20
        )
    if strict and errors:
        raise InvalidParameters(errors)
    return params
