"""Shared fixtures: a database set up once per session with the real set-up and demo.

Every test then runs inside a transaction that is rolled back, so tests see the demo
accounts, units, documents and news exactly as ``make run`` creates them.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

DEMO_ROLES = {
    # role label used in tests -> demo username
    "member": "dangvien",
    "unit_editor": "bientap.truongvinh",
    "editor": "bientap",
    "reviewer": "lanhdaophong",
    "publisher": "chanhvanphong",
    "administrator": "admin",
    "standing_committee": "thuongvu",
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def user_for(db):
    def get(role: str):
        return get_user_model().objects.get(username=DEMO_ROLES.get(role, role))

    return get


@pytest.fixture
def client_for(db, user_for):
    """A test client logged in as the demo account of a role ("member", "editor"...)."""

    def make(role: str | None) -> Client:
        client = Client(HTTP_HOST="localhost")
        if role and role != "anonymous":
            client.force_login(user_for(role))
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: tests run inside a transaction that never
    commits, so the content generation (core.freshness) never renews between them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _generation_renewed_by_each_write(monkeypatch):
    """Within a test, renew the content generation at each write instead of at the commit
    that never comes: pages, fragments and routes cached before a write are built anew after
    it, as in production. ``tests/production/test_conditional_get.py`` checks the real
    timing (at commit, once per transaction) with Django's own ``on_commit``."""
    from types import SimpleNamespace

    from core import freshness

    at_once = SimpleNamespace(on_commit=lambda func, *args, **kwargs: func())
    monkeypatch.setattr(freshness, "transaction", at_once)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def empty_db(db):
    """The database as migrations leave it (no set-up, no demo), for this test only: see
    ``tests.factories.empty_database``. Factories then build what the test needs."""
    from tests.factories import empty_database

    empty_database()
