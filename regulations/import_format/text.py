"""Tidying untrusted text: Unicode form, whitespace, and the keys codes are compared by."""

import re
import unicodedata

WHITESPACE = re.compile(r"\s+")
# Characters that never belong in a document and that databases or terminals choke on: C0 controls
# other than whitespace, DEL, and lone surrogates (which "\ud800" in JSON produces).
FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """NFC, whitespace runs (including line breaks) collapsed to one space, stripped."""
    return WHITESPACE.sub(" ", nfc(text)).strip()


def multi_line(text: str) -> str:
    """NFC, line breaks unified to ``\\n`` (form feeds from PDF extraction too), stripped."""
    text = nfc(text).replace("\r\n", "\n")
    return re.sub(r"[\r\v\f]", "\n", text).strip()


def is_blank(value: object) -> bool:
    """null, or a string of nothing but whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def code_key(code: str) -> str:
    """Upper case, with D for Đ (and for the look-alike Icelandic Ð) so "qdi" finds "QĐi"."""
    return one_line(code).upper().replace("Đ", "D").replace("Ð", "D")


def fold(text: str) -> str:
    """Case-insensitive key of a name or mark: "TỐI  MẬT" and "tối mật" are one."""
    return nfc(one_line(text).casefold())
