"""What a page contributes to the Vietnamese search index.

``entry_for(page)`` turns a searchable page (one that defines ``search_parts``, the protocol
of ``core.indexing``) into the values of its ``SearchEntry``; other pages are not indexed.
Visibility is taken from ``core.visibility.allowed_group_ids``, the twin of the rule every
other channel uses.
"""

import math

from django.utils.translation import gettext_lazy as _

from core.vietnamese import fold_normalized, normalize
from core.visibility import allowed_group_ids

SECTIONS = {
    "regulation": _("Quy chế, quy định"),
    "circular": _("Thông tri, hướng dẫn, văn bản khác"),
    "state": _("Văn bản của Nhà nước"),
    "study": _("Học tập, quán triệt"),
    "news": _("Tin tức"),
    "emulation": _("Phong trào thi đua"),
    "schedule": _("Lịch công tác"),
    "page": _("Trang nội dung"),
}
MAX_TEXT = 1_000_000
# Bodies up to this many characters (a Party document of a few pages) weigh the same.
FULL_WEIGHT_CHARS = 8_000


def length_weight(text_chars: int) -> float:
    """What a match in a body of ``text_chars`` characters weighs beside one in a short body:
    1 up to ``FULL_WEIGHT_CHARS``, then 1 / (1 + ln(chars / FULL_WEIGHT_CHARS)): a 50 KB
    report about 0.35, a 500 KB code about 0.2.

    Why: both engines' relevance saturates with how often a word occurs, and BM25's own
    length normalisation (SQLite) is relative to the average entry, which a few codes of
    500 KB raise; PostgreSQL's ``ts_rank`` has none. A code whose 700 articles repeat the
    same legal vocabulary then outranked a one-page letter holding the query as typed. The
    weight multiplies the body relevance only: title, marks and number keep their bonuses,
    so a code still comes first for its own title, and its articles are named in its result.
    """
    if text_chars <= FULL_WEIGHT_CHARS:
        return 1.0
    return 1.0 / (1.0 + math.log(text_chars / FULL_WEIGHT_CHARS))


def parts_for(page) -> dict | None:
    """What ``page`` declares for the index (``core.indexing``); ``None``: not searchable."""
    search_parts = getattr(page, "search_parts", None)
    return search_parts() if search_parts is not None else None


_COMPUTE = object()


def entry_for(page, allowed=_COMPUTE) -> tuple[dict, list[int] | None] | None:
    """The entry values of ``page`` and its allowed groups (``None``: every member).

    ``allowed`` may be given when the caller has computed it for many pages at once.
    """
    parts = parts_for(page)
    if parts is None:
        return None
    closed = parts.pop("closed", False)
    number = parts.get("number", "")
    title_text = f"{page.title} {number}".strip()
    text = parts.pop("text")[:MAX_TEXT]
    # What a result's snippet is cut from: the page's own words (its summary and body), not
    # the keywords, field, signer and issuers that the index text adds for matching.
    display = parts.pop("display_text", None)
    display = text if display is None else display[:MAX_TEXT]
    date = parts.get("date")
    marked_title, marked_text = normalize(title_text), normalize(text)
    values = {
        **parts,
        "live": page.live,
        "title": page.title,
        "url_path": (page.get_url() or page.url_path)[:255],
        "year": parts.get("year") or (date.year if date else None),
        "marked_title": marked_title,
        "folded_title": fold_normalized(marked_title),
        "marked_text": marked_text,
        "folded_text": fold_normalized(marked_text),
        "display_text": display,
        "length_weight": length_weight(len(text)),
    }
    if allowed is _COMPUTE:
        allowed = allowed_group_ids(page)
    if allowed is None and closed:
        allowed = []  # to be restricted (``core.indexing``): nobody but superusers until then
    values["restricted"] = allowed is not None
    return values, allowed
