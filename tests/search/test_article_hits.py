"""Article hits on every channel (issue 19): a result for a long document names its
best-matching articles (at most 3, ranked) with their own snippet and a link to the anchor, on
the search page as in the API and ``search_documents --json`` (one rule: ``search.articles``).
A query that is an article's title, with or without marks, puts that document first and that
article first in its list, beside a 360 KB code that holds most of the words."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from regulations.importer import import_documents
from tests.regulations.legislation import civil_code

pytestmark = pytest.mark.django_db

SEARCH_PAGE, API = "/tim-kiem/", "/api/v1/search/"
CIVIL = civil_code()


@pytest.fixture
def long_code():
    line = json.dumps(
        {
            "number": CIVIL.number,
            "issued_on": "2015-11-24",
            "doc_type": "BL",
            "kind": "state",
            "title": CIVIL.title,
            "issuer": "Quốc hội",
            "issuer_code": "QH",
            "body": CIVIL.text,
        },
        ensure_ascii=False,
    )
    summary = import_documents([line])
    assert summary.ok, summary.errors
    return CIVIL


def result_cards(html: str) -> list[dict]:
    """Each result card of the search page: its number, and its articles' links and snippets."""
    cards = []
    for card in html.split('<li class="result card">')[1:]:
        number = re.search(r'<span class="result-number">([^<]+)</span>', card)
        block = card.split('class="result-articles"', 1)
        links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', block[1]) if len(block) > 1 else []
        snippets = re.findall(r'<p class="snippet">(.*?)</p>', block[1]) if len(block) > 1 else []
        cards.append({"number": number and number.group(1), "links": links, "snippets": snippets})
    return cards


@pytest.mark.parametrize(
    "query", ["Thời giờ làm việc bình thường", "thoi gio lam viec binh thuong"]
)
def test_an_article_title_puts_document_and_article_first_on_the_page(long_code, client_for, query):
    html = client_for("member").get(SEARCH_PAGE, {"q": query}).content.decode()
    cards = result_cards(html)
    assert cards[0]["number"] == "45/2019/QH14"
    href, title = cards[0]["links"][0]
    assert href.endswith("#dieu-105") and title == "Điều 105. Thời giờ làm việc bình thường"
    assert "<mark>" in cards[0]["snippets"][0]  # the article's own snippet, highlighted


@pytest.mark.parametrize(
    "query",
    [
        "Bồi thường thiệt hại trong trường hợp thứ 411",
        "boi thuong thiet hai trong truong hop thu 411",
    ],
)
def test_an_article_title_of_a_long_code_on_page_api_and_cli(long_code, client_for, member, query):
    number = CIVIL.articles[410]  # the 411th article printed (numbering gaps kept)
    client = client_for("member")
    cards = result_cards(client.get(SEARCH_PAGE, {"q": query}).content.decode())
    assert cards[0]["number"] == CIVIL.number
    assert cards[0]["links"][0][0].endswith(f"#dieu-{number}")
    assert 1 <= len(cards[0]["links"]) <= 3
    api = client.get(API, {"q": query}).json()["results"][0]
    assert api["number"] == CIVIL.number
    assert api["articles"][0]["anchor"] == f"dieu-{number}"
    assert api["articles"][0]["url"].endswith(f"#dieu-{number}")
    out = StringIO()
    call_command("search_documents", query, "--as", member.username, "--json", stdout=out)
    cli = json.loads(out.getvalue())["results"][0]
    assert cli["number"] == CIVIL.number
    assert [a["anchor"] for a in cli["articles"]] == [a["anchor"] for a in api["articles"]]
    # the page shows what the API names, in the same order: one rule
    assert [href.rsplit("#", 1)[1] for href, _t in cards[0]["links"]] == [
        a["anchor"] for a in api["articles"]
    ]


def test_short_documents_without_articles_show_none(client_for):
    html = client_for("member").get(SEARCH_PAGE, {"q": "văn thư"}).content.decode()
    cards = result_cards(html)
    letter = next(card for card in cards if card["number"] == "1234/UBND-VX")
    assert letter["links"] == []
