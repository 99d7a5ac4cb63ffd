"""Units' on-time rate, offered to emulation scoring (a criterion a movement may choose).

The rate of a unit is ``tasks.status.on_time_rate`` over the tasks it is in charge of that
run in the window (assigned by its end, due from its start, or recurring), as the asking
user may see them: a secret document's tasks never move the figures others are shown.
"""

import datetime

from django.db.models import Q

from .selectors import visible_tasks, with_status
from .status import Status, on_time_rate


def on_time_rates(
    user, unit_ids, *, since: datetime.date, until: datetime.date, today=None
) -> dict[int, dict]:
    """``{unit id: {"rate": percent or None, "counts": {status: n}}}`` for ``unit_ids``."""
    tasks = visible_tasks(user).filter(lead_unit_id__in=list(unit_ids), starts_on__lte=until)
    tasks = tasks.filter(Q(deadline__isnull=True) | Q(deadline__gte=since))
    found = {pk: dict.fromkeys(Status, 0) for pk in unit_ids}
    for row in with_status(tasks, today):
        found[row.task.lead_unit_id][row.status] += 1
    return {pk: {"rate": on_time_rate(counts), "counts": counts} for pk, counts in found.items()}
