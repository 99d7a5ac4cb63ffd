"""Snippets with the matching words marked, found by their folded form.

The words are highlighted as they are written in the document (with their marks), even
when the query was typed without marks. Matching runs on a length-preserving folded copy
of the text (one character for one character), so positions carry over to the original.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape

SNIPPET_CHARS = 240
MAX_SCAN = 200_000


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Lower-case, mark-free, đ→d twin of every Latin letter, one character each."""
    table = {}
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF)]
    for start, end in ranges:
        for code in range(start, end + 1):
            char = chr(code)
            bare = "".join(
                part
                for part in unicodedata.normalize("NFD", char.lower())
                if not unicodedata.combining(part)
            ).replace("đ", "d")
            if len(bare) == 1 and bare != char:
                table[code] = bare
    table[ord("Đ")] = "d"
    table[ord("đ")] = "d"
    return table


def fold_same_length(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_fold_table())


def _pattern(folded_terms: set[str]) -> re.Pattern | None:
    terms = sorted((term for term in folded_terms if term), key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)")


def _spans(text: str, folded_terms: set[str]) -> list[tuple[int, int]]:
    pattern = _pattern(folded_terms)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(fold_same_length(text))]


def highlight(text: str, folded_terms: set[str]) -> str:
    """``text`` escaped, with every word whose folded form is a query term in <mark>."""
    text = unicodedata.normalize("NFC", text)
    out, position = [], 0
    for start, end in _spans(text, folded_terms):
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def snippet(text: str, folded_terms: set[str], size: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the densest group of matches, highlighted (safe HTML)."""
    text = " ".join(unicodedata.normalize("NFC", text[:MAX_SCAN]).split())
    if not text:
        return ""
    spans = _spans(text, folded_terms)
    start = 0
    if spans:
        best, best_count, right = spans[0][0], 0, 0
        for left, (span_start, _end) in enumerate(spans):
            right = max(right, left)
            while right < len(spans) and spans[right][0] < span_start + size:
                right += 1
            if right - left > best_count:
                best, best_count = span_start, right - left
        start = max(0, best - size // 4)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    window = text[start : start + size]
    if start + size < len(text):
        window = window.rsplit(" ", 1)[0]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return prefix + highlight(window, folded_terms) + suffix
