"""A unit editor acknowledges an announcement and registers for a movement; the Office sees both."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNOUNCEMENT = "2298-CV/TU"  # the demo sends it to every unit; Trường Vinh has not acknowledged


def test_unit_acknowledges_and_registers_then_the_office_sees_both(
    page, live_server, log_in, assert_accessible
):
    from emulation.models import EmulationMovementPage

    movement = EmulationMovementPage.objects.filter(slug__startswith="thi-dua-thuc-hien").get()

    log_in("bientap.truongvinh")
    page.get_by_role("link", name="Việc của đơn vị", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Việc của đơn vị")
    row = page.get_by_role("row").filter(has_text=ANNOUNCEMENT)
    expect(row.get_by_text("Mới", exact=True)).to_be_visible()
    assert_accessible(page)
    row.get_by_role("button", name=re.compile("^Xác nhận đã nhận")).click()
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận Đảng bộ phường Trường Vinh")
    expect(page.get_by_role("row").filter(has_text=ANNOUNCEMENT)).to_contain_text("Đã xác nhận")

    card = page.locator(".card").filter(has_text=movement.title)
    card.get_by_role("link", name="Đăng ký thi đua").click()
    expect(page.locator("h1")).to_have_text("Đăng ký thi đua")
    assert_accessible(page)
    page.get_by_label("Cờ thi đua").check()
    page.get_by_label("Nội dung cam kết, chỉ tiêu phấn đấu").fill(
        "Hoàn thành 100% chỉ tiêu; kết nạp 20 đảng viên mới."
    )
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã đăng ký thi đua cho Đảng bộ phường Trường Vinh"
    )
    expect(page.locator("h1")).to_have_text(movement.title)
    page.get_by_role("button", name="Đăng xuất").click()

    log_in("chanhvanphong")
    page.get_by_role("link", name="Theo dõi tiếp nhận").click()
    page.get_by_role("row").filter(has_text="bảo đảm vận hành").get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Tình hình tiếp nhận")
    ward = page.get_by_role("row").filter(has_text="Đảng bộ phường Trường Vinh")
    expect(ward).to_contain_text("Đã xác nhận")
    expect(ward).to_contain_text("Đặng Thu Trang")
    assert_accessible(page)

    page.goto(live_server.url + movement.url)
    page.get_by_role("link", name="Tổng hợp đăng ký của các đơn vị").click()
    registered = page.get_by_role("row").filter(has_text="Đảng bộ phường Trường Vinh")
    expect(registered).to_contain_text("Cờ thi đua")
    expect(registered).to_contain_text("kết nạp 20 đảng viên mới")
    assert_accessible(page)
