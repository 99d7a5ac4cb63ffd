"""The ``tasks`` list of a document's line in the import format (docs/tasks.md).

Registered with ``regulations.import_format`` at start-up (``apps.py``): the library knows
nothing of tasks, it only runs the sections registered with it. Each item is an object with
the columns of the task table by their field names::

    "tasks": [{"content": "...", "lead_unit": "xa-dien-chau", "support_units": ["..."],
               "deadline": "2026-06-30", "period": "quarterly", "period_day": 20,
               "source": "Điều 3", "anchor": "dieu-3", "leader": "thuongvu",
               "priority": "high", "starts_on": "2026-01-05"}]

The shape is checked with the line (``parse``); units, leaders and dates are checked by the
same form as the admin's bulk creation when the document is saved (``apply``), and any
problem rejects the whole line. A task is matched by its document and content: importing
again updates it (its reports are kept); tasks no longer in the list are left alone.
"""

import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from regulations.import_format import ImportLineError, LineSection, register_line_section

from .columns import TaskRowForm
from .models import Task

KEY = "tasks"
MAX_TASKS = 200


def _iso_date(value):
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError("date")
    return datetime.date.fromisoformat(value.strip())


def _list_as_tuple(value):
    return tuple(value) if isinstance(value, list) else value


class TaskItem(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    content: Annotated[str, Field(min_length=1, max_length=4000)]
    lead_unit: Annotated[str, Field(min_length=1, max_length=40)]
    support_units: Annotated[
        tuple[Annotated[str, Field(max_length=40)], ...], BeforeValidator(_list_as_tuple)
    ] = ()
    source: Annotated[str, Field(max_length=120)] = ""
    anchor: Annotated[str, Field(max_length=60)] = ""
    starts_on: Annotated[datetime.date | None, BeforeValidator(_iso_date)] = None
    deadline: Annotated[datetime.date | None, BeforeValidator(_iso_date)] = None
    period: Annotated[str, Field(max_length=40)] = ""
    period_day: Annotated[int | None, Field(ge=1, le=31)] = None
    leader: Annotated[str, Field(max_length=150)] = ""
    priority: Annotated[str, Field(max_length=40)] = ""


def parse(raw) -> tuple[TaskItem, ...]:
    if not isinstance(raw, list):
        raise ImportLineError(_("“tasks” phải là một danh sách nhiệm vụ."))
    if len(raw) > MAX_TASKS:
        raise ImportLineError(
            _("“tasks” có %(found)s nhiệm vụ, tối đa %(max)s.")
            % {"found": len(raw), "max": MAX_TASKS}
        )
    items, problems = [], []
    for number, value in enumerate(raw, start=1):
        try:
            items.append(TaskItem.model_validate(value))
        except ValidationError as error:
            fields = sorted({str(e["loc"][0]) if e["loc"] else "?" for e in error.errors()})
            problems.append(
                _("Nhiệm vụ thứ %(number)s: thiếu hoặc sai trường %(fields)s.")
                % {"number": number, "fields": ", ".join(f"“{name}”" for name in fields)}
            )
    if problems:
        raise ImportLineError(problems)
    return tuple(items)


def _row(item: TaskItem) -> dict:
    return {
        "content": item.content,
        "source": item.source,
        "anchor": item.anchor,
        "lead_unit": item.lead_unit,
        "support_units": "; ".join(item.support_units),
        "starts_on": item.starts_on.isoformat() if item.starts_on else "",
        "deadline": item.deadline.isoformat() if item.deadline else "",
        "period": item.period,
        "period_day": item.period_day or "",
        "leader": item.leader,
        "priority": item.priority,
    }


def apply(page, items: tuple[TaskItem, ...], user) -> None:
    document = page  # a RegulationPage or CircularPage is a PartyDocumentPage
    problems, forms = [], []
    for number, item in enumerate(items, start=1):
        form = TaskRowForm(_row(item), user=user, document=document)
        if form.is_valid():
            forms.append(form)
        else:
            problems += [
                _("Nhiệm vụ thứ %(number)s: %(message)s") % {"number": number, "message": message}
                for message in form.messages()
            ]
    if problems:
        raise ImportLineError(problems)
    for form in forms:
        existing = Task.objects.filter(
            document=document, content=form.cleaned_data["content"].strip()
        ).first()
        if existing is None:
            form.save(created_by=user)
            continue
        data = form.cleaned_data
        for name in ("source", "anchor", "lead_unit", "deadline", "period", "leader", "priority"):
            setattr(existing, name, data[name])
        existing.period_day = data["period_day"] or existing.period_day
        if data["starts_on"]:
            existing.starts_on = data["starts_on"]
        existing.save()
        existing.support_units.set(data["support_units"])


def register() -> None:
    register_line_section(LineSection(KEY, parse, apply))
