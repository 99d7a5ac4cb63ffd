"""What the home page tells a person about tasks: what they must act on, deadlines near
or passed (the reminders' other channel), and for the Office what awaits review.

``home.needs`` offers ``task_notices(user)`` as a provider of the home page's "Việc cần làm"
column (``templates/home/needs/tasks.html``); computed per request, since it depends on the
user's units.
"""

from organisation import people

from .models import TaskExtension, TaskReport
from .selectors import visible_tasks, with_status
from .status import Status

LIMIT = 6


def task_notices(user) -> dict | None:
    if not user.is_authenticated:
        return None
    acting = people.unit_ids_acting_for(user)
    is_office = people.is_office_staff(user)
    if not acting and not is_office:
        return None
    visible = visible_tasks(user).filter(completed_on__isnull=True)
    rows = []
    if acting:
        mine = visible.filter(lead_unit_id__in=acting) | visible.filter(support_units__in=acting)
        rows = [
            row
            for row in with_status(mine.distinct())
            if row.status in (Status.OVERDUE, Status.DUE_SOON)
        ]
        rows.sort(
            key=lambda row: (row.status != Status.OVERDUE, row.deadline or row.task.starts_on)
        )
    to_review = extensions = 0
    if is_office:
        to_review = TaskReport.objects.filter(
            task__in=visible_tasks(user), state=TaskReport.State.SENT
        ).count()
        extensions = TaskExtension.objects.filter(
            task__in=visible_tasks(user), state=TaskExtension.State.REQUESTED
        ).count()
    if not rows and not to_review and not extensions:
        return None
    return {
        "rows": rows[:LIMIT],
        "more": max(0, len(rows) - LIMIT),
        "to_review": to_review,
        "extensions": extensions,
    }
