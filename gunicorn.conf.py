"""gunicorn settings for the intranet, every value overridable by environment variables.

Run: ``gunicorn -c gunicorn.conf.py intranet.wsgi:application``. App servers keep no
state of their own (sessions and cache in Redis, data in PostgreSQL, media in the shared
store), so any number of them can run behind the load balancer.

Without ``REDIS_URL`` the cache is each process's own memory (Django's LocMemCache): the
content generation (``core.freshness``) and the fragments cached per visibility key would
then differ from one worker to the next, and a worker that did not see a write would go on
showing, for up to an hour, the title of a document that another worker has just made
secret. So several workers without ``REDIS_URL`` are refused: at start, whatever set the
number (``GUNICORN_WORKERS``, ``-w``, ``WEB_CONCURRENCY``), and at run time (``SIGTTIN``
adds no worker). One worker, with as many threads as wanted, stays allowed.
"""

import multiprocessing
import os
import sys

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

PER_PROCESS_CACHE_REFUSED = (
    "Từ chối khởi động: {count} tiến trình gunicorn (GUNICORN_WORKERS) nhưng không có "
    "REDIS_URL. Khi đó mỗi tiến trình giữ bộ nhớ đệm riêng (thế hệ nội dung, các phần trang "
    "theo quyền xem), nên một văn bản vừa chuyển sang mật vẫn có thể hiện tiêu đề ở tiến "
    "trình khác. Hãy đặt REDIS_URL, hoặc chạy một tiến trình: GUNICORN_WORKERS=1 (có thể "
    "tăng GUNICORN_THREADS).\n"
    "Refusing to start: {count} gunicorn workers (GUNICORN_WORKERS) and no REDIS_URL. Each "
    "worker would keep a cache of its own (the content generation, the fragments cached per "
    "visibility), so a document just made secret could keep its title in another worker. "
    "Set REDIS_URL, or run one worker: GUNICORN_WORKERS=1 (GUNICORN_THREADS may grow)."
)


def shared_cache_configured() -> bool:
    """Whether the settings will use a cache shared by every process (``base.py``'s rule)."""
    return bool(os.environ.get("REDIS_URL", "").strip())


def nworkers_changed(server, new_value, old_value):
    """gunicorn calls this with the final worker count before any worker (or the preloaded
    app) starts, then at every change (``SIGTTIN``/``SIGTTOU``)."""
    if new_value is None or new_value <= 1 or shared_cache_configured():
        return
    message = PER_PROCESS_CACHE_REFUSED.format(count=new_value)
    if old_value is None:  # at start: nothing runs yet, stop with the reason
        print(message, file=sys.stderr, flush=True)
        sys.exit(1)
    # At run time: keep the count the server had, and say why.
    server.log.error(message)
    server._num_workers = old_value


def pre_fork(server, worker):
    """The master, the app preloaded: freeze it before the worker shares its memory
    (``intranet.gc_tuning``)."""
    from intranet.gc_tuning import freeze_long_lived

    freeze_long_lived()


def post_request(worker, req, environ, resp):
    """Each worker freezes what its first requests loaded, once (``intranet.gc_tuning``)."""
    from intranet.gc_tuning import worker_warmth

    worker_warmth.request_done()
