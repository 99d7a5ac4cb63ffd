"""Weeks as the schedule names them: Monday to Sunday, numbered as ISO weeks."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

SESSION_ORDER = {"sang": 0, "chieu": 1, "toi": 2}
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=offset) for offset in range(7)]


def week_slug(monday: date) -> str:
    year, week, _weekday = monday.isocalendar()
    return f"tuan-{week:02d}-{year}"


def week_label(monday: date) -> str:
    """ "Tuần 49/2026 (30/11 – 06/12/2026)"."""
    year, week, _weekday = monday.isocalendar()
    end = monday + timedelta(days=6)
    return _("Tuần %(week)s/%(year)s (%(start)s – %(end)s)") % {
        "week": f"{week:02d}",
        "year": year,
        "start": f"{monday:%d/%m}",
        "end": f"{end:%d/%m/%Y}",
    }


def week_title(monday: date) -> str:
    """The page title, in Vietnamese whatever the editor's language (it is content)."""
    year, week, _weekday = monday.isocalendar()
    end = monday + timedelta(days=6)
    return f"Lịch công tác tuần {week:02d}/{year} ({monday:%d/%m} – {end:%d/%m/%Y})"
