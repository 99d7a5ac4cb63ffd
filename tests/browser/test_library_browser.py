"""The document library in a real browser: filters, a regulation, its contents and relations."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _filter_regulations_of_2020(page, live_server):
    page.goto(live_server.url + "/van-ban/")
    page.locator("#filter-type").select_option("QC")
    page.locator("#filter-year").select_option("2020")
    page.locator(".filter-form").get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"[?&]type=QC(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]year=2020(&|$)"))


def _relation_row(relations, label):
    return relations.get_by_role("row").filter(
        has=relations.page.get_by_role("cell", name=label, exact=True)
    )


def test_member_finds_a_regulation_and_reads_its_validity_and_relations(page, live_server, log_in):
    log_in("dangvien")
    _filter_regulations_of_2020(page, live_server)
    results = page.locator(".doc-table tbody")
    expect(results.get_by_role("link", name="01-QC/TU", exact=True)).to_be_visible()

    results.get_by_role("link", name="01-QC/TU", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Quy chế làm việc của Ban Chấp hành")
    expect(page.locator(".document-header .doc-number")).to_have_text("Số 01-QC/TU")

    page.locator("nav.toc").get_by_role("link", name=re.compile(r"^Điều 3\b")).click()
    expect(page).to_have_url(re.compile(r"#dieu-3$"))
    expect(page.locator("#dieu-3")).to_be_in_viewport()

    validity = page.locator(".meta-list dt", has_text="Tình trạng hiệu lực")
    # the working regulations of the 2020-2025 term have ended (issue 18's consistent demo)
    expect(validity.locator("xpath=following-sibling::dd[1]")).to_have_text("Hết hiệu lực toàn bộ")

    relations = page.get_by_role("region", name="Văn bản liên quan")
    expect(relations.get_by_role("heading", level=2, name="Văn bản liên quan")).to_be_visible()
    based_on = _relation_row(relations, "Là căn cứ của")
    expect(based_on.get_by_role("link", name="02-QC/UBKTTU")).to_be_visible()
    replaces = _relation_row(relations, "Thay thế")
    expect(replaces.get_by_role("cell").nth(1)).to_have_text(
        "01-QC/TU ngày 08/12/2015 (văn bản khác cùng số hiệu, chưa có trong thư viện)"
    )
    expect(replaces.get_by_role("cell").nth(2)).to_have_text(re.compile(r"/2015$"))
    expect(replaces.get_by_role("link")).to_have_count(0)


def test_library_and_document_pages_have_no_serious_accessibility_violations(
    page, live_server, log_in, assert_accessible
):
    log_in("dangvien")
    _filter_regulations_of_2020(page, live_server)
    assert_accessible(page)
    page.locator(".doc-table tbody").get_by_role("link", name="01-QC/TU", exact=True).click()
    expect(page.locator(".document-header .doc-number")).to_have_text("Số 01-QC/TU")
    assert_accessible(page)
