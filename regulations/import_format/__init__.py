"""Validate one line of the document import format (JSON Lines).

The format is described in ``IMPORT_FORMAT.md``: one Party or state document per line, a JSON
object.
Files come from other people, so every field is untrusted: ``parse_line`` checks each one, collects
every problem of the line and either returns a clean, typed :class:`ImportRecord` or raises
:class:`ImportLineError` whose messages are Vietnamese sentences (the import command prefixes them
with "Dòng N: ").

The modules: ``json_loading`` (the JSON object of a line), ``schema`` (the pydantic models of a
line and of a relation), ``parsing`` (``parse_line`` and the checks across fields), ``messages``
(every Vietnamese sentence, and pydantic's errors turned into them), ``codes`` (codes and
limits), ``records`` (the result types), ``text`` (tidying text), ``duplicates`` (the same
document twice in one file), ``sections`` (keys other apps add to a line, such as ``tasks``),
``files`` (a file read line by line).

Pure Python on purpose (no Django): the import command, the admin upload and the tests share it.
"""

from .codes import (
    CONFIDENTIALITY,
    DOC_TYPES,
    KINDS,
    MAX_GROUP_CHARS,
    MAX_GROUPS,
    MAX_LINE_CHARS,
    MAX_NUMBER_CHARS,
    MAX_RELATIONS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    REGULATION_DOC_TYPES,
    RELATION_TYPES,
    STATE_DOC_TYPES,
)
from .duplicates import DuplicateTracker
from .files import JsonLinesFile
from .parsing import parse_line
from .records import ImportLineError, ImportRecord, RelationRef
from .sections import LineSection, line_sections, register_line_section

__all__ = [
    "CONFIDENTIALITY",
    "DOC_TYPES",
    "KINDS",
    "MAX_GROUPS",
    "MAX_GROUP_CHARS",
    "MAX_LINE_CHARS",
    "MAX_NUMBER_CHARS",
    "MAX_RELATIONS",
    "MAX_TAGS",
    "MAX_TAG_CHARS",
    "REGULATION_DOC_TYPES",
    "RELATION_TYPES",
    "STATE_DOC_TYPES",
    "DuplicateTracker",
    "ImportLineError",
    "ImportRecord",
    "JsonLinesFile",
    "LineSection",
    "RelationRef",
    "line_sections",
    "parse_line",
    "register_line_section",
]
