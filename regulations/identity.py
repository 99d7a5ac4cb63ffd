"""The identity of a Party document: its number, compared by one key, and its issue date.

``IMPORT_FORMAT.md`` makes ``(number, issued_on)`` a document's identity, but a number is typed
in many ways: ``137-QĐ/TW``, ``Số 137-QĐ/TW``, ``137 - qđ / TW``, and, pasted from PDFs or
Asian input methods, ``137﹘QĐ/TW`` (small em dash) or ``137／QĐ/TW`` (fullwidth solidus).
``identity_key`` gives every such spelling one key:

1. Unicode NFKC, so compatibility characters (fullwidth letters, digits and punctuation, small
   form variants, no-break spaces) become their ordinary form and decomposed marks compose;
2. every dash (hyphen, non-breaking hyphen, figure, en and em dash, horizontal bar, minus sign,
   two- and three-em dash, small and fullwidth forms) becomes ``-`` and every slash (fraction,
   division, big and fullwidth solidus) becomes ``/``;
3. a leading "Số" is dropped, with its ":" or "." and in any case or spelling of its marks
   ("Số", "số", "SỐ:", "so."), but only when a digit follows: "Sổ tay 12" keeps its words;
4. upper case;
5. no spaces around ``-`` and ``/``, other runs of whitespace made one space, ends stripped.

Marks are kept: ``07-QĐ/TU`` and ``07-QD/TU`` are two documents (the importer's tests say
so), and digits are kept as printed (``08`` is not ``8``).

For a number made of ordinary characters (no compatibility characters, no dash or slash
other than ``-`` and ``/``) the key is exactly ``regulations.numbers.number_key``, the key the
database stores in ``PartyDocumentPage.number_key``: the two agree on everything already
imported. Pure Python, no Django: the import format, the importer and the tests share it.
"""

import re
import unicodedata
from datetime import date

__all__ = ["document_identity", "identity_key", "unify_separators"]

# Characters that still differ from "-" and "/" after NFKC (it already maps the fullwidth
# hyphen-minus U+FF0D, the small hyphen-minus U+FE63 and the fullwidth solidus U+FF0F, turns the
# small em dash U+FE58 into an em dash and the non-breaking hyphen U+2011 into U+2010).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_SLASHES = "\u2044\u2215\u29f8\uff0f"
_SEPARATORS = str.maketrans(dict.fromkeys(_DASHES, "-") | dict.fromkeys(_SLASHES, "/"))

# A leading word, its optional ":" or ".", and the digit it must be followed by.
_PREFIX = re.compile(r"\s*([^\W\d_]+)\s*[:.]?\s*(?=[0-9])")
_AROUND_SEPARATOR = re.compile(r"\s*([-/])\s*")
_MARKS = re.compile(r"[\u0300-\u036f]")


def _bare(word: str) -> str:
    """Lower case without marks: "Số" → "so" (so that "SỐ", "số" and "Sô" are all "Số")."""
    return _MARKS.sub("", unicodedata.normalize("NFD", word)).replace("đ", "d").lower()


def unify_separators(text: str) -> str:
    """Every dash variant as "-" and every slash variant as "/" (what people paste)."""
    return text.translate(_SEPARATORS)


def identity_key(number: str) -> str:
    """The key two spellings of one document number share: "Số 137／qđ/TW" → "137/QĐ/TW"."""
    text = unicodedata.normalize("NFKC", number).translate(_SEPARATORS)
    if (prefix := _PREFIX.match(text)) and _bare(prefix.group(1)) == "so":
        text = text[prefix.end() :]
    text = unicodedata.normalize("NFKC", text.upper())
    return " ".join(_AROUND_SEPARATOR.sub(r"\1", text).split())


def document_identity(number: str, issued_on: date) -> tuple[str, date]:
    """A document's identity: the key of its number and its issue date."""
    return identity_key(number), issued_on
