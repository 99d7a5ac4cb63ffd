"""Structured logs: application records and gunicorn's access lines are valid JSON."""

import datetime
import json
import logging
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from intranet.logformat import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def test_application_records_are_one_json_object_per_line():
    record = logging.makeLogRecord(
        {"name": "regulations", "levelname": "WARNING", "levelno": 30, "msg": "Dòng %s: “lỗi”"}
    )
    record.args = (3,)
    record.status_code = 500
    record.request = object()  # not JSON: written as text
    try:
        raise ValueError("hỏng")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["message"] == "Dòng 3: “lỗi”"
    assert data["level"] == "WARNING" and data["logger"] == "regulations"
    assert data["status_code"] == 500 and isinstance(data["request"], str)
    assert "ValueError: hỏng" in data["exception"]


def test_gunicorn_access_lines_are_json_even_with_quotes():
    from gunicorn.config import Config

    from intranet.gunicorn_logging import JsonAccessLogger

    config = Config()
    config.set("accesslog", "-")
    logger = JsonAccessLogger(config)
    lines = []
    logger.access_log.handlers = [logging.Handler()]
    logger.access_log.handlers[0].emit = lambda record: lines.append(record.getMessage())
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": '/tim-kiem/"x"',
        "QUERY_STRING": "q=quy+ch%E1%BA%BF",
        "HTTP_USER_AGENT": 'Agent "quoted"',
        "REMOTE_ADDR": "10.0.0.5",
        "HTTP_X_REQUEST_ID": "abc",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(0, 0, 12500))
    data = json.loads(lines[0])
    assert data["path"] == '/tim-kiem/"x"' and data["user_agent"] == 'Agent "quoted"'
    assert data["status"] == 200 and data["duration_ms"] == 12.5 and data["request_id"] == "abc"


def test_production_settings_log_json_and_refuse_a_missing_key():
    code = (
        "import django, logging; django.setup(); from django.conf import settings; "
        "print(settings.LOGGING['handlers']['console']['formatter'])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "intranet.settings.production", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "SECRET_KEY": "x" * 40},
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "json"
    refused = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr
