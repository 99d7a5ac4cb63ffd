"""Load test of the intranet (`make load`): logged-in users reading and searching.

Each simulated user takes the session of one of the demo accounts (each account logs in
once through the login form; its simulated users share the session), then, with
1 to 3 s of thinking between requests, opens the home page, the library listing (with and
without filters), document pages, the search page and the autocomplete. The plan file
(addresses, queries, accounts) is written by ``manage.py prepare_load``.

The server runs with production settings on plain HTTP on the loopback: every request
says ``X-Forwarded-Proto: https`` as the reverse proxy would, and the session cookie,
marked Secure by the server, is handed back by hand (an HTTP client keeps Secure cookies
for HTTPS only).
"""

import itertools
import json
import os
import random
import re
from urllib.parse import urlencode

from locust import HttpUser, between, task

PLAN = json.load(open(os.environ["LOAD_PLAN"], encoding="utf-8"))  # noqa: SIM115
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_accounts = itertools.cycle(PLAN["users"])
_sessions: dict[str, dict] = {}
_locks: dict[str, object] = {}


def _pool_lock(username: str):
    from gevent.lock import BoundedSemaphore

    return _locks.setdefault(username, BoundedSemaphore())


PROXY = {"X-Forwarded-Proto": "https"}


class IntranetUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        """Take a session from the pool: each account logs in once, its users share it.

        A login costs a password hash (about a second of CPU here): fifty of them at once
        would measure the hashing, not the pages. The pool still holds one real session
        per account, obtained through the login form.
        """
        self.username = next(_accounts)
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

    def _get(self, url: str, name: str):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")

    @task(2)
    def home(self):
        self._get("/", "home")

    @task(2)
    def library(self):
        self._get(PLAN["library"], "library")

    @task(1)
    def library_filtered(self):
        query = urlencode(random.choice(PLAN["filters"]))
        self._get(f"{PLAN['library']}?{query}", "library filtered")

    @task(3)
    def document(self):
        self._get(random.choice(PLAN["documents"]), "document")

    @task(2)
    def search(self):
        self._get("/tim-kiem/?" + urlencode({"q": random.choice(PLAN["queries"])}), "search")

    @task(3)
    def autocomplete(self):
        prefix = random.choice(PLAN["prefixes"])
        self._get("/tim-kiem/goi-y/?" + urlencode({"q": prefix}), "autocomplete")


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
