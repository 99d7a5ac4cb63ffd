"""Fixtures of the schedule's tests: weeks far from the demo's (which are this week and
the next), published through a revision as the workflow does."""

from datetime import date, time

import pytest

from schedule.models import ScheduleEntry
from tests.factories import (
    LeaderFactory,
    ScheduleEntryFactory,
    UnitFactory,
    UnitMembershipFactory,
    UserFactory,
    WeekSchedulePageFactory,
)

MONDAY = date(2030, 3, 4)


def republish(week, change) -> None:
    """Edit the latest revision of ``week`` with ``change(page)`` and publish it."""
    page = week.get_latest_revision_as_object()
    # A live page without unpublished changes is the page itself, its entries read from the
    # database: keep them in memory, as the admin's form does, so that the change is saved.
    page.entries = list(page.entries.all())
    change(page)
    page.save_revision().publish()


def entry_of(page, content_start: str) -> ScheduleEntry:
    return next(e for e in page.entries.all() if e.content.startswith(content_start))


@pytest.fixture
def people(db):
    """A leader with an account, a unit with an editor, and an outsider (a plain member)."""
    secretary_user = UserFactory(email="bithu@vanphongtinhuy.local")
    secretary = LeaderFactory(
        name="Nguyễn Đức Trung",
        position="Bí thư Tỉnh ủy",
        slug="nguyen-duc-trung",
        user=secretary_user,
    )
    deputy = LeaderFactory(
        name="Hoàng Nghĩa Hiếu", position="Phó Bí thư Thường trực", slug="hoang-nghia-hieu"
    )
    unit = UnitFactory(name="Đảng ủy phường Trường Thi", code="phuong-truong-thi-test")
    unit_editor = UserFactory(email="bientap.truongthi@vanphongtinhuy.local")
    UnitMembershipFactory(user=unit_editor, unit=unit, role="editor")
    outsider = UserFactory(email="dangvien.khac@vanphongtinhuy.local")
    return {
        "secretary": secretary,
        "secretary_user": secretary_user,
        "deputy": deputy,
        "unit": unit,
        "unit_editor": unit_editor,
        "outsider": outsider,
    }


@pytest.fixture
def week(people):
    """A published week: a Standing Committee meeting chaired by the secretary (Monday
    morning), an online conference with the unit (Wednesday afternoon), a reception by the
    deputy (Friday evening)."""
    return WeekSchedulePageFactory(
        week_start=MONDAY,
        entries=[
            ScheduleEntryFactory(
                day=MONDAY,
                session="sang",
                start_time=time(8, 0),
                end_time=time(11, 0),
                content="Họp Ban Thường vụ Tỉnh ủy cho ý kiến dự thảo Đề án chuyển đổi số",
                chair=people["secretary"],
                attendees=[people["deputy"]],
            ),
            ScheduleEntryFactory(
                day=date(2030, 3, 6),
                session="chieu",
                start_time=time(14, 0),
                content="Hội nghị trực tuyến sơ kết công tác xây dựng Đảng quý I",
                online=True,
                place="Hội trường Tỉnh ủy",
                connected_points="130 điểm cầu xã, phường",
                attending_units=[people["unit"]],
                preparing_unit=people["unit"],
            ),
            ScheduleEntryFactory(
                day=date(2030, 3, 8),
                session="toi",
                start_time=None,
                content="Tiếp đoàn đại biểu tỉnh Hủa Phăn",
                attendees=[people["deputy"]],
            ),
        ],
    )
