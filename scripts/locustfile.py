"""Load test of the intranet (`make load`): logged-in users reading, searching and writing.

Each simulated user takes the session of one of the demo accounts (each account logs in
once through the login form; its simulated users share the session), then, with
1 to 3 s of thinking between requests, opens the home page, the library listing (with and
without filters), document pages, the search page and the autocomplete. The plan file
(addresses, queries, accounts, what to write) is written by ``manage.py prepare_load``.

Writers (``LOAD_WRITERS``, 5 by default; 0 for reads only) read the same way and also write
through the real views, taking the CSRF token from the page that holds the form, as a
browser does: their unit acknowledges a delivery ("Việc của đơn vị"), registers for the open
emulation movement, or they confirm a study plan. One publisher (the Chánh Văn phòng) opens
a document in the Wagtail admin, changes its summary and publishes it, every 5 to 15 s; right
after each publish it reads the home page, the library and the document twice ("1st", the
first request after the write renewed the cache generation, and "2nd", warm again).

The server runs with production settings on plain HTTP on the loopback: every request
says ``X-Forwarded-Proto: https`` as the reverse proxy would, and the session cookie,
marked Secure by the server, is handed back by hand (an HTTP client keeps Secure cookies
for HTTPS only).
"""

import html
import itertools
import json
import os
import random
import re
from urllib.parse import urlencode

from locust import HttpUser, between

PLAN = json.load(open(os.environ["LOAD_PLAN"], encoding="utf-8"))  # noqa: SIM115
WRITES = PLAN.get("writes") or {}
WRITERS = int(os.environ.get("LOAD_WRITERS", "5"))
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_accounts = itertools.cycle(PLAN["users"])
_sessions: dict[str, dict] = {}
_locks: dict[str, object] = {}


def _pool_lock(username: str):
    from gevent.lock import BoundedSemaphore

    return _locks.setdefault(username, BoundedSemaphore())


PROXY = {"X-Forwarded-Proto": "https"}


