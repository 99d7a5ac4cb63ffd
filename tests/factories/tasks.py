"""Tasks assigned by documents (``tasks``): a task of a published document, a unit's report."""

import datetime

import factory

from tasks.models import Task, TaskReport

from .documents import CircularPageFactory
from .people import UnitFactory

TASK_CONTENTS = (
    "Xây dựng kế hoạch triển khai thực hiện và tổ chức quán triệt đến cán bộ, đảng viên",
    "Rà soát, bổ sung quy chế làm việc của cấp ủy cho phù hợp với mô hình chính quyền hai cấp",
    "Tổng hợp kết quả thực hiện, báo cáo Ban Thường vụ Tỉnh ủy",
    "Kiểm tra, giám sát việc thực hiện tại các chi bộ trực thuộc",
)


class TaskFactory(factory.django.DjangoModelFactory):
    """A one-off task of a published plan (KH), for a commune, due on 30/6/2026."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    document = factory.SubFactory(CircularPageFactory, doc_type="KH")
    content = factory.Sequence(lambda n: TASK_CONTENTS[n % len(TASK_CONTENTS)])
    source = "Mục II.1"
    anchor = ""
    lead_unit = factory.SubFactory(UnitFactory)
    starts_on = datetime.date(2026, 1, 5)
    deadline = datetime.date(2026, 6, 30)

    @factory.post_generation
    def support_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.support_units.set(extracted)

    @factory.post_generation
    def secret_granted_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.secret_granted_units.set(extracted)


class TaskReportFactory(factory.django.DjangoModelFactory):
    """A report of the unit in charge, sent (``state=...`` for another step)."""

    class Meta:
        model = TaskReport

    task = factory.SubFactory(TaskFactory)
    unit = factory.LazyAttribute(lambda o: o.task.lead_unit)
    period_key = "2026-03"
    progress = "Đã ban hành kế hoạch, tổ chức hội nghị quán triệt cho 100% chi bộ."
    percent = 50
    state = TaskReport.State.SENT
    sent_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC)
    )
