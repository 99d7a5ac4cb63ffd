"""Every sentence a rejected line can get, in Vietnamese, and the reading of pydantic's errors.

The validators of ``schema.py`` say *what* is wrong and raise a pydantic error whose type names
the problem (``problem("too_long", length=..., limit=...)``); they do not know *where* it is (an
item of a list does not know its index). ``render`` writes the sentence from the error's type,
its context and its location (``loc``): ``("title",)`` is "Trường “title” (trích yếu)", ``("tags",
1)`` is "Từ khóa thứ 2 trong “tags”", ``("relations", 0, "number")`` is "Quan hệ thứ 1 trong
“relations”: “number”". pydantic's own (English) ``msg`` is never shown: its type errors
(``string_type``, ``bool_type``, ``list_type``, ``model_type``...) become "... phải là ..., không
phải ..." and ``missing`` becomes "Thiếu trường bắt buộc ...".
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic_core import ErrorDetails, PydanticCustomError

from .codes import CONFIDENTIALITY, DOC_TYPES, KINDS, RELATION_TYPES, STATE_DOC_TYPES

# --------------------------------------------------------------------------------------------
# Writing untrusted values into a sentence


def show(value: str, limit: int = 60) -> str:
    """An untrusted value made safe to quote in a message: shortened, invisible chars escaped."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def count(n: int) -> str:
    """Vietnamese thousands separator: 2.000.000."""
    return f"{n:,}".replace(",", ".")


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe(value: Any) -> str:
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


# --------------------------------------------------------------------------------------------
# Reading the JSON (json_loading.py)

EMPTY_LINE = "Không có dữ liệu (dòng trống)"
TOO_DEEP = "Không phải JSON hợp lệ: dữ liệu lồng nhau quá sâu"

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


def not_utf8(byte_no: int) -> str:
    return f"Không phải văn bản UTF-8 hợp lệ (byte thứ {byte_no})"


def line_too_long(length: int, limit: int) -> str:
    return f"Nội dung quá dài: {count(length)} ký tự (tối đa {count(limit)})"


def json_syntax(reason: str, column: int) -> str:
    """The json module's (English) reason for a syntax error, in Vietnamese."""
    vi = next((vi for en, vi in _JSON_ERRORS if reason.startswith(en)), "lỗi cú pháp")
    return f"Không phải JSON hợp lệ (cột {column}): {vi}"


def non_standard_constant(name: str) -> str:
    return f"Không phải JSON hợp lệ: “{name}” không phải giá trị JSON chuẩn"


def not_an_object(value: Any) -> str:
    return f"Nội dung phải là một đối tượng JSON {{…}}, không phải {describe(value)}"


# --------------------------------------------------------------------------------------------
# Where a problem is: the words that name a field, an item of a list, a part of a relation

LABELS = {
    "number": "số, ký hiệu",
    "issued_on": "ngày ban hành",
    "doc_type": "mã loại văn bản",
    "kind": "dạng trang",
    "title": "trích yếu",
    "issuer": "cơ quan ban hành",
    "issuer_code": "ký hiệu cơ quan ban hành",
    "signer": "người ký",
    "effective_on": "ngày hiệu lực",
    "expires_on": "ngày hết hiệu lực",
    "field": "lĩnh vực",
    "tags": "từ khóa",
    "summary": "tóm tắt",
    "body": "toàn văn",
    "confidentiality": "độ mật",
    "restricted_to": "nhóm được xem",
    "relations": "quan hệ văn bản",
    "published": "công bố",
}
# Fields named "Ngày ban hành (“issued_on”)" rather than "Trường “title” (trích yếu)".
_LABEL_FIRST = frozenset({"issued_on", "effective_on", "expires_on", "doc_type", "confidentiality"})
_ISO_DATE = "chuỗi dạng YYYY-MM-DD"
_MUST_BE = {
    "issued_on": _ISO_DATE,
    "effective_on": _ISO_DATE,
    "expires_on": _ISO_DATE,
    "confidentiality": "chuỗi ký tự hoặc null",
    "published": "true hoặc false",
    "tags": "danh sách chuỗi ký tự",
    "restricted_to": "danh sách chuỗi ký tự",
    "relations": "danh sách đối tượng {“type”, “number”, “issued_on”}",
}
_ITEM_NOUNS = {"tags": "từ khóa", "restricted_to": "tên nhóm"}
_RELATION_PARTS = {  # key -> (subject, label, the sentence's end when it is missing)
    "type": ("“type”", "loại quan hệ", "thiếu “type” (loại quan hệ)"),
    "number": ("“number”", "số, ký hiệu", "thiếu “number” (số, ký hiệu của văn bản liên quan)"),
    "issued_on": ("ngày ban hành (“issued_on”)", "ngày ban hành", "thiếu “issued_on”"),
}


@dataclass(frozen=True)
class Place:
    """The words for one location of a line."""

    subject: str  # followed by "phải là", "quá dài", "chứa": "Trường “title” (trích yếu)"
    name: str  # followed by a quoted value: "Số, ký hiệu"
    must_be: str = "chuỗi ký tự"  # its JSON type, for "phải là ..."
    missing: str = ""  # the sentence when it is missing
    empty: str = ""  # the sentence when it is empty
    noun: str = ""  # what a list holds, for "Quá nhiều ..."


def relation_place(index: int) -> str:
    return f"Quan hệ thứ {index + 1} trong “relations”"


