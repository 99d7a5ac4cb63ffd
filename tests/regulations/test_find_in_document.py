"""'Tìm trong văn bản' (issue 19): the search box of a document page finds the matching
articles of that document and links to their anchors, answered by the page (``?q=``), so it
works without JavaScript; marks or no marks; the same rule as the articles of a search result
(``search.articles``)."""

import re

import pytest

from regulations.models import PartyDocumentPage

pytestmark = pytest.mark.django_db


def _page(client, number, **params):
    page = PartyDocumentPage.objects.get(number=number)
    response = client.get(page.url, params)
    assert response.status_code == 200
    return response.content.decode()


def found_links(html: str) -> list[tuple[str, str]]:
    if 'id="find-results"' not in html:
        return []
    block = html.split('id="find-results"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', block)


@pytest.mark.parametrize("query", ["thời giờ làm việc", "thoi gio lam viec", "THOI GIO"])
def test_a_query_with_or_without_marks_lists_the_article_with_a_link_to_its_anchor(
    client_for, query
):
    html = _page(client_for("member"), "45/2019/QH14", q=query)
    assert found_links(html)[0] == ("#dieu-105", "Điều 105. Thời giờ làm việc bình thường")
    assert 'id="dieu-105"' in html  # the anchor the link jumps to


def test_the_box_is_labelled_and_sends_the_query_to_the_page(client_for):
    html = _page(client_for("member"), "45/2019/QH14")
    form = html.split('class="find-form"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in html.split('class="find-form"', 1)[0].rsplit("<form", 1)[1]
    assert '<label for="find-q">' in form and 'id="find-q"' in form and 'name="q"' in form
    assert found_links(html) == []  # nothing asked, nothing listed


def test_every_word_first_then_the_articles_with_some(client_for):
    html = _page(client_for("member"), "45/2019/QH14", q="hợp đồng lao động")
    anchors = [href for href, _title in found_links(html)]
    assert anchors[:2] == ["#dieu-13", "#dieu-20"]  # titles holding every word
    html = _page(client_for("member"), "45/2019/QH14", q="hợp đồng kiwiquanh")
    assert "chứa một phần" in html and found_links(html)


def test_nothing_found_says_so(client_for):
    html = _page(client_for("member"), "45/2019/QH14", q="kiwiquanh")
    assert found_links(html) == [] and "Không điều nào khớp" in html


def test_a_document_without_articles_has_no_box(client_for):
    html = _page(client_for("member"), "1234/UBND-VX", q="văn thư")
    assert 'id="find-q"' not in html


def test_a_secret_document_answers_no_one_else(client_for):
    """The box is part of the page: a member who may not see a document gets no answer."""
    from tests.search.search_helpers import SECRET_NUMBER

    page = PartyDocumentPage.objects.get(number=SECRET_NUMBER)
    response = client_for("member").get(page.url, {"q": "nhân sự"})
    assert response.status_code in (403, 404)
