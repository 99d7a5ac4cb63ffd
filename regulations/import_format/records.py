"""What ``parse_line`` gives: a clean :class:`ImportRecord`, or an :class:`ImportLineError`.

Plain frozen dataclasses, not pydantic models: the pydantic schema (``schema.py``) checks the
untrusted input, these carry the result. The importer hashes ``record.__dict__`` and the tests
build records by hand, compare them and read them with ``dataclasses.asdict``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class RelationRef:
    """This document's relation to another one, which may not be in the library yet."""

    type: str
    number: str
    issued_on: date | None


@dataclass(frozen=True)
class ImportRecord:
    """One validated, normalised line of the import file."""

    number: str
    issued_on: date
    doc_type: str
    kind: str
    title: str
    issuer: str = ""
    issuer_code: str = ""
    signer: str = ""
    effective_on: date | None = None
    expires_on: date | None = None
    field: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    body: str = ""
    confidentiality: str | None = None
    restricted_to: tuple[str, ...] = ()
    relations: tuple[RelationRef, ...] = ()
    published: bool = True
    # (key, checked value) of the sections other apps read (``sections.py``), by key.
    sections: tuple[tuple[str, Any], ...] = ()


class ImportLineError(ValueError):
    """A rejected line; ``messages`` lists every problem found, each a Vietnamese sentence."""

    def __init__(self, messages: str | Iterable[str]):
        self.messages: list[str] = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))
