"""gunicorn settings for the intranet, every value overridable by environment variables.

Run: ``gunicorn -c gunicorn.conf.py intranet.wsgi:application``. App servers keep no
state of their own (sessions and cache in Redis, data in PostgreSQL, media in the shared
store), so any number of them can run behind the load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Default: two workers per core plus one, the usual figure for a mostly I/O-bound app.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Only the reverse proxy may set X-Forwarded-For/-Proto (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None

# Logs on stdout/stderr; the access log is one JSON object per request.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "intranet.gunicorn_logging.JsonAccessLogger"
