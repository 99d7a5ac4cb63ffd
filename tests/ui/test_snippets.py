"""Issue 18, search results: snippets from the document's own words, cut at word
boundaries and centred on the best passage; a quoted phrase highlighted as a phrase only;
autocomplete in the header box (the typed part is marked by static/js/autocomplete.js:
tests/browser/test_screens_browser.py)."""

import re

import pytest

from search.highlight import highlight, snippet
from search.query import parse_query
from search.service import search

pytestmark = pytest.mark.django_db

FILLER = " ".join(f"từ{n}" for n in range(200))


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_a_quoted_marked_phrase_lights_up_that_phrase_only():
    text = "Ban Thường vụ Tỉnh ủy họp; bản kế hoạch bàn về nhiệm vụ thường xuyên của ban."
    parsed = parse_query('"ban thường vụ"')
    assert marks(highlight(text, set(parsed.folded), parsed.phrases)) == ["Ban Thường vụ"]


def test_a_toneless_phrase_matches_by_folded_form_but_still_as_a_phrase():
    text = "Ban Thường vụ Tỉnh ủy họp; bàn về nhiệm vụ thường xuyên."
    parsed = parse_query('"ban thuong vu"')
    assert marks(highlight(text, set(parsed.folded), parsed.phrases)) == ["Ban Thường vụ"]


def test_single_words_still_match_without_marks():
    parsed = parse_query("quy che")
    assert marks(highlight("Quy chế làm việc", set(parsed.folded))) == ["Quy", "chế"]


def test_snippets_are_cut_at_word_boundaries_and_centred_on_the_matches():
    text = f"{FILLER} Trung ương về công tác cán bộ {FILLER}"
    parsed = parse_query("công tác cán bộ")
    html = snippet(text, set(parsed.folded), size=120)
    assert html.startswith("… ") and html.endswith(" …")
    inner = html[2:-2]
    words = re.sub(r"</?mark>", "", inner).split()
    assert all(word in text.split() for word in words), words  # no word cut in two
    plain = re.sub(r"</?mark>", "", inner)
    middle = plain.index("công tác") + len("công tác cán bộ") // 2
    assert abs(middle - len(plain) / 2) < 30, plain  # centred on the passage


def test_a_result_quotes_the_body_not_keywords_field_signer_and_issuers(user_for):
    response = search(user_for("member"), "quy chế làm việc")
    hit = next(hit for hit in response.hits if hit.entry.number == "01-QC/TU")
    plain = re.sub(r"</?mark>", "", hit.snippet)
    assert "Văn phòng - hành chính Nguyễn Đình Khải" not in plain
    assert "hành chính Nguyễn Đình Khải Tỉnh ủy Nghệ An" not in plain
    assert marks(hit.snippet)


def test_the_header_box_has_autocomplete(client_for):
    html = client_for("member").get("/").content.decode()
    header = html[html.index('<form class="header-search"') :]
    header = header[: header.index("</form>")]
    assert 'data-autocomplete-url="/tim-kiem/goi-y/"' in header and 'role="combobox"' in header
    assert "js/autocomplete.js" in html
