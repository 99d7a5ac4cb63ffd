"""The unit's on-time rate as an emulation criterion: an option of each movement, shown in
the Office's registrations table and its export, computed from the tasks the Office may see."""

import csv
import datetime
import io

import pytest

from tests.factories import (
    CircularPageFactory,
    EmulationMovementPageFactory,
    TaskFactory,
    logged_in,
)

pytestmark = pytest.mark.django_db
D = datetime.date
HEADING = "Tỷ lệ hoàn thành nhiệm vụ đúng hạn"


def _table(client, movement):
    return client.get(f"/thi-dua/{movement.pk}/tong-hop-dang-ky/")


def test_the_rate_is_shown_only_when_the_movement_scores_it(world, frozen):
    frozen(D(2026, 8, 1))
    # world.task (due 30/6, not done): overdue; one done on time, one done late
    TaskFactory(lead_unit=world.unit, deadline=D(2026, 5, 31), completed_on=D(2026, 5, 20))
    TaskFactory(lead_unit=world.unit, deadline=D(2026, 5, 31), completed_on=D(2026, 6, 2))
    plain = EmulationMovementPageFactory(year=2026)
    scored = EmulationMovementPageFactory(year=2026, score_task_on_time_rate=True)
    office = logged_in(world.office)
    assert HEADING not in _table(office, plain).content.decode()
    response = _table(office, scored)
    assert HEADING in response.content.decode()
    rows = {
        unit.pk: rate for group in response.context["groups"] for unit, _reg, rate in group.rated
    }
    assert rows[world.unit.pk] == pytest.approx(33.3)
    assert rows[world.other_unit.pk] is None
    exported = office.get(f"/thi-dua/{scored.pk}/tong-hop-dang-ky/?xuat=csv")
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert table[0][-1].startswith(HEADING)
    (line,) = [row for row in table if row[1] == world.unit.code]
    assert line[-1] == "33.3"


def test_a_secret_task_does_not_move_the_rate_others_see(world, frozen):
    frozen(D(2026, 8, 1))
    secret_document = CircularPageFactory(doc_type="KL", secret=True)
    TaskFactory(
        document=secret_document,
        lead_unit=world.unit,
        deadline=D(2026, 5, 31),
        completed_on=D(2026, 5, 1),
    )
    scored = EmulationMovementPageFactory(year=2026, score_task_on_time_rate=True)
    response = _table(logged_in(world.office), scored)
    rows = {
        unit.pk: rate for group in response.context["groups"] for unit, _reg, rate in group.rated
    }
    assert rows[world.unit.pk] == 0.0  # the public overdue task alone
