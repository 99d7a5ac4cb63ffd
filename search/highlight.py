"""Snippets with the matching words marked, found the way the search matched them.

Single words are found by their folded form. A quoted phrase is marked as a whole, its words
in a row, and only there: a phrase typed with marks (``"ban thường vụ"``) as written, in any
case, so that neither "bản" nor "nhiệm vụ" lights up; a phrase typed without marks by its
folded form. Snippets come from the text a result shows (a document's summary and body, not
its keywords, field, signer or issuers: ``search.entries``), cut at word boundaries around
the passage with the most matches, centred on it.

The words are highlighted as they are written in the document (with their marks), even
when the query was typed without marks. A character matches a letter of a folded term when
its length-preserving fold (one character for one character: lower case, no marks, đ→d)
is that letter, so the pattern is run on the text itself, each letter of a term standing
for the class of characters that fold to it: the same positions as matching a folded copy
of the text, without making the copy (a translation through a table of some 600 letters,
the slowest part of a search page).
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


@lru_cache(maxsize=1)
def _unfold_table() -> dict[str, str]:
    """For each folded character, the characters that fold to it (a regex class's content)."""
    table = _fold_table()
    sources: dict[str, set[str]] = {}
    for code, bare in table.items():
        sources.setdefault(bare, set()).add(chr(code))
    return {bare: "".join(sorted(chars)) for bare, chars in sources.items()}


def _sources(char: str) -> str:
    """Every character whose fold is ``char`` (none for a character that is folded away)."""
    chars = _unfold_table().get(char, "")
    if ord(char) not in _fold_table():
        chars += char  # a character that folds to itself
    return chars


def _char_class(chars: str) -> str:
    if len(chars) == 1:
        return re.escape(chars)
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@lru_cache(maxsize=256)
def _compiled(terms: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for the terms, longest first, each at word boundaries.

    It starts with the class of every possible first letter, which lets the regex engine
    jump from candidate to candidate instead of trying each position of the text; each
    alternative then checks its own first letter by looking back at it.
    """
    classes = [[_sources(char) for char in term] for term in terms]
    classes = [term for term in classes if all(term)]  # a term nothing folds to: nowhere
    if not classes:
        return None
    firsts = "".join(sorted({char for term in classes for char in term[0]}))
    alternatives = (
        f"(?<={_char_class(term[0])})" + "".join(_char_class(chars) for chars in term[1:])
        for term in classes
    )
    return re.compile(
        _char_class(firsts) + r"(?<!\w[\s\S])(?:" + "|".join(alternatives) + r")(?!\w)"
    )


def _pattern(folded_terms: set[str]) -> re.Pattern | None:
    """The terms, longest first, as a pattern to run on NFC text (not on its folded copy)."""
    return _compiled(tuple(sorted((t for t in folded_terms if t), key=lambda t: (-len(t), t))))


def _spans(text: str, folded_terms: set[str]) -> list[tuple[int, int]]:
    """Where the terms are in ``text`` (NFC), as if matched on ``fold_same_length(text)``."""
    pattern = _pattern(folded_terms)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text)]


def _word_classes(marked: str, folded: str, exact: bool) -> str:
    if exact:
        word = unicodedata.normalize("NFC", marked)
        return "".join(_char_class("".join(sorted({c.lower(), c.upper()}))) for c in word)
    return "".join(_char_class(_sources(char) or char) for char in folded)


@lru_cache(maxsize=64)
def _phrase_compiled(words: tuple[tuple[str, str], ...], exact: bool) -> re.Pattern:
    body = r"\s+".join(_word_classes(marked, folded, exact) for marked, folded in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


def _phrase_spans(text: str, phrases) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        words = tuple(zip(phrase.marked, phrase.folded, strict=False))
        exact = any(marked.lower() != folded for marked, folded in words)
        spans += [m.span() for m in _phrase_compiled(words, exact).finditer(text)]
    return spans


def _all_spans(text: str, folded_terms: set[str], phrases=()) -> list[tuple[int, int]]:
    """Word and phrase matches, in order, without overlaps (the longer one kept)."""
    spans = sorted(_spans(text, folded_terms) + _phrase_spans(text, phrases))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept


def highlight(text: str, folded_terms: set[str], phrases=()) -> str:
    """``text`` escaped, with every word whose folded form is a query term, and every
    phrase of the query, in <mark>."""
    text = unicodedata.normalize("NFC", text)
    out, position = [], 0
    for start, end in _all_spans(text, folded_terms, phrases):
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def snippet(text: str, folded_terms: set[str], size: int = SNIPPET_CHARS, phrases=()) -> str:
    """A window of ``text`` centred on the densest group of matches, cut at word
    boundaries, highlighted (safe HTML)."""
    text = " ".join(unicodedata.normalize("NFC", text[:MAX_SCAN]).split())
    if not text:
        return ""
    spans = _all_spans(text, folded_terms, phrases)
    start = 0
    if spans:
        best, best_count, right = (spans[0][0], spans[0][1]), 0, 0
        for left, (span_start, _end) in enumerate(spans):
            right = max(right, left)
            while right < len(spans) and spans[right][1] <= span_start + size:
                right += 1
            if right - left > best_count:
                best, best_count = (span_start, spans[max(right - 1, left)][1]), right - left
        centre = (best[0] + best[1]) // 2
        start = max(0, min(centre - size // 2, best[0]))
        start = min(start, max(0, len(text) - size))
        while start > 0 and not text[start - 1].isspace():  # back to the start of a word
            start -= 1
    window = text[start : start + size]
    if start + size < len(text) and not text[start + size].isspace():
        window = window.rsplit(" ", 1)[0]  # never end inside a word
    window = window.strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return prefix + highlight(window, folded_terms, phrases) + suffix
