"""Median time of a member's 404 for a secret page/attachment and for a missing one.

Usage: ``.venv/bin/python scripts/timing_404.py [--requests 200] [--budget-ms 1]``.

It builds a throw-away SQLite database with the demo (or loads the demo into
``DATABASE_URL``, e.g. an empty PostgreSQL database of its own), logs in as the member
``dangvien`` and sends, in alternation, 200 requests to each of: the secret 105-KL/TU page,
a missing document address, the secret page's attachment and a missing attachment, through
Django's full request handling (middleware, routing, templates) with DEBUG off. It prints
the medians and exits 1 when a secret path's median differs from its missing twin's by the
budget or more. Results: docs/benchmarks.md ("404 timing").
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--budget-ms", type=float, default=1.0)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="timing404-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/db.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "intranet.settings.test"

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    settings.DEBUG = False
    logging.disable(logging.WARNING)  # one "Not Found" line per request otherwise
    if os.environ["DATABASE_URL"].startswith("sqlite:///"):  # test settings name it otherwise
        settings.DATABASES["default"]["NAME"] = os.environ["DATABASE_URL"][len("sqlite:///") :]
    setup_test_environment()
    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("load_demo", verbosity=0, stdout=quiet)

    from django.contrib.auth import get_user_model

    from regulations.models import DocumentAttachment, PartyDocumentPage

    secret = PartyDocumentPage.objects.get(number="105-KL/TU")
    attachment = DocumentAttachment.objects.filter(page=secret).first()
    if attachment is None:
        attachment = DocumentAttachment(page=secret, title="Phụ lục")
        attachment.file.save("phu-luc.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    missing_id = DocumentAttachment.objects.order_by("-pk").first().pk + 1000
    pairs = {
        "page": (secret.url, secret.get_parent().url + "khong-co-van-ban-nay/"),
        "attachment": (f"/tep-dinh-kem/{attachment.pk}/", f"/tep-dinh-kem/{missing_id}/"),
    }
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="dangvien"))
    failed = False
    for name, (hidden_url, missing_url) in pairs.items():
        times = {hidden_url: [], missing_url: []}
        for _warm in range(5):
            client.get(hidden_url)
            client.get(missing_url)
        for _round in range(args.requests):
            for url in (hidden_url, missing_url):
                started = time.perf_counter()
                status = client.get(url).status_code
                times[url].append((time.perf_counter() - started) * 1000)
                assert status == 404, (url, status)
        hidden = statistics.median(times[hidden_url])
        missing = statistics.median(times[missing_url])
        difference = hidden - missing
        failed |= abs(difference) >= args.budget_ms
        print(
            f"{name}: secret {hidden:.2f} ms, missing {missing:.2f} ms, "
            f"difference {difference:+.2f} ms over {args.requests} requests each"
        )
    print("FAIL" if failed else "OK", f"(budget {args.budget_ms} ms)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
