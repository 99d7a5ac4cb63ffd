"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

Database. pytest-django makes every test that uses ``live_server`` transactional, whatever its
``django_db`` marker says, and a transactional test ends by flushing the database: that would
wipe the demo that ``tests/conftest.py`` loads once per session (and Wagtail's root page, the
default locale and the other rows its migrations create, so ``load_demo`` alone cannot bring
it back). So the database is snapshotted, table by table, before the first browser test;
every browser test starts from that snapshot (same rows, same primary keys) and once they are
done it is put back for whatever runs afterwards (pytest-django runs transactional tests after
the others, but other transactional tests may follow).

On SQLite the in-memory test database is shared with the live server's threads; on PostgreSQL
the server has its own connection and sees the committed rows.
"""

import datetime
import os
import re
import threading
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from playwright.sync_api import Page, expect, sync_playwright

from organisation.demo_accounts import DEMO_PASSWORD
from search import fts

# Playwright's sync API keeps an event loop in the test thread; Django's ORM would refuse to
# run there (SynchronousOnlyOperation) without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOGIN_PATH = "/dang-nhap/"
SERIOUS_IMPACTS = {"serious", "critical"}

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Run `make browser-deps` (apt-get install chromium), then run the tests again.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


Snapshot = dict[str, tuple[list[str], list[tuple]]]


def _demo_is_loaded() -> bool:
    return get_user_model().objects.filter(username="dangvien").exists()


def _tables() -> tuple[list[str], set[str]]:
    """The tables a flush empties, and those of them that triggers fill (SQLite's full-text
    search tables, which follow the search index entries)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    derived = set()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
            derived = {name for (name,) in cursor.fetchall()}
    return sorted(tables), derived


def _insertable(value):
    """A value as it can be inserted again: SQLite's driver reads a time column as a
    ``datetime.time`` (Django's converter) but has no adapter to write one back."""
    return value.isoformat() if isinstance(value, datetime.time) else value


def _snapshot() -> Snapshot:
    """Every row of every table that a flush empties, as the database returns them."""
    tables, derived = _tables()
    snapshot = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table not in derived:
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                rows = [tuple(map(_insertable, row)) for row in cursor.fetchall()]
                snapshot[table] = ([col[0] for col in cursor.description], rows)
        # SQLite's full-text tables (search.fts): a trigger empties them of the entries the
        # restore deletes, so their rows are kept too, with their rowids, and put back last
        for table in sorted(derived & set(fts.TABLES)):
            cursor.execute(f"SELECT rowid, * FROM {connection.ops.quote_name(table)}")
            snapshot[table] = ([col[0] for col in cursor.description], cursor.fetchall())
    return snapshot


def _restore(snapshot: Snapshot) -> None:
    """Put the snapshot back: same rows, same primary keys (foreign keys are deferred)."""
    quote = connection.ops.quote_name
    tables, _derived = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in [*tables, *(name for name in snapshot if name not in tables)]:
            cursor.execute(f"DELETE FROM {quote(table)}")  # what the flush left or recreated
        for table, (columns, rows) in snapshot.items():
            if rows:
                names = ", ".join(quote(column) for column in columns)
                values = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({values})", rows)
    ContentType.objects.clear_cache()
    cache.clear()


@pytest.fixture(scope="package")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The database as the session set it up (demo loaded), restored after the browser tests."""
    with django_db_blocker.unblock():
        assert _demo_is_loaded(), "the demo data is missing: a transactional test flushed it?"
        snapshot = _snapshot()
    yield snapshot
    with django_db_blocker.unblock():
        if not _demo_is_loaded():
            _restore(snapshot)


@pytest.fixture
def demo_db(live_server, demo_snapshot):
    """Transactional database access (forced by live_server) with the demo in place."""
    if not _demo_is_loaded():  # flushed by the previous browser test
        _restore(demo_snapshot)


class RequestGauge:
    """The number of requests the live server is answering, around its WSGI application.

    On SQLite the live server's threads share the test's connection to the in-memory database,
    so a request still running when a test ends writes inside the flush's transaction: Wagtail's
    editor pings and releases its editing session (a row pointing at a user) as the page
    unloads, and the flush then fails on a foreign key. Tests wait for the gauge to fall to zero
    before their database is flushed.
    """

    GRACE = 0.3  # seconds for a request the browser sent as it closed to reach the server

    def __init__(self, app):
        self.app = app
        self.active = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.active += 1
        try:
            return self.app(environ, start_response)
        finally:
            with self.lock:
                self.active -= 1

    def wait_until_idle(self, timeout: float = 10.0) -> None:
        time.sleep(self.GRACE)
        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture(scope="session")
def live_requests(live_server) -> RequestGauge:
    httpd = live_server.thread.httpd
    if not isinstance(httpd.get_app(), RequestGauge):
        httpd.set_app(RequestGauge(httpd.get_app()))
    return httpd.get_app()


def close_quietly(context, gauge: RequestGauge) -> None:
    """Close a browser context once the server has answered everything it sent: its pages go
    to a blank page first, so that their unload handlers send their last requests now."""
    for open_page in context.pages:
        open_page.goto("about:blank")
    context.close()
    gauge.wait_until_idle()


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> Page:
    """Log in through the real login form the page shows (the browser's own base URL)."""
    form = page.locator("form", has=page.locator("input[name=password]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(re.escape(LOGIN_PATH)))
    return page


def hide_date_pickers(page: Page) -> None:
    """Keep the admin's date and time pickers (jQuery datetimepicker) out of the way of a test
    that types its dates. A picker opens on a timer after its field takes focus and closes on a
    mouse press outside it; on a loaded machine the timer fires after any attempt to close it,
    and an open picker catches the click meant for the footer's buttons. The fields still parse
    and reformat what is typed on blur; only the pickers' overlays are not displayed."""
    page.add_style_tag(content=".xdsoft_datetimepicker { display: none !important; }")


@pytest.fixture
def open_page(browser, live_server, demo_db, live_requests):
    """``open_page(width=360, english=True)``: a page in a browser context of its own, closed
    quietly (``close_quietly``) after the test. ``username=...`` signs it in first."""
    contexts = []

    def open_(
        *,
        width: int = 1280,
        height: int = 900,
        english: bool = False,
        username: str = "",
        **options,
    ) -> Page:
        if english:  # as many office PCs do; the intranet answers in Vietnamese all the same
            options.update(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            **{"locale": "vi-VN", **options},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        new = context.new_page()
        if username:
            new.goto(LOGIN_PATH)
            sign_in(new, username)
        return new

    yield open_
    for context in contexts:
        close_quietly(context, live_requests)


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def log_in(page):
    """Log in through the real login form: ``log_in("dangvien")``.

    With ``open_form=False`` it fills in the login form the page already shows (after the
    redirect of an anonymous visit, say).
    """

    def do(username: str, password: str = DEMO_PASSWORD, *, open_form: bool = True) -> Page:
        if open_form:
            page.goto(LOGIN_PATH)
        sign_in(page, username, password)
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        return page

    return do


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on a page; fail on any violation of impact serious or critical."""

    def check(page: Page) -> None:
        violations = axe.run(page).response["violations"]
        serious = [v for v in violations if v.get("impact") in SERIOUS_IMPACTS]
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}\n"
            + "\n".join(f"    {node['target']}" for node in v["nodes"])
            for v in serious
        )
        assert not serious, f"axe found serious/critical violations on {page.url}:\n{report}"

    return check