class SessionUser(HttpUser):
    """A user on one of the pooled sessions of ``accounts`` (see the module)."""

    abstract = True
    wait_time = between(1, 3)
    accounts = _accounts

    def on_start(self):
        """Take a session from the pool: each account logs in once, its users share it.

        A login costs a password hash (about a second of CPU here): fifty of them at once
        would measure the hashing, not the pages. The pool still holds one real session
        per account, obtained through the login form.
        """
        self.username = next(self.accounts)
        self.client.headers.update(PROXY)
        with _pool_lock(self.username):
            if self.username not in _sessions:
                _sessions[self.username] = self._login()
        self._plain_cookies(**_sessions[self.username])

    def _login(self) -> dict:
        login = self.client.get("/dang-nhap/", name="login form")
        token = CSRF_FIELD.search(login.text)
        csrf_cookie = self.client.cookies.get("csrftoken")
        self._plain_cookies(csrftoken=csrf_cookie)
        with self.client.post(
            "/dang-nhap/",
            data={
                "username": self.username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"https://{self._host()}/dang-nhap/"},
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            session = self.client.cookies.get("sessionid")
            if response.status_code != 302 or not session:
                response.failure(f"login of {self.username} failed: {response.status_code}")
        return {"sessionid": session, "csrftoken": csrf_cookie}

    def _host(self) -> str:
        return self.host.split("://", 1)[1].rstrip("/")

    def _plain_cookies(self, **cookies):
        self.client.cookies.clear()
        for name, value in cookies.items():
            if value:
                self.client.cookies.set(name, value)

    def _get(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")
                return ""
            return r.text

    def _post(self, url: str, data, name: str, referer: str) -> bool:
        """POST a form as the browser would; a redirect (302) is the success of every form here."""
        with self.client.post(
            url,
            data=data,
            headers={"Referer": f"https://{self._host()}{referer}"},
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"{r.status_code} for POST {url}: {_first_error(r.text)}")
                return False
            # The next page would show the flash message once: the session (shared by the
            # account's users) keeps it until one of them reads a page.
            return True


def _first_error(html: str) -> str:
    found = re.search(
        r'class="[^"]*(?:error|errorlist|help-critical)[^"]*"[^>]*>(.{0,160})', html, re.S
    )
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def _token(html: str) -> str:
    found = CSRF_FIELD.search(html)
    return found.group(1) if found else ""


# The reading mix: what every user does, writers included.
def home(user):
    user._get("/", "home")


def library(user):
    user._get(PLAN["library"], "library")


def library_filtered(user):
    query = urlencode(random.choice(PLAN["filters"]))
    user._get(f"{PLAN['library']}?{query}", "library filtered")


def document(user):
    user._get(random.choice(PLAN["documents"]), "document")


def search(user):
    user._get("/tim-kiem/?" + urlencode({"q": random.choice(PLAN["queries"])}), "search")


def autocomplete(user):
    prefix = random.choice(PLAN["prefixes"])
    user._get("/tim-kiem/goi-y/?" + urlencode({"q": prefix}), "autocomplete")


READS = {home: 2, library: 2, library_filtered: 1, document: 3, search: 2, autocomplete: 3}


# Writes through the real views: the form's page first (its CSRF token), then the POST.
ACK_FORM = re.compile(r'action="(/tiep-nhan/\d+/xac-nhan/)"')
TITLE_CHOICE = re.compile(r'name="titles" value="([^"]+)"')


def acknowledge(user):
    page = user._get("/don-vi-cua-toi/", "unit work page")
    pending = ACK_FORM.findall(page)
    if pending:  # an account's users share its unit: each takes one of the pending ones
        data = {"csrfmiddlewaretoken": _token(page)}
        user._post(random.choice(pending[:10]), data, "write: acknowledge", "/don-vi-cua-toi/")


def register(user):
    url = WRITES["register"]
    if not url:  # no movement open for registration in this database
        return
    page = user._get(url, "register form")
    titles = [html.unescape(title) for title in TITLE_CHOICE.findall(page)]
    if page:
        data = {
            "csrfmiddlewaretoken": _token(page),
            "titles": random.sample(titles, k=min(len(titles), random.randint(1, 2))),
            "commitments": f"Hoàn thành chỉ tiêu năm; cam kết lần {random.randint(1, 10**6)}.",
        }
        user._post(url, data, "write: register", url)


def confirm_study(user):
    url = WRITES["study_plan"]
    page = user._get(url, "study plan")
    if page:
        data = {
            "csrfmiddlewaretoken": _token(page),
            "reflection": f"Thu hoạch: vận dụng vào công việc ({random.randint(1, 10**6)}).",
        }
        user._post(url + "xac-nhan/", data, "write: confirm study", url)


def admin_form_fields(page: str) -> list[tuple[str, str]]:
    """The page editor form's fields as a browser posts them (its StreamField aside)."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(page, "lxml").find("form", id="page-edit-form")
    fields: list[tuple[str, str]] = []
    if form is None:
        return fields
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        if not name or "__prefix__" in name or name.startswith("body-"):
            continue
        if tag.name == "textarea":
            fields.append((name, tag.get_text().removeprefix("\n")))
        elif tag.name == "select":
            chosen = [
                o.get("value", o.get_text())
                for o in tag.find_all("option")
                if o.has_attr("selected")
            ]
            if not chosen and not tag.has_attr("multiple") and tag.find("option"):
                chosen = [tag.find("option").get("value", "")]
            fields.extend((name, value) for value in chosen)
        elif tag.get("type", "text") in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                fields.append((name, tag.get("value", "on")))
        elif tag.get("type", "text") not in ("submit", "button", "file"):
            fields.append((name, tag.get("value", "")))
    return fields


_to_publish = itertools.cycle(WRITES.get("publish") or [{}])
COMMENTS = {
    "comments-TOTAL_FORMS": "0",
    "comments-INITIAL_FORMS": "0",
    "comments-MIN_NUM_FORMS": "0",
    "comments-MAX_NUM_FORMS": "1000",
}


def publish(user):
    """Open a document in the admin, change its summary, publish; then read as it goes cold."""
    doc = next(_to_publish)
    edit = f"/admin/pages/{doc['id']}/edit/"
    page = user._get(edit, "admin: document edit form")
    fields = admin_form_fields(page)
    if not fields:
        return
    data = dict(fields)  # single values; repeated ones (tags, groups) put back below
    for name in {n for n, _v in fields if sum(1 for m, _w in fields if m == n) > 1}:
        data[name] = [v for n, v in fields if n == name]
    data.update(doc["form"], **COMMENTS)
    data["signer"] = data.get("signer") or doc["signer"]
    data["summary"] = f"Tóm tắt cập nhật lần {random.randint(1, 10**6)}."
    data["action-publish"] = "action-publish"
    if not user._post(edit, data, "write: publish", edit):
        return
    for name, url in (("home", "/"), ("library", PLAN["library"]), ("document", doc["url"])):
        user._get(url, f"after publish: {name} (1st)")
        user._get(url, f"after publish: {name} (2nd)")


class Reader(SessionUser):
    weight = 9
    tasks = READS


class Writer(SessionUser):
    """Reads like the others and, one iteration in four, writes (ack, register, study)."""

    abstract = not (WRITERS and WRITES)
    fixed_count = WRITERS
    accounts = itertools.cycle(WRITES.get("unit_writers") or ["-"])
    tasks = {**READS, acknowledge: 2, register: 1, confirm_study: 1}


class Publisher(SessionUser):
    abstract = not (WRITERS and WRITES)
    fixed_count = 1
    wait_time = between(5, 15)
    accounts = itertools.cycle([WRITES.get("publisher", "-")])
    tasks = [publish]


# Raw samples for scripts/load_report.py: exact percentiles per endpoint and for pages
# together, counted from the moment every user has started (logins excluded).
from locust import events  # noqa: E402

SAMPLES: dict = {"started": None, "ended": None, "requests": []}


@events.spawning_complete.add_listener
def _measure_from_now(user_count, **_kwargs):
    import time

    SAMPLES["started"] = time.time()
    SAMPLES["requests"].clear()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **_kwargs):
    if SAMPLES["started"] is not None and name not in {"login", "login form"}:
        SAMPLES["requests"].append((name, round(response_time, 2), exception is not None))


@events.quitting.add_listener
def _dump(environment, **_kwargs):
    import time

    SAMPLES["ended"] = time.time()
    SAMPLES["users"] = environment.parsed_options.num_users if environment.parsed_options else 0
    out = os.environ.get("LOAD_SAMPLES")
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(SAMPLES, handle)
