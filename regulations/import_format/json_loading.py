"""Reading one line of the import file into a JSON object, strictly.

The standard library's parser, not pydantic's: it reports the column of a syntax error (which
``messages.json_syntax`` turns into Vietnamese), lets ``NaN``/``Infinity`` be refused, lets
duplicate keys be seen (pydantic's parser keeps the last one silently) and reads numbers as
``Decimal``, so no size of integer trips Python's int conversion limit: only their type matters.
"""

import json
from decimal import Decimal
from typing import Any

from . import messages
from .codes import MAX_LINE_CHARS
from .records import ImportLineError


class JsonObject(dict):
    """A JSON object that remembers which keys it had more than once (the last one would win)."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject(pairs)
    if len(obj) != len(pairs):
        keys = [key for key, _ in pairs]
        obj.duplicates = tuple(dict.fromkeys(k for k in keys if keys.count(k) > 1))
    return obj


def duplicate_keys(value: Any) -> tuple[str, ...]:
    """The keys a JSON object had more than once; () for anything else."""
    return value.duplicates if isinstance(value, JsonObject) else ()


class _NonStandardConstant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonStandardConstant(name)


def load_object(line: str | bytes) -> JsonObject:
    """The JSON object of one line; ImportLineError when the line is anything else."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ImportLineError(messages.not_utf8(err.start + 1)) from None
    line = line.removeprefix("\ufeff")
    if not line.strip():
        raise ImportLineError(messages.EMPTY_LINE)
    if len(line) > MAX_LINE_CHARS:
        raise ImportLineError(messages.line_too_long(len(line), MAX_LINE_CHARS))
    try:
        data = json.loads(
            line,
            object_pairs_hook=_object_pairs,
            parse_int=Decimal,
            parse_float=Decimal,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as err:
        raise ImportLineError(messages.json_syntax(err.msg, err.colno)) from None
    except _NonStandardConstant as err:
        raise ImportLineError(messages.non_standard_constant(str(err))) from None
    except RecursionError:
        raise ImportLineError(messages.TOO_DEEP) from None
    if not isinstance(data, dict):
        raise ImportLineError(messages.not_an_object(data))
    return data
