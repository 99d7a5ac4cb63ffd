"""Rows of the task table for ``core.exports.export_table`` (the columns of ``columns``,
then the status and dates in force)."""

from .columns import EXPORT_ONLY, HEADINGS, task_cells


def headings() -> list[str]:
    return [str(heading) for heading in (*HEADINGS, *EXPORT_ONLY)]


def export_rows(rows):
    for row in rows:
        task = row.task
        yield [
            *task_cells(task),
            row.deadline,
            row.status.label,
            task.completed_on,
            task.lead_unit.cluster,
        ]
