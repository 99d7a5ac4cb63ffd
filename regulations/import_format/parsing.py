"""``parse_line``: one line of the import file to an ImportRecord, or every problem it has.

1. ``json_loading`` reads the JSON object (syntax, encoding, size: one problem, then stop);
2. ``schema.DocumentLine`` validates each field and each list item (pydantic collects them all);
3. the checks here need several fields or items, and run on whatever passed step 2: a known key
   given twice, too many tags or groups, a relation with a key given twice, a validity that ends
   before it starts, a secret document without groups, a document related to itself;
4. the sections other apps registered (``sections.py``: the ``tasks`` list) check their keys.

The problems are reported in the order of the fields, duplicate keys first and the checks
across fields last, each as a Vietnamese sentence (``messages.py``).
"""

import math
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from pydantic import ValidationError

from regulations.identity import document_identity, identity_key

from . import messages
from .codes import MAX_GROUPS, MAX_RELATIONS, MAX_TAGS
from .json_loading import JsonObject, duplicate_keys, load_object
from .records import ImportLineError, ImportRecord, RelationRef
from .schema import PASSED, DocumentLine, Passed, RelationItem
from .sections import line_sections
from .text import fold

_FIELD_ORDER = {name: rank for rank, name in enumerate(DocumentLine.model_fields)}
_RELATION_KEYS = frozenset(RelationItem.model_fields)
_NAME_LIMITS = {"tags": MAX_TAGS, "restricted_to": MAX_GROUPS}

# Where a problem is reported: duplicate keys, then the fields in order (a list's items in
# order, a relation's duplicate keys before its other problems), then the checks across fields.
Position = tuple[float, ...]
_FIRST: Position = (0,)
_LAST: Position = (2,)


def _field_position(loc: tuple[str | int, ...]) -> Position:
    rank = _FIELD_ORDER.get(str(loc[0]), len(_FIELD_ORDER))
    if len(loc) > 1 and isinstance(loc[1], int):
        return (1, rank, loc[1], 1)
    return (1, rank)


def distinct_names(names: Iterable[str]) -> tuple[str, ...]:
    """Names without the empty ones and without repeats (case and spacing ignored)."""
    seen: dict[str, str] = {}
    for name in names:
        if name:
            seen.setdefault(fold(name), name)
    return tuple(seen.values())


def distinct_relations(items: Iterable[RelationItem]) -> tuple[RelationRef, ...]:
    """Relations without repeats: same type, same document number (by identity), same date."""
    seen: dict[tuple[str, str, Any], RelationRef] = {}
    for item in items:
        seen.setdefault((item.type, identity_key(item.number), item.issued_on), item.ref())
    return tuple(seen.values())


def _list_checks(data: JsonObject, passed: Passed) -> list[tuple[Position, str]]:
    """Too many names; relations with a key given twice (such a relation is not kept)."""
    found = []
    for key, limit in _NAME_LIMITS.items():
        names = distinct_names(clean for _raw, clean in passed.items[key])
        if len(names) > limit:
            after_its_items = (1, _FIELD_ORDER[key], math.inf)
            found.append((after_its_items, messages.too_many(key, len(names), limit)))
    relations = data.get("relations")
    if isinstance(relations, list) and len(relations) <= MAX_RELATIONS:
        rank = _FIELD_ORDER["relations"]
        for i, raw in enumerate(relations):
            for key in duplicate_keys(raw):
                if key in _RELATION_KEYS:
                    found.append(((1, rank, i, 0), messages.relation_duplicate_key(i, key)))
    return found


def _kept_relations(passed: Passed) -> tuple[RelationRef, ...]:
    """The valid relations of the line, even when others were not."""
    return distinct_relations(
        clean
        for raw, clean in passed.items["relations"]
        if not _RELATION_KEYS.intersection(duplicate_keys(raw))
    )


def _cross_field_checks(fields: Mapping[str, Any], relations: Iterable[RelationRef]) -> list[str]:
    """Checks that need several fields, made only with the fields that were themselves valid."""
    found = []
    start_key = "effective_on" if fields.get("effective_on") else "issued_on"
    start, expires = fields.get(start_key), fields.get("expires_on")
    if start and expires and expires < start:
        found.append(messages.expires_too_early(expires, start, start_key))
    if (
        fields.get("confidentiality")
        and "restricted_to" in fields
        and not distinct_names(fields["restricted_to"])
    ):
        found.append(messages.SECRET_WITHOUT_GROUPS)
    if fields.get("number") and fields.get("issued_on"):
        own = document_identity(fields["number"], fields["issued_on"])
        for ref in relations:
            if document_identity(ref.number, ref.issued_on) == own:
                found.append(messages.relation_to_itself(ref.type, ref.number))
    return found


def parse_line(line: str | bytes) -> ImportRecord:
    """Validate one line of the import file; raise ImportLineError listing all its problems."""
    data = load_object(line)
    problems = [
        (_FIRST, messages.duplicate_key(key))
        for key in duplicate_keys(data)
        if key in _FIELD_ORDER  # a known key given twice is ambiguous: reject, never guess
    ]
    passed = Passed()
    document = None
    try:
        document = DocumentLine.model_validate(data, context={PASSED: passed})
    except ValidationError as error:
        problems += [
            (_field_position(e["loc"]), messages.render(e)) for e in error.errors(include_url=False)
        ]
    problems += _list_checks(data, passed)
    relations = _kept_relations(passed)
    problems += [(_LAST, message) for message in _cross_field_checks(passed.fields, relations)]
    sections = []
    for key, section in sorted(line_sections().items()):
        if data.get(key) is None:
            continue
        try:
            sections.append((key, section.parse(data[key])))
        except ImportLineError as error:
            problems += [(_LAST, message) for message in error.messages]
    if problems:
        raise ImportLineError([message for _, message in sorted(problems, key=itemgetter(0))])
    assert document is not None  # a ValidationError always has a problem
    return ImportRecord(
        **{
            **dict(document),
            "tags": distinct_names(document.tags),
            "restricted_to": distinct_names(document.restricted_to),
            "relations": relations,
            "sections": tuple(sections),
        }
    )
