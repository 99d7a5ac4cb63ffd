"""The weekly work schedule: leaders, weeks with their entries, meeting packs."""

from datetime import date, time

import factory

from schedule.models import Leader, MeetingPackPage, ScheduleEntry, WeekSchedulePage
from schedule.packs import sync_pack_access

from .pages import PageFactory

LEADERS = [
    ("Bí thư Tỉnh ủy", "Nguyễn Đức Trung"),
    ("Phó Bí thư Thường trực Tỉnh ủy", "Hoàng Nghĩa Hiếu"),
    ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", "Lê Hồng Vinh"),
    ("Ủy viên Ban Thường vụ, Chánh Văn phòng Tỉnh ủy", "Võ Văn Dũng"),
]
CONTENTS = [
    "Họp Ban Thường vụ Tỉnh ủy cho ý kiến về dự thảo Báo cáo kết quả thực hiện Nghị quyết",
    "Hội nghị trực tuyến quán triệt Nghị quyết của Trung ương đến các điểm cầu",
    "Làm việc với Đảng ủy phường Trường Vinh về công tác xây dựng Đảng",
    "Tiếp công dân định kỳ tại Trụ sở Tiếp công dân tỉnh",
    "Dự lễ kỷ niệm ngày thành lập Đảng bộ xã Diễn Châu",
]


class LeaderFactory(factory.django.DjangoModelFactory):
    """A leader of the Standing Committee (``user=...`` links the leader's account)."""

    class Meta:
        model = Leader

    position = factory.Sequence(lambda n: LEADERS[n % len(LEADERS)][0])
    name = factory.Sequence(lambda n: LEADERS[n % len(LEADERS)][1])
    slug = factory.Sequence(lambda n: f"lanh-dao-{n + 1}")
    sort_order = factory.Sequence(lambda n: n)


class ScheduleEntryFactory(factory.Factory):
    """An entry built in memory, to pass in ``WeekSchedulePageFactory(entries=[...])``;
    ``attendees=[leader]`` and ``attending_units=[unit]`` are accepted."""

    class Meta:
        model = ScheduleEntry

    day = date(2026, 12, 7)
    session = ScheduleEntry.Session.MORNING
    start_time = time(8, 0)
    content = factory.Sequence(lambda n: CONTENTS[n % len(CONTENTS)])
    place = "Phòng họp Ban Thường vụ Tỉnh ủy"


class WeekSchedulePageFactory(PageFactory):
    """A week under the schedule section, published through a revision (``publish=False``:
    a draft). ``week_start`` may be any day of the week; title and address follow from it."""

    class Meta:
        model = WeekSchedulePage

    _section = "schedule"

    week_start = date(2026, 12, 7)
    # Page.save() runs full_clean(), which names the week from ``week_start``.
    title = "Lịch công tác tuần"
    slug = "tuan"

    @classmethod
    def _build(cls, model_class, *args, entries=(), **kwargs):
        page = super()._build(model_class, *args, **kwargs)
        page.entries = list(entries)
        return page


class MeetingPackPageFactory(PageFactory):
    """A meeting pack under ``parent`` (its week), for ``invited_users``/``invited_groups``
    and the Office; restricted before it is published, as the admin does when it saves."""

    class Meta:
        model = MeetingPackPage

    title = factory.Sequence(lambda n: f"Tài liệu phiên họp Ban Thường vụ số {n + 1}")
    slug = factory.Sequence(lambda n: f"tai-lieu-hop-{n + 1}")
    intro = "Dự thảo báo cáo và tờ trình trình Ban Thường vụ Tỉnh ủy cho ý kiến."

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, tags=(), **kwargs):
        page = cls._build(model_class, *args, tags=tags, **kwargs)
        page.live = False
        parent.add_child(instance=page)
        sync_pack_access(page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return model_class.objects.get(pk=page.pk)
