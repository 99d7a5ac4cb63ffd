"""The articles of a document that match a query: named in its search result (at most 3) and
listed by "Tìm trong văn bản" on its page (issue 19). One rule for both.

A code of 700 articles matches almost any query somewhere; the reader wants the articles.
The page's ``search_articles()`` (``(anchor, label, text)`` of each article: ``regulations.
body_parser.article_texts``, kept per version of the body by ``regulations.structure``) is
scored against the query's folded words and phrases: an article whose title holds every
word of the query comes first (the query *is* its title, with or without marks), then the
articles holding more of the words, more of them in the title, then document order. Each
article kept has its own snippet and its link ``url#anchor``.

For search results only the page of results is read (20 documents by default, at most 100):
nothing of this is stored in the index, so nothing changes for the engines.
"""

import re
from dataclasses import dataclass, field

from core.vietnamese import fold
from regulations import structure
from regulations.models import PartyDocumentPage

from .highlight import snippet
from .query import parse_query

MAX_ARTICLES = 3  # named in a search result
MAX_FOUND = 50  # listed by "Tìm trong văn bản"
_TOKEN = re.compile(r"[^\W_]+")


def _folded(label: str, text: str) -> tuple[frozenset, frozenset, str]:
    """An article as the scoring reads it: its title's folded words, all its folded words, and
    its folded title and text (for phrases)."""
    folded_title, folded_text = fold(label), fold(text)
    title_words = frozenset(_TOKEN.findall(folded_title))
    return (
        title_words,
        title_words | set(_TOKEN.findall(folded_text)),
        f"{folded_title} {folded_text}",
    )


def _folded_articles(page, articles) -> list[tuple]:
    """The folded form of each article, kept per version of the body when the page has one
    (``regulations.structure``): folding 500 KB took most of a search's time."""

    def build():
        return [_folded(label, text) for _anchor, label, text in articles]

    version = getattr(page, "body_fingerprint", None)
    if version is None:
        return build()
    return structure.cached("folded-articles", version, build)


def _score(folded: tuple, terms: set[str], phrases: list[str]) -> tuple | None:
    title_words, words, whole = folded
    found = terms & words
    phrase_hits = sum(1 for phrase in phrases if phrase in whole)
    if not found and not phrase_hits:
        return None
    whole_title = bool(terms) and terms <= title_words
    return (whole_title, len(found) + phrase_hits, len(terms & title_words))


def _ranked(page, terms: set[str], phrases: list[str]) -> list[tuple]:
    """``(score, -position, anchor, label, text)`` of the articles with at least one word or
    phrase of the query, best first."""
    search_articles = getattr(page, "search_articles", None)
    if search_articles is None:
        return []
    articles = search_articles()
    scored = []
    for position, ((anchor, label, text), folded) in enumerate(
        zip(articles, _folded_articles(page, articles), strict=True)
    ):
        score = _score(folded, terms, phrases)
        if score is not None:
            scored.append((score, -position, anchor, label, text))
    scored.sort(reverse=True)
    return scored


def _described(ranked, url: str, terms: set[str]) -> list[dict]:
    base = url.split("#", 1)[0]
    return [
        {
            "anchor": anchor,
            "title": label,
            "url": f"{base}#{anchor}",
            "snippet": snippet(text or label, terms),
        }
        for _score_, _position, anchor, label, text in ranked
    ]


def best_articles(page, url: str, terms: set[str], phrases: list[str]) -> list[dict]:
    """At most ``MAX_ARTICLES`` articles of ``page`` for the query, best first."""
    return _described(_ranked(page, terms, phrases)[:MAX_ARTICLES], url, terms)


def articles_by_entry(entries, terms: set[str], phrases: list[str]) -> dict[int, list[dict]]:
    """The best articles of each document among ``entries``, keyed by entry id."""
    documents = [entry for entry in entries if entry.number]
    if not documents or not (terms or phrases):
        return {}
    # Entries with a number are documents: their pages are read in one statement (the
    # document's own table joined to the page's), not as pages and then as specific rows.
    pages = PartyDocumentPage.objects.filter(pk__in=[entry.page_id for entry in documents])
    by_id = {page.pk: page for page in pages}
    found = {}
    for entry in documents:
        page = by_id.get(entry.page_id)
        if page is not None:
            found[entry.pk] = best_articles(page, entry.url_path, terms, phrases)
    return found


@dataclass
class FoundInDocument:
    """What "Tìm trong văn bản" found: the articles (at most ``MAX_FOUND``, best first) with
    every word of the query, or, when none has them all, with some (``every_word`` False)."""

    query: str
    count: int = 0
    every_word: bool = True
    articles: list[dict] = field(default_factory=list)


def find_in_document(page, url: str, query: str) -> FoundInDocument:
    """The articles of ``page`` that match ``query``, as a search result names them."""
    parsed = parse_query(query)
    terms = set(parsed.folded)
    phrases = [" ".join(phrase.folded) for phrase in parsed.phrases]
    found = FoundInDocument(query=parsed.raw)
    if not (terms or phrases):
        return found
    ranked = _ranked(page, terms, phrases)
    wanted = len(terms) + len(phrases)
    complete = [item for item in ranked if item[0][1] == wanted]
    if complete or not ranked:
        ranked = complete
    else:
        found.every_word = False
    found.count = len(ranked)
    found.articles = _described(ranked[:MAX_FOUND], url, terms)
    return found
