"""The search service: one entry point for the search page, autocomplete, the JSON API and
the command line, with the visibility rule inside the query.

A query is read (``search.query``) into words, phrases and perhaps a document number.
Documents whose number matches come first (the exact number before partial ones); then the
full-text matches of all the words in any order, marked matches above folded ones. When
all the words together find nothing, documents with any of them are shown instead, and a
word that appears nowhere is matched with the known words one letter away from it.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from core import viewer
from core.vietnamese import fold
from regulations.numbers import matches

from .articles import articles_by_entry
from .engines import Scope, TextQuery, engine
from .entries import SECTIONS
from .facets import FACETS, FacetCounts, filtered
from .highlight import highlight, snippet
from .models import SearchEntry, SearchTerm
from .query import ParsedQuery, parse_query

SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
MAX_NUMBER_HITS = 200
MIN_TYPO_LENGTH = 5
# Columns only matching reads: a result line never needs them, and on PostgreSQL most of them
# live out of line (each one read would be another lookup).
INDEX_ONLY = (
    "marked_title", "folded_title", "marked_text", "folded_text",
    "folded_vector", "marked_vector", "title_vector",
)  # fmt: skip


@dataclass
class Hit:
    entry: SearchEntry
    snippet: str
    title_html: str
    # the best-matching articles of a document (``search.articles``): anchor, title, url, snippet
    articles: list[dict] = field(default_factory=list)


@dataclass
class SearchResponse:
    query: ParsedQuery
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    matched_any: bool = False
    message: str = ""
    suggestion: str = ""
    # above ``facets.exact_limit()`` matches the counts are estimates (``search.facets``)
    count_estimated: bool = False
    facets_estimated: bool = False
    has_next: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


def visible_entries(user) -> QuerySet:
    """Index entries ``user`` may see: the same rule as ``core.visibility.visible_pages``."""
    if not user.is_authenticated or not user.is_active:
        return SearchEntry.objects.none()
    entries = SearchEntry.objects.filter(live=True)
    if user.is_superuser:
        return entries
    allowed = SearchEntry.allowed_groups.through.objects.filter(
        searchentry_id=OuterRef("pk"), group_id__in=viewer.group_ids(user)
    )
    return entries.filter(Q(restricted=False) | Exists(allowed))


def _scope(user, filters: dict[str, str] | None = None, exclude_ids=()) -> Scope:
    """What ``visible_entries(user)`` and the filters mean, for an engine outside the database."""
    groups = None if user.is_superuser else viewer.group_ids(user)
    return Scope(allowed_groups=groups, filters=dict(filters or {}), exclude_ids=tuple(exclude_ids))


def _vocabulary(lengths: list[int]) -> list[str]:
    return list(SearchTerm.objects.filter(length__in=lengths).values_list("term", flat=True))


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 or (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def corrections(word: str, present=None) -> tuple[str, ...]:
    """Known words one letter away from ``word`` when ``word`` itself is nowhere in the index.

    The vocabulary holds the words of what every member sees (``backend.remember_terms``):
    which neighbours exist, and so how long correcting takes, never depends on a secret
    document. ``present(term)`` tells whether a term is in the entries the user may see
    now (a word of a page since unpublished or made secret stays in the vocabulary until
    the index is rebuilt): both questions ("is the word there?", "which neighbours are?")
    are answered from what the user may see only.
    """
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
        return ()
    if SearchTerm.objects.filter(term=word).exists() and (present is None or present(word)):
        return ()
    lengths = [len(word) - 1, len(word), len(word) + 1]
    candidates = sorted(term for term in _vocabulary(lengths) if _one_edit_apart(word, term))
    if present is not None:
        candidates = [term for term in candidates if present(term)]
    return tuple(candidates[:8])


def _presence(visible: QuerySet, search_engine, scope=None):
    """``present(term)``: whether an entry of ``visible`` has the folded word ``term``."""

    def present(term: str) -> bool:
        text = TextQuery(groups=((term,),), phrases=())
        return search_engine.any_match(visible, text, scope=scope)

    return present


def _text_query(
    parsed: ParsedQuery, match_all: bool, prefix_last: bool = False, present=None
) -> TextQuery:
    groups = tuple((word, *corrections(word, present)) for word in parsed.folded)
    marked = ()
    if parsed.has_marks:
        marked = tuple((word,) for word in parsed.marked)
    return TextQuery(
        groups=groups,
        phrases=tuple(phrase.folded for phrase in parsed.phrases),
        match_all=match_all,
        prefix_last=prefix_last,
        marked_groups=marked,
    )


def _number_hits(entries: QuerySet, parsed: ParsedQuery) -> list[int]:
    """Documents the query names by number, then codes it names by abbreviation."""
    named = _name_hits(entries, parsed)
    by_number = _numbered(entries, parsed)
    return by_number + [pk for pk in named if pk not in by_number]


def _name_hits(entries: QuerySet, parsed: ParsedQuery) -> list[int]:
    """State documents whose title holds the name of an abbreviation ("BLLĐ 2019": the
    Bộ luật Lao động of 2019), newest first: every one when the query names no year."""
    name = parsed.name
    if name is None:
        return []
    found = entries.filter(section="state", folded_title__contains=name.title)
    if name.year is not None:
        found = found.filter(year=name.year)
    return list(found.order_by("-date", "-pk").values_list("pk", flat=True)[:MAX_NUMBER_HITS])


def _numbered(entries: QuerySet, parsed: ParsedQuery) -> list[int]:
    number = parsed.number
    if number is None:
        return []
    candidates = entries.filter(number_digits=number.digits).order_by("-date", "-pk")
    rows = candidates.values_list("pk", "number_key_folded", "doc_type")[:MAX_NUMBER_HITS]
    hits = [(pk, key) for pk, key, doc_type in rows if matches(number, key, doc_type)]
    exact = [pk for pk, key in hits if number.exact_key and key == number.exact_key]
    return exact + [pk for pk, _key in hits if pk not in exact]


def _facets(counts: FacetCounts, filters: dict[str, str]) -> dict[str, list[dict]]:
    from regulations.choices import Validity
    from regulations.import_format.codes import type_facet_label

    labels = {
        "section": lambda value: str(SECTIONS.get(value, value)),
        "type": type_facet_label,
        "validity": lambda value: str(dict(Validity.choices).get(value, value)),
    }
    facets = {}
    for name, values in counts.values.items():
        label = labels.get(name, str)
        chosen = filters.get(name)
        if chosen:
            # the matches counted under a chosen value are the results themselves; and the
            # chosen value stays listed (and selected) even when nothing or no sampled
            # entry has it
            values = {**values, chosen: counts.total}
        facets[name] = [
            {
                "value": value,
                "label": label(value),
                "count": count,
                "selected": chosen == value,
            }
            for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
        ]
    if "year" in facets:
        facets["year"].sort(key=lambda item: item["value"], reverse=True)
    return facets


def search(
    user,
    query: str,
    *,
    filters: dict[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    with_facets: bool = True,
    search_engine=None,
    with_articles: bool = False,
) -> SearchResponse:
    """``search_engine``: the engine to ask (default: the one the settings choose);
    ``with_articles``: name each document's best-matching articles (``search.articles``: it
    reads the pages of the results, so only the channels that show them ask for it)."""
    parsed = parse_query(query)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    sort = sort if sort in SORTS else "relevance"
    # NUL cannot be sent to PostgreSQL; no stored value has one, so the filter matches nothing
    filters = {
        name: value.replace("\x00", "\ufffd") for name, value in (filters or {}).items() if value
    }
    response = SearchResponse(query=parsed, page=page, per_page=per_page, sort=sort)
    if parsed.empty:
        response.message = _("Hãy nhập từ khóa hoặc số, ký hiệu văn bản (ví dụ: 137-QĐ/TW).")
        return response
    search_engine = search_engine or engine()
    with search_engine.index_scans():
        ids = _search_ids(user, parsed, search_engine, filters, response, with_facets)
    response.hits = _hits(ids, parsed, with_articles)
    if response.count == 0:
        response.suggestion = _suggestion(parsed)
    return response


def _search_ids(user, parsed, search_engine, filters, response, with_facets) -> list[int]:
    """Count, facets and the ids of the requested page; fills ``response`` as it goes."""
    page, per_page, sort = response.page, response.per_page, response.sort
    visible = visible_entries(user)
    # Number hits among all visible entries (filters apply later, with the text matches), so
    # that the facets of the other filters' values count them too.
    number_ids = _number_hits(visible, parsed)
    scope = _scope(user)
    present = _presence(visible, search_engine, scope)
    text = _text_query(parsed, match_all=True, present=present)
    # the scope of counts and the date order: the filters, and the number hits as matches
    counted = replace(scope, filters=filters, include_ids=tuple(number_ids))
    facet_names = FACETS if with_facets else ()
    counts = search_engine.counts(visible, text, facet_names, scope=counted)
    number_only = (parsed.number is not None and not parsed.number.rest) or (
        parsed.name is not None and not parsed.name.rest
    )
    several_words = len(text.groups) + len(text.phrases) > 1
    if several_words and not number_only and counts.total == 0:
        text = _text_query(parsed, match_all=False, present=present)
        counts = search_engine.counts(visible, text, facet_names, scope=counted)
        response.matched_any = True
    response.count = counts.total
    response.count_estimated = counts.total_estimated
    if with_facets:
        response.facets = _facets(counts, filters)
        response.facets_estimated = counts.values_estimated
    offset = (page - 1) * per_page
    # with an estimated count, whether there is a next page is known by asking for one more
    wanted = per_page + 1 if counts.total_estimated else per_page
    if sort == "date":
        ids = search_engine.dated_ids(visible, text, wanted, offset, scope=counted)
    else:
        candidates = filtered(visible, filters)
        ranked_scope = replace(scope, filters=filters)
        ids = _ranked(candidates, search_engine, text, number_ids, offset, wanted, ranked_scope)
    response.has_next = len(ids) > per_page if counts.total_estimated else page < response.num_pages
    return ids[:per_page]


def _ranked(candidates, search_engine, text, number_ids, offset, per_page, scope=None) -> list[int]:
    """One page of ids: number hits first, then text matches ranked by the engine.

    ``candidates`` are the visible, filtered entries before matching: the engine adds the
    text match itself, so the match is evaluated once per entry, not twice. The number hits
    are visible entries, so those among ``candidates`` are the ones the filters let through.
    """
    kept = (
        set(candidates.filter(pk__in=number_ids).values_list("pk", flat=True)) if number_ids else ()
    )
    first = [pk for pk in number_ids if pk in kept]  # one query, not one per number hit
    ids = first[offset : offset + per_page]
    if len(ids) < per_page and not text.empty:
        rest_offset = max(0, offset - len(first))
        # number hits that the filters let through are in ``first``; the others fail the
        # filters, so leaving all of them out changes nothing
        others = candidates.exclude(pk__in=number_ids)
        if scope is not None:
            scope = replace(scope, exclude_ids=tuple(number_ids))
        ids += search_engine.ranked_ids(
            others, text, by_date=False, limit=per_page - len(ids), offset=rest_offset, scope=scope
        )
    return ids


def _hits(ids: list[int], parsed: ParsedQuery, with_articles: bool = False) -> list[Hit]:
    entries = SearchEntry.objects.defer(*INDEX_ONLY).in_bulk(ids)
    # Words by their folded form, quoted phrases as phrases (search.highlight).
    terms, phrases = set(parsed.folded), parsed.phrases
    articles = {}
    if with_articles:
        folded_phrases = [" ".join(phrase.folded) for phrase in parsed.phrases]
        found = [entries[pk] for pk in ids]
        articles = articles_by_entry(found, set(parsed.folded), folded_phrases)
    hits = []
    for pk in ids:
        entry = entries[pk]
        hits.append(
            Hit(
                entry=entry,
                snippet=snippet(entry.display_text, terms, phrases=phrases),
                title_html=highlight(entry.title, terms, phrases),
                articles=articles.get(pk, []),
            )
        )
    return hits


def _suggestion(parsed: ParsedQuery) -> str:
    if parsed.has_marks:
        return fold(parsed.raw)
    return ""


def autocomplete(user, prefix: str, limit: int = 8) -> list[SearchEntry]:
    """Titles and numbers that start like ``prefix``, for the search box."""
    parsed = parse_query(prefix)
    if parsed.empty:
        return []
    visible = visible_entries(user)
    number_ids = _number_hits(visible, parsed)[:limit]
    ids = list(number_ids)
    search_engine = engine()
    scope = _scope(user, exclude_ids=ids)
    with search_engine.index_scans():
        present = _presence(visible, search_engine, _scope(user))
        text = _text_query(parsed, match_all=True, prefix_last=True, present=present)
        if len(ids) < limit and not text.empty:
            others = visible.exclude(pk__in=ids)  # ranked_ids matches the text itself
            ids += search_engine.ranked_ids(
                others, text, by_date=False, limit=limit - len(ids), offset=0, scope=scope
            )
    entries = SearchEntry.objects.defer(*INDEX_ONLY, "display_text").in_bulk(ids)
    return [entries[pk] for pk in ids]


def search_documents(user, query: str) -> list:
    """Compatibility helper: the pages of the first 100 results."""
    response = search(user, query, per_page=MAX_PER_PAGE, with_facets=False)
    return [hit.entry.page.specific for hit in response.hits]
