"""Session idle timeout, security headers for our own pages, and malformed posts."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SessionIdleTimeoutMiddleware:
    """Log out a user after ``SESSION_IDLE_TIMEOUT`` seconds without a request."""

    key = "last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.key, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif now - last > 60 or self.key not in request.session:
                request.session[self.key] = now
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy without inline scripts on our pages.

    The Wagtail admin relies on inline scripts and styles, so it keeps the browser
    defaults plus the other headers set by Django's SecurityMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/django-admin/")):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class MalformedPostMiddleware:
    """A form posted without a field that the page always sends answers 400, not 500.

    Wagtail reads some fields of its forms by indexing the POST data: a StreamField's
    management field (``criteria-count``), the copy view's ``new_parent_page``. A browser
    always sends them; a hand-made request without them made Django raise
    ``MultiValueDictKeyError`` and the server answer 500 (issue 17). Nothing was written: the
    error comes while the form is read. The request is refused as malformed and logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(exception, MultiValueDictKeyError):
            return None
        logger.warning("Malformed POST to %s: missing %s", request.path, exception)
        return HttpResponseBadRequest(
            _("Biểu mẫu gửi lên thiếu dữ liệu. Hãy tải lại trang và thử lại."),
            content_type="text/plain; charset=utf-8",
        )
