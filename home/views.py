"""Login, health check and protected media for the whole site."""

import posixpath

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.static import serve

from core.visibility import may_see_asset

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
