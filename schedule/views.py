"""Calendar addresses (token, no login), an entry's ``.ics`` and the user's calendar page.

Everything but the calendar addresses is behind the login (``LoginRequiredMiddleware``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import feeds
from .models import Leader
from .selectors import visible_entries
from .tokens import renew_token, token_for, user_for_key


def _calendar_response(body: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    """A calendar: a feed is read by calendar apps (inline), an entry is saved (attachment)."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _owner(user_id: int, key: str):
    owner = user_for_key(user_id, key)
    if owner is None:
        raise Http404
    return owner


@login_not_required  # the key in the address is the credential (schedule.tokens)
@require_safe
def my_feed(request, user_id: int, key: str):
    owner = _owner(user_id, key)
    return _calendar_response(feeds.feed(request, owner, scope="mine"), "lich-cua-toi.ics")


@login_not_required  # the key in the address is the credential (schedule.tokens)
@require_safe
def whole_feed(request, user_id: int, key: str):
    owner = _owner(user_id, key)
    return _calendar_response(feeds.feed(request, owner, scope="all"), "lich-cong-tac.ics")


@login_not_required  # the key in the address is the credential (schedule.tokens)
@require_safe
def leader_feed(request, user_id: int, key: str, leader_slug: str):
    owner = _owner(user_id, key)
    leader = get_object_or_404(Leader, slug=leader_slug)
    body = feeds.feed(request, owner, scope="leader", leader=leader)
    return _calendar_response(body, f"lich-{leader.slug}.ics")


@require_safe
def entry_ics(request, entry_id: int):
    entry = get_object_or_404(visible_entries(request.user), pk=entry_id)
    body = feeds.entry_download(request, request.user, entry)
    filename = f"lich-{entry.day:%Y-%m-%d}-{entry.session}.ics"
    return _calendar_response(body, filename, download=True)


def feed_urls(request, token) -> dict:
    """The user's calendar addresses, absolute (to paste into a calendar app)."""
    args = [token.user_id, token.key]
    leaders = [
        (
            leader,
            request.build_absolute_uri(reverse("schedule_leader_feed", args=[*args, leader.slug])),
        )
        for leader in Leader.objects.all()
    ]
    return {
        "mine": request.build_absolute_uri(reverse("schedule_my_feed", args=args)),
        "all": request.build_absolute_uri(reverse("schedule_whole_feed", args=args)),
        "leaders": leaders,
    }


@require_http_methods(["GET", "POST"])
def my_calendar(request):
    token = token_for(request.user)
    if request.method == "POST":
        if request.POST.get("action") == "renew":
            token = renew_token(request.user)
            messages.success(
                request, _("Đã cấp địa chỉ lịch mới. Các địa chỉ cũ không còn dùng được.")
            )
        elif request.POST.get("action") == "notify":
            token.notify_changes = request.POST.get("notify_changes") == "on"
            token.save(update_fields=["notify_changes"])
            messages.success(request, _("Đã lưu lựa chọn nhận e-mail."))
        return redirect("schedule_my_calendar")
    context = {"token": token, "urls": feed_urls(request, token)}
    return render(request, "schedule/my_calendar.html", context)
