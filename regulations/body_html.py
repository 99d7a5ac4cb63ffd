"""The HTML of a document's body and of its table of contents, written in one pass.

The page template used to include one block template per block: a code of 700 articles and
4,000 clauses took 0.5-0.9 s to render, most of it in the template engine. The blocks of a
body are few and plain (``regulations.blocks``), so their markup is written here, escaped by
``format_html``, the same as their templates write it (the templates stay for Wagtail's
previews of a single block), and the result is kept per version of the body
(``regulations.structure``) and language.

The table of contents of a long code (700 entries) folds: each part, chapter or section that
holds entries has them in a ``<details>`` whose summary says what it holds ("3 chương,
45 điều"), closed when the outline is long; the heading stays a link to its anchor. Each part
and chapter heading in the text has a link back to the table of contents.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

# An outline of up to this many entries is shown unfolded.
UNFOLDED_ENTRIES = 60
_HEADING_TYPES = ("part", "chapter", "section", "article", "heading")


def _lines(text) -> str:
    """``linebreaksbr``: the text escaped, its line breaks as ``<br>``."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br>")


def _field(value, key: str) -> str:
    return str(value.get(key) or "") if isinstance(value, dict) else ""


def _back_to_toc() -> str:
    return format_html(
        '<p class="back-to-toc-inline"><a href="#toc-heading">↑ {}</a></p>', gettext("Về mục lục")
    )


def _heading(block_type: str, value, anchor: str, with_toc_link: bool) -> str:
    number, title = escape(_field(value, "number")), escape(_field(value, "title"))
    id_attr = format_html(' id="{}"', anchor) if anchor else ""
    if block_type == "article":
        inner = format_html(
            '<h3><a class="anchor-link" href="#{}">{} {}.</a> {}</h3>',
            anchor or "",
            gettext("Điều"),
            number,
            title,
        )
    elif block_type in ("chapter", "part"):
        keyword = gettext("Chương") if block_type == "chapter" else gettext("Phần")
        inner = format_html(
            '<h2><span class="doc-label">{} {}</span> {}</h2>', keyword, number, title
        )
        if with_toc_link:
            inner += _back_to_toc()
    elif block_type == "section":
        inner = format_html(
            '<h3><span class="doc-label">{} {}.</span> {}</h3>', gettext("Mục"), number, title
        )
    else:
        inner = format_html("<h2>{}. {}</h2>", number, title)
    return f'<div class="doc-heading doc-{block_type}"{id_attr}>\n{inner}\n</div>'


def block_html(block_type: str, value, anchor: str = "", with_toc_link: bool = False) -> str:
    """One block of a body, as its template in ``components/streamfield/document/`` writes it."""
    if block_type in _HEADING_TYPES:
        return _heading(block_type, value, anchor, with_toc_link)
    if block_type == "clause":
        number, text = escape(_field(value, "number")), _lines(_field(value, "text"))
        return f'<p class="doc-clause"><span class="doc-number">{number}.</span> {text}</p>'
    if block_type == "point":
        number, text = escape(_field(value, "number")), _lines(_field(value, "text"))
        return f'<p class="doc-point"><span class="doc-number">{number})</span> {text}</p>'
    return f'<p class="doc-paragraph">{_lines(value)}</p>'


def body_html(items, with_toc_link: bool) -> SafeString:
    """The body: ``items`` are ``regulations.signature.BodyItem`` of raw blocks."""
    parts = []
    for item in items:
        if item.block is not None:
            block = item.block
            parts.append(block_html(block.block_type, block.value, item.anchor, with_toc_link))
        else:
            parts.append(f'<p class="doc-paragraph">{_lines(item.text)}</p>')
    return mark_safe("\n".join(parts))  # every value escaped above


def _count(entries, block_type: str) -> int:
    return sum(
        (entry["type"] == block_type) + _count(entry["children"], block_type) for entry in entries
    )


def _holds(entries) -> str:
    """What a folded branch holds: "3 chương, 10 mục, 45 điều"."""
    chapters, sections = _count(entries, "chapter"), _count(entries, "section")
    articles = _count(entries, "article")
    said = []
    if chapters:
        said.append(
            ngettext("%(count)s chương", "%(count)s chương", chapters) % {"count": chapters}
        )
    if sections:
        said.append(ngettext("%(count)s mục", "%(count)s mục", sections) % {"count": sections})
    if articles:
        said.append(ngettext("%(count)s điều", "%(count)s điều", articles) % {"count": articles})
    return ", ".join(said)


def _toc_list(entries, unfolded: bool) -> str:
    items = []
    for entry in entries:
        link = format_html('<a href="#{}">{}</a>', entry["anchor"] or "", entry["label"] or "")
        if entry["children"]:
            opened = " open" if unfolded or entry["type"] == "part" else ""
            link += format_html(
                '<details class="toc-branch"{}><summary><span class="visually-hidden">{}: </span>'
                "{}</summary>{}</details>",
                opened,
                entry["label"] or "",
                _holds(entry["children"]),
                mark_safe(_toc_list(entry["children"], unfolded)),  # built here, escaped
            )
        items.append(f"<li>{link}</li>")
    return f'<ol class="toc-list">{"".join(items)}</ol>'


def _size(entries) -> int:
    return sum(1 + _size(entry["children"]) for entry in entries)


def toc_html(outline) -> SafeString:
    """The table of contents (``body_parser.table_of_contents``): folded when long."""
    if not outline:
        return mark_safe("")
    unfolded = _size(outline) <= UNFOLDED_ENTRIES
    return mark_safe(_toc_list(outline, unfolded))  # every value escaped
