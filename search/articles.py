"""The best-matching articles of a document, named in its search result (issue 19).

A code of 700 articles matches almost any query somewhere; the reader wants the articles.
For each document on the page of results (entries with a number), its page's
``search_articles()`` (``(anchor, label, text)`` of each article: ``regulations.body_parser.
article_texts``) is read and every article scored against the query's folded words and
phrases: an article whose title holds every word of the query comes first (the query *is*
its title, with or without marks), then the articles holding more of the words, more of them
in the title, then document order. At most ``MAX_ARTICLES`` with at least one word are kept,
each with its own snippet and its link ``url#anchor``.

Only the page of results is read (20 documents by default, at most 100): nothing of this is
stored in the index, so nothing changes for the engines.
"""

import re

from wagtail.models import Page

from core.vietnamese import fold

from .highlight import snippet

MAX_ARTICLES = 3
_TOKEN = re.compile(r"[^\W_]+")


def _score(label: str, text: str, terms: set[str], phrases: list[str]) -> tuple | None:
    folded_title, folded_text = fold(label), fold(text)  # one pass over each, not per word
    title_words = set(_TOKEN.findall(folded_title))
    found = terms & (title_words | set(_TOKEN.findall(folded_text)))
    whole = f"{folded_title} {folded_text}"
    phrase_hits = sum(1 for phrase in phrases if phrase in whole)
    if not found and not phrase_hits:
        return None
    whole_title = bool(terms) and terms <= title_words
    return (whole_title, len(found) + phrase_hits, len(terms & title_words))


def best_articles(page, url: str, terms: set[str], phrases: list[str]) -> list[dict]:
    """At most ``MAX_ARTICLES`` articles of ``page`` for the query, best first."""
    articles = getattr(page, "search_articles", None)
    if articles is None:
        return []
    scored = []
    for position, (anchor, label, text) in enumerate(articles()):
        score = _score(label, text, terms, phrases)
        if score is not None:
            scored.append((score, -position, anchor, label, text))
    scored.sort(reverse=True)
    base = url.split("#", 1)[0]
    return [
        {
            "anchor": anchor,
            "title": label,
            "url": f"{base}#{anchor}",
            "snippet": snippet(text or label, terms),
        }
        for _score_, _position, anchor, label, text in scored[:MAX_ARTICLES]
    ]


def articles_by_entry(entries, terms: set[str], phrases: list[str]) -> dict[int, list[dict]]:
    """The best articles of each document among ``entries``, keyed by entry id."""
    documents = [entry for entry in entries if entry.number]
    if not documents or not (terms or phrases):
        return {}
    pages = Page.objects.filter(pk__in=[entry.page_id for entry in documents]).specific()
    by_id = {page.pk: page for page in pages}
    found = {}
    for entry in documents:
        page = by_id.get(entry.page_id)
        if page is not None:
            found[entry.pk] = best_articles(page, entry.url_path, terms, phrases)
    return found
