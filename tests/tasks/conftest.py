"""People and a task around one unit: the Office editor, the unit's editor, leader and member,
a standing-committee member, an outsider; built with the factories, on a database whose
other tasks (the demo's) are removed for the test."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from organisation import roles
from organisation.models import Unit, UnitMembership
from tasks.models import Task
from tests.factories import CircularPageFactory, TaskFactory, UnitFactory, UserFactory


@dataclass
class World:
    unit: Unit
    support: Unit
    other_unit: Unit
    office: object
    unit_editor: object
    unit_leader: object
    unit_member: object
    support_editor: object
    outsider: object
    standing: object
    task: object


@pytest.fixture
def world(db) -> World:
    Task.objects.all().delete()  # the demo's tasks: each test counts only its own
    unit, support, other_unit = UnitFactory(), UnitFactory(), UnitFactory()
    role = UnitMembership.Role
    document = CircularPageFactory(doc_type="KL", number="201-KL/TU")
    task = TaskFactory(
        document=document,
        lead_unit=unit,
        support_units=[support],
        deadline=datetime.date(2026, 6, 30),
    )
    return World(
        unit=unit,
        support=support,
        other_unit=other_unit,
        office=UserFactory(roles=[roles.EDITOR]),
        unit_editor=UserFactory(unit=unit, unit__role=role.EDITOR),
        unit_leader=UserFactory(unit=unit, unit__role=role.LEADER),
        unit_member=UserFactory(unit=unit),
        support_editor=UserFactory(unit=support, unit__role=role.EDITOR),
        outsider=UserFactory(unit=other_unit, unit__role=role.LEADER),
        standing=UserFactory(roles=[roles.STANDING_COMMITTEE]),
        task=task,
    )


@pytest.fixture
def frozen(monkeypatch):
    """``frozen(day)``: the clock stops at 10:00, Hà Nội time, on ``day`` (``timezone.now``,
    and so ``timezone.localdate``, which reads it)."""
    real_now = timezone.now

    def freeze(day: datetime.date, hour: int = 10):
        moment = datetime.datetime.combine(
            day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
        )
        monkeypatch.setattr(timezone, "now", lambda: moment)

    yield freeze
    monkeypatch.setattr(timezone, "now", real_now)
