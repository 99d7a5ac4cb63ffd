"""Demo: a dozen tasks of two documents (Chỉ thị 21-CT/TU, Nghị quyết 01-NQ/TU) over
several units, some overdue, some done, some near their deadline, one reported quarterly.

Idempotent: a task is found by its document and content. Dates are set relative to the day
the demo is first loaded, so that the statuses read as intended when someone tries it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from organisation.models import Unit
from regulations.models import PartyDocumentPage

from .models import Task, TaskReport

# (document, content, source, lead unit, support units, days from today to the deadline or
#  None for a quarterly report, done: days before today it was completed, or None)
TASKS = [
    (
        "21-CT/TU",
        "Quán triệt Chỉ thị đến 100% chi bộ, cán bộ, đảng viên",
        "Mục 1",
        "phuong-truong-vinh",
        [],
        -40,
        50,
    ),
    (
        "21-CT/TU",
        "Rà soát, công khai quy trình giải quyết thủ tục hành chính về đất đai",
        "Mục 2",
        "phuong-truong-vinh",
        ["phuong-thanh-vinh"],
        20,
        None,
    ),
    (
        "21-CT/TU",
        "Kê khai, công khai bản kê khai tài sản, thu nhập năm của cán bộ thuộc diện",
        "Mục 3",
        "xa-dien-chau",
        [],
        -10,
        None,
    ),
    (
        "21-CT/TU",
        "Kiểm tra, giám sát việc quản lý, sử dụng tài chính, tài sản công",
        "Mục 4",
        "phuong-thanh-vinh",
        ["phuong-vinh-hung"],
        -25,
        None,
    ),
    (
        "21-CT/TU",
        "Báo cáo kết quả phòng, chống tham nhũng, tiêu cực hằng quý",
        "Mục 7",
        "phuong-vinh-hung",
        [],
        None,
        None,
    ),
    (
        "21-CT/TU",
        "Xây dựng văn hóa liêm chính trong cán bộ, đảng viên",
        "Mục 6",
        "xa-do-luong",
        [],
        5,
        None,
    ),
    (
        "01-NQ/TU",
        "Xây dựng kế hoạch mỗi xã ít nhất một sản phẩm OCOP",
        "Mục III.1",
        "xa-dien-chau",
        ["xa-do-luong"],
        -60,
        70,
    ),
    (
        "01-NQ/TU",
        "Nâng cấp hệ thống giao thông, thủy lợi nội đồng theo tiêu chí nâng cao",
        "Mục III.2",
        "xa-do-luong",
        [],
        -5,
        2,
    ),
    (
        "01-NQ/TU",
        "Xây dựng khu dân cư kiểu mẫu, vườn mẫu",
        "Mục III.3",
        "xa-yen-thanh",
        [],
        45,
        None,
    ),
    (
        "01-NQ/TU",
        "Công khai việc huy động, sử dụng vốn xây dựng nông thôn mới",
        "Mục III.5",
        "xa-dien-chau",
        [],
        -15,
        None,
    ),
    (
        "01-NQ/TU",
        "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết",
        "Mục IV",
        "phuong-truong-vinh",
        ["xa-dien-chau", "xa-do-luong"],
        60,
        None,
    ),
    (
        "01-NQ/TU",
        "Tổng hợp kết quả xây dựng nông thôn mới nâng cao",
        "Mục IV",
        "phuong-thanh-vinh",
        [],
        -90,
        95,
    ),
]


def _leader():
    return get_user_model().objects.filter(username="thuongvu").first()


def _unit_user(unit, role):
    return (
        get_user_model()
        .objects.filter(unit_memberships__unit=unit, unit_memberships__role=role)
        .first()
    )


def load(today: datetime.date | None = None) -> int:
    """Create the demo tasks that are missing; the number created."""
    today = today or timezone.localdate()
    office = get_user_model().objects.filter(username="bientap").first()
    created = 0
    for number, content, source, lead, support, due_in, done_ago in TASKS:
        document = PartyDocumentPage.objects.filter(number=number).first()
        unit = Unit.objects.filter(code=lead).first()
        if (
            document is None
            or unit is None
            or Task.objects.filter(document=document, content=content).exists()
        ):
            continue
        task = Task.objects.create(
            document=document,
            content=content,
            source=source,
            lead_unit=unit,
            starts_on=today - datetime.timedelta(days=120),
            deadline=today + datetime.timedelta(days=due_in) if due_in is not None else None,
            period="" if due_in is not None else Task.Period.QUARTERLY,
            leader=_leader(),
            priority=Task.Priority.HIGH if due_in is not None and due_in < 0 else "normal",
            created_by=office,
        )
        task.support_units.set(Unit.objects.filter(code__in=support))
        if done_ago is not None:
            _completed(task, today - datetime.timedelta(days=done_ago), office)
        created += 1
    return created


def _completed(task, day, office) -> None:
    sent = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    TaskReport.objects.create(
        task=task,
        unit=task.lead_unit,
        period_key=day.strftime("%Y-%m"),
        progress="Đơn vị đã hoàn thành nhiệm vụ; kết quả cụ thể tại báo cáo đính kèm.",
        percent=100,
        stage=TaskReport.Stage.FINISHED,
        proposes_completion=True,
        state=TaskReport.State.ACCEPTED,
        drafted_by=_unit_user(task.lead_unit, "editor"),
        sent_by=_unit_user(task.lead_unit, "leader") or _unit_user(task.lead_unit, "editor"),
        sent_at=sent,
        reviewed_by=office,
        reviewed_at=sent + datetime.timedelta(days=1),
    )
    task.completed_on = day
    task.save(update_fields=["completed_on"])
