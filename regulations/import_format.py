"""Validate one line of the document import format (JSON Lines).

The format is described in ``IMPORT_FORMAT.md``: one Party document per line, a JSON object.
Files come from other people, so every field is untrusted: ``parse_line`` checks each one, collects
every problem of the line and either returns a clean, typed :class:`ImportRecord` or raises
:class:`ImportLineError` whose messages are Vietnamese sentences (the import command prefixes them
with "Dòng N: ").

Pure Python on purpose (no Django): the import command, the admin upload and the tests share it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

DOC_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QC": "Quy chế",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "TT": "Thông tri",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "CV": "Công văn",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "TTr": "Tờ trình",
}
CONFIDENTIALITY = ("Mật", "Tối mật", "Tuyệt mật")
RELATION_TYPES = (
    "amends",
    "supplements",
    "replaces",
    "repeals",
    "guides",
    "suspends",
    "based_on",
    "cites",
    "related",
)
KINDS = ("regulation", "circular")

# Document types that become regulation pages when a line has no ``kind``.
REGULATION_DOC_TYPES = frozenset({"QC", "QĐi"})

MAX_LINE_CHARS = 16_000_000  # a 2,000,000-character body written as \uXXXX escapes fits
MAX_TAGS = 50
MAX_TAG_CHARS = 100
MAX_GROUPS = 50
MAX_GROUP_CHARS = 150  # django.contrib.auth Group.name
MAX_RELATIONS = 500
MAX_NUMBER_CHARS = 100


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


class ImportLineError(ValueError):
    """A rejected line; ``messages`` lists every problem found, each a Vietnamese sentence."""

    def __init__(self, messages: str | Iterable[str]):
        self.messages: list[str] = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


# --------------------------------------------------------------------------------------------
# Small text helpers


_WHITESPACE = re.compile(r"\s+")
# Characters that never belong in a document and that databases or terminals choke on: C0 controls
# other than whitespace, DEL, and lone surrogates (which "\ud800" in JSON produces).
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
_DIGIT = re.compile(r"[0-9]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_NUMBER_PREFIX = re.compile(r"^(?:số|so)\s*[:.]?\s*(?=[0-9])", re.IGNORECASE)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _one_line(text: str) -> str:
    """NFC, whitespace runs (including line breaks) collapsed to one space, stripped."""
    return _WHITESPACE.sub(" ", _nfc(text)).strip()


def _multi_line(text: str) -> str:
    """NFC, line breaks unified to ``\\n`` (form feeds from PDF extraction too), stripped."""
    text = _nfc(text).replace("\r\n", "\n")
    return re.sub(r"[\r\v\f]", "\n", text).strip()


def _show(value: str, limit: int = 60) -> str:
    """An untrusted value made safe to quote in a message: shortened, invisible chars escaped."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _count(n: int) -> str:
    """Vietnamese thousands separator: 2.000.000."""
    return f"{n:,}".replace(",", ".")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _describe(value: Any) -> str:
    """The JSON type of a value, in Vietnamese, for "phải là ..., không phải ..." messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "giá trị true/false"
    if isinstance(value, int | float | Decimal):
        return "số"
    if isinstance(value, str):
        return "chuỗi ký tự"
    if isinstance(value, list):
        return "danh sách"
    return "đối tượng"


def _code_key(code: str) -> str:
    """Upper case, with D for Đ (and for the look-alike Icelandic Ð) so "qdi" finds "QĐi"."""
    return _one_line(code).upper().replace("Đ", "D").replace("Ð", "D")


def _fold(text: str) -> str:
    return _nfc(_one_line(text).casefold())


def _number_key(number: str) -> str:
    """Identity of a document number within one file: case, dashes, spaces and "Số" ignored."""
    text = _NUMBER_PREFIX.sub("", _one_line(number))
    return _WHITESPACE.sub("", _DASHES.sub("-", text)).upper()


_DOC_TYPE_BY_KEY = {_code_key(code): code for code in DOC_TYPES}
_CONFIDENTIALITY_BY_KEY = {_fold(mark): mark for mark in CONFIDENTIALITY}


# --------------------------------------------------------------------------------------------
# Reading the JSON


class _JsonObject(dict):
    """A JSON object that remembers which keys it had more than once (the last one would win)."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject(pairs)
    if len(obj) != len(pairs):
        keys = [key for key, _ in pairs]
        obj.duplicates = tuple(dict.fromkeys(k for k in keys if keys.count(k) > 1))
    return obj


class _NonStandardConstant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonStandardConstant(name)


