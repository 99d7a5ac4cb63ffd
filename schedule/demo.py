"""Demo: the Standing Committee's leaders, this week's and next week's schedule, a meeting
pack for the invited, and one adjustment made after publishing.

Idempotent: leaders are found by address, weeks by their Monday, the pack by its address.
The weeks follow the day the demo is loaded, so "today" on the home page has entries.
"""

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.visibility import open_to_members
from organisation import roles
from organisation.models import Unit

from .models import Leader, MeetingPackPage, ScheduleEntry, ScheduleIndexPage, WeekSchedulePage
from .packs import sync_pack_access
from .weeks import monday_of

# (address, position, name, demo account)
LEADERS = [
    ("bi-thu", "Bí thư Tỉnh ủy", "Nguyễn Văn Thông", None),
    ("pho-bi-thu-thuong-truc", "Phó Bí thư Thường trực Tỉnh ủy", "Hoàng Văn Nam", "thuongvu"),
    ("pho-bi-thu-chu-tich-ubnd", "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", "Lê Minh Châu", None),
    (
        "chanh-van-phong",
        "Ủy viên Ban Thường vụ, Chánh Văn phòng Tỉnh ủy",
        "Lê Quang Huy",
        "chanhvanphong",
    ),
]

HALL = "Hội trường Trụ sở Tỉnh ủy"
ROOM = "Phòng họp Ban Thường vụ Tỉnh ủy"

# (weekday, session, start, end, content, place, online, connected points, chair, attendees,
#  attending units, other attendees, preparing unit, notes)
# the Standing Committee's Monday briefing, the same every week
MONDAY_BRIEFING = (
    0,
    "sang",
    time(7, 30),
    time(9, 0),
    "Giao ban Thường trực Tỉnh ủy",
    ROOM,
    False,
    "",
    "bi-thu",
    ["pho-bi-thu-thuong-truc", "chanh-van-phong"],
    [],
    "",
    None,
    "",
)
THIS_WEEK = [
    MONDAY_BRIEFING,
    (
        0,
        "chieu",
        time(14, 0),
        time(17, 0),
        "Hội nghị trực tuyến sơ kết công tác xây dựng Đảng 11 tháng năm 2026",
        HALL,
        True,
        "Điểm cầu các đảng bộ xã, phường và đảng bộ trực thuộc",
        "pho-bi-thu-thuong-truc",
        [],
        ["phuong-truong-vinh", "xa-dien-chau", "db-co-quan-dang"],
        "",
        "db-co-quan-dang",
        "",
    ),
    (
        1,
        "sang",
        time(8, 0),
        time(11, 30),
        "Họp Ban Thường vụ Tỉnh ủy cho ý kiến dự thảo Đề án chuyển đổi số trong các cơ quan "
        "Đảng đến năm 2030",
        ROOM,
        False,
        "",
        "bi-thu",
        ["pho-bi-thu-thuong-truc", "pho-bi-thu-chu-tich-ubnd", "chanh-van-phong"],
        [],
        "Lãnh đạo Văn phòng Tỉnh ủy",
        None,
        "Đại biểu nghiên cứu tài liệu trước cuộc họp",
    ),
    (
        2,
        "sang",
        time(8, 0),
        None,
        "Làm việc với Ban Thường vụ Đảng ủy phường Trường Vinh",
        "Trụ sở Đảng ủy phường Trường Vinh",
        False,
        "",
        "pho-bi-thu-thuong-truc",
        [],
        ["phuong-truong-vinh"],
        "",
        "phuong-truong-vinh",
        "",
    ),
    (
        3,
        "chieu",
        time(14, 0),
        None,
        "Tiếp công dân định kỳ",
        "Trụ sở Tiếp công dân tỉnh",
        False,
        "",
        "bi-thu",
        [],
        [],
        "",
        None,
        "",
    ),
    (
        4,
        "sang",
        time(8, 0),
        None,
        "Dự lễ kỷ niệm 80 năm Ngày truyền thống Công an tỉnh",
        "Hội trường Công an tỉnh",
        False,
        "",
        None,
        ["pho-bi-thu-chu-tich-ubnd"],
        ["db-cong-an-tinh"],
        "",
        "db-cong-an-tinh",
        "",
    ),
    (
        4,
        "toi",
        time(19, 30),
        None,
        "Gặp mặt đoàn đại biểu tỉnh Hủa Phăn (Lào)",
        "Nhà khách Tỉnh ủy",
        False,
        "",
        "pho-bi-thu-thuong-truc",
        ["chanh-van-phong"],
        [],
        "",
        None,
        "",
    ),
]
NEXT_WEEK = [
    MONDAY_BRIEFING,
    (
        1,
        "sang",
        time(8, 0),
        None,
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5 (mở rộng)",
        HALL,
        True,
        "Điểm cầu các đảng bộ trực thuộc",
        "bi-thu",
        ["pho-bi-thu-thuong-truc", "pho-bi-thu-chu-tich-ubnd", "chanh-van-phong"],
        ["db-co-quan-dang", "db-ubnd-tinh"],
        "Ủy viên Ban Chấp hành Đảng bộ tỉnh",
        "db-co-quan-dang",
        "",
    ),
    (
        2,
        "chieu",
        time(14, 0),
        None,
        "Làm việc với Đảng ủy xã Diễn Châu về xây dựng nông thôn mới",
        "Trụ sở Đảng ủy xã Diễn Châu",
        False,
        "",
        "pho-bi-thu-chu-tich-ubnd",
        [],
        ["xa-dien-chau"],
        "",
        "xa-dien-chau",
        "",
    ),
    (
        4,
        "sang",
        time(8, 0),
        None,
        "Họp Ban Thường vụ Tỉnh ủy thường kỳ tháng 12",
        ROOM,
        False,
        "",
        "bi-thu",
        ["pho-bi-thu-thuong-truc", "pho-bi-thu-chu-tich-ubnd", "chanh-van-phong"],
        [],
        "",
        None,
        "",
    ),
]


