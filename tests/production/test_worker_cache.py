"""Several gunicorn workers need a shared cache: without REDIS_URL they are refused.

Each worker's LocMemCache would hold its own content generation and its own fragments
cached per visibility key, so a document made secret through one worker would keep its
title in the others (issue 17). These tests start the real gunicorn with production
settings on 127.0.0.1 (a throw-away SQLite file, no Redis) and watch what it does; every
wait is bounded and every process started here is stopped here, by its own id.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(tmp_path, port: int, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GUNICORN_", "DJANGO_", "REDIS_", "DATABASE_", "WEB_CONCURRENCY"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="intranet.settings.production",
        SECRET_KEY="worker-cache-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_PRELOAD="0",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(extra)
    return env


def _start(env, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", *args, "intranet.wsgi:application"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(server: subprocess.Popen) -> str:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    output, _ = server.communicate(timeout=30)
    return output


def _healthz(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return answer.status
    except OSError:
        return None


def _wait_until_serving(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {_stop(server)}")
        if _healthz(port) == 200:
            return
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT} s: {_stop(server)}")


def _worker_count(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return len(children.read_text().split()) if children.exists() else 0


@pytest.mark.parametrize(
    ("extra_env", "args"),
    [
        ({"GUNICORN_WORKERS": "2"}, ()),
        ({"GUNICORN_WORKERS": "1"}, ("--workers", "3")),  # the command line wins, still refused
        ({"GUNICORN_WORKERS": "4", "REDIS_URL": "   "}, ()),  # blank is no Redis
    ],
)
def test_several_workers_without_redis_are_refused(tmp_path, extra_env, args):
    port = _free_port()
    server = _start(_environment(tmp_path, port, **extra_env), *args)
    try:
        returncode = server.wait(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(server)
        pytest.fail("gunicorn started several workers without REDIS_URL")
    output = _stop(server)
    assert returncode != 0
    assert "Từ chối khởi động" in output and "Refusing to start" in output
    assert "REDIS_URL" in output and "GUNICORN_WORKERS=1" in output
    assert _healthz(port) is None  # nothing listens


def test_one_worker_without_redis_starts_and_refuses_more_at_run_time(tmp_path):
    port = _free_port()
    server = _start(_environment(tmp_path, port, GUNICORN_WORKERS="1"))
    try:
        _wait_until_serving(server, port)
        assert _worker_count(server.pid) == 1
        server.send_signal(signal.SIGTTIN)  # "one more worker"
        time.sleep(2)
        assert server.poll() is None
        assert _worker_count(server.pid) == 1
        assert _healthz(port) == 200
    finally:
        output = _stop(server)
    assert "Refusing to start: 2 gunicorn workers" in output


def test_several_workers_with_redis_start(tmp_path):
    # The health check touches the database only, so an address where no Redis listens will
    # do: what matters is that a shared cache is configured.
    port = _free_port()
    env = _environment(
        tmp_path, port, GUNICORN_WORKERS="2", REDIS_URL=f"redis://127.0.0.1:{_free_port()}/0"
    )
    server = _start(env)
    try:
        _wait_until_serving(server, port)
        deadline = time.monotonic() + START_TIMEOUT
        while _worker_count(server.pid) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _worker_count(server.pid) == 2
    finally:
        _stop(server)