_JSON_ERRORS = (
    ("Expecting value", "thiếu giá trị hoặc giá trị không hợp lệ"),
    ("Expecting ',' delimiter", "thiếu dấu phẩy “,” giữa các phần tử"),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm “:” sau tên trường"),
    ("Expecting property name", "tên trường phải đặt trong dấu nháy kép"),
    ("Unterminated string", "chuỗi chưa có dấu nháy kép đóng"),
    ("Invalid control character", "chuỗi chứa ký tự điều khiển (xuống dòng phải viết là \\n)"),
    ("Invalid \\uXXXX", "mã thoát \\uXXXX không hợp lệ"),
    ("Invalid \\escape", "ký tự thoát “\\” không hợp lệ"),
    ("Extra data", "còn dữ liệu thừa sau đối tượng JSON (mỗi dòng chỉ chứa một đối tượng)"),
)


def _json_error(err: json.JSONDecodeError) -> str:
    reason = next((vi for en, vi in _JSON_ERRORS if err.msg.startswith(en)), "lỗi cú pháp")
    return f"Không phải JSON hợp lệ (cột {err.colno}): {reason}"


def _load_object(line: str | bytes) -> _JsonObject:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ImportLineError(
                f"Không phải văn bản UTF-8 hợp lệ (byte thứ {err.start + 1})"
            ) from None
    line = line.removeprefix("\ufeff")
    if not line.strip():
        raise ImportLineError("Không có dữ liệu (dòng trống)")
    if len(line) > MAX_LINE_CHARS:
        raise ImportLineError(
            f"Nội dung quá dài: {_count(len(line))} ký tự (tối đa {_count(MAX_LINE_CHARS)})"
        )
    try:
        data = json.loads(
            line,
            object_pairs_hook=_object_pairs,
            parse_int=Decimal,  # no int conversion limit to trip over; only the type matters
            parse_float=Decimal,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as err:
        raise ImportLineError(_json_error(err)) from None
    except _NonStandardConstant as err:
        raise ImportLineError(
            f"Không phải JSON hợp lệ: “{err}” không phải giá trị JSON chuẩn"
        ) from None
    except RecursionError:
        raise ImportLineError("Không phải JSON hợp lệ: dữ liệu lồng nhau quá sâu") from None
    if not isinstance(data, dict):
        raise ImportLineError(
            f"Nội dung phải là một đối tượng JSON {{…}}, không phải {_describe(data)}"
        )
    return data


# --------------------------------------------------------------------------------------------
# Field specs


@dataclass(frozen=True)
class _TextSpec:
    key: str
    label: str
    max_chars: int
    required: bool = False
    multiline: bool = False

    @property
    def subject(self) -> str:
        return f"Trường “{self.key}” ({self.label})"


# Number, title and body limits come from the format; the other lengths match the model fields
# the importer fills (Issuer.code, PartyDocumentPage.signer / field).
_NUMBER = _TextSpec("number", "số, ký hiệu", MAX_NUMBER_CHARS, required=True)
_TITLE = _TextSpec("title", "trích yếu", 255, required=True)
_ISSUER = _TextSpec("issuer", "cơ quan ban hành", 255)
_ISSUER_CODE = _TextSpec("issuer_code", "ký hiệu cơ quan ban hành", 40)
_SIGNER = _TextSpec("signer", "người ký", 200)
_FIELD = _TextSpec("field", "lĩnh vực", 200)
_SUMMARY = _TextSpec("summary", "tóm tắt", 20_000, multiline=True)
_BODY = _TextSpec("body", "toàn văn", 2_000_000, multiline=True)

# key -> (Vietnamese label, required)
_DATES = {
    "issued_on": ("ngày ban hành", True),
    "effective_on": ("ngày hiệu lực", False),
    "expires_on": ("ngày hết hiệu lực", False),
}

_LIST_LABELS = {
    "tags": "từ khóa",
    "restricted_to": "nhóm được xem",
    "relations": "quan hệ văn bản",
}

_MISSING: Any = object()


def _number_problem(number: str, subject: str = "Số, ký hiệu") -> str | None:
    if _DIGIT.search(number):
        return None
    return f"{subject} “{_show(number)}” không hợp lệ: phải có ít nhất một chữ số"


def _date_problem(raw: str, label: str) -> tuple[date | None, str | None]:
    """Parse a strict YYYY-MM-DD date; return (date, None) or (None, message)."""
    text = raw.strip()
    if not _DATE.fullmatch(text):
        return None, f"{_capitalise(label)} “{_show(raw)}” không hợp lệ (định dạng YYYY-MM-DD)"
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:])), None
    except ValueError:
        return None, (
            f"{_capitalise(label)} “{_show(raw)}” không hợp lệ: không có ngày này trên lịch "
            "(định dạng YYYY-MM-DD)"
        )


