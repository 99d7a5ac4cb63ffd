"""Login, health check and protected media for the whole site."""

import posixpath

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.static import serve

from .forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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


def protected_media(request, path: str, document_root=None):
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
    response = serve(request, normalised, document_root=document_root)
    response["Cache-Control"] = "private, max-age=3600"
    return response
