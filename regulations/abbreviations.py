"""Abbreviations officials type for the codes of law: "BLHS 2015", "BLDS", "BLLĐ 2019".

A code (Bộ luật) is known by its name and year more than by its number: "BLHS 2015" is the
Bộ luật Hình sự of 2015, whatever its number. ``parse_name_query`` reads such an abbreviation
(marks and case ignored: "blld", "BLLĐ") and the year right after it, and gives the folded
name that a state document's title must contain. Only abbreviations that name one thing are
here: "LĐ" alone (lao động? lãnh đạo?) or "HP" (a type code) are not, and are searched as
words. A name with no year finds every document of that name (the 2005 and the 2015 codes):
an ambiguous query lists every candidate, newest first (``search.service``).

Pure Python, no Django: data, with the query parser's tokens.
"""

import re
from dataclasses import dataclass

from core.vietnamese import fold, normalize

__all__ = ["ABBREVIATIONS", "NameQuery", "parse_name_query"]

ABBREVIATIONS: dict[str, str] = {
    "BLHS": "Bộ luật Hình sự",
    "BLDS": "Bộ luật Dân sự",
    "BLTTHS": "Bộ luật Tố tụng hình sự",
    "BLTTDS": "Bộ luật Tố tụng dân sự",
    "BLLĐ": "Bộ luật Lao động",
    "BLHH": "Bộ luật Hàng hải",
}
_BY_KEY = {fold(code).upper(): fold(name) for code, name in ABBREVIATIONS.items()}
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")


@dataclass(frozen=True)
class NameQuery:
    """A code named by its abbreviation: the folded name its title holds, and its year."""

    title: str  # "bo luat lao dong"
    year: int | None
    rest: str  # the other words of the query, folded


def parse_name_query(query: str) -> NameQuery | None:
    """The first known abbreviation in ``query``, with the year after it; None if none."""
    words = _TOKEN.findall(fold(normalize(query)))
    for index, word in enumerate(words):
        title = _BY_KEY.get(word.upper())
        if title is None:
            continue
        after = words[index + 1] if index + 1 < len(words) else ""
        year = int(after) if len(after) == 4 and after.isdigit() else None
        used = {index, index + 1} if year else {index}
        rest = " ".join(w for i, w in enumerate(words) if i not in used)
        return NameQuery(title=title, year=year, rest=rest)
    return None
