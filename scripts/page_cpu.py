"""CPU per request of the pages `make load` visits, one request at a time, in process.

Usage (the database and the plan of scripts/load.sh, production settings):

    DJANGO_SETTINGS_MODULE=intranet.settings.production DATABASE_URL=... REDIS_URL=... \
      .venv/bin/python scripts/page_cpu.py PLAN.json [--requests 30] [--users a,b]
      [--pages home,library] [--profile home:dangvien] [--json out.json]

For each page and account it makes ``--requests`` requests through Django's test client
(the whole middleware stack, production settings) after ``--warmup`` requests (1), drawing
documents, filters, queries and prefixes from the plan in turn (each account from its own
place in the lists, so that no account reads a document another has just read), and prints
the median and mean CPU time of this process (Python), the mean CPU time of the PostgreSQL
backend serving it (read from /proc when the server is local), the median wall time and
the number of SQL queries (counted on one more request: capturing them slows each query).
The cache is the configured one (Redis in production); the content generation does not
change during a run, so what is cached per visibility key stays cached, as under load.
With ``--cold`` it is renewed before every measured request, as a write (a publish, an
acknowledgement...) renews it: each request is then the first one after a write.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from itertools import cycle
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.freshness import content_changed  # noqa: E402
from search.benchmark import database_process, process_cpu  # noqa: E402

PAGES = ("home", "library", "library_filtered", "document", "search", "autocomplete")


def urls(plan: dict, offset: int = 0) -> dict:
    """Endless addresses per page; ``offset`` starts each list further on (documents, queries
    and prefixes of one account are then not those another account has just asked for)."""

    def turn(items):
        start = offset % len(items)
        return cycle(items[start:] + items[:start])

    return {
        "home": cycle(["/"]),
        "library": cycle([plan["library"]]),
        "library_filtered": cycle([f"{plan['library']}?{urlencode(f)}" for f in plan["filters"]]),
        "document": turn(plan["documents"]),
        "search": turn(["/tim-kiem/?" + urlencode({"q": q}) for q in plan["queries"]]),
        "autocomplete": turn(
            ["/tim-kiem/goi-y/?" + urlencode({"q": prefix}) for prefix in plan["prefixes"]]
        ),
    }


def measure(client, next_url, count: int, pid, cold: bool = False) -> dict:
    """Times ``count`` requests; the queries are counted on one more request, apart (capturing
    them slows every query down, which would weigh on the pages that make many)."""
    cpu, backend, wall = [], [], []
    for _index in range(count):
        url = next(next_url)
        if cold:
            content_changed()  # outside a transaction: renewed at once
        b0, c0, w0 = process_cpu(pid), time.process_time(), time.perf_counter()
        response = client.get(url, secure=True)
        c1, w1, b1 = time.process_time(), time.perf_counter(), process_cpu(pid)
        assert response.status_code == 200, (url, response.status_code)
        cpu.append((c1 - c0) * 1000)
        backend.append((b1 - b0) * 1000)
        wall.append((w1 - w0) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(next(next_url), secure=True)
    return {
        "cpu_median": statistics.median(cpu),
        "cpu_mean": statistics.fmean(cpu),
        "db_cpu_mean": statistics.fmean(backend),
        "wall_median": statistics.median(wall),
        "queries": len(captured.captured_queries),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("plan")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--users", default="")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--profile", default="", help="page:username to profile with cProfile")
    parser.add_argument("--json", default="")
    parser.add_argument("--warmup", type=int, default=1, help="requests before timing")
    parser.add_argument(
        "--cold", action="store_true", help="renew the content generation before each request"
    )
    args = parser.parse_args()
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    usernames = args.users.split(",") if args.users else plan["users"]
    pages = args.pages.split(",")
    users = get_user_model().objects
    pid = database_process()

    if args.profile:
        page, username = args.profile.split(":")
        client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
        client.force_login(users.get(username=username))
        next_url = urls(plan)[page]
        client.get(next(next_url), secure=True)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _index in range(args.requests):
            if args.cold:
                content_changed()
            client.get(next(next_url), secure=True)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
        return

    results = {}
    header = ("page", "user", "cpu med", "cpu avg", "db cpu", "wall", "q")
    print("{:<17} {:<19} {:>8} {:>8} {:>7} {:>7} {:>3}".format(*header))
    for page in pages:
        for index, username in enumerate(usernames):
            client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
            client.force_login(users.get(username=username))
            next_url = urls(plan, offset=index * (args.requests + args.warmup + 1))[page]
            for _index in range(args.warmup):  # session, per-process caches, shared cache
                client.get(next(next_url), secure=True)
            row = measure(client, next_url, args.requests, pid, cold=args.cold)
            results.setdefault(page, {})[username] = row
            print(
                f"{page:<17} {username:<19} {row['cpu_median']:8.1f} {row['cpu_mean']:8.1f} "
                f"{row['db_cpu_mean']:7.1f} {row['wall_median']:7.1f} {row['queries']:3d}"
            )
        rows = results[page].values()
        print(
            f"{page:<17} {'(mean of users)':<19} {'':8} "
            f"{statistics.fmean(r['cpu_mean'] for r in rows):8.1f} "
            f"{statistics.fmean(r['db_cpu_mean'] for r in rows):7.1f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
