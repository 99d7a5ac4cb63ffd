"""Sections other apps add to a document's line (the ``tasks`` list of ``tasks``).

An app above the library cannot be imported by it, so it registers here, at start-up
(``AppConfig.ready``), the key it reads on a line, how to check that value and how to write
it once the document is saved:

* ``parse(raw)`` gets the JSON value (anything) and returns a clean, comparable value, or
  raises ``ImportLineError`` with Vietnamese sentences; it runs with the line's other checks,
  so every problem of the line is reported at once;
* ``apply(page, value, user)`` runs inside the line's transaction after the document is
  saved; an ``ImportLineError`` it raises rejects the line and undoes all of it.

The checked values are part of the record (``ImportRecord.sections``), so a line whose
section changed is an update, and an unchanged one is left alone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LineSection:
    key: str
    parse: Callable[[Any], Any]
    apply: Callable[[Any, Any, Any], None]


_sections: dict[str, LineSection] = {}


def register_line_section(section: LineSection) -> None:
    _sections[section.key] = section


def line_sections() -> dict[str, LineSection]:
    return dict(_sections)
