"""A unit reports on a task assigned by a document and the Office accepts it: the editor
drafts, the leader proposes completion and sends, the Office accepts; the task is done."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASK = "Rà soát, công khai quy trình giải quyết thủ tục hành chính về đất đai"  # tasks.demo


def test_unit_reports_and_the_office_accepts(page, live_server, log_in, assert_accessible):
    log_in("bientap.truongvinh")
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    expect(page.locator("h1")).to_have_text("Theo dõi thực hiện nhiệm vụ")
    assert_accessible(page)
    page.get_by_role("link", name=TASK).click()
    expect(page.locator(".lead")).to_have_text(TASK)
    assert_accessible(page)
    page.get_by_role("link", name="Soạn, gửi báo cáo của Đảng bộ phường Trường Vinh").click()
    expect(page.locator("h1")).to_have_text("Báo cáo thực hiện nhiệm vụ")
    expect(page.get_by_role("button", name="Lưu và gửi Văn phòng")).to_have_count(0)
    page.get_by_label("Kết quả thực hiện").fill(
        "Đã rà soát 14 thủ tục về đất đai, niêm yết công khai tại bộ phận một cửa."
    )
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("90")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bản nháp báo cáo")
    expect(page.locator(".task-report")).to_contain_text("Đang soạn")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in("lanhdao.truongvinh")
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.get_by_role("link", name=TASK).click()
    page.get_by_role("link", name="Soạn, gửi báo cáo của Đảng bộ phường Trường Vinh").click()
    expect(page.get_by_label("Kết quả thực hiện")).to_have_value(
        "Đã rà soát 14 thủ tục về đất đai, niêm yết công khai tại bộ phận một cửa."
    )
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    page.get_by_label("Đề nghị hoàn thành").check()
    page.get_by_role("button", name="Lưu và gửi Văn phòng").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo tới Văn phòng Tỉnh ủy")
    expect(page.locator(".task-report")).to_contain_text("Đã gửi")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in("bientap")
    expect(page.locator("#task-notices-heading")).to_have_text("Nhiệm vụ cần xử lý")
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.get_by_role("link", name=TASK).click()
    report = page.locator(".task-report").filter(has_text="Đảng bộ phường Trường Vinh")
    expect(report).to_contain_text("Đề nghị hoàn thành")
    assert_accessible(page)
    report.get_by_label("Tiếp nhận").check()
    report.get_by_role("button", name="Ghi ý kiến").click()
    expect(page.locator(".messages")).to_contain_text("Đã tiếp nhận báo cáo")
    expect(page.locator("h1 .task-status")).to_have_text("Hoàn thành đúng hạn")
    expect(page.locator(".task-history")).to_contain_text("Văn phòng tiếp nhận báo cáo")

    page.goto(live_server.url + "/nhiem-vu/tong-hop/")
    expect(page.locator("h1")).to_have_text("Tổng hợp thực hiện nhiệm vụ")
    expect(page.locator("#chart-status")).to_be_visible()
    assert_accessible(page)
