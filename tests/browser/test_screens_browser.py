"""Issue 18: the first screens in chromium at 1366 and 360 px, with a browser that asks for
English: Vietnamese, nothing fetched from another host, the home page within about two
screens, the first result on the first phone screen, filters folded behind one button with
the count of active filters, one search box, labelled cards and 44 px targets on phones,
and axe with no serious or critical violation on the member pages."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from regulations.models import PartyDocumentPage
from study.models import StudyPlanPage

from .conftest import LOGIN_PATH, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {1366: 900, 360: 780}
SEARCH = "/tim-kiem/?q=quy+ch%E1%BA%BF"
LIBRARY = "/van-ban/"


@pytest.fixture
def visit(open_page):
    """``visit(width, username)``: a signed-in page of that width, asking for English, that
    records the hosts it requests."""

    def open_as(width: int, username: str):
        page = open_page(width=width, height=SCREENS[width], english=True)
        page.hosts = set()
        page.on("request", lambda request: page.hosts.add(urlparse(request.url).netloc))
        page.goto(LOGIN_PATH)
        return sign_in(page, username)

    return open_as


def only_our_host(page, live_server) -> None:
    assert page.hosts == {urlparse(live_server.url).netloc}, page.hosts


def no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"horizontal scroll at {width} px: {scroll_width}"


@pytest.mark.parametrize("width", SCREENS)
@pytest.mark.parametrize("username", ["dangvien", "lanhdaophong", "bientap", "bientap.truongvinh"])
def test_home_in_vietnamese_within_two_screens(visit, live_server, width, username):
    page = visit(width, username)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=2, name="Văn bản mới")).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    if width == 1366:
        assert height <= 2.2 * SCREENS[width], f"home is {height} px tall at 1366 px"
        # What needs me and the documents side by side, not one under the other.
        needs = page.locator("section.needs")
        if needs.count():
            docs = page.locator("#docs-heading")
            assert needs.bounding_box()["y"] < docs.bounding_box()["y"] + 50
    no_sideways_scroll(page, width)
    only_our_host(page, live_server)


@pytest.mark.parametrize("width", SCREENS)
def test_search_first_result_on_the_first_screen_and_folded_filters(visit, live_server, width):
    page = visit(width, "dangvien")
    page.goto(SEARCH)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    # One search box on the search page (the header's is left out there).
    assert page.locator("input[type=search]:visible").count() == 1
    first = page.locator("ol.results > li").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < SCREENS[width] - 80, "the first result is below the fold"
    filters = page.locator("details.filters-fold")
    summary = filters.locator("summary")
    assert summary.bounding_box()["height"] >= 44
    if width == 360:
        assert not filters.evaluate("d => d.open"), "filters must be folded on a phone"
        expect(page.get_by_label("Loại văn bản")).to_be_hidden()
        summary.click()
        expect(page.get_by_role("button", name="Áp dụng")).to_be_visible()
        box = page.get_by_role("button", name="Áp dụng").bounding_box()
        assert box["height"] >= 44
        no_sideways_scroll(page, width)
    else:
        assert filters.evaluate("d => d.open"), "filters are open on a wide screen"
    only_our_host(page, live_server)


def test_the_filter_button_counts_the_active_filters(visit):
    page = visit(360, "dangvien")
    page.goto(LIBRARY + "?validity=in_force&sort=newest")
    expect(page.locator("details.filters-fold summary .count")).to_have_text("1")
    page.goto(LIBRARY)
    expect(page.locator("details.filters-fold summary .count")).to_have_count(0)


def test_library_on_a_phone_labelled_cards_and_first_document_in_sight(visit, live_server):
    page = visit(360, "dangvien")
    page.goto(LIBRARY)
    first = page.locator("table.doc-table tbody tr").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < SCREENS[360] - 120
    assert page.locator("table.doc-table thead").bounding_box()["height"] <= 1
    cells = first.locator("td")
    for index in range(cells.count()):
        label = cells.nth(index).evaluate(
            "td => getComputedStyle(td, '::before').content.replace(/\"/g, '')"
        )
        assert label == cells.nth(index).get_attribute("data-label") and label
    no_sideways_scroll(page, 360)
    only_our_host(page, live_server)


def test_unit_inbox_cards_are_labelled_on_a_phone(visit):
    page = visit(360, "bientap.truongvinh")
    page.goto("/don-vi-cua-toi/")
    row = page.locator("table.doc-table tbody tr").first
    expect(row).to_be_visible()
    labels = row.locator("td").evaluate_all(
        "cells => cells.map(td => getComputedStyle(td, '::before').content)"
    )
    assert all(label not in ("none", "normal", '""') for label in labels), labels
    assert '"Ngày gửi"' in labels
    no_sideways_scroll(page, 360)


def member_pages() -> list[str]:
    document = PartyDocumentPage.objects.live().filter(confidentiality="").first()
    plan = StudyPlanPage.objects.live().first()
    return ["/", SEARCH, LIBRARY, document.url, plan.url, "/don-vi-cua-toi/", "/tin-tuc/"]


@pytest.mark.parametrize("width", SCREENS)
def test_member_pages_have_no_serious_accessibility_violation(
    visit, live_server, assert_accessible, width
):
    page = visit(width, "dangvien")
    for path in member_pages():
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", re.compile("^vi"))
        assert_accessible(page)
    only_our_host(page, live_server)


def test_header_autocomplete_marks_the_typed_part(visit):
    page = visit(1366, "dangvien")
    page.goto("/")
    box = page.get_by_role("combobox", name="Tìm văn bản, tin tức")
    box.fill("quy ch")
    suggestions = page.locator("#header-q-suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.locator("mark").first).to_be_visible()
    assert suggestions.locator("mark").first.inner_text().lower() in {"quy", "ch"}
    box.press("ArrowDown")
    expect(suggestions.locator("[role=option][aria-selected=true]")).to_have_count(1)


@pytest.mark.parametrize("width", SCREENS)
def test_document_page_contents_print_and_secret_mark(visit, width):
    page = visit(width, "thuongvu")
    secret = PartyDocumentPage.objects.live().exclude(confidentiality="").first()
    page.goto(secret.url)
    expect(page.locator(".secret-banner")).to_be_visible()
    expect(page.get_by_role("navigation", name="Vị trí trang")).to_be_visible()
    toc = page.locator("nav.toc")
    if toc.count():
        assert toc.locator(".toc-list").first.evaluate(
            "ol => getComputedStyle(ol).listStyleType"
        ) == ("none")  # "Chương I." is not numbered "1." again
        assert toc.locator("details").evaluate("d => d.open") is (width == 1366)
    page.emulate_media(media="print")
    head = page.locator(".print-head")
    expect(head).to_be_visible()
    assert head.evaluate("e => getComputedStyle(e).position") == "fixed"  # on every page
    expect(head).to_contain_text(secret.number)
    expect(page.get_by_role("navigation", name="Vị trí trang")).to_be_hidden()
    expect(page.locator("[data-print]")).to_be_hidden()


def choose_english(page) -> None:
    """The user's own choice (the footer's switch), not the browser's wish."""
    page.goto("/")
    page.locator(".language-form button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("english", [False, True])
def test_no_sideways_scroll_on_a_phone_in_either_language(visit, english):
    """Issue 18: in English the footer's language form was 19 px wider than a 360 px phone."""
    page = visit(360, "bientap")
    if english:
        choose_english(page)
    document = PartyDocumentPage.objects.live().filter(confidentiality="").first()
    letter = PartyDocumentPage.objects.live().get(number="2298-CV/TU")
    plan = StudyPlanPage.objects.live().filter(audience_all=True).first()
    charts = [f"/tiep-nhan/van-ban/{letter.pk}/", plan.url + "tien-do/", "/nhiem-vu/tong-hop/"]
    for path in ["/", SEARCH, LIBRARY, document.url, "/nhiem-vu/", "/tiep-nhan/", *charts]:
        page.goto(path)
        no_sideways_scroll(page, 360)
        footer = page.locator(".site-footer .language-form").bounding_box()
        assert footer["x"] >= 0 and footer["x"] + footer["width"] <= 360, (path, footer)


@pytest.mark.parametrize("english", [False, True])
@pytest.mark.parametrize("username", ["admin", "bientap", "lanhdao.truongvinh"])
def test_header_links_on_one_row_at_1366(visit, username, english):
    """Issue 18: at 1366 px the header's links wrapped onto a second row."""
    page = visit(1366, username)
    if english:
        choose_english(page)
    page.goto("/")
    items = page.locator(".user-menu > a, .user-menu > form")
    tops = {
        round(box["y"] + box["height"] / 2)
        for box in (items.nth(i).bounding_box() for i in range(items.count()))
    }
    assert max(tops) - min(tops) <= 4, f"the header's links are on more than one row: {tops}"
    sections = page.locator(".main-nav li")
    rows = {round(sections.nth(i).bounding_box()["y"]) for i in range(sections.count())}
    assert len(rows) == 1, f"the menu is on {len(rows)} rows"
    header = page.locator(".header-inner").bounding_box()
    brand = page.locator(".brand").bounding_box()
    menu = page.locator(".user-menu").bounding_box()
    assert menu["y"] < brand["y"] + brand["height"], "the links fell under the brand"
    assert header["height"] <= 90, header
