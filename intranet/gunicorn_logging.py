"""gunicorn's access log as one JSON object per request (``logger_class`` in gunicorn.conf.py).

gunicorn's own ``access_log_format`` is a %-template: a quote in a path or a user agent
would break JSON written that way, so the line is built with ``json.dumps`` instead.
"""

import json
from datetime import UTC, datetime

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        duration_ms = request_time.seconds * 1000 + request_time.microseconds / 1000
        payload = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote": environ.get("HTTP_X_FORWARDED_FOR") or environ.get("REMOTE_ADDR", "-"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING", ""),
            "status": int(status) if str(status).isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(duration_ms, 1),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
            "request_id": environ.get("HTTP_X_REQUEST_ID", ""),
        }
        try:
            self.access_log.info(json.dumps(payload, ensure_ascii=False))
        except Exception:
            self.exception("Could not write the access log line")