def _leaders() -> dict[str, Leader]:
    users = get_user_model().objects
    leaders = {}
    for order, (slug, position, name, username) in enumerate(LEADERS):
        user = users.filter(username=username).first() if username else None
        leader, _created = Leader.objects.get_or_create(
            slug=slug,
            defaults={"position": position, "name": name, "user": user, "sort_order": order},
        )
        leaders[slug] = leader
    return leaders


def _entry(monday: date, row: tuple, leaders: dict, units: dict) -> ScheduleEntry:
    (offset, session, start, end, content, place, online, points, chair, attendees,
     unit_codes, others, preparing, notes) = row  # fmt: skip
    return ScheduleEntry(
        day=monday + timedelta(days=offset),
        session=session,
        start_time=start,
        end_time=end,
        content=content,
        place=place,
        online=online,
        connected_points=points,
        chair=leaders.get(chair),
        attendees=[leaders[slug] for slug in attendees],
        attending_units=[units[code] for code in unit_codes if code in units],
        other_attendees=others,
        preparing_unit=units.get(preparing),
        notes=notes,
    )


def _week(index, monday: date, rows, leaders, units) -> WeekSchedulePage:
    existing = WeekSchedulePage.objects.filter(week_start=monday).first()
    if existing is not None:
        return existing
    week = WeekSchedulePage(week_start=monday, title="-", slug="-")
    week.entries = [_entry(monday, row, leaders, units) for row in rows]
    index.add_child(instance=week)
    week.save_revision().publish()
    return week


def _adjust(week: WeekSchedulePage) -> None:
    """The Office moves this week's reception to another place after publishing."""
    page = week.get_latest_revision_as_object()
    page.entries = list(page.entries.all())
    for entry in page.entries.all():
        if entry.content.startswith("Gặp mặt đoàn đại biểu"):
            entry.place = "Khách sạn Mường Thanh Grand Phương Đông"
    page.save_revision().publish()


def _pack(week: WeekSchedulePage) -> None:
    if MeetingPackPage.objects.child_of(week).exists():
        return
    from regulations.models import PartyDocumentPage

    meeting = week.entries.filter(content__startswith="Họp Ban Thường vụ").first()
    pack = MeetingPackPage(
        title="Tài liệu họp Ban Thường vụ: dự thảo Đề án chuyển đổi số đến năm 2030",
        slug="tai-lieu-de-an-chuyen-doi-so",
        entry=meeting,
        intro=(
            "Dự thảo Đề án chuyển đổi số trong các cơ quan Đảng đến năm 2030, tờ trình của "
            "Văn phòng Tỉnh ủy và ý kiến thẩm định của Ban Tổ chức Tỉnh ủy. Tài liệu họp, "
            "không sao chụp, không chuyển cho người không dự họp."
        ),
    )
    pack.invited_groups = list(Group.objects.filter(name=roles.STANDING_COMMITTEE))
    public = open_to_members(PartyDocumentPage.objects.live())
    pack.documents = list(public.order_by("-issued_on")[:2])
    week.add_child(instance=pack)
    sync_pack_access(pack)
    pack.save_revision().publish()


def load(today: date) -> None:
    index = ScheduleIndexPage.objects.first()
    if index is None:
        return
    leaders = _leaders()
    units = {unit.code: unit for unit in Unit.objects.all()}
    monday = monday_of(today)
    new = not WeekSchedulePage.objects.filter(week_start=monday).exists()
    this_week = _week(index, monday, THIS_WEEK, leaders, units)
    _week(index, monday + timedelta(days=7), NEXT_WEEK, leaders, units)
    if new:
        _adjust(this_week)
    _pack(this_week)
