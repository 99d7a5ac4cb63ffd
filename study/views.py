"""The study plan's own views (routes of ``StudyPlanPage``): confirm, and follow completion.

They are served through Wagtail's page view, so the visibility rule's ``before_serve_page``
hook has already answered 404 to anyone who may not see the plan; login is required by
the site-wide middleware. Here only the audience and the follower's role are checked.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.charts import Series, StackedBar, share, stacked_bar_chart
from core.exports import export_table, local_text
from organisation.models import Unit
from organisation.people import is_office_staff, led_units, may_follow_unit

from .audience import (
    completion_by_unit,
    in_audience,
    unit_in_audience,
    unit_members,
)
from .forms import ConfirmationForm
from .models import StudyConfirmation


def plan_context(plan, request, form=None) -> dict:
    """What the plan page shows this user about their own study and what they may follow."""
    user = request.user
    mine = StudyConfirmation.objects.filter(plan=plan, user=user).first()
    must_study = in_audience(user, plan)
    if form is None and must_study:
        form = ConfirmationForm(initial={"reflection": mine.reflection if mine else ""})
    followed = led_units(user)
    if not plan.audience_all:
        followed = followed.filter(pk__in=plan.audience_units.values("pk"))
    return {
        "my_confirmation": mine,
        "in_audience": must_study,
        "confirm_form": form,
        "audience_units": plan.audience_units.order_by("name") if not plan.audience_all else [],
        "followed_units": list(followed.order_by("name")),
        "is_office": is_office_staff(user),
    }


def _render_plan(plan, request, *, status: int, form=None, refusal: str = ""):
    context = plan_context(plan, request, form=form)
    context["refusal"] = refusal
    response = plan.render(request, context_overrides=context)
    response.status_code = status
    return response


def confirm(plan, request):
    """POST "tôi đã học tập" with an optional reflection; a second POST amends it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not in_audience(request.user, plan):
        refusal = _(
            "Kế hoạch học tập này không giao cho đơn vị của bạn, nên bạn không cần (và không "
            "thể) xác nhận. Bạn vẫn có thể đọc tài liệu."
        )
        return _render_plan(plan, request, status=403, refusal=refusal)
    form = ConfirmationForm(request.POST)
    if not form.is_valid():
        return _render_plan(plan, request, status=400, form=form)
    from .services import confirmation_record

    existed = StudyConfirmation.objects.filter(plan=plan, user=request.user).exists()
    confirmation_record(plan=plan, user=request.user, reflection=form.cleaned_data["reflection"])
    if existed:
        messages.success(request, _("Đã cập nhật thu hoạch của bạn."))
    else:
        messages.success(request, _("Đã ghi nhận: bạn đã học tập kế hoạch này."))
    return redirect(plan.url)


def _progress_rows(rows, total):
    for row in rows:
        yield (
            row.unit.name if row.unit else _("Không thuộc đơn vị nào"),
            row.unit.code if row.unit else "",
            row.unit.cluster if row.unit else "",
            row.members,
            row.confirmed,
            row.unconfirmed,
            row.percent if row.percent is not None else "",
        )
    percent = total.percent if total.percent is not None else ""
    yield (_("Tổng cộng"), "", "", total.members, total.confirmed, total.unconfirmed, percent)


def completion_chart(rows):
    """Each unit's members in the audience as one bar: who confirmed and who has not."""
    bars = [
        StackedBar(
            row.unit.name if row.unit else _("Không thuộc đơn vị nào"),
            [row.confirmed, row.unconfirmed],
            share(row.confirmed, row.members),
        )
        for row in rows
        if row.members
    ]
    if not bars:
        return ""
    series = [
        Series(pgettext("study", "Đã xác nhận"), "bar-done"),
        Series(pgettext("study", "Chưa xác nhận"), "bar-pending"),
    ]
    return stacked_bar_chart(
        bars, series, title=_("Tỷ lệ đảng viên đã học tập theo đơn vị"), chart_id="chart-study"
    )


def progress_by_unit(plan, request):
    """The Office's table: members in the audience, confirmed, percentage, per unit."""
    if not is_office_staff(request.user):
        raise PermissionDenied
    rows, total = completion_by_unit(plan)
    headings = [
        _("Đơn vị"),
        _("Mã đơn vị"),
        _("Cụm, khối"),
        _("Số đảng viên phải học"),
        pgettext("study", "Đã xác nhận"),
        pgettext("study", "Chưa xác nhận"),
        _("Tỷ lệ (%)"),
    ]
    name = f"tien-do-hoc-tap-{plan.slug}"
    title = _("Tiến độ học tập")
    export = export_table(
        request, _progress_rows(rows, total), headings=headings, filename=name, title=title
    )
    if export is not None:
        return export
    context = {
        "rows": rows,
        "total": total,
        "now": timezone.now(),
        "chart": completion_chart(rows),
    }
    return plan.render(request, template="study/progress.html", context_overrides=context)


# This table's times stay text to the minute, in Excel too (tests/study pin it), where the
# other tables write date cells.
CONFIRMED_AT = "%d/%m/%Y %H:%M"


def _member_rows(members):
    for status in members:
        user, confirmation = status.membership.user, status.confirmation
        yield (
            user.get_full_name() or user.get_username(),
            user.get_username(),
            status.membership.get_role_display(),
            confirmation is not None,
            local_text(confirmation.confirmed_at, CONFIRMED_AT) if confirmation else None,
            bool(confirmation and confirmation.late),
            confirmation.reflection if confirmation else "",
        )


def unit_progress(plan, request, unit_code: str):
    """One unit's members and whether (and when) each confirmed: for the unit's leaders and
    the Office only."""
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None or not unit_in_audience(plan, unit):
        raise Http404
    if not may_follow_unit(request.user, unit):
        raise PermissionDenied
    members = unit_members(plan, unit)
    headings = [
        _("Họ và tên"),
        _("Tài khoản"),
        _("Vai trò"),
        _("Đã học tập"),
        pgettext("study", "Xác nhận lúc"),
        _("Sau hạn"),
        _("Thu hoạch"),
    ]
    name = f"tien-do-hoc-tap-{plan.slug}-{unit.code}"
    export = export_table(
        request, _member_rows(members), headings=headings, filename=name, title=unit.name
    )
    if export is not None:
        return export
    confirmed = sum(1 for status in members if status.confirmation)
    context = {
        "unit": unit,
        "members": members,
        "confirmed_count": confirmed,
        "can_see_all_units": is_office_staff(request.user),
    }
    return plan.render(request, template="study/unit_progress.html", context_overrides=context)
