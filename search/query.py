"""What the user typed, read into the parts the search engines need.

Any input is accepted: quotes make phrases, everything else is read as words (letters and
digits; operators, brackets, emoji and punctuation are ignored), and a document number
anywhere in the query is recognised (``regulations.numbers``), as is a code of law named by
its abbreviation ("BLHS 2015", ``regulations.abbreviations``).
"""

import re
from dataclasses import dataclass, field

from core.vietnamese import fold, has_marks, tokens
from regulations.abbreviations import NameQuery, parse_name_query
from regulations.numbers import NumberQuery, parse_number_query

MAX_QUERY_CHARS = 256
MAX_TERMS = 24
_PHRASE = re.compile(r"[\"“”„«»]([^\"“”„«»]+)[\"“”„«»]")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


@dataclass(frozen=True)
class Phrase:
    marked: tuple[str, ...]
    folded: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    truncated: bool = False
    marked: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    number: NumberQuery | None = None
    name: NameQuery | None = None  # a code by its abbreviation: "BLLĐ 2019"
    has_marks: bool = False
    corrections: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.folded and not self.phrases and self.number is None


def _words(text: str) -> list[str]:
    kept = [word for word in text.split() if word not in _OPERATORS]
    return tokens(" ".join(kept))


def parse_query(text: str) -> ParsedQuery:
    raw = " ".join((text or "").split())
    truncated = len(raw) > MAX_QUERY_CHARS
    raw = raw[:MAX_QUERY_CHARS]
    phrases, singles = [], []
    for match in _PHRASE.finditer(raw):
        words = _words(match.group(1))
        if len(words) > 1:
            phrases.append(Phrase(tuple(words), tuple(fold(word) for word in words)))
        else:
            singles.extend(words)
    marked = list(dict.fromkeys(_words(_PHRASE.sub(" ", raw)) + singles))[:MAX_TERMS]
    folded = list(dict.fromkeys(fold(word) for word in marked))
    return ParsedQuery(
        raw=raw,
        truncated=truncated,
        marked=tuple(marked),
        folded=tuple(folded),
        phrases=tuple(phrases[:4]),
        number=parse_number_query(raw),
        name=parse_name_query(raw),
        has_marks=has_marks(raw),
    )
