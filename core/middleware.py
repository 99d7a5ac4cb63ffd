"""Session idle timeout and security headers for our own pages."""

import time

from django.conf import settings
from django.contrib.auth import logout


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
