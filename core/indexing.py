"""What a page puts in the search index: the protocol that page models implement.

A searchable page model defines ``search_parts(self) -> dict``: its ``section`` (a key of
``search.entries.SECTIONS``), its ``date``, the ``text`` to match, and for documents the
number, type, issuers, field and validity. ``search.entries`` adds what every entry has
(title, URL, folded forms, the groups allowed to see it), so the search layer needs no list
of page types: a new page type becomes searchable by defining ``search_parts``.

A page that is to be restricted but may not be yet (a secret document is published, then
restricted by a handler of the same publish) says ``"closed": True``: its entry is then
restricted at once, to no group until its restriction exists, so that not even for a
moment inside the transaction does its text count as everyone's (the vocabulary of
corrections, SQLite's ranking statistics).
"""

from typing import Protocol

from django.utils.html import strip_tags


class Searchable(Protocol):
    def search_parts(self) -> dict: ...


def stream_text(stream_value) -> str:
    """Plain text of a StreamField value, rich text included."""
    if not stream_value:
        return ""
    parts = stream_value.stream_block.get_searchable_content(stream_value)
    return "\n".join(strip_tags(str(part)) for part in parts if part)


def general_parts(page, section: str, date=None) -> dict:
    """The parts of a page made of an intro, tags, a StreamField body and attachments."""
    intro = strip_tags(str(getattr(page, "intro", "") or ""))
    tags = " ".join(tag.name for tag in page.tags.all()) if hasattr(page, "tags") else ""
    # Study pages carry the text of their attached materials (study.tasks extracts it).
    attachments = getattr(page, "attachments_text", "") or ""
    return {
        "section": section,
        "date": date,
        "text": "\n".join([intro, tags, stream_text(getattr(page, "body", None)), attachments]),
    }
