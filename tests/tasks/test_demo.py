"""The demo (loaded once per session by tests/conftest.py) has the tasks docs/tasks.md
promises: two documents, a dozen tasks over several units, some overdue, some done; and
loading it again adds nothing."""

import pytest

from tasks import demo
from tasks.models import Task
from tasks.selectors import with_status
from tasks.status import DONE, Status

pytestmark = pytest.mark.django_db


def test_demo_tasks():
    tasks = Task.objects.all()
    assert tasks.count() == 12
    assert set(tasks.values_list("document__number", flat=True)) == {"21-CT/TU", "01-NQ/TU"}
    assert tasks.values("lead_unit").distinct().count() >= 5
    statuses = [row.status for row in with_status(tasks)]
    assert statuses.count(Status.OVERDUE) >= 3
    assert sum(status in DONE for status in statuses) >= 3
    assert Status.DONE_LATE in statuses
    assert demo.load() == 0
