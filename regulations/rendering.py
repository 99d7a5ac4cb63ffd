"""A document page's body, signature and table of contents, rendered once per version of the
body, language and signer (``regulations.structure``; markup: ``regulations.body_html``)."""

from typing import NamedTuple

from django.utils.translation import get_language

from . import structure
from .body_html import body_html, toc_html
from .body_parser import assign_anchors, table_of_contents
from .signature import split_signature


class RawBlock(NamedTuple):
    """A block of the stored body as ``split_signature`` reads it, without Wagtail's
    conversion of 4,000 blocks into Python values."""

    block_type: str
    value: object


def _render(raw: list, signer: str) -> dict:
    blocks = [RawBlock(item.get("type"), item.get("value")) for item in raw]
    body, signature = split_signature(zip(blocks, assign_anchors(raw), strict=True), signer)
    outline = table_of_contents(raw)
    return {
        "body_html": body_html(body, with_toc_link=bool(outline)),
        "signature_lines": signature,
        "toc_html": toc_html(outline),
    }


def rendered_body(document) -> dict:
    """``body_html``, ``signature_lines`` and ``toc_html`` of ``document``'s page."""
    raw = document.body.get_prep_value()
    signer = document.signer or ""
    return structure.cached(
        "page", document.body_fingerprint, lambda: _render(raw, signer), get_language(), signer
    )
