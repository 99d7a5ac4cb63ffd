"""Document numbers ("số và ký hiệu"): canonical keys and number queries.

A Party number is printed ``NUMBER-TYPE/ISSUER`` with a "Số" prefix: ``Số 137-QĐ/TW``,
``08-QĐi/TW``, ``05-QC/BTCTU-BDVTU`` (joint issuers joined by "-"). A state number is
``NUMBER/YEAR/TYPE-ISSUER`` or ``NUMBER/TYPE-ISSUER`` (DOMAIN.md §6): ``30/2020/NĐ-CP``,
``05/2023/TT-BNV``, ``123/QĐ-TTg``, ``1234/UBND-VX`` (no type: a letter), ``45/2019/QH14`` (a law:
no type, the issuer with its term). A number is not unique on its own (numbering restarts
every term or year), so these keys are for finding and ranking, never for identity.

Keys:

* ``number_key``: the printed number tidied: "Số" stripped, NFC, upper case, every dash
  character made "-", no spaces around "-" and "/". Digits are kept as printed ("08").
* ``folded_number_key``: the same without marks, ``Đ`` → ``D``: what matching compares.
* ``number_digits``: the leading number without leading zeros, so "số 8" meets "08-QĐi/TW".

Queries: ``parse_number_query`` recognises a document number inside what people type into the
search box ("137 qđ tw", "Quy định 137", "số 1690", "kết luận 105-KL/TU") and ``matches`` tells
whether a document's folded key fits it. A number is only read where something says it is one:
the full ``N-TYPE/ISSUER`` shape, a type code next to it ("qd 137", "11 qđi tu"), a type word
before it ("chỉ thị 21"), "số" at the start of the query or after a type word ("số 1690", "văn bản
số 12"), or a query that is nothing but the number ("137"). So "nhiệm kỳ 2020 - 2025", "năm 2024"
or "chữ ký số 2023" are not number queries, and a year inside a range never is.

State numbers are read in their printed shape ("30/2020/nd-cp", "45/2019/qh14", "123/qđ-ttg"),
and as ``NUMBER/YEAR`` after a type code or word ("nd 30/2020", "tt 05/2023", "luat 45/2019",
"luật số 45/2019/QH14"); "nghị định 30" and "NĐ 30" are read like "chỉ thị 21". A law's number
names no type ("45/2019/QH14"): ``matches`` then compares the document's own type
(``doc_type``) with the query's ("luật" is a Luật or a Bộ luật).
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from core.vietnamese import fold, normalize

from .identity import identity_key, unify_separators
from .import_format.codes import DOC_TYPES, STATE_DOC_TYPES, import_code, is_state_type

__all__ = [
    "NumberQuery",
    "folded_number_key",
    "matches",
    "number_digits",
    "number_key",
    "parse_number_query",
]

_KEY = re.compile(r"([0-9]+)(?:-([^/\s]+))?(?:/(\S+))?")
# A state key, folded: "30/2020/ND-CP", "123/QD-TTG", "45/2019/QH14", "1234/UBND-VX".
_STATE_KEY = re.compile(r"([0-9]+)/(?:([0-9]{4})/)?([^/\s]+)")


def _folded_code(code: str) -> str:
    return fold(code).upper()


# Folded type code -> type codes it may stand for, from the one vocabulary (DOC_TYPES). "qd"
# covers QĐi as well: people type "qd" for both, and many Quy định are numbered -QĐ/ anyway.
_CODE_TYPES = {
    _folded_code(code).lower(): frozenset({_folded_code(code)})
    for code in [*DOC_TYPES, *STATE_DOC_TYPES]
    if len(code) > 1  # "L" (Luật) is read in a printed number's shape only, never as a word
}
_CODE_TYPES["qd"] = frozenset({"QD", "QDI"})
# Type codes a state number may carry before its issuer ("ND" in "30/2020/ND-CP").
_STATE_CODES = frozenset(_folded_code(code) for code in STATE_DOC_TYPES)

# Folded type names -> type codes; "quy định" may also be printed -QĐ/ (above), and "văn bản"
# (document) names no type but may precede "số".
_TYPE_WORDS = {
    tuple(fold(name).lower().split()): frozenset({_folded_code(code)})
    for code, name in [*DOC_TYPES.items(), *STATE_DOC_TYPES.items()]
}
_TYPE_WORDS[("quy", "dinh")] = frozenset({"QDI", "QD"})
_TYPE_WORDS[("luat",)] = frozenset({"L", "BL"})  # "Luật số 45/2019/QH14" is the Bộ luật Lao động
# The system a type word names when only one system has it: "thông tư" is the State's (the
# Party's TT is a "thông tri"), "kết luận" the Party's; "nghị quyết" either.
_PARTY_WORDS = {tuple(fold(name).lower().split()) for name in DOC_TYPES.values()}
_PARTY_WORDS.add(("quy", "dinh"))
_STATE_WORDS = {tuple(fold(name).lower().split()) for name in STATE_DOC_TYPES.values()}
_STATE_WORDS.add(("luat",))
_WORD_SYSTEM = {
    words: ("state" if words in _STATE_WORDS else "party") for words in _PARTY_WORDS ^ _STATE_WORDS
}
_LONGEST_TYPE_WORDS = max(len(words) for words in _TYPE_WORDS)
_TYPE_WORDS[("van", "ban")] = frozenset()
# Short issuer codes that are also ordinary syllables, so that "11 qđi tu" is read right.
_SHORT_ISSUERS = frozenset({"tw", "tu", "hu", "du"})
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")


@dataclass(frozen=True)
class NumberQuery:
    """A document number read from a query. Codes are folded and upper case ("QDI", "TU")."""

    digits: str  # without leading zeros
    type_codes: frozenset[str]  # the type codes a match may have; empty: any
    issuer: str | None  # issuer code, or joint issuers "BTCTU-BDVTU"; None: any
    exact_key: str | None  # folded key when the query names number, type and issuer
    rest: str  # the normalised query without the number and the words that introduce it
    year: str | None = None  # a state number's year ("30/2020/..."); None: any
    # "state" or "party" when a type word names one system ("thông tư", "thông tri"): a hint
    # about which documents fit, not a part of the number read, so left out of equality.
    system: str | None = field(default=None, compare=False)


def number_key(number: str) -> str:
    """The stored key of a number: its identity (``regulations.identity.identity_key``):
    "Số 137 - QĐ / TW" → "137-QĐ/TW", "08-QĐi/TW" → "08-QĐI/TW", "137／QĐ/TW" → "137/QĐ/TW"."""
    return identity_key(number)


def folded_number_key(number: str) -> str:
    """``number_key`` without marks: "Số 137-QĐ/TW" → "137-QD/TW".

    Keyed again after folding: a mark that stood alone leaves a space where it was (NFKC
    spells "¯" as a space and a combining macron), which the key then removes ("0¯/" is
    "0/", as the folded key of "0/" is), so a folded key is its own folded key."""
    return number_key(fold(number_key(number)).upper())


def number_digits(number: str) -> str:
    """The leading number without leading zeros ("08-QĐi/TW" → "8"), or "" when there is none."""
    match = re.match(r"[0-9]+", number_key(number))
    return _strip_zeros(match.group()) if match else ""


def matches(query: NumberQuery, folded_key: str, doc_type: str = "") -> bool:
    """Whether a document whose (folded) number key is ``folded_key`` fits ``query``.

    Digits must be equal ignoring leading zeros; a state number's year must be the query's
    when it names one; the type code must be one of ``query.type_codes`` when there are any
    (a number that prints none, "45/2019/QH14", has the type of ``doc_type``, the document's
    stored type); the issuer must be the key's issuer or one of its joint issuers when the
    query names one ("QH" finds "QH14"). Keys that are not folded yet are folded here.
    """
    key = folded_number_key(folded_key)
    state = _STATE_KEY.fullmatch(key)
    if state is not None:
        digits, year, tail = state.groups()
        parts = tail.split("-")
        type_code = parts.pop(0) if parts[0] in _STATE_CODES and len(parts) > 1 else None
        issuers = parts
        if type_code is None and doc_type:
            type_code = _folded_code(import_code(doc_type))
    else:
        match = _KEY.match(key)
        if match is None:
            return False
        digits, year, type_code = match.group(1), None, match.group(2)
        issuers = match.group(3).split("-") if match.group(3) else []
    if _strip_zeros(digits) != _strip_zeros(query.digits):
        return False
    if (
        query.system is not None
        and doc_type
        and is_state_type(doc_type) != (query.system == "state")
    ):
        return False  # "thông tư 12" is not the Thông tri 12-TT/TU
    if query.year is not None and query.year != year:
        return False
    if query.type_codes and type_code not in query.type_codes:
        return False
    if query.issuer is None:
        return True
    return bool(issuers) and (
        query.issuer == "-".join(issuers)
        or query.issuer in issuers
        or (issuers[0].startswith(query.issuer) and issuers[0][len(query.issuer) :].isdigit())
    )


def parse_number_query(query: str) -> NumberQuery | None:
    """The first document number in ``query``, or None when it names none (see module doc)."""
    text = unify_separators(normalize(query))
    # Fold letter by letter so that token offsets in the folded text hold in ``text`` too.
    flat = "".join(_fold_char(char) for char in text)
    spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(flat)]
    words = [token for token, _, _ in spans]
    for index, token in enumerate(words):
        if _is_number(token):
            found = _read_state_number(text, spans, words, index)
            found = found or _read_number(text, spans, words, index)
            if found is not None:
                return found
    return None


def _gaps(text: str, spans: list[tuple[str, int, int]]):
    def gap(i: int) -> str:  # what lies between token i and token i + 1
        return text[spans[i][2] : spans[i + 1][1]] if 0 <= i < len(spans) - 1 else "\0"

    return gap


def _introduced(words: list[str], gap, first: int) -> tuple[int, frozenset[str] | None, bool]:
    """The words before token ``first`` that say a number follows: a type word ("nghị định",
    "luật", "thông tư liên tịch", longest first), "số" after one or at the start. Returns the
    first token of the whole, the types the words name (None: none) and whether any did.
    The system a type word names is ``_word_system(words, first)``."""
    has_so = first > 0 and words[first - 1] == "so" and gap(first - 1).strip() in ("", ":")
    before = first - 1 if has_so else first
    for size in range(min(_LONGEST_TYPE_WORDS, before), 0, -1):
        phrase = tuple(words[before - size : before])
        spaced = all(gap(i).strip() == "" for i in range(before - size, before))
        if phrase in _TYPE_WORDS and spaced:
            return before - size, _TYPE_WORDS[phrase], True
    if has_so and before == 0:
        return 0, None, True
    return first, None, False


def _word_system(words: list[str], start: int, first: int) -> str | None:
    """The system named by the type word in ``words[start:first]`` ("số" left out), if one."""
    phrase = tuple(word for word in words[start:first] if word != "so")
    return _WORD_SYSTEM.get(phrase)


def _read_state_number(
    text: str, spans: list[tuple[str, int, int]], words: list[str], at: int
) -> NumberQuery | None:
    """A state number at the digit token ``words[at]``: "30/2020/nd-cp", "45/2019/qh14",
    "123/qđ-ttg", "1234/ubnd-vx"; or "30/2020" after a type code or word ("nd 30/2020",
    "luật 45/2019"). None when it is not one (a date "01/7/2025", "2020/2025" alone)."""
    gap = _gaps(text, spans)

    def is_word(i: int) -> bool:
        return 0 <= i < len(words) and not _is_number(words[i])

    if gap(at).strip() != "/" or at + 1 >= len(words):
        return None
    year, last = None, at
    if _is_number(words[at + 1]):
        if not _is_year(words[at + 1]):
            return None  # a date: "01/7/2025"
        year, last = words[at + 1], at + 1
    segments: list[str] = []  # "nd", "cp"; "qh14"; "ubnd", "vx"
    if gap(last).strip() == "/" and is_word(last + 1):
        while True:
            last += 1
            segment = words[last]
            while last + 1 < len(words) and _is_number(words[last + 1]) and gap(last) == "":
                last += 1  # "QH14": the term glued to the issuer
                segment += words[last]
            segments.append(segment)
            if not (gap(last).strip() == "-" and is_word(last + 1)):
                break
    elif year is None:
        return None
    type_codes = None
    if segments and segments[0] in _CODE_TYPES and len(segments) > 1:
        type_codes = _CODE_TYPES[segments[0]]
    first, named, introduced = _introduced(words, gap, at)
    code_before = at > 0 and words[at - 1] in _CODE_TYPES and gap(at - 1).strip() == ""
    if code_before and not introduced:
        first, named, introduced = at - 1, _CODE_TYPES[words[at - 1]], True
    if not segments and not introduced:
        return None  # "2020/2025" alone is a range, not a number
    printed = "/".join([words[at], *([year] if year else []), "-".join(segments)]).strip("/")
    issuer_parts = segments[1:] if type_codes else segments
    rest = text[: spans[first][1]] + " " + text[spans[last][2] :]
    return NumberQuery(
        digits=_strip_zeros(words[at]),
        type_codes=type_codes or named or frozenset(),
        issuer="-".join(issuer_parts).upper() or None,
        exact_key=printed.upper() if segments else None,
        rest=" ".join(rest.split()).strip(" ,;:-"),
        year=year,
        system=_word_system(words, first, at),
    )


def _read_number(
    text: str, spans: list[tuple[str, int, int]], words: list[str], at: int
) -> NumberQuery | None:
    """Read a number around the digit token ``words[at]``, or None if it is not one.

    ``spans`` holds each token with its offsets in ``text``; ``words`` the tokens alone.
    """

    def gap(i: int) -> str:  # what lies between token i and token i + 1
        return text[spans[i][2] : spans[i + 1][1]] if 0 <= i < len(spans) - 1 else "\0"

    def is_word(i: int) -> bool:
        return 0 <= i < len(words) and not _is_number(words[i])

    def is_code(i: int) -> bool:
        return 0 <= i < len(words) and words[i] in _CODE_TYPES

    code = issuer = None
    first = last = at
    printed_shape = gap(at).strip() == "-" and gap(at + 1).strip() == "/" and is_word(at + 2)
    if printed_shape and is_word(at + 1):
        code, last = words[at + 1], at + 1  # "N-TYPE/ISSUER": any type code
    elif gap(at).strip() in ("", "-") and is_code(at + 1):
        code, last = words[at + 1], at + 1  # "137 qđ", "137-QĐ"
    elif gap(at - 1).strip() == "" and is_code(at - 1):
        code, first = words[at - 1], at - 1  # "qd 137"
    if code is not None and is_word(last + 1):
        slash = gap(last).strip() == "/"
        if slash or (gap(last).strip() == "" and _looks_like_issuer(words[last + 1])):
            last += 1
            issuer = words[last]
            while gap(last) == "-" and is_word(last + 1):  # joint issuers: "BTCTU-BDVTU"
                last += 1
                issuer += "-" + words[last]

    number_at = first
    first, named, introduced = _introduced(words, gap, first)
    if not introduced and code is None and len(words) > 1:
        return None  # a lone number among other words, or "số" in "chữ ký số 2023"

    if code is None and _is_year_or_date(text, spans, at, words):
        return None
    digits = words[at]
    if code is not None:
        type_codes = _CODE_TYPES.get(code, frozenset({code.upper()}))
    else:
        type_codes = named or frozenset()
    exact = f"{digits}-{code}/{issuer}".upper() if code and issuer else None
    rest = text[: spans[first][1]] + " " + text[spans[last][2] :]
    return NumberQuery(
        digits=_strip_zeros(digits),
        type_codes=type_codes,
        issuer=issuer.upper() if issuer else None,
        exact_key=exact,
        rest=" ".join(rest.split()).strip(" ,;:-"),
        system=_word_system(words, first, number_at),
    )


def _is_year_or_date(
    text: str, spans: list[tuple[str, int, int]], at: int, words: list[str]
) -> bool:
    """A year after "năm" or in a range ("2020 - 2025"), or a piece of a date ("01/7/2025")."""
    digits = words[at]

    def joined(i: int, marks: str) -> bool:  # tokens i and i + 1 are numbers joined by a mark
        if not (0 <= i < len(words) - 1 and _is_number(words[i]) and _is_number(words[i + 1])):
            return False
        return text[spans[i][2] : spans[i + 1][1]].strip() in marks

    if joined(at, "/.") or joined(at - 1, "/."):
        return True
    year = _is_year(digits)
    return year and (joined(at, "-") or joined(at - 1, "-") or (at > 0 and words[at - 1] == "nam"))


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1945 <= int(digits) <= 2100


def _looks_like_issuer(word: str) -> bool:
    """Issuer codes are not syllables: no vowel ("tw"), or a code ending like "vptu", "btctu"."""
    if word in _SHORT_ISSUERS or not any(vowel in word for vowel in "aeiouy"):
        return True
    return len(word) >= 4 and word.endswith(("tu", "tw", "hu", "du"))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char


def _is_number(token: str) -> bool:
    return "0" <= token[:1] <= "9"


def _strip_zeros(digits: str) -> str:
    return digits.lstrip("0") or "0"
