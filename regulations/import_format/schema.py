"""The pydantic schema of one line of the import format: each field, its type and its checks.

Strict mode: a JSON number is never a string, ``0`` or ``"false"`` never a bool, a string never
a list. Unknown keys are ignored. ``null`` means "not given" for every optional field (and
``""`` for text); required dates and codes that are ``null`` or blank count as missing.

The validators raise ``messages.problem(...)`` errors, which ``messages.render`` turns into
Vietnamese. Checks that need several fields or several items (a secret document names its
groups, no more than 50 tags, no relation to itself...) are not here but in ``parsing.py``:
pydantic gives all or nothing, and those checks must still run on a line whose other fields
failed, so that every problem of the line is reported at once. ``Passed`` keeps, for them,
every field and every list item that passed.
"""

import re
from collections import defaultdict
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticKnownError

from . import codes
from .messages import problem
from .records import RelationRef
from .text import FORBIDDEN_CHARS, code_key, fold, is_blank, multi_line, one_line

_DIGIT = re.compile(r"[0-9]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Party and state codes: which of them a line may use depends on its ``kind`` (``_kind``).
_DOC_TYPE_BY_KEY = {code_key(code): code for code in [*codes.DOC_TYPES, *codes.STATE_DOC_TYPES]}
_CONFIDENTIALITY_BY_KEY = {fold(mark): mark for mark in codes.CONFIDENTIALITY}

# --------------------------------------------------------------------------------------------
# What passed, for the checks across fields and items

PASSED = "passed"  # the key of the ``Passed`` in the validation context


class Passed:
    """The fields and list items of one line that passed validation, whatever else failed."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.items: defaultdict[str, list[tuple[Any, Any]]] = defaultdict(list)  # (raw, clean)


def _passed(info: ValidationInfo) -> Passed | None:
    return info.context.get(PASSED) if isinstance(info.context, dict) else None


def _remember_item(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo):
    clean = handler(value)
    if (passed := _passed(info)) is not None and info.field_name:
        passed.items[info.field_name].append((value, clean))
    return clean


_ITEM = WrapValidator(_remember_item)

# --------------------------------------------------------------------------------------------
# Scalars


def _null_is_empty(value: Any) -> Any:
    return "" if value is None else value


def _blank_is_none(value: Any) -> Any:
    return None if is_blank(value) else value


def _blank_is_missing(value: Any) -> Any:
    if is_blank(value):
        raise PydanticKnownError("missing")
    return value


def _cleaned(max_chars: int, multiline: bool = False) -> AfterValidator:
    """Refuse control characters and lone surrogates, tidy (``text.py``), then check length."""

    def clean(raw: str) -> str:
        if bad := FORBIDDEN_CHARS.search(raw):
            raise problem("forbidden_char", code=ord(bad.group()))
        text = multi_line(raw) if multiline else one_line(raw)
        if len(text) > max_chars:
            raise problem("too_long", length=len(text), limit=max_chars)
        return text

    return AfterValidator(clean)


def _not_empty(text: str) -> str:
    if not text:
        raise problem("empty")
    return text


def _has_digit(number: str) -> str:
    if not _DIGIT.search(number):
        raise problem("no_digit", value=number)
    return number


def _iso_date(raw: Any) -> Any:
    """A strict YYYY-MM-DD date; anything but a string is left to the strict type check."""
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if not _DATE.fullmatch(text):
        raise problem("date_format", value=raw)
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        raise problem("no_such_date", value=raw) from None


def _optional_date(raw: Any) -> Any:
    return None if is_blank(raw) else _iso_date(raw)


def _required_date(raw: Any) -> Any:
    return _iso_date(_blank_is_missing(raw))


def _doc_type(raw: str) -> str:
    code = _DOC_TYPE_BY_KEY.get(code_key(raw))
    if code is None:
        raise problem("unknown_doc_type", value=raw)
    return code


def _confidentiality(raw: str | None) -> str | None:
    if raw is None:
        return None
    mark = _CONFIDENTIALITY_BY_KEY.get(fold(raw))
    if mark is None:
        raise problem("unknown_confidentiality", value=raw)
    return mark


def _relation_type(raw: str) -> str:
    relation_type = raw.strip().lower()
    if relation_type not in codes.RELATION_TYPES:
        raise problem("unknown_relation_type", value=raw)
    return relation_type


def _text(max_chars: int, *, multiline: bool = False) -> Any:
    """An optional text field: ``null`` is ""."""
    return Annotated[str, BeforeValidator(_null_is_empty), _cleaned(max_chars, multiline)]


def _required_text(max_chars: int) -> Any:
    """A required text field: missing, ``null`` or blank is refused (each in its own words)."""
    return Annotated[_text(max_chars), AfterValidator(_not_empty)]


Number = Annotated[_required_text(codes.MAX_NUMBER_CHARS), AfterValidator(_has_digit)]
RequiredDate = Annotated[date, BeforeValidator(_required_date)]
OptionalDate = Annotated[date | None, BeforeValidator(_optional_date)]
DocType = Annotated[str, BeforeValidator(_blank_is_missing), AfterValidator(_doc_type)]
Confidentiality = Annotated[
    str | None, BeforeValidator(_blank_is_none), AfterValidator(_confidentiality)
]
Published = Annotated[bool, BeforeValidator(lambda value: True if value is None else value)]

# --------------------------------------------------------------------------------------------
# Lists


def _null_is_no_list(value: Any) -> Any:
    return [] if value is None else value


def _relation_list(value: Any) -> Any:
    """At most MAX_RELATIONS items, counted before any is read."""
    if isinstance(value, list) and len(value) > codes.MAX_RELATIONS:
        raise problem("too_many", found=len(value), limit=codes.MAX_RELATIONS)
    return _null_is_no_list(value)


class RelationItem(BaseModel):
    """One item of ``relations``: ``{"type", "number", "issued_on"}``; other keys ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    type: Annotated[str, BeforeValidator(_blank_is_missing), AfterValidator(_relation_type)]
    number: Annotated[
        str,
        BeforeValidator(_blank_is_missing),
        _cleaned(codes.MAX_NUMBER_CHARS),
        AfterValidator(_has_digit),
    ]
    issued_on: OptionalDate = None

    def ref(self) -> RelationRef:
        return RelationRef(type=self.type, number=self.number, issued_on=self.issued_on)


# Tags may be empty (they are dropped); a group name may not.
Tag = Annotated[str, _cleaned(codes.MAX_TAG_CHARS), _ITEM]
GroupName = Annotated[str, _cleaned(codes.MAX_GROUP_CHARS), AfterValidator(_not_empty), _ITEM]
Relation = Annotated[RelationItem, _ITEM]

# --------------------------------------------------------------------------------------------
# The line


class DocumentLine(BaseModel):
    """One line of the import file, each field validated on its own (see the module doc).

    The fields are in the order of ``ImportRecord``, which is the order problems are reported in.
    """

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, validate_default=True)

    number: Number
    issued_on: RequiredDate
    doc_type: DocType
    kind: Annotated[str | None, BeforeValidator(_blank_is_none)] = None
    title: _required_text(codes.MAX_TITLE_CHARS)
    issuer: _text(codes.MAX_ISSUER_CHARS) = ""
    issuer_code: _text(codes.MAX_ISSUER_CODE_CHARS) = ""
    signer: _text(codes.MAX_SIGNER_CHARS) = ""
    effective_on: OptionalDate = None
    expires_on: OptionalDate = None
    field: _text(codes.MAX_FIELD_CHARS) = ""
    tags: Annotated[list[Tag], BeforeValidator(_null_is_no_list)] = Field(default_factory=list)
    summary: _text(codes.MAX_SUMMARY_CHARS, multiline=True) = ""
    body: _text(codes.MAX_BODY_CHARS, multiline=True) = ""
    confidentiality: Confidentiality = None
    restricted_to: Annotated[list[GroupName], BeforeValidator(_null_is_no_list)] = Field(
        default_factory=list
    )
    relations: Annotated[list[Relation], BeforeValidator(_relation_list)] = Field(
        default_factory=list
    )
    published: Published = True

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The page type; when not given, derived from a valid ``doc_type`` (a code only the
        State uses, "NĐ", "L", makes a state document). A ``doc_type`` of the other system
        than ``kind`` is refused here, where both are known."""
        doc_type = info.data.get("doc_type")
        if value is None:
            if doc_type is None:
                return None
            if doc_type in codes.STATE_ONLY_DOC_TYPES:
                return codes.STATE_KIND
            return "regulation" if doc_type in codes.REGULATION_DOC_TYPES else "circular"
        kind = value.strip().lower()
        if kind not in codes.KINDS:
            raise problem("unknown_kind", value=value)
        if doc_type is not None:
            if kind == codes.STATE_KIND and doc_type not in codes.STATE_DOC_TYPES:
                raise problem("not_a_state_type", code=doc_type)
            if kind != codes.STATE_KIND and doc_type not in codes.DOC_TYPES:
                raise problem("not_a_party_type", code=doc_type, page_kind=kind)
        return kind

    @field_validator("*", mode="wrap")
    @classmethod
    def _remember(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo):
        clean = handler(value)
        if (passed := _passed(info)) is not None and info.field_name:
            passed.fields[info.field_name] = clean
        return clean