def place(loc: tuple[str | int, ...]) -> Place:
    """The words for a pydantic error location: ``("tags", 1)`` → "Từ khóa thứ 2 trong “tags”"."""
    key = str(loc[0])
    label = LABELS.get(key, key)
    if len(loc) == 1:
        if key in _LABEL_FIRST:
            subject = f"{capitalise(label)} (“{key}”)"
        else:
            subject = f"Trường “{key}” ({label})"
        return Place(
            subject,
            capitalise(label),
            must_be=_MUST_BE.get(key, "chuỗi ký tự"),
            missing=f"Thiếu trường bắt buộc “{key}” ({label})",
            empty=f"Trường bắt buộc “{key}” ({label}) đang để trống",
            noun=_ITEM_NOUNS.get(key, label),
        )
    if key != "relations":  # an item of tags or restricted_to
        item = f"{capitalise(_ITEM_NOUNS.get(key, label))} thứ {int(loc[1]) + 1} trong “{key}”"
        return Place(item, item, empty=f"{item} đang để trống")
    where = relation_place(int(loc[1]))
    if len(loc) == 2:
        return Place(where, where, must_be="đối tượng có “type” và “number”")
    subject, part_label, missing = _RELATION_PARTS[str(loc[2])]
    return Place(
        f"{where}: {subject}",
        f"{where}: {part_label}",
        must_be=_ISO_DATE if loc[2] == "issued_on" else "chuỗi ký tự",
        missing=f"{where} {missing}",
    )


# --------------------------------------------------------------------------------------------
# The problems validators raise, and pydantic's errors


def _forbidden_char(at: Place, code: int) -> str:
    what = "nửa cặp UTF-16 đơn lẻ" if 0xD800 <= code <= 0xDFFF else "ký tự điều khiển"
    return f"{at.subject} chứa ký tự không hợp lệ U+{code:04X} ({what})"


def _unknown(accepted: str):
    return lambda at, value: f"{at.name} “{value}” không hợp lệ; {accepted}"


PROBLEMS = {
    "forbidden_char": _forbidden_char,
    "too_long": lambda at, length, limit: (
        f"{at.subject} quá dài: {count(length)} ký tự (tối đa {count(limit)})"
    ),
    "empty": lambda at: at.empty,
    "too_many": lambda at, found, limit: f"Quá nhiều {at.noun}: {found} (tối đa {limit})",
    "no_digit": lambda at, value: f"{at.name} “{value}” không hợp lệ: phải có ít nhất một chữ số",
    "date_format": lambda at, value: f"{at.name} “{value}” không hợp lệ (định dạng YYYY-MM-DD)",
    "no_such_date": lambda at, value: (
        f"{at.name} “{value}” không hợp lệ: không có ngày này trên lịch (định dạng YYYY-MM-DD)"
    ),
    "unknown_doc_type": _unknown(
        f"các mã được chấp nhận: {', '.join(DOC_TYPES)}; văn bản của Nhà nước "
        f"(“kind”: “state”): {', '.join(STATE_DOC_TYPES)}"
    ),
    "unknown_kind": lambda at, value: (
        f"{at.name} “{value}” (“kind”) không hợp lệ; chỉ chấp nhận: {', '.join(KINDS)}"
    ),
    "not_a_state_type": lambda at, code: (
        f"Mã loại văn bản “{code}” không phải loại văn bản của Nhà nước (“kind”: “state”); "
        f"các mã được chấp nhận: {', '.join(STATE_DOC_TYPES)}"
    ),
    "not_a_party_type": lambda at, code, page_kind: (
        f"Mã loại văn bản “{code}” là loại văn bản của Nhà nước, không dùng với “kind”: "
        f"“{page_kind}”; hãy ghi “kind”: “state” (hoặc bỏ trống “kind”)"
    ),
    "unknown_confidentiality": _unknown(f"chỉ chấp nhận: {', '.join(CONFIDENTIALITY)}"),
    "unknown_relation_type": _unknown(f"các loại được chấp nhận: {', '.join(RELATION_TYPES)}"),
}


def problem(kind: str, **context: Any) -> PydanticCustomError:
    """The error a validator raises; ``value`` (the offending input) is quoted safely."""
    if kind not in PROBLEMS:
        raise KeyError(kind)
    if "value" in context:
        context["value"] = show(context["value"])
    return PydanticCustomError(kind, kind, context)


def render(error: ErrorDetails) -> str:
    """The Vietnamese sentence for one pydantic error."""
    at = place(error["loc"])
    kind = error["type"]
    message = ""
    if kind in PROBLEMS:
        message = PROBLEMS[kind](at, **error.get("ctx", {}))
    elif kind == "missing":
        message = at.missing
    elif kind.endswith("_type"):  # string_type, bool_type, list_type, model_type, date_type...
        message = f"{at.subject} phải là {at.must_be}, không phải {describe(error['input'])}"
    return message or f"{at.subject} không hợp lệ"  # never pydantic's English, never empty


# --------------------------------------------------------------------------------------------
# Problems of the line as a whole


def duplicate_key(key: str) -> str:
    return f"Trường “{key}” xuất hiện nhiều lần trong cùng một dòng"


def relation_duplicate_key(index: int, key: str) -> str:
    return f"{relation_place(index)}: trường “{key}” xuất hiện nhiều lần"


def too_many(key: str, found: int, limit: int) -> str:
    return PROBLEMS["too_many"](place((key,)), found=found, limit=limit)


def expires_too_early(expires: date, start: date, start_key: str) -> str:
    return (
        f"Ngày hết hiệu lực ({expires.isoformat()}) sớm hơn {LABELS[start_key]} "
        f"({start.isoformat()})"
    )


SECRET_WITHOUT_GROUPS = "Văn bản mật phải ghi rõ nhóm được xem (restricted_to)"


def relation_to_itself(relation_type: str, number: str) -> str:
    return f"Văn bản không thể có quan hệ “{relation_type}” với chính nó ({number})"