class _LineReader:
    """Reads the fields of one JSON object, collecting problems instead of stopping at the first."""

    def __init__(self, data: _JsonObject):
        self.data = data
        self.problems: list[str] = []
        self.broken: set[str] = set()  # keys whose value was rejected

    def problem(self, key: str, message: str) -> None:
        self.broken.add(key)
        self.problems.append(message)

    # -- scalars -------------------------------------------------------------------------------

    def clean_string(
        self, key: str, raw: str, subject: str, max_chars: int, multiline: bool = False
    ) -> str | None:
        bad = _FORBIDDEN_CHARS.search(raw)
        if bad:
            code = ord(bad.group())
            what = "nửa cặp UTF-16 đơn lẻ" if 0xD800 <= code <= 0xDFFF else "ký tự điều khiển"
            self.problem(key, f"{subject} chứa ký tự không hợp lệ U+{code:04X} ({what})")
            return None
        text = _multi_line(raw) if multiline else _one_line(raw)
        if len(text) > max_chars:
            self.problem(
                key, f"{subject} quá dài: {_count(len(text))} ký tự (tối đa {_count(max_chars)})"
            )
            return None
        return text

    def text(self, spec: _TextSpec) -> str | None:
        raw = self.data.get(spec.key, _MISSING)
        if raw is _MISSING and spec.required:
            self.problem(spec.key, f"Thiếu trường bắt buộc “{spec.key}” ({spec.label})")
            return None
        if raw is None or raw is _MISSING:
            raw = ""
        if not isinstance(raw, str):
            self.problem(
                spec.key, f"{spec.subject} phải là chuỗi ký tự, không phải {_describe(raw)}"
            )
            return None
        text = self.clean_string(spec.key, raw, spec.subject, spec.max_chars, spec.multiline)
        if text == "" and spec.required:
            self.problem(spec.key, f"Trường bắt buộc “{spec.key}” ({spec.label}) đang để trống")
            return None
        return text

    def number(self) -> str | None:
        number = self.text(_NUMBER)
        problem = _number_problem(number) if number else None
        if problem:
            self.problem("number", problem)
            return None
        return number

    def date_of(self, key: str) -> date | None:
        label, required = _DATES[key]
        raw = self.data.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.problem(key, f"Thiếu trường bắt buộc “{key}” ({label})")
            return None
        if not isinstance(raw, str):
            self.problem(
                key,
                f"{_capitalise(label)} (“{key}”) phải là chuỗi dạng YYYY-MM-DD, "
                f"không phải {_describe(raw)}",
            )
            return None
        value, problem = _date_problem(raw, label)
        if problem:
            self.problem(key, problem)
        return value

    def doc_type(self) -> str | None:
        raw = self.data.get("doc_type")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.problem("doc_type", "Thiếu trường bắt buộc “doc_type” (mã loại văn bản)")
            return None
        if not isinstance(raw, str):
            self.problem(
                "doc_type",
                f"Mã loại văn bản (“doc_type”) phải là chuỗi ký tự, không phải {_describe(raw)}",
            )
            return None
        code = _DOC_TYPE_BY_KEY.get(_code_key(raw))
        if code is None:
            self.problem(
                "doc_type",
                f"Mã loại văn bản “{_show(raw)}” không hợp lệ; "
                f"các mã được chấp nhận: {', '.join(DOC_TYPES)}",
            )
        return code

    def kind(self, doc_type: str | None) -> str | None:
        raw = self.data.get("kind")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if doc_type is None:
                return None
            return "regulation" if doc_type in REGULATION_DOC_TYPES else "circular"
        if not isinstance(raw, str):
            self.problem(
                "kind",
                f"Trường “kind” (dạng trang) phải là chuỗi ký tự, không phải {_describe(raw)}",
            )
            return None
        kind = raw.strip().lower()
        if kind not in KINDS:
            self.problem(
                "kind",
                f"Dạng trang “{_show(raw)}” (“kind”) không hợp lệ; "
                f"chỉ chấp nhận: {', '.join(KINDS)}",
            )
            return None
        return kind

    def confidentiality(self) -> str | None:
        raw = self.data.get("confidentiality")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if not isinstance(raw, str):
            self.problem(
                "confidentiality",
                f"Độ mật (“confidentiality”) phải là chuỗi ký tự hoặc null, "
                f"không phải {_describe(raw)}",
            )
            return None
        mark = _CONFIDENTIALITY_BY_KEY.get(_fold(raw))
        if mark is None:
            self.problem(
                "confidentiality",
                f"Độ mật “{_show(raw)}” không hợp lệ; chỉ chấp nhận: {', '.join(CONFIDENTIALITY)}",
            )
        return mark

    def published(self) -> bool:
        raw = self.data.get("published")
        if raw is None:
            return True
        if not isinstance(raw, bool):
            self.problem(
                "published",
                "Trường “published” (công bố) phải là true hoặc false, "
                f"không phải {_describe(raw)}",
            )
            return True
        return raw

    # -- lists ---------------------------------------------------------------------------------

    def list_of(self, key: str, item_kind: str) -> list[Any]:
        raw = self.data.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(
                key,
                f"Trường “{key}” ({_LIST_LABELS[key]}) phải là danh sách {item_kind}, "
                f"không phải {_describe(raw)}",
            )
            return []
        return raw

    def names(
        self, key: str, noun: str, max_items: int, max_chars: int, allow_empty: bool
    ) -> tuple[str, ...]:
        """A list of names (tags, groups): cleaned, deduplicated case-insensitively."""
        names: dict[str, str] = {}
        for i, raw in enumerate(self.list_of(key, "chuỗi ký tự"), start=1):
            subject = f"{_capitalise(noun)} thứ {i} trong “{key}”"
            if not isinstance(raw, str):
                self.problem(key, f"{subject} phải là chuỗi ký tự, không phải {_describe(raw)}")
                continue
            name = self.clean_string(key, raw, subject, max_chars)
            if name == "" and not allow_empty:
                self.problem(key, f"{subject} đang để trống")
            if name:
                names.setdefault(_fold(name), name)
        if len(names) > max_items:
            self.problem(key, f"Quá nhiều {noun}: {len(names)} (tối đa {max_items})")
        return tuple(names.values())

    def tags(self) -> tuple[str, ...]:
        return self.names("tags", "từ khóa", MAX_TAGS, MAX_TAG_CHARS, allow_empty=True)

    def restricted_to(self) -> tuple[str, ...]:
        return self.names(
            "restricted_to", "tên nhóm", MAX_GROUPS, MAX_GROUP_CHARS, allow_empty=False
        )

    def relations(self) -> tuple[RelationRef, ...]:
        items = self.list_of("relations", "đối tượng {“type”, “number”, “issued_on”}")
        if len(items) > MAX_RELATIONS:
            self.problem(
                "relations", f"Quá nhiều quan hệ văn bản: {len(items)} (tối đa {MAX_RELATIONS})"
            )
            return ()
        relations: dict[tuple[str, str, date | None], RelationRef] = {}
        for i, item in enumerate(items, start=1):
            ref = self.relation(i, item)
            if ref is not None:
                relations.setdefault((ref.type, _number_key(ref.number), ref.issued_on), ref)
        return tuple(relations.values())

    def relation(self, i: int, item: Any) -> RelationRef | None:
        where = f"Quan hệ thứ {i} trong “relations”"
        if not isinstance(item, dict):
            self.problem(
                "relations",
                f"{where} phải là đối tượng có “type” và “number”, không phải {_describe(item)}",
            )
            return None
        errors_before = len(self.problems)
        for key in getattr(item, "duplicates", ()):
            if key in ("type", "number", "issued_on"):
                self.problem("relations", f"{where}: trường “{key}” xuất hiện nhiều lần")
        rel_type = self.relation_type(where, item.get("type"))
        number = self.relation_number(where, item.get("number"))
        issued_on = self.relation_date(where, item.get("issued_on"))
        if len(self.problems) > errors_before or rel_type is None or number is None:
            return None
        return RelationRef(type=rel_type, number=number, issued_on=issued_on)

    def relation_type(self, where: str, raw: Any) -> str | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.problem("relations", f"{where} thiếu “type” (loại quan hệ)")
            return None
        if not isinstance(raw, str):
            self.problem(
                "relations", f"{where}: “type” phải là chuỗi ký tự, không phải {_describe(raw)}"
            )
            return None
        rel_type = raw.strip().lower()
        if rel_type not in RELATION_TYPES:
            self.problem(
                "relations",
                f"{where}: loại quan hệ “{_show(raw)}” không hợp lệ; "
                f"các loại được chấp nhận: {', '.join(RELATION_TYPES)}",
            )
            return None
        return rel_type

    def relation_number(self, where: str, raw: Any) -> str | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            self.problem("relations", f"{where} thiếu “number” (số, ký hiệu của văn bản liên quan)")
            return None
        if not isinstance(raw, str):
            self.problem(
                "relations", f"{where}: “number” phải là chuỗi ký tự, không phải {_describe(raw)}"
            )
            return None
        number = self.clean_string("relations", raw, f"{where}: “number”", MAX_NUMBER_CHARS)
        problem = _number_problem(number, f"{where}: số, ký hiệu") if number else None
        if problem:
            self.problem("relations", problem)
            return None
        return number

    def relation_date(self, where: str, raw: Any) -> date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if not isinstance(raw, str):
            self.problem(
                "relations",
                f"{where}: ngày ban hành (“issued_on”) phải là chuỗi dạng YYYY-MM-DD, "
                f"không phải {_describe(raw)}",
            )
            return None
        value, problem = _date_problem(raw, "ngày ban hành")
        if problem:
            self.problem("relations", f"{where}: {problem[0].lower()}{problem[1:]}")
        return value

    # -- the whole object ----------------------------------------------------------------------

    def duplicate_keys(self) -> None:
        """A known key given twice is ambiguous (e.g. "Mật" then null): reject, never guess."""
        for key in self.data.duplicates:
            if key in _KNOWN_KEYS:
                self.problem(key, f"Trường “{key}” xuất hiện nhiều lần trong cùng một dòng")


