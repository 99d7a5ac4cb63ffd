"""``GET /api/v1/tasks/?unit=&status=&document=&page=``: the logged-in user's visible tasks
as JSON, filtered and paginated like the list (50 a page), with the counts by status."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .forms import TaskFilters
from .listing import PER_PAGE, counts, filtered_rows


def _date(day):
    return day.isoformat() if day else None


def task_dict(row) -> dict:
    task = row.task
    return {
        "id": task.pk,
        "content": task.content,
        "document": {
            "id": task.document_id,
            "number": task.document.number,
            "title": task.document.title,
            "url": task.document.url,
        },
        "source": task.source,
        "source_url": task.source_url(),
        "url": f"/nhiem-vu/{task.pk}/",
        "lead_unit": {"code": task.lead_unit.code, "name": task.lead_unit.name},
        "support_units": [
            {"code": unit.code, "name": unit.name} for unit in task.support_units.all()
        ],
        "starts_on": _date(task.starts_on),
        "deadline": _date(task.deadline),
        "deadline_in_force": _date(row.deadline),
        "period": task.period,
        "priority": task.priority,
        "status": row.status.value,
        "status_label": str(row.status.label),
        "completed_on": _date(task.completed_on),
    }


@require_GET
def tasks_api(request):
    filters = TaskFilters(request.GET)
    if filters.errors:
        return JsonResponse(
            {"error": _("Tham số không hợp lệ."), "errors": filters.messages()}, status=400
        )
    rows = filtered_rows(request.user, filters)
    page = filters.value("page")
    pages = max(1, -(-len(rows) // PER_PAGE))
    if page > pages:
        return JsonResponse(
            {"error": _("Không có trang %(page)s.") % {"page": page}, "errors": {"page": "range"}},
            status=400,
        )
    shown = rows[(page - 1) * PER_PAGE : page * PER_PAGE]
    return JsonResponse(
        {
            "count": len(rows),
            "page": page,
            "pages": pages,
            "counts": {status.value: number for status, number in counts(rows).items()},
            "results": [task_dict(row) for row in shown],
        },
        json_dumps_params={"ensure_ascii": False},
    )
