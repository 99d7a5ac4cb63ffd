"""The app server's workers freeze their long-lived objects (``intranet.gc_tuning``)."""

import gc
import runpy
from pathlib import Path

import pytest

from intranet import gc_tuning

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def freezes(monkeypatch):
    calls = []
    monkeypatch.setattr(gc_tuning.gc, "collect", lambda: calls.append("collect") or 0)
    monkeypatch.setattr(gc_tuning.gc, "freeze", lambda: calls.append("freeze"))
    return calls


def test_a_worker_freezes_once_when_warm(freezes):
    warmth = gc_tuning.FreezeWhenWarm(after=3)
    done = [warmth.request_done() for _ in range(10)]
    assert done == [False, False, True] + [False] * 7
    # garbage of the first requests is collected before the rest is frozen
    assert freezes == ["collect", "freeze"]


def test_freezing_moves_live_objects_out_of_collections():
    kept = [object() for _ in range(100)]
    try:
        gc_tuning.freeze_long_lived()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_gunicorn_hooks_freeze_before_forking_and_once_warm(freezes, monkeypatch):
    monkeypatch.setattr(gc_tuning, "worker_warmth", gc_tuning.FreezeWhenWarm(after=2))
    config = runpy.run_path(str(CONFIG))
    config["pre_fork"](None, None)
    assert freezes == ["collect", "freeze"]
    for _ in range(5):
        config["post_request"](None, None, {}, None)
    assert freezes == ["collect", "freeze"] * 2
