"""The weekly work schedule (lịch công tác tuần) of the Standing Committee and its leaders,
and the document packs of its meetings.

* A week is a page (``WeekSchedulePage``) under the schedule section; its entries are inline
  rows (``ScheduleEntry``), so a week is drafted, reviewed and published as one piece
  through the Office's workflow and its revisions keep every published version.
* A meeting pack is a page under its week (``MeetingPackPage``) carrying a Wagtail view
  restriction for the invited and the Office (``schedule.packs``): the one visibility rule
  (``core.visibility``) then keeps it from everyone else on every channel.
* What changed after publishing is recorded per entry (``EntryRecord``, written when a week
  is published, ``schedule.changes``); calendars read its sequence and time.
"""

from .leaders import Leader
from .packs import MeetingPackForm, MeetingPackPage
from .records import CalendarToken, EntryRecord
from .weeks import ScheduleEntry, ScheduleIndexPage, WeekSchedulePage, WeekSchedulePageForm

__all__ = [
    "CalendarToken",
    "EntryRecord",
    "Leader",
    "MeetingPackForm",
    "MeetingPackPage",
    "ScheduleEntry",
    "ScheduleIndexPage",
    "WeekSchedulePage",
    "WeekSchedulePageForm",
]