_KNOWN_KEYS = frozenset(field.name for field in fields(ImportRecord))


def _cross_field_problems(reader: _LineReader, values: dict[str, Any]) -> None:
    """Checks that need several fields, made only when those fields themselves were valid."""
    start_key = "effective_on" if values["effective_on"] else "issued_on"
    start, expires = values[start_key], values["expires_on"]
    if start and expires and expires < start:
        start_label = _DATES[start_key][0]
        reader.problem(
            "expires_on",
            f"Ngày hết hiệu lực ({expires.isoformat()}) sớm hơn {start_label} "
            f"({start.isoformat()})",
        )
    if (
        values["confidentiality"]
        and not values["restricted_to"]
        and "restricted_to" not in reader.broken
    ):
        reader.problem("restricted_to", "Văn bản mật phải ghi rõ nhóm được xem (restricted_to)")
    if values["number"] and values["issued_on"]:
        own = (_number_key(values["number"]), values["issued_on"])
        for ref in values["relations"]:
            if (_number_key(ref.number), ref.issued_on) == own:
                reader.problem(
                    "relations",
                    f"Văn bản không thể có quan hệ “{ref.type}” với chính nó ({ref.number})",
                )


def parse_line(line: str | bytes) -> ImportRecord:
    """Validate one line of the import file; raise ImportLineError listing all its problems."""
    reader = _LineReader(_load_object(line))
    reader.duplicate_keys()
    values: dict[str, Any] = {
        "number": reader.number(),
        "issued_on": reader.date_of("issued_on"),
        "doc_type": reader.doc_type(),
    }
    values["kind"] = reader.kind(values["doc_type"])
    values.update(
        title=reader.text(_TITLE),
        issuer=reader.text(_ISSUER),
        issuer_code=reader.text(_ISSUER_CODE),
        signer=reader.text(_SIGNER),
        effective_on=reader.date_of("effective_on"),
        expires_on=reader.date_of("expires_on"),
        field=reader.text(_FIELD),
        tags=reader.tags(),
        summary=reader.text(_SUMMARY),
        body=reader.text(_BODY),
        confidentiality=reader.confidentiality(),
        restricted_to=reader.restricted_to(),
        relations=reader.relations(),
        published=reader.published(),
    )
    _cross_field_problems(reader, values)
    if reader.problems:
        raise ImportLineError(reader.problems)
    return ImportRecord(**values)


# --------------------------------------------------------------------------------------------
# Duplicates within one file


class DuplicateTracker:
    """Spots the same document, ``(number, issued_on)``, twice in one import file.

    Numbers are compared case-insensitively, with every kind of dash (en dash, minus sign...) read
    as "-", spaces ignored and a leading "Số" dropped: "Số 137 - qđ/TW" is "137-QĐ/TW".
    """

    def __init__(self) -> None:
        self._first_line: dict[tuple[str, date], int] = {}

    def seen(self, record: ImportRecord, line_no: int) -> int | None:
        """Remember the record; return the earlier line number if its identity was seen before."""
        key = (_number_key(record.number), record.issued_on)
        earlier = self._first_line.get(key)
        if earlier is None:
            self._first_line[key] = line_no
        return earlier
