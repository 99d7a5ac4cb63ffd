from datetime import date

import pytest

from schedule.models import EntryRecord
from tests.factories import LeaderFactory, ScheduleEntryFactory, UnitFactory, WeekSchedulePageFactory

pytestmark = pytest.mark.django_db


def test_smoke(client_for):
    leader = LeaderFactory()
    unit = UnitFactory()
    week = WeekSchedulePageFactory(
        week_start=date(2030, 3, 6),
        entries=[ScheduleEntryFactory(day=date(2030, 3, 5), attendees=[leader], attending_units=[unit])],
    )
    print(week.title, week.slug, week.url)
    entry = week.entries.get()
    print(list(entry.attendees.all()), list(entry.attending_units.all()))
    print(list(EntryRecord.objects.filter(week=week).values()))
    rev = week.get_latest_revision_as_object()
    print(list(rev.entries.all()[0].attendees.all()))
    r = client_for("member").get(week.url)
    print(r.status_code)
    print(r.content.decode()[-4000:])
