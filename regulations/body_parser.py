"""Turn the plain-text body of a Party document into structured blocks.

Pure Python (no Django): the output is the raw data of a Wagtail StreamField, a flat list
of ``{"type": <block type>, "value": <dict or str>}`` items, one per non-empty line.

Structures recognised, each on a line of its own (lines are NFC-normalised, stripped,
internal whitespace collapsed, invisible and control characters removed, empty lines dropped):

``part``      ``{"number", "title"}``  "Phần I. ...", "PHẦN I - ...", "Phần thứ nhất ...", "Phần 1"
``chapter``   ``{"number", "title"}``  "Chương I. ...", "Chương I: ...", "CHƯƠNG I"
``section``   ``{"number", "title"}``  "Mục 1. ...", "MỤC 2: ..."
``article``   ``{"number", "title"}``  "Điều 5. ...", "Điều 5: ...", "Điều 5 - ...", "Điều 5.",
                                       "Điều 6a. ..." (articles inserted by an amendment)
``heading``   ``{"number", "title"}``  Roman-numbered headings of guidance, plans, circulars and
                                       resolutions: "I- MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG",
                                       "III - TỔ CHỨC THỰC HIỆN" (I to XXXIX, upper case; the
                                       dash may be a hyphen, an en dash or an em dash)
``clause``    ``{"number", "text"}``   "1. ...", "1- ...", "1) ...", "1/ ...", "1.1. ...",
                                       "1.1 Upper-case text"
``point``     ``{"number", "text"}``   "a) ...", "đ) ...", "a. ...", "a/ ..." (one small letter)
``paragraph`` ``str``                  everything else: preambles ("Căn cứ ..."), free text,
                                       bullets ("- ...", "+ ...", kept as written), signatures

After a keyword (Phần, Chương, Mục, Điều) and its number there must be nothing, a separator
(``.``, ``:``, a dash) or an upper-case title, so sentences such as "Điều lệ Đảng ...",
"Phần mềm ...", "Chương trình ...", "Điều 32 Điều lệ Đảng quy định ..." or "Phần thứ hai của
báo cáo ..." stay paragraphs. A numbered line needs a separator right after its number, so
"2025 là năm ...", "1.000 đồng ...", "1/2 số đảng viên ...", "30/6/2025 ..." and
"2 - 3 cán bộ ..." stay paragraphs.
A part, chapter or section without a title takes the next line as its title when that line
looks like one ("Chương II" then "TRÁCH NHIỆM, QUYỀN HẠN").

Quoted text (the new wording in an amending decision: ``"Điều 6a. ...`` up to the line that
closes the quotation) is kept as paragraphs, so it never creates articles or anchors.

Also provided: ``anchor_for`` / ``assign_anchors`` (stable ``#dieu-5``, ``#chuong-ii`` ids),
``label_for`` (Vietnamese display label), ``table_of_contents`` (nested outline) and
``blocks_to_text`` (the inverse of ``parse_body``: ``parse_body(blocks_to_text(b)) == b`` for
every ``b`` that ``parse_body`` returned).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "BLOCK_TYPES",
    "OUTLINE_TYPES",
    "anchor_for",
    "article_texts",
    "assign_anchors",
    "blocks_to_text",
    "label_for",
    "parse",
    "parse_body",
    "table_of_contents",
]

BLOCK_TYPES = ("part", "chapter", "section", "article", "heading", "clause", "point", "paragraph")
OUTLINE_TYPES = ("part", "chapter", "section", "article", "heading")

# Nesting depth in the table of contents: a heading sits where a section would.
_LEVEL = {"part": 1, "chapter": 2, "section": 3, "heading": 3, "article": 4}
_ANCHOR_PREFIX = {
    "part": "phan",
    "chapter": "chuong",
    "section": "muc",
    "article": "dieu",
    "heading": "muc",
}
_KEYWORD = {"part": "Phần", "chapter": "Chương", "section": "Mục", "article": "Điều"}
# When an anchor repeats, these types are prefixed with the enclosing part/chapter anchor.
_PREFIX_PARENTS = {
    "chapter": ("part",),
    "section": ("chapter", "part"),
    "heading": ("chapter", "part"),
}
_TITLED_CONTAINERS = ("part", "chapter", "section")

_MAX_TITLE = 500  # the admin's CharBlock limit; a longer "title" is really a paragraph
_MAX_NEXT_LINE_TITLE = 200  # upper case; sentence-case titles must be shorter:
_MAX_SENTENCE_CASE_TITLE = 120
_QUOTE_WINDOW = 40  # a quotation must close within this many lines to count as one
_TERMINAL_PUNCTUATION = ".;:,!?…"
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash

# --- cleaning -----------------------------------------------------------------------------

_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _clean_line(line: str) -> str:
    """Remove invisible characters, NFC-normalise and collapse whitespace (idempotent)."""
    line = unicodedata.normalize("NFC", _INVISIBLE.sub("", line))
    return " ".join(line.split())


def _clean_lines(text: Any) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str):
        return []
    lines = (_clean_line(raw) for raw in text.splitlines())
    return [line for line in lines if line]


# --- numbers and titles --------------------------------------------------------------------

_ROMAN = r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_HEADING = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
_ORDINAL = (
    r"(?i:thứ\s+(?:mười\s+(?:một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|tám|chín)"
    r"|mười|nhất|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín))"
)
_KEYWORD_RES = {
    "part": re.compile(rf"(?i:phần)\s+(?P<num>{_ROMAN}|{_ORDINAL}|[0-9]{{1,3}})(?P<rest>.*)"),
    "chapter": re.compile(rf"(?i:chương)\s+(?P<num>{_ROMAN}|[0-9]{{1,3}})(?P<rest>.*)"),
    "section": re.compile(rf"(?i:mục)\s+(?P<num>{_ROMAN}|[0-9]{{1,3}})(?P<rest>.*)"),
    "article": re.compile(r"(?i:[đð]iều)\s+(?P<num>[0-9]{1,4}[a-zA-Zđ]?)(?P<rest>.*)"),
}
_HEADING_RE = re.compile(rf"(?P<num>{_ROMAN_HEADING})\s?[.)\-\u2013\u2014](?P<rest>.*)")
_CLAUSE_RE = re.compile(r"(?P<num>[0-9]{1,3}(?:\.[0-9]{1,2}){0,4})(?P<rest>.*)")
_POINT_RE = re.compile(r"(?P<num>[a-zđ])(?P<sep>[).\/])(?P<rest>.*)")
_KEYWORD_SEP_RE = re.compile(r"\s?[.:\-\u2013\u2014]")
_INITIAL_RE = re.compile(r"[A-ZĐ]\.")  # "V. I. Lênin": a name, not heading V


def _is_upper(text: str) -> bool:
    """True when ``text`` has letters and all of them are upper case."""
    return text.upper() == text and text.lower() != text


def _keyword_title(rest: str) -> str | None:
    """Title after "Chương II" etc., or None when the line is a sentence, not a heading."""
    if not rest:
        return ""
    sep = _KEYWORD_SEP_RE.match(rest)
    if sep is None:
        return rest[1:] if rest[0] == " " and _is_upper(rest) else None
    after = rest[sep.end() :]
    title = after.lstrip()
    if title[:1].isdigit() and (after[:1] != " " or sep.group()[-1] in _DASHES):
        return None  # "Điều 5.1", "Điều 5-7", "Mục 1 - 3": references and ranges
    return title


def _numbered_text(rest: str, upper_without_space: bool) -> str | None:
    """Text after "1." / "a)" / "I-", or None when there is no space after the separator."""
    if not rest:
        return ""
    if rest[0] == " ":
        return rest[1:]
    if upper_without_space and rest[0].isalpha() and rest[0].isupper():
        return rest  # "1.Đánh giá", "a)Tổ chức": a missing space
    return None


def _titled(block_type: str, number: str, title: str | None) -> dict | None:
    if title is None or len(title) > _MAX_TITLE:
        return None
    return {"type": block_type, "value": {"number": number, "title": title}}


# --- classifying one line ------------------------------------------------------------------


def _keyword_block(line: str) -> dict | None:
    for block_type, regex in _KEYWORD_RES.items():
        match = regex.fullmatch(line)
        if match:
            number = " ".join(match["num"].split())
            if block_type == "article" or " " in number:
                number = number.lower()  # "6A" -> "6a", "THỨ NHẤT" / "Thứ nhất" -> "thứ nhất"
            return _titled(block_type, number, _keyword_title(match["rest"]))
    return None


def _heading_block(line: str) -> dict | None:
    match = _HEADING_RE.fullmatch(line)
    if match is None:
        return None
    rest = match["rest"]
    upper_start = rest[:2].isalpha() and _is_upper(rest[:2])
    title = _numbered_text(rest, upper_without_space=upper_start)
    if title is not None and _INITIAL_RE.match(title):
        return None
    return _titled("heading", match["num"], title)


def _clause_block(line: str) -> dict | None:
    match = _CLAUSE_RE.fullmatch(line)
    if match is None:
        return None
    number, rest = match["num"], match["rest"]
    if rest[:1] in (".", ")", "/", "-"):
        text = _numbered_text(rest[1:], upper_without_space=rest[0] in ".)")
    elif "." in number and rest[:1] == " " and rest[1:2].isupper():
        text = rest[1:]  # "1.1 Mục tiêu"
    else:
        text = None
    return None if text is None else {"type": "clause", "value": {"number": number, "text": text}}


def _point_block(line: str) -> dict | None:
    match = _POINT_RE.fullmatch(line)
    if match is None:
        return None
    text = _numbered_text(match["rest"], upper_without_space=match["sep"] == ")")
    if text is None:
        return None
    return {"type": "point", "value": {"number": match["num"], "text": text}}


def _classify(line: str) -> dict:
    """The block for one clean line, without looking at its neighbours."""
    for recognise in (_keyword_block, _heading_block, _clause_block, _point_block):
        block = recognise(line)
        if block is not None:
            return block
    return {"type": "paragraph", "value": line}


# --- context: quotations and titles on the next line ---------------------------------------


def _odd_quotes(line: str) -> bool:
    return sum(line.count(mark) for mark in '"“”«»') % 2 == 1


def _window_cost(block: dict) -> int:
    """Lines counted by the quotation window; a title-less heading may merge with the next."""
    return 0 if _wants_title(block) else 1


def _quote_end(lines: list[str], blocks: list[dict], start: int) -> int | None:
    budget = _QUOTE_WINDOW
    for index in range(start + 1, len(lines)):
        if _odd_quotes(lines[index]):
            return index
        budget -= _window_cost(blocks[index])
        if budget <= 0:
            return None
    return None


def _quoted_lines(lines: list[str], blocks: list[dict]) -> set[int]:
    """Indexes of lines inside a multi-line quotation that starts at the start of a line."""
    quoted: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        end = _quote_end(lines, blocks, index) if line[0] in '"“«' and _odd_quotes(line) else None
        if end is None:
            index += 1
            continue
        quoted.update(range(index, end + 1))
        index = end + 1
    return quoted


def _wants_title(block: dict) -> bool:
    return block["type"] in _TITLED_CONTAINERS and not block["value"]["title"]


def _is_title_like(line: str, block: dict) -> bool:
    if block["type"] != "paragraph" or not line[0].isalpha():
        return False
    if len(line) > _MAX_NEXT_LINE_TITLE:
        return False
    if _is_upper(line):
        return True
    return len(line) <= _MAX_SENTENCE_CASE_TITLE and line[-1] not in _TERMINAL_PUNCTUATION


# --- public API ----------------------------------------------------------------------------


def parse_body(text: str) -> list[dict]:
    """Parse a plain-text body into StreamField raw data; never raises."""
    lines = _clean_lines(text)
    blocks = [_classify(line) for line in lines]
    quoted = _quoted_lines(lines, blocks)
    result: list[dict] = []
    index = 0
    while index < len(lines):
        block = {"type": "paragraph", "value": lines[index]} if index in quoted else blocks[index]
        following = index + 1
        if (
            _wants_title(block)
            and following < len(lines)
            and following not in quoted
            and _is_title_like(lines[following], blocks[following])
        ):
            block["value"]["title"] = lines[following]
            index = following
        result.append(block)
        index += 1
    return result


parse = parse_body


def _unpack(item: Any) -> tuple[Any, Any]:
    """(type, value) of a raw dict, a (type, value) pair or a Wagtail StreamChild."""
    if isinstance(item, Mapping):
        block_type, value = item.get("type"), item.get("value")
    elif isinstance(item, tuple) and len(item) == 2:
        block_type, value = item
    else:
        block_type, value = getattr(item, "block_type", None), getattr(item, "value", None)
    return (block_type if isinstance(block_type, str) else None), value


def _field(value: Any, key: str) -> str:
    """One field of a block value as a single-line string ("" when missing)."""
    field = value.get(key) if isinstance(value, Mapping) else None
    return " ".join(str(field).split()) if field is not None else ""


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(char for char in folded if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def anchor_for(block_type: str, value: Any) -> str | None:
    """The plain anchor of one block: "dieu-5", "chuong-ii", "phan-thu-nhat", "muc-i"."""
    prefix = _ANCHOR_PREFIX.get(block_type) if isinstance(block_type, str) else None
    if prefix is None or not isinstance(value, Mapping):
        return None
    slug = _slug(_field(value, "number"))
    return f"{prefix}-{slug}" if slug else None


def _unique(candidate: str, used: set[str], reserved: set[str]) -> str:
    if candidate not in used:
        return candidate
    suffix = 2
    while f"{candidate}-{suffix}" in used or f"{candidate}-{suffix}" in reserved:
        suffix += 1
    return f"{candidate}-{suffix}"


def _enter(parents: dict[str, str | None], block_type: Any, anchor: str | None) -> None:
    """Track the anchors of the part and chapter that enclose the following blocks."""
    if block_type == "part":
        parents.clear()
        parents["part"] = anchor
    elif block_type == "chapter":
        parents["chapter"] = anchor


def _prefixed(block_type: Any, base: str, parents: dict[str, str | None]) -> str:
    for parent_type in _PREFIX_PARENTS.get(block_type, ()):
        if parents.get(parent_type):
            return f"{parents[parent_type]}-{base}"
    return base


def assign_anchors(blocks: Iterable[Any]) -> list[str | None]:
    """Each block's anchor, unique within the document and stable across re-imports.

    A repeated chapter, section or heading number is prefixed with the enclosing part or
    chapter ("chuong-i-muc-1", "chuong-ii-muc-1"); anything still repeated (articles, whose
    first occurrence keeps "dieu-5") gets "-2", "-3" ... in document order.
    """
    items = [_unpack(item) for item in blocks]
    bases = [anchor_for(block_type, value) for block_type, value in items]
    counts = Counter(base for base in bases if base)
    reserved = set(counts)
    used: set[str] = set()
    parents: dict[str, str | None] = {}
    anchors: list[str | None] = []
    for (block_type, _value), base in zip(items, bases, strict=True):
        anchor = None
        if base:
            candidate = _prefixed(block_type, base, parents) if counts[base] > 1 else base
            anchor = _unique(candidate, used, reserved)
            used.add(anchor)
        _enter(parents, block_type, anchor)
        anchors.append(anchor)
    return anchors


def label_for(block_type: str, value: Any) -> str | None:
    """Vietnamese display label: "Chương II. TRÁCH NHIỆM", "Điều 5", "I. MỤC ĐÍCH"."""
    if not isinstance(block_type, str) or block_type not in _LEVEL:
        return None
    if not isinstance(value, Mapping):
        return None
    number, title = _field(value, "number"), _field(value, "title")
    head = f"{number}." if block_type == "heading" else f"{_KEYWORD[block_type]} {number}"
    if not title:
        return head
    return f"{head} {title}" if block_type == "heading" else f"{head}. {title}"


def table_of_contents(blocks: Iterable[Any]) -> list[dict]:
    """Nested outline of parts, chapters, sections, headings and articles."""
    items = list(blocks)
    outline: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for item, anchor in zip(items, assign_anchors(items), strict=True):
        block_type, value = _unpack(item)
        if block_type not in _LEVEL or not isinstance(value, Mapping):
            continue
        entry = {
            "type": block_type,
            "number": _field(value, "number"),
            "title": _field(value, "title"),
            "anchor": anchor,
            "label": label_for(block_type, value),
            "children": [],
        }
        level = _LEVEL[block_type]
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1]["children"] if stack else outline).append(entry)
        stack.append((level, entry))
    return outline


def _block_line(block_type: Any, value: Any) -> str:
    if block_type == "paragraph" or not isinstance(value, Mapping):
        return value if isinstance(value, str) else ""
    if block_type in ("clause", "point"):
        number, text = _field(value, "number"), _field(value, "text")
        marker = f"{number}." if block_type == "clause" else f"{number})"
        return f"{marker} {text}" if text else marker
    if block_type == "article" and not _field(value, "title"):
        return f"Điều {_field(value, 'number')}."
    return label_for(block_type, value) or ""


def article_texts(blocks: Iterable[Any]) -> list[tuple[str, str, str]]:
    """``(anchor, label, text)`` of each article: its anchor ("dieu-105"), its label ("Điều
    105. Thời giờ làm việc bình thường") and the text of its clauses, points and paragraphs
    up to the next part, chapter, section, heading or article (for article-level search)."""
    items = [_unpack(item) for item in blocks]
    articles: list[tuple[str, str, list[str]]] = []
    current: list[str] | None = None
    for (block_type, value), anchor in zip(items, assign_anchors(items), strict=True):
        if block_type == "article" and anchor:
            current = []
            articles.append((anchor, label_for(block_type, value) or "", current))
        elif block_type in _LEVEL:
            current = None
        elif current is not None:
            current.append(_block_line(block_type, value))
    return [(anchor, label, "\n".join(lines)) for anchor, label, lines in articles]


def blocks_to_text(blocks: Iterable[Any]) -> str:
    """Readable plain text of the blocks, one per line (for search and display)."""
    lines = (_block_line(*_unpack(item)) for item in blocks)
    return "\n".join(line for line in lines if line)
