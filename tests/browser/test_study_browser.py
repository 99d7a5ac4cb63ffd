"""Study in a real browser: a member opens a plan from the home page, reads a material,
confirms with a reflection; the unit's leader then sees it in the unit's table."""

import re

import pytest
from playwright.sync_api import expect

from study.models import StudyPlanPage
from tests.study.helpers import PLAN_ALL, restore_demo_material

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REFLECTION = "Tâm đắc mục tiêu đưa Nghệ An thành trung tâm vùng Bắc Trung Bộ."


def test_a_member_confirms_and_the_unit_leader_sees_it(
    page, live_server, log_in, assert_accessible
):
    restore_demo_material("Đề cương tuyên truyền")
    plan = StudyPlanPage.objects.get(slug=PLAN_ALL)

    log_in("dangvien")
    page.goto(live_server.url + "/")
    tasks = page.get_by_role("region", name="Học tập cần xác nhận")
    tasks.get_by_role("link", name=plan.title).click()
    expect(page.locator("h1")).to_have_text(plan.title)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Đề cương tuyên truyền")).click()
    assert download.value.suggested_filename.endswith(".docx")

    assert_accessible(page)
    status = page.get_by_role("region", name="Xác nhận học tập")
    status.get_by_label("Thu hoạch (không bắt buộc)").fill(REFLECTION)
    status.get_by_role("button", name="Tôi đã học tập").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận")
    expect(status).to_contain_text(re.compile(r"Bạn đã xác nhận học tập lúc \d\d/\d\d/\d{4}"))
    expect(status.get_by_role("button", name="Cập nhật thu hoạch")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("region", name="Học tập cần xác nhận")).not_to_contain_text(plan.title)

    page.get_by_role("button", name="Đăng xuất").click()
    log_in("lanhdao.truongvinh")
    page.goto(live_server.url + plan.url)
    page.get_by_role("link", name="Tiến độ của Đảng bộ phường Trường Vinh").click()
    expect(page.locator("h1")).to_have_text("Tiến độ học tập: Đảng bộ phường Trường Vinh")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Phạm Thị Lan"))
    expect(row).to_contain_text("Đã học tập")
    expect(row).to_contain_text(REFLECTION)
    assert_accessible(page)
