"""Our own Vietnamese error pages even when ``DEBUG`` is on.

With ``DEBUG`` on (``make run``), Django answers an ``Http404`` with its English technical
page, which lists every URL pattern of the site, and a ``PermissionDenied`` or a crash with
its debug pages. A member refused a secret document must meet the same "Không tìm thấy trang"
as in production, whatever the settings; developers who want Django's pages set
``INTRANET_DEBUG_TOOLS=1``. With ``DEBUG`` off Django already renders ``404.html``,
``403.html`` and ``500.html``, and this middleware steps aside.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views import defaults

logger = logging.getLogger("django.request")


def _showing_debug_pages() -> bool:
    return settings.DEBUG and settings.INTRANET_DEBUG_TOOLS


class FriendlyErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG or _showing_debug_pages():
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return defaults.server_error(request)
