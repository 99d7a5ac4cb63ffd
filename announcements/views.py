"""The unit's page of work, acknowledgement, and the Office's status tables and reminders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from core.exports import export_table
from core.listing import paginate
from core.visibility import can_view_page
from organisation import people

from . import services
from .charts import by_cluster, clusters_chart, documents_chart
from .models import Delivery, Reminder

STATUS_FILTERS = {"chua": False, "da": True}


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _visible_page_or_404(user, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id)
    if not can_view_page(user, page):
        raise Http404
    return page.specific


def _require_office(user) -> None:
    if not people.is_office_staff(user):
        raise PermissionDenied


@require_POST
def acknowledge(request, delivery_id: int):
    delivery = get_object_or_404(Delivery.objects.select_related("unit", "page"), pk=delivery_id)
    if not can_view_page(request.user, delivery.page):
        raise Http404
    if not people.may_act_for(request.user, delivery.unit):
        raise PermissionDenied(_("Bạn không có quyền xác nhận thay cho đơn vị này."))
    result = services.acknowledge(request.user, delivery)
    if result.already:
        messages.info(request, _("Đơn vị đã xác nhận văn bản này trước đó."))
    else:
        messages.success(
            request,
            _("Đã xác nhận %(unit)s nhận văn bản “%(title)s”.")
            % {"unit": delivery.unit.name, "title": delivery.page.title},
        )
    return HttpResponseRedirect(_safe_next(request, reverse("my_unit")))


@require_GET
def office_overview(request):
    """Every addressed page the Office user may see, with how many units acknowledged."""
    _require_office(request.user)
    page_obj = paginate(request, services.addressed_pages(request.user), 30)
    context = {"page_obj": page_obj, "chart": documents_chart(page_obj)}
    return render(request, "units/office_overview.html", context)


def _status_table(page, only):
    rows = services.status_rows(page)
    if only is not None:
        rows = rows.filter(acknowledged_at__isnull=not only)
    return rows


EXPORT_HEADERS = (
    "Cụm, khối thi đua",
    "Mã đơn vị",
    "Đơn vị",
    "Tình trạng",
    "Người xác nhận",
    "Thời điểm xác nhận",
)


def _export_rows(rows):
    for delivery in rows:
        by = delivery.acknowledged_by
        yield (
            delivery.unit.cluster,
            delivery.unit.code,
            delivery.unit.name,
            _("Đã xác nhận") if delivery.is_acknowledged else _("Chưa xác nhận"),
            (by.get_full_name() or by.username) if by else "",
            delivery.acknowledged_at,
        )


@require_GET
def delivery_status(request, page_id: int):
    """Which units have and have not acknowledged a page; export as Excel or CSV."""
    _require_office(request.user)
    page = _visible_page_or_404(request.user, page_id)
    status = request.GET.get("trang_thai", "")
    rows = _status_table(page, STATUS_FILTERS.get(status))
    export = export_table(
        request,
        _export_rows(rows),
        headings=[_(header) for header in EXPORT_HEADERS],
        filename=f"tiep-nhan-{page.slug}",
        title=_("Tình hình tiếp nhận"),
    )
    if export is not None:
        return export
    all_rows = services.status_rows(page)
    clusters = by_cluster(all_rows)
    return render(
        request,
        "units/delivery_status.html",
        {
            "doc": page,
            "rows": rows,
            "status": status,
            "total": all_rows.count(),
            "acknowledged": all_rows.acknowledged().count(),
            "clusters": clusters,
            "chart": clusters_chart(clusters),
            "reminders": Reminder.objects.filter(page=page).select_related("sent_by")[:5],
        },
    )


UNREACHED_NAMED = 5  # units named in the message; the others are counted


@require_POST
def send_reminder(request, page_id: int):
    _require_office(request.user)
    page = _visible_page_or_404(request.user, page_id)
    reminder = services.send_reminder(page, request.user, request.build_absolute_uri(page.url))
    if getattr(reminder, "already_sent", False):
        messages.info(
            request,
            _("Đã gửi nhắc nhở lúc %(time)s; chưa gửi lại.")
            % {"time": date_format(timezone.localtime(reminder.sent_at), "H:i")},
        )
    elif reminder.recipient_count:
        messages.success(
            request,
            _("Đã gửi nhắc nhở tới %(people)d người của %(units)d đơn vị chưa xác nhận.")
            % {"people": reminder.recipient_count, "units": reminder.unit_count},
        )
    else:
        messages.warning(
            request,
            _(
                "Không có ai để nhắc: mọi đơn vị đã xác nhận, hoặc đơn vị chưa có tài khoản "
                "có e-mail."
            ),
        )
    unreached = services.unreached_units(page)
    if unreached:
        names = ", ".join(unit.name for unit in unreached[:UNREACHED_NAMED])
        more = len(unreached) - UNREACHED_NAMED
        messages.warning(
            request,
            ngettext(
                "%(count)d đơn vị chưa xác nhận không có tài khoản nhận nhắc (cần liên hệ "
                "trực tiếp): %(names)s",
                "%(count)d đơn vị chưa xác nhận không có tài khoản nhận nhắc (cần liên hệ "
                "trực tiếp): %(names)s",
                len(unreached),
            )
            % {"count": len(unreached), "names": names}
            + (
                ngettext(" và %(more)d đơn vị khác.", " và %(more)d đơn vị khác.", more)
                % {"more": more}
                if more > 0
                else "."
            ),
        )
    return redirect("delivery_status", page_id=page.pk)
