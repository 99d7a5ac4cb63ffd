"""The signature block of a document: where the printed document has it.

A Party document ends with its signature block, on the right under the text: the capacity
("T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "PHÓ BÍ THƯ") in capitals, then the signer's name.
Imported text keeps those lines as the last paragraphs of the body (``body_parser``), which
the page showed left-aligned like any paragraph. ``split_signature`` finds them, from the
signer's name (the document's ``signer``) back over the capitalised lines above it, so that
the template can set them apart; a body that does not end with the signer's name is left
as it is.
"""

from dataclasses import dataclass

MAX_CAPACITY_LINES = 4
MAX_CAPACITY_LENGTH = 80


@dataclass(frozen=True)
class BodyItem:
    """A block of the body with its anchor, or (``text``) what remains of a paragraph whose
    last lines were the signature."""

    block: object = None
    anchor: str = ""
    text: str = ""


def _is_capacity(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and len(line) <= MAX_CAPACITY_LENGTH and line == line.upper()


def _lines_of(item) -> list[str]:
    block, _anchor = item
    if block.block_type != "paragraph":
        return []
    return [line.strip() for line in str(block.value).splitlines() if line.strip()]


def split_signature(blocks_with_anchors, signer: str) -> tuple[list[BodyItem], list[str]]:
    """(the body without the signature block, the signature's lines, name last)."""
    items = list(blocks_with_anchors)
    body = [BodyItem(block, anchor) for block, anchor in items]
    signer = " ".join((signer or "").split())
    if not signer or not items:
        return body, []
    # The trailing paragraphs, as (block index, line) pairs, last line last.
    trailing: list[tuple[int, str]] = []
    for index in range(len(items) - 1, -1, -1):
        lines = _lines_of(items[index])
        if not lines:
            break
        trailing[:0] = [(index, line) for line in lines]
        if len(trailing) > MAX_CAPACITY_LINES + 1:
            break
    if not trailing or " ".join(trailing[-1][1].split()) != signer:
        return body, []
    start = len(trailing) - 1
    while start > 0 and len(trailing) - start <= MAX_CAPACITY_LINES:
        if not _is_capacity(trailing[start - 1][1]):
            break
        start -= 1
    signature = [line for _index, line in trailing[start:]]
    first_index = trailing[start][0]
    kept = [line for index, line in trailing[:start] if index == first_index]
    body = body[:first_index]
    if kept:
        body.append(BodyItem(text="\n".join(kept)))
    return body, signature
