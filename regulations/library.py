"""The library index: filters with counts, sorting, pagination and feeds."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.freshness import content_visibility_key
from core.params import NumberParam, SortParam
from core.visibility import visible_pages

from .choices import Validity
from .filters import LIBRARY_FACETS, SYSTEMS, DocumentFilterForm, accepts, as_year
from .import_format.codes import type_facet_label
from .models import PartyDocumentPage, StateDocumentPage
from .validity import refresh_validity_daily

SORTS = {
    "-issued_on": (_("Mới ban hành trước"), ("-issued_on", "-pk")),
    "issued_on": (_("Cũ trước"), ("issued_on", "pk")),
    "number": (_("Theo số, ký hiệu"), ("number_key", "issued_on")),
}
DEFAULT_SORT = "-issued_on"
PAGE_SIZE = 20
MAX_PAGE = 99_999


class LibraryForm(DocumentFilterForm):
    """The library's parameters: the document filters (``regulations.filters``, shared with
    search), its three sorts and pages up to 99,999."""

    sort = SortParam(choices=SORTS, default=DEFAULT_SORT)
    page = NumberParam(max_value=MAX_PAGE, default=1)


def library_documents(user, library=None) -> QuerySet:
    """Documents of ``library`` (or every library) that ``user`` may see."""
    documents = PartyDocumentPage.objects.all()
    if library is not None:
        documents = documents.descendant_of(library)
    return visible_pages(user, documents)


def _apply(documents: QuerySet, name: str, value: str) -> QuerySet:
    """``documents`` with ``value`` of filter ``name``; a value the filter form refuses
    (``?year=abc``, ``?year=²``, a NUL, which PostgreSQL refuses) matches nothing."""
    if name == "year":
        year = as_year(value)
        # refused (None), or 0, which no date has (the lookup would build one): nothing
        return documents.filter(issued_on__year=year) if year else documents.none()
    if not accepts(name, value):
        return documents.none()
    if name == "system":
        state = documents.filter(pk__in=StateDocumentPage.objects.values("pk"))
        return state if value == "state" else documents.exclude(pk__in=state.values("pk"))
    if name == "type":
        return documents.filter(doc_type=value)
    if name == "issuer":
        # A subquery, not a join: no duplicate rows, so no DISTINCT over every column.
        through = documents.model.issuers.through
        issued = through.objects.filter(issuer__code=value).values("partydocumentpage_id")
        return documents.filter(pk__in=issued)
    if name == "field":
        return documents.filter(field=value)
    if name == "validity":
        return documents.filter(validity=value)
    return documents


def filter_documents(documents: QuerySet, filters: dict[str, str], skip: str = "") -> QuerySet:
    for name, value in filters.items():
        if name != skip:
            documents = _apply(documents, name, value)
    return documents


def facet_counts(documents: QuerySet, filters: dict[str, str]) -> dict[str, list[dict]]:
    """For each filter, its values with the number of documents matching the other filters."""
    validity_labels = dict(Validity.choices)
    specs = {
        "type": ("doc_type", type_facet_label),
        "issuer": ("issuers__code", None),
        "field": ("field", None),
        "year": ("year", None),
        "validity": ("validity", lambda value: validity_labels.get(value, value)),
    }
    facets = {"system": _system_counts(documents, filters)}
    for name, (column, label) in specs.items():
        subset = filter_documents(documents, filters, skip=name)
        if name == "year":
            subset = subset.annotate(year=ExtractYear("issued_on"))
        if name == "issuer":
            rows = _issuer_rows(subset)
        else:
            rows = subset.exclude(**{f"{column}__isnull": True}).values(column)
            rows = rows.annotate(count=Count("pk", distinct=True)).order_by(column)
        if name == "year":
            rows = rows.order_by(f"-{column}")
        facets[name] = [
            {
                "value": str(row[column]),
                "label": label(row[column]) if label else str(row[column]),
                "count": row["count"],
                "selected": filters.get(name) == str(row[column]),
            }
            for row in rows
            if row[column] not in ("", None)
        ]
    return facets


def _system_counts(documents: QuerySet, filters: dict[str, str]) -> list[dict]:
    """Đảng and Nhà nước, each with its count under the other filters (a system with no
    document left out, as the other facets leave out values no document has)."""
    subset = filter_documents(documents, filters, skip="system")
    state = filter_documents(subset, {"system": "state"}).count()
    counts = {"party": subset.count() - state, "state": state}
    return [
        {
            "value": value,
            "label": str(label),
            "count": counts[value],
            "selected": filters.get("system") == value,
        }
        for value, label in SYSTEMS.items()
        if counts[value]
    ]


def _issuer_rows(documents: QuerySet) -> list[dict]:
    """Issuer counts from the link table (one row per document and issuer): no DISTINCT
    over a join of every visible document, the slowest facet on a large library."""
    through = documents.model.issuers.through
    rows = (
        through.objects.filter(partydocumentpage_id__in=documents.values("pk"))
        .values("issuer__code")
        .annotate(count=Count("partydocumentpage_id"))
        .order_by("issuer__code")
    )
    return [{"issuers__code": row["issuer__code"], "count": row["count"]} for row in rows]


class LibraryListing:
    """One page of the library's list with its facet counts, computed when first asked.

    The template keeps what this shows in the cache under ``key``: the visibility context
    (``core.freshness.content_visibility_key``: groups, superuser flag, content generation,
    date), the library, the filters, the sort and the page number. Users with the same
    groups share it; nobody gets a list or a count made for other groups, and the next
    write to the database renews the key. A listing found in the cache runs no query.
    """

    def __init__(self, user, library, filters: dict[str, str], sort: str, page: str):
        self.user = user
        self.library = library
        self.filters = filters
        self.sort = sort
        self.page_number = page

    @property
    def key(self) -> str:
        filters = urlencode(sorted(self.filters.items()))
        parts = (
            content_visibility_key(self.user),
            self.library.pk,
            filters,
            self.sort,
            self.page_number,
        )
        return "|".join(str(part) for part in parts)

    @cached_property
    def documents(self) -> QuerySet:
        return library_documents(self.user, self.library)

    @cached_property
    def page_obj(self):
        ordered = filter_documents(self.documents, self.filters).order_by(*SORTS[self.sort][1])
        paginator = Paginator(ordered.prefetch_related("issuers"), PAGE_SIZE)
        return paginator.get_page(self.page_number)

    @cached_property
    def facets(self) -> dict[str, list[dict]]:
        return facet_counts(self.documents, self.filters)

    @property
    def total(self) -> int:
        return self.page_obj.paginator.count  # counted once, by the paginator

    @property
    def query_prefix(self) -> str:
        """The filters and sort as the start of a query string, for the pagination links."""
        params = [(name, self.filters[name]) for name in LIBRARY_FACETS if name in self.filters]
        if self.sort != DEFAULT_SORT:
            params.append(("sort", self.sort))
        return urlencode(params) + "&" if params else ""


def page_param(params: LibraryForm) -> str:
    """The page number asked for, in few enough forms to key a cache: what is not a number is
    page 1 and a number out of range "0", both as the paginator reads them (page 1, last)."""
    if params.has_error("page", "out_of_range"):
        return "0"
    return str(params.value("page"))


def library_context(library, request) -> dict:
    """The library page's filtered list, its counts, sorts and pagination."""
    refresh_validity_daily()  # before the key: a change renews the content generation
    params = LibraryForm(request.GET)
    filters = params.chosen()
    sort = params.value("sort")
    listing = LibraryListing(request.user, library, filters, sort, page_param(params))
    return {
        "listing": listing,
        "listing_key": listing.key,
        "filters": filters,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
    }
