"""Production: behind a reverse proxy that terminates TLS.

Refuses to start without SECRET_KEY. See docs/deploy.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

if not SECRET_KEY or len(SECRET_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters in production."
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# An intranet host name is not submitted to the browsers' public HSTS preload list, so the
# preload warning is silenced unless preloading is asked for.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Behind nginx (docs/deploy.md): one proxy appends the client's address to X-Forwarded-For;
# PROXY_COUNT=2 with a load balancer in front of nginx, 0 when clients reach gunicorn.
PROXY_COUNT = env_int("PROXY_COUNT", 1)
AXES_IPWARE_PROXY_COUNT = max(PROXY_COUNT - 1, 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Behind the reverse proxy: it sets X-Forwarded-Proto (and X-Forwarded-Host when it
# rewrites the host); gunicorn trusts those headers only from FORWARDED_ALLOW_IPS.
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
# One JSON object per log line on stdout (gunicorn's access log uses the same shape).
LOGGING["formatters"]["json"] = {"()": "intranet.logformat.JsonFormatter"}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
