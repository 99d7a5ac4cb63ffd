"""Vietnamese text normalisation for indexing and querying.

Pure Python (no Django), so it can be used by the index builder, the query parser and tests alike.

``normalize`` gives one canonical spelling of a text:

1. Unicode NFC (input may be decomposed, e.g. pasted from a PDF or a Mac);
2. lower case; the look-alikes ``Ð``/``ð`` (Icelandic eth, left behind by legacy-encoding
   converters) and ``Ɖ``/``ɖ`` become ``đ``;
3. the tone mark of each Vietnamese syllable is put in its canonical place (below);
4. runs of whitespace collapse to one space, and the ends are stripped.

Tone placement. Two conventions live side by side: "hoà, khoẻ, thuỷ" (mark on the last vowel of
the open diphthongs oa, oe, uy) and "hòa, khỏe, thủy" (mark on the first). The canonical form
here is the second, the one the Office's own documents and Decree 30/2020 use. Rather than a word
list, every syllable that carries exactly one tone mark is parsed into initial consonant, vowel
cluster and final consonant, the mark is lifted off and put back by the standard rule:

* on the vowel with a shape mark (ă â ê ô ơ ư; the last one in ươ): "người", "thuở", "quốc";
* else on the only vowel;
* else, when a final consonant follows, on the last vowel: "hoàng", "huỳnh", "toán";
* else on the middle vowel of three ("ngoài", "khuỷu") or the first of two ("hòa", "mái", "thủy").

The "u" of "qu" and the "i" of "gi" (before another vowel) belong to the initial consonant, so
"qúy" becomes "quý" and "gìa" becomes "già". Because the mark is re-placed from scratch, stray
misplacements such as "hòang" are repaired too. Words that do not parse as one Vietnamese
syllable (foreign words, acronyms, several tone marks) are left exactly as they are.

``fold`` removes every mark on top of that (tone and shape marks, ``đ`` → ``d``) so that a
toneless query such as "quy che" or "dang uy" meets the marked text.
"""

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_normalized", "has_marks", "normalize", "normalized_tokens", "tokens"]

# Combining tone marks: huyền, sắc, ngã, hỏi, nặng.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_SHAPED_VOWELS = frozenset("ăâêôơư")
_LETTERS = _VOWELS | frozenset("bcdđghklmnpqrstvx")
_INITIALS = {"", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng"}
_INITIALS |= {"ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"}
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
_SYLLABLE = re.compile(r"([^aăâeêioôơuưy]*)([aăâeêioôơuưy]{1,4})([^aăâeêioôơuưy]*)")

# A word for tone placement: letters, plus any combining marks glued to them, so that a word
# followed by a stray mark is seen (and left alone) as a whole.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_TOKEN = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_D_LOOKALIKES = str.maketrans({"ð": "đ", "ɖ": "đ"})


def normalize(text: str) -> str:
    """Canonical form of ``text``: NFC, lower case, canonical tone placement, single spaces."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    text = _WORD.sub(_place_tone, text.translate(_D_LOOKALIKES))
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """``normalize`` and then drop every diacritic: "Đảng ủy" → "dang uy", "QĐ" → "qd"."""
    return fold_normalized(normalize(text))


def fold_normalized(normalized: str) -> str:
    """``fold`` for text that is already the output of ``normalize`` (saves normalising twice)."""
    bare = _COMBINING.sub("", unicodedata.normalize("NFD", normalized)).replace("đ", "d")
    # Removing a lone mark can leave two spaces side by side: collapse again.
    return " ".join(unicodedata.normalize("NFC", bare).split())


def tokens(text: str) -> list[str]:
    """Normalised tokens (runs of letters and digits) for indexing and querying.

    Punctuation and whitespace separate tokens: "137-QĐ/TW" gives ["137", "qđ", "tw"].
    """
    return normalized_tokens(normalize(text))


def normalized_tokens(normalized: str) -> list[str]:
    """``tokens`` of text that is already the output of ``normalize`` (or of ``fold``)."""
    return _TOKEN.findall(normalized)


def has_marks(text: str) -> bool:
    """True when ``text`` carries any diacritic or đ, i.e. folding it changes it."""
    return normalize(text) != fold(text)


def _place_tone(match: re.Match[str]) -> str:
    return _place_tone_in_word(match.group())


@lru_cache(maxsize=200_000)
def _place_tone_in_word(word: str) -> str:
    """Tone placement of one word; cached, since texts reuse a few thousand syllables."""
    letters: list[str] = []
    tone = None
    for char in word:
        parts = unicodedata.normalize("NFD", char)
        marks = [p for p in parts if p in _TONE_MARKS]
        if marks:
            if tone is not None or len(marks) > 1:
                return word  # several tone marks: not a Vietnamese syllable
            tone = marks[0]
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONE_MARKS))
        if base not in _LETTERS:
            return word
        letters.append(base)
    if tone is None:
        return word
    position = _tone_position("".join(letters))
    if position is None:
        return word
    letters[position] = unicodedata.normalize("NFC", letters[position] + tone)
    return "".join(letters)


def _tone_position(syllable: str) -> int | None:
    """Index of the letter that carries the tone in ``syllable`` (marks removed), or None."""
    match = _SYLLABLE.fullmatch(syllable)
    if match is None:
        return None
    initial, vowels, final = match.groups()
    # "qu" and "gi" + vowel: the u / i is part of the consonant ("quý", "già", "giữ").
    if len(vowels) > 1 and (initial, vowels[0]) in (("q", "u"), ("g", "i")):
        initial, vowels = initial + vowels[0], vowels[1:]
    if initial not in _INITIALS or final not in _FINALS or len(vowels) > 3:
        return None
    shaped = [i for i, vowel in enumerate(vowels) if vowel in _SHAPED_VOWELS]
    if shaped:
        index = shaped[-1]
    elif len(vowels) == 1:
        index = 0
    elif final:
        index = len(vowels) - 1
    elif len(vowels) == 3:
        index = 1
    else:
        index = 0
    return len(initial) + index
