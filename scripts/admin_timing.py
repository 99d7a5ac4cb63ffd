"""Time the admin pages editors use on a large library, one request at a time, in process.

Usage (a database prepared by ``manage.py prepare_load PLAN --documents 20000``, production
settings, as for scripts/page_cpu.py):

    DJANGO_SETTINGS_MODULE=intranet.settings.production DATABASE_URL=... REDIS_URL=... \
      .venv/bin/python scripts/admin_timing.py [--requests 30]

Through Django's test client (the whole middleware stack), after one warm-up request each:
the dashboard (editor, reviewer, publisher), the page explorer of the document library
(first pages, editor and publisher), a document's edit view (a different document each
time), and the workflow: the editor submits a document (the edit form as the browser posts
it, with "Gửi duyệt") and the reviewer approves it. Prints p50/p95 of the wall time, the
mean CPU time of this process and the number of queries of one more request.

The process collects garbage as a gunicorn worker of ``gunicorn.conf.py`` does
(``intranet.gc_tuning``): the loaded app is frozen as the master freezes it before forking,
and what the first 20 requests loaded is frozen after them.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")

import django

django.setup()

from intranet.gc_tuning import freeze_long_lived, worker_warmth  # noqa: E402

freeze_long_lived()  # as gunicorn's master does before it forks a worker

from bs4 import BeautifulSoup  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import CharField, Exists, OuterRef  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import WorkflowState, get_default_page_content_type  # noqa: E402

from operations.loadtest import publish_form  # noqa: E402
from regulations.models import DocumentLibraryPage, PartyDocumentPage  # noqa: E402


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))]


class WorkerClient(Client):
    """Counts its requests as a gunicorn worker's ``post_request`` hook does."""

    def request(self, **request):
        response = super().request(**request)
        worker_warmth.request_done()
        return response


def client_for(username):
    client = WorkerClient(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def edit_form(client, page) -> dict:
    """The edit form of ``page`` as a browser posts it (see scripts/locustfile.py)."""
    html = client.get(f"/admin/pages/{page.pk}/edit/", secure=True).content
    form = BeautifulSoup(html, "lxml").find("form", id="page-edit-form")
    data: dict = {}
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        if not name or "__prefix__" in name or name.startswith("body-"):
            continue
        if name == "csrfmiddlewaretoken":
            continue
        if tag.name == "textarea":
            data[name] = tag.get_text().removeprefix("\n")
        elif tag.name == "select":
            chosen = [o.get("value", "") for o in tag.find_all("option") if o.has_attr("selected")]
            if tag.has_attr("multiple"):
                data[name] = chosen
            else:
                first = tag.find("option")
                data[name] = chosen[0] if chosen else (first.get("value", "") if first else "")
        elif tag.get("type", "text") in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                data.setdefault(name, []).append(tag.get("value", "on"))
        elif tag.get("type", "text") not in ("submit", "button", "file"):
            data[name] = tag.get("value", "")
    data.update(publish_form(page.specific))
    data.update({f"comments-{k}": v for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))})
    data.update({"comments-MIN_NUM_FORMS": "0", "comments-MAX_NUM_FORMS": "1000"})
    data["signer"] = data.get("signer") or "Lê Quang Huy"
    return data


def timed(calls) -> dict:
    """``calls``: functions each making one request; returns the timings."""
    wall, cpu = [], []
    for call in calls:
        c0, w0 = time.process_time(), time.perf_counter()
        response = call()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return {"p50": percentile(wall, 50), "p95": percentile(wall, 95), "cpu": statistics.fmean(cpu)}


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    n = args.requests
    library = DocumentLibraryPage.objects.first()
    # Documents outside any workflow, so that a later run times the same actions (the
    # earlier runs' submitted documents are still in review: every run takes newer ones).
    in_review = WorkflowState.objects.active().filter(
        base_content_type=get_default_page_content_type(),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    candidates = (
        PartyDocumentPage.objects.filter(import_hash="", live=True)
        .filter(~Exists(in_review))
        .order_by("-pk")
    )
    documents = list(candidates[: 3 * n + 3])
    print(f"{PartyDocumentPage.objects.count()} documents; {n} requests each\n")
    print(
        "| view | user | p50 (ms) | p95 (ms) | CPU (ms) | queries |\n|---|---|---:|---:|---:|---:|"
    )

    def row(view, user, calls, one_more):
        result = timed(calls)
        count = queries(one_more) if one_more else ""
        print(f"| {view} | {user} | {result['p50']:.0f} | {result['p95']:.0f} | "
              f"{result['cpu']:.0f} | {count} |", flush=True)  # fmt: skip

    for user in ("bientap", "lanhdaophong", "chanhvanphong"):
        client = client_for(user)
        client.get("/admin/", secure=True)
        get = lambda c=client: c.get("/admin/", secure=True)  # noqa: E731
        row("dashboard", user, [get] * n, get)
    for user in ("bientap", "chanhvanphong"):
        client = client_for(user)
        pages = [f"/admin/pages/{library.pk}/?p={1 + i % 5}" for i in range(n)]
        client.get(pages[0], secure=True)
        calls = [lambda c=client, u=u: c.get(u, secure=True) for u in pages]
        row("explorer (library, pages 1–5)", user, calls, calls[0])
    editor, reviewer = client_for("bientap"), client_for("lanhdaophong")
    editor.get(f"/admin/pages/{documents[-1].pk}/edit/", secure=True)
    edit_calls = [
        lambda d=d: editor.get(f"/admin/pages/{d.pk}/edit/", secure=True) for d in documents[:n]
    ]
    row("document edit", "bientap", edit_calls, edit_calls[0])
    to_submit = documents[n : 2 * n]
    forms = [{**edit_form(editor, d), "action-submit": "Gửi duyệt"} for d in to_submit]
    submit_calls = [
        lambda d=d, f=f: editor.post(f"/admin/pages/{d.pk}/edit/", f, secure=True)
        for d, f in zip(to_submit, forms, strict=True)
    ]
    row("workflow: submit", "bientap", submit_calls, None)

    def approve(page):
        state = PartyDocumentPage.objects.get(pk=page.pk).current_workflow_state.current_task_state
        url = f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/"
        return lambda: reviewer.post(url, {"comment": ""}, secure=True)

    row("workflow: approve", "lanhdaophong", [approve(d) for d in to_submit], None)


if __name__ == "__main__":
    main()
