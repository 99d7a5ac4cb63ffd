"""The search page's and the JSON API's parameters: the document filters of
``regulations.filters`` (one reader for the library and search) and what only search takes.
"""

from dataclasses import dataclass, field

from core.params import NumberParam, SortParam, TextParam, ValueParam
from regulations.filters import FACETS, DocumentFilterForm

from .service import MAX_PER_PAGE, SORTS

MAX_QUERY_PARAM = 10_000
MAX_PAGE = 1000


class InvalidParameters(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class SearchForm(DocumentFilterForm):
    """The query, the section facet (news, study plans and pages are searched too), search's
    two orders, and pages of up to ``MAX_PER_PAGE`` results up to page ``MAX_PAGE``."""

    facets = ("section", *FACETS)
    field_order = ["q", "section", *FACETS, "sort", "page", "per_page"]

    system = None  # the library's; search has its sections ("state") for it
    q = TextParam(max_length=MAX_QUERY_PARAM)
    section = ValueParam()
    sort = SortParam(choices=SORTS, default="relevance")
    page = NumberParam(max_value=MAX_PAGE, default=1)
    per_page = NumberParam(max_value=MAX_PER_PAGE, default=20)


@dataclass
class SearchParams:
    query: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


def read_params(data, *, strict: bool) -> SearchParams:
    """Read the query string. ``strict`` (the API) refuses bad values; the page corrects them:
    an invalid filter is left out, an invalid sort or page is the default."""
    form = SearchForm(data)
    if strict and form.errors:
        raise InvalidParameters(form.messages())
    return SearchParams(
        query=form.value("q"),
        filters=form.filters(),
        sort=form.value("sort"),
        page=form.value("page"),
        per_page=form.value("per_page"),
    )
