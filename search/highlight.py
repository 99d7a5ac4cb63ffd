"""Snippets with the matching words marked, found by their folded form.

The words are highlighted as they are written in the document (with their marks), even
when the query was typed without marks.
"""

import re

from django.utils.html import escape

from .vietnamese import fold

SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+", re.UNICODE)


def _matching_spans(text: str, folded_terms: set[str]) -> list[tuple[int, int]]:
    return [
        (match.start(), match.end())
        for match in _WORD.finditer(text)
        if fold(match.group()) in folded_terms
    ]


def highlight(text: str, folded_terms: set[str]) -> str:
    """``text`` escaped, with every word whose folded form is a query term in <mark>."""
    out, position = [], 0
    for start, end in _matching_spans(text, folded_terms):
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def snippet(text: str, folded_terms: set[str], size: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the densest group of matches, highlighted (safe HTML)."""
    text = " ".join(text.split())
    if not text:
        return ""
    spans = _matching_spans(text[:200_000], folded_terms)
    start = 0
    if spans:
        best, best_count = spans[0][0], 0
        for index, (span_start, _end) in enumerate(spans):
            count = sum(1 for other, _e in spans[index:] if other < span_start + size)
            if count > best_count:
                best, best_count = span_start, count
        start = max(0, best - size // 4)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    window = text[start : start + size]
    if start + size < len(text):
        window = window.rsplit(" ", 1)[0]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return prefix + highlight(window, folded_terms) + suffix
