"""Highlighting runs its pattern on the text itself: the same marks as on a folded copy."""

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from search.highlight import _spans, fold_same_length, highlight, snippet

LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬeèéẻẽẹêềếểễệEÈÉÊỆiìíỉĩịIÌÍoòóỏõọôồốổỗộơờớởỡợ"
    "OÒÓÔỘƠỢuùúủũụưừứửữựUÙÚƯỰyỳýỷỹỵYỲÝđĐdDqQnNgGhHcCtTmMbBlLsSxXkKvVrR"
)
OTHERS = " .,-/–()0123456789\n\u0301ßøØǅİﬁ²٣×"
text_chars = st.text(alphabet=LETTERS + OTHERS, max_size=120)
term = st.text(alphabet="aeiouydqnghctmblsxkvr0123456789-đ", min_size=1, max_size=6)


def reference_spans(text: str, folded_terms: set[str]) -> list[tuple[int, int]]:
    """The former way: the terms matched on a length-preserving folded copy of the text."""
    terms = sorted((t for t in folded_terms if t), key=len, reverse=True)
    if not terms:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)")
    return [match.span() for match in pattern.finditer(fold_same_length(text))]


@settings(max_examples=400, deadline=None)
@given(text_chars, st.sets(term, max_size=4))
def test_spans_are_those_of_the_folded_copy(text, terms):
    text = unicodedata.normalize("NFC", text)
    assert _spans(text, terms) == reference_spans(text, terms)


def test_words_are_marked_as_written_whatever_the_query_marks():
    assert highlight("Quy định về Đảng ủy", {"quy", "dinh", "dang"}) == (
        "<mark>Quy</mark> <mark>định</mark> về <mark>Đảng</mark> ủy"
    )
    assert highlight("quy chế", {"che"}) == "quy <mark>chế</mark>"
    assert highlight("Quychế", {"quy"}) == "Quychế"  # whole words only
    assert highlight("a < b", {"b"}) == "a &lt; <mark>b</mark>"


def test_a_term_nothing_folds_to_matches_nowhere():
    assert highlight("Ả Á À", {"A"}) == "Ả Á À"  # folded terms are lower case


def test_snippet_centres_on_the_matches():
    text = "mở đầu " * 100 + "quy định công tác " + "kết thúc " * 100
    result = snippet(text, {"quy", "dinh"})
    assert result.startswith("… ") and "<mark>quy</mark> <mark>định</mark>" in result
