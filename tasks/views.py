"""The site's task screens: the list, a task with its reports and history, a unit's report,
the Office's review and the extensions. Every read goes through ``tasks.selectors``, every
write through ``tasks.services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import ModelLogEntry

from core.exports import export_table
from organisation import people
from organisation.models import Unit

from . import services
from .exports import export_rows, headings
from .forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ReportForm,
    ReviewForm,
    TaskFilters,
)
from .listing import counts, filtered_rows, page_of
from .models import TaskExtension, TaskReport, TaskReportFile
from .periods import period_label
from .selectors import follows_all, visible_reports, visible_task, visible_tasks, with_status
from .status import Status


def _task_or_404(user, pk):
    task = visible_task(user, pk)
    if task is None:
        raise Http404
    return task


def _filter_units(user):
    """The units offered in the list's filter: the user's own, or for those who follow every
    task, the units in charge of the tasks they see."""
    if follows_all(user):
        return Unit.objects.filter(pk__in=visible_tasks(user).values("lead_unit")).order_by("name")
    return people.units_acting_for(user).order_by("name")


@require_GET
def task_list(request):
    filters = TaskFilters(request.GET)
    rows = filtered_rows(request.user, filters)
    export = export_table(
        request,
        export_rows(rows),
        headings=headings(),
        filename="nhiem-vu",
        title=_("Nhiệm vụ"),
    )
    if export is not None:
        return export
    context = {
        "page_obj": page_of(request, rows),
        "counts": counts(rows),
        "statuses": Status,
        "filters": filters,
        "units": _filter_units(request.user),
        "follows_all": follows_all(request.user),
        "query": request.GET.urlencode(),
    }
    return render(request, "tasks/task_list.html", context)


def _history(task):
    entries = ModelLogEntry.objects.for_instance(task).select_related("user")
    return entries.order_by("-timestamp", "-pk")[:100]


@require_GET
def task_detail(request, pk: int):
    task = _task_or_404(request.user, pk)
    (row,) = with_status(type(task).objects.filter(pk=task.pk))
    reports = visible_reports(request.user, task).select_related("unit", "sent_by", "reviewed_by")
    reporting_units = services.reporting_units(request.user, task)
    is_office = people.is_office_staff(request.user)
    lead_acting = people.may_act_for(request.user, task.lead_unit)
    context = {
        "task": task,
        "row": row,
        "reports": reports.prefetch_related("files").order_by("-period_key", "unit__name"),
        "reporting_units": reporting_units,
        "current_period": period_label(services.current_period_key(task)),
        "is_office": is_office,
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
        "extension_form": ExtensionRequestForm() if lead_acting and not task.completed_on else None,
        "review_form": ReviewForm() if is_office else None,
        "decision_form": ExtensionDecisionForm() if is_office else None,
        "history": _history(task)
        if is_office or follows_all(request.user) or reporting_units.exists()
        else [],
        "support_units": task.support_units.order_by("name"),
        "may_open": services.may_open_to_members(request.user, task),
    }
    return render(request, "tasks/task_detail.html", context)


def _reporting_unit(request, task, code):
    unit = services.reporting_units(request.user, task).filter(code=code).first()
    if unit is None:
        raise PermissionDenied(_("Bạn không có quyền báo cáo nhiệm vụ này thay cho đơn vị."))
    return unit


@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int, unit_code: str):
    task = _task_or_404(request.user, pk)
    unit = _reporting_unit(request, task, unit_code)
    asked = request.POST.get("ky") or request.GET.get("ky") or ""
    if asked not in services.reportable_period_keys(task):
        asked = services.current_period_key(task)
    period_key = asked
    report = TaskReport.objects.filter(task=task, unit=unit, period_key=period_key).first()
    form = ReportForm(request.POST or None, request.FILES or None, instance=report)
    may_send = services.leads(request.user, unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report, _created = services.save_draft(
                    user=request.user,
                    task=task,
                    unit=unit,
                    period_key=period_key,
                    data=form.cleaned_data,
                    files=form.cleaned_data["files"],
                )
                if request.POST.get("action") == "send":
                    services.send_report(user=request.user, report=report)
                    messages.success(request, _("Đã gửi báo cáo tới Văn phòng Tỉnh ủy."))
                else:
                    messages.success(request, _("Đã lưu bản nháp báo cáo."))
                return redirect("task_detail", pk=task.pk)
            except services.ActionRefused as error:
                form.add_error(None, str(error))
                status = 403
        else:
            status = 400
    context = {
        "task": task,
        "unit": unit,
        "form": form,
        "report": report,
        "period": period_label(period_key),
        "period_key": period_key,
        "may_send": may_send,
        "editable": report is None or report.is_editable,
    }
    return render(request, "tasks/report_form.html", context, status=status)


def _visible_report(request, report_id):
    report = get_object_or_404(TaskReport.objects.select_related("task", "unit"), pk=report_id)
    task = _task_or_404(request.user, report.task_id)
    if not visible_reports(request.user, task).filter(pk=report.pk).exists():
        raise Http404
    return report


def _refusal(request, error, task_pk):
    messages.error(request, str(error))
    return redirect("task_detail", pk=task_pk)


@require_POST
def report_send(request, report_id: int):
    report = _visible_report(request, report_id)
    try:
        services.send_report(user=request.user, report=report)
    except services.ActionRefused as error:
        return _refusal(request, error, report.task_id)
    messages.success(request, _("Đã gửi báo cáo tới Văn phòng Tỉnh ủy."))
    return redirect("task_detail", pk=report.task_id)


@require_POST
def report_review(request, report_id: int):
    report = _visible_report(request, report_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refusal(request, _("Hãy chọn tiếp nhận hoặc trả lại."), report.task_id)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.review_report(
            user=request.user, report=report, accept=accept, comment=form.cleaned_data["comment"]
        )
    except services.ActionRefused as error:
        return _refusal(request, error, report.task_id)
    messages.success(request, _("Đã tiếp nhận báo cáo.") if accept else _("Đã trả lại báo cáo."))
    return redirect("task_detail", pk=report.task_id)


@require_POST
def extension_request(request, pk: int):
    task = _task_or_404(request.user, pk)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        return _refusal(request, _("Hãy ghi ngày xin gia hạn và lý do."), task.pk)
    try:
        services.request_extension(user=request.user, task=task, **form.cleaned_data)
    except services.ActionRefused as error:
        return _refusal(request, error, task.pk)
    messages.success(request, _("Đã gửi đề nghị gia hạn."))
    return redirect("task_detail", pk=task.pk)


@require_POST
def extension_decide(request, extension_id: int):
    extension = get_object_or_404(TaskExtension, pk=extension_id)
    task = _task_or_404(request.user, extension.task_id)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        return _refusal(request, _("Hãy chọn đồng ý hoặc không."), task.pk)
    try:
        services.decide_extension(
            user=request.user,
            extension=extension,
            grant=form.cleaned_data["decision"] == "grant",
            comment=form.cleaned_data["comment"],
        )
    except services.ActionRefused as error:
        return _refusal(request, error, task.pk)
    messages.success(request, _("Đã ghi quyết định gia hạn."))
    return redirect("task_detail", pk=task.pk)


@require_POST
def open_to_members(request, pk: int):
    task = _task_or_404(request.user, pk)
    opened = request.POST.get("open") == "1"
    try:
        services.set_open_to_members(user=request.user, task=task, opened=opened)
    except services.ActionRefused as error:
        return _refusal(request, error, task.pk)
    messages.success(
        request,
        _("Đảng viên của đơn vị đã xem được nhiệm vụ.")
        if opened
        else _("Chỉ biên tập viên, lãnh đạo đơn vị xem được nhiệm vụ."),
    )
    return redirect("task_detail", pk=task.pk)


@require_GET
def report_file(request, file_id: int):
    attachment = get_object_or_404(TaskReportFile.objects.select_related("report"), pk=file_id)
    _visible_report(request, attachment.report_id)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Cache-Control"] = "private, no-store"
    return response
