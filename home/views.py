"""Login, health check and protected media for the whole site."""

import math
import posixpath

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.static import serve

from core.visibility import may_see_asset

from .forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login view; after a wrong password it says how many tries are left once
    they are few (``ATTEMPTS_WARNING``), so that nobody is locked out unawares."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    ATTEMPTS_WARNING = 2

    def form_invalid(self, form):
        # django-axes counts the failure for this username and address while the form is
        # validated, and leaves the count on the request.
        failures = getattr(self.request, "axes_failures_since_start", None)
        left = settings.AXES_FAILURE_LIMIT - failures if failures else None
        context = self.get_context_data(form=form)
        if left is not None and 0 < left <= self.ATTEMPTS_WARNING:
            context["attempts_left"] = left
            context["cooloff_minutes"] = round(settings.AXES_COOLOFF_TIME * 60)
        return self.render_to_response(context)


class LogoutView(auth_views.LogoutView):
    """Django's logout, then a word on the login page that it worked."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The session is gone; the message travels in the messages cookie.
        messages.success(request, _("Bạn đã đăng xuất. Hẹn gặp lại."))
        return response


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: our own icon, not a 404."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def lockout(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the 429 page says the real wait, in minutes, not "a few"."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@login_not_required
@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 otherwise. No details leak."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


MEDIA_FOLDERS = ("images/", "original_images/")


def protected_media(request, path: str):
    """Serve image files to logged-in users only (attachments have their own view).

    The folder is checked on the normalised path: ``images/../attachments/x.pdf`` would
    otherwise pass a check of the raw path and serve an attachment without its
    permission check. Any path that is not already in its normal form is refused.
    """
    if "\x00" in path or "\\" in path:
        raise Http404
    normalised = posixpath.normpath(path)
    if normalised != path or not normalised.startswith(MEDIA_FOLDERS):
        raise Http404
    image = _image_for(normalised)
    if image is not None and not may_see_asset(request.user, image):
        raise Http404
    response = serve(request, normalised, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _image_for(path: str):
    """The Wagtail image an ``images/`` rendition or ``original_images/`` file belongs to."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    if path.startswith("original_images/"):
        return image_model.objects.filter(file=path).first()
    rendition = image_model.get_rendition_model().objects.filter(file=path).first()
    return rendition.image if rendition is not None else None
