"""Registration for a movement (units) and the registrations table (Office)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.exports import export_table
from core.params import QueryForm, ValueParam
from core.visibility import visible_pages
from organisation.people import units_acting_for

from . import services
from .forms import RegistrationForm
from .models import EmulationMovementPage, EmulationRegistration


def _movement_or_404(user, page_id: int) -> EmulationMovementPage:
    movement = get_object_or_404(
        visible_pages(user, EmulationMovementPage.objects.all()), pk=page_id
    )
    return movement


class _UnitParam(QueryForm):
    don_vi = ValueParam()


def _unit_for(request, movement):
    """The unit the user registers for: the one asked for, or their only acting unit."""
    units = units_acting_for(request.user).filter(deliveries__page=movement).order_by("name")
    asked = _UnitParam(request.POST if "don_vi" in request.POST else request.GET)
    code = asked.value("don_vi")
    if code or asked.errors:  # a code no unit has (a NUL...) is refused like another unit's
        unit = units.filter(code=code).first() if not asked.errors else None
        if unit is None:
            raise PermissionDenied(_("Bạn không có quyền đăng ký thi đua thay cho đơn vị này."))
        return unit, units
    if not units:
        raise PermissionDenied(
            _("Bạn không phải biên tập viên hay lãnh đạo của đơn vị nào tham gia phong trào này.")
        )
    return units[0], units


@require_http_methods(["GET", "POST"])
def register(request, page_id: int):
    movement = _movement_or_404(request.user, page_id)
    unit, units = _unit_for(request, movement)
    registration = EmulationRegistration.objects.filter(movement=movement, unit=unit).first()
    refusal = None
    try:
        services.check_may_register(request.user, movement, unit)
    except services.RegistrationRefused as error:
        refusal = str(error)
    initial = (
        {"titles": registration.titles, "commitments": registration.commitments}
        if registration
        else {}
    )
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, initial=initial, movement=movement
    )
    status = 200
    if request.method == "POST":
        if refusal:
            status = 403
        elif form.is_valid():
            try:
                registration, created = services.save_registration(
                    request.user,
                    movement,
                    unit,
                    form.cleaned_data["titles"],
                    form.cleaned_data["commitments"],
                )
            except services.RegistrationRefused as error:
                refusal, status = str(error), 403
            else:
                messages.success(
                    request,
                    (
                        _("Đã đăng ký thi đua cho %(unit)s.")
                        if created
                        else _("Đã cập nhật đăng ký thi đua của %(unit)s.")
                    )
                    % {"unit": unit.name},
                )
                return redirect(movement.url)
        else:
            status = 400
    context = {
        "movement": movement,
        "unit": unit,
        "units": units,
        "registration": registration,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "emulation/register.html", context, status=status)


EXPORT_HEADERS = (
    "Cụm, khối thi đua",
    "Mã đơn vị",
    "Đơn vị",
    "Đã đăng ký",
    "Danh hiệu đăng ký",
    "Nội dung cam kết",
    "Người đăng ký",
    "Sửa lần cuối",
)


def _rate_cell(rates, unit):
    rate = rates[unit.pk]["rate"]
    return "" if rate is None else rate


def _export_rows(groups, rates=None):
    for group in groups:
        for unit, registration in group.rows:
            extra = (_rate_cell(rates, unit),) if rates is not None else ()
            if registration is None:
                yield (
                    group.cluster,
                    unit.code,
                    unit.name,
                    _("Chưa đăng ký"),
                    "",
                    "",
                    "",
                    None,
                    *extra,
                )
                continue
            by = registration.updated_by or registration.registered_by
            yield (
                group.cluster,
                unit.code,
                unit.name,
                _("Đã đăng ký"),
                "; ".join(registration.titles),
                registration.commitments,
                (by.get_full_name() or by.username) if by else "",
                registration.updated_at,
                *extra,
            )


@require_GET
def registrations(request, page_id: int):
    movement = _movement_or_404(request.user, page_id)
    if not services.office_may_follow(request.user, movement):
        raise PermissionDenied
    groups = services.registrations_by_cluster(movement)
    rates = services.task_rates(request.user, movement, groups)
    headings = [_(header) for header in EXPORT_HEADERS]
    if rates is not None:
        headings.append(_("Tỷ lệ hoàn thành nhiệm vụ đúng hạn (%)"))
    export = export_table(
        request,
        _export_rows(groups, rates),
        headings=headings,
        filename=f"dang-ky-thi-dua-{movement.slug}",
        title=_("Đăng ký thi đua"),
    )
    if export is not None:
        return export
    for group in groups:  # each row with its unit's on-time rate (None when not scored)
        group.rated = [
            (unit, registration, rates[unit.pk]["rate"] if rates else None)
            for unit, registration in group.rows
        ]
    total = sum(len(group.rows) for group in groups)
    registered = sum(group.registered for group in groups)
    return render(
        request,
        "emulation/registrations.html",
        {
            "movement": movement,
            "groups": groups,
            "total": total,
            "registered": registered,
            "rates": rates,
        },
    )
