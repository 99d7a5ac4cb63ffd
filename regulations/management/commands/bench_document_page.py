"""``manage.py bench_document_page``: import time per KB of long and short bodies, and the time
a member waits for the page of a 200-550 KB code (docs/benchmarks.md, ``make bench``)."""

import json
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.utils.translation import gettext as _

from regulations.importer import import_documents
from regulations.models import PartyDocumentPage
from regulations.sample_legislation import (
    build_code,
    civil_code,
    criminal_code,
    labour_code,
    long_code,
)

WARM_REQUESTS = 5
FIND_QUERY = "hop dong trong truong hop"


class Rollback(Exception):
    """Leaves the database as it was: everything measured is undone."""


def _line(number: str, issued_on: str, code) -> str:
    return json.dumps(
        {
            "number": number,
            "issued_on": issued_on,
            "doc_type": "BL",
            "kind": "state",
            "title": f"{code.title} {number}",
            "issuer": "Quốc hội",
            "issuer_code": "QH",
            "body": code.text,
        },
        ensure_ascii=False,
    )


class Command(BaseCommand):
    help = _(
        "Đo thời gian nhập văn bản dài so với văn bản ngắn (mili giây mỗi KB, trong cùng một "
        "tệp) và thời gian mở trang của các bộ luật 200-550 KB (lần đầu và khi đã có trong "
        "bộ nhớ đệm, cả khi tìm trong văn bản) với quyền đảng viên. Mọi thay đổi được hoàn tác "
        "khi đo xong, nên chạy được nhiều lần trên cùng cơ sở dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--short", type=int, default=40, help=_("Số văn bản ngắn nhập kèm các bộ luật")
        )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._measure(options["short"])
                raise Rollback
        except Rollback:
            pass

    def _measure(self, short_count: int) -> None:
        codes = [criminal_code(), labour_code(), civil_code(), long_code()]
        short = build_code(
            title="Luật thử nghiệm",
            number="06/2022/QH15",
            issuer="Quốc hội",
            date_line="Hà Nội, ngày 15 tháng 6 năm 2022",
            articles=4,
            chapters=1,
        )
        # one file: the codes among the short documents, as an import of a library would be
        lines, sizes = [], []
        step, pending = max(1, short_count // len(codes)), list(codes)

        def add(kind: str, code) -> None:
            lines.append(_line(f"{len(lines) + 1}/2031/QH15", "2031-01-02", code))
            sizes.append((kind, code))

        for index in range(short_count):
            add("short", short)
            if index % step == step // 2 and pending:
                add("long", pending.pop(0))
        for code in pending:
            add("long", code)
        times: list[float] = []
        last = [time.perf_counter()]

        def progress(_line_no: int) -> None:
            """Called before each line: the time since the last call is the line before's."""
            now = time.perf_counter()
            times.append(now - last[0])
            last[0] = now

        summary = import_documents(lines, progress=progress)
        progress(len(lines) + 1)
        times = times[1:]  # progress is called before each line: the first call ends nothing
        if not summary.ok:
            self.stderr.write(str(summary.errors))
            return
        self._import_table(sizes, times)
        self._render_table(lines, sizes)

    def _import_table(self, sizes, times) -> None:
        self.stdout.write("\n### Import: one file of long and short bodies\n")
        self.stdout.write("| bodies | documents | KB each | time | per document | per KB |")
        self.stdout.write("|---|---|---|---|---|---|")
        for kind in ("short", "long"):
            rows = [
                (code, spent) for (k, code), spent in zip(sizes, times, strict=False) if k == kind
            ]
            total = sum(spent for _code, spent in rows)
            kb = sum(code.size for code, _spent in rows) / 1024
            each = sorted({round(code.size / 1024) for code, _spent in rows})
            self.stdout.write(
                f"| {kind} | {len(rows)} | {', '.join(map(str, each))} | {total:.2f} s "
                f"| {total / len(rows) * 1000:.0f} ms | {total / kb * 1000:.1f} ms |"
            )

    def _render_table(self, lines, sizes) -> None:
        member = get_user_model().objects.create_user("bench-page-member", password=None)
        client = Client(HTTP_HOST="localhost")
        client.force_login(member)
        self.stdout.write("\n### A member opens the page of a code\n")
        self.stdout.write(
            "| code | KB | articles | first view | cached (median of 5) | find in the text |"
        )
        self.stdout.write("|---|---|---|---|---|---|")
        for line, (kind, code) in zip(lines, sizes, strict=True):
            if kind != "long":
                continue
            page = PartyDocumentPage.objects.get(number=json.loads(line)["number"])
            url = page.url
            first = self._timed(client, url)
            warm = statistics.median(self._timed(client, url) for _ in range(WARM_REQUESTS))
            self._timed(client, url, q=FIND_QUERY)
            find = statistics.median(
                self._timed(client, url, q=FIND_QUERY) for _ in range(WARM_REQUESTS)
            )
            self.stdout.write(
                f"| {code.title} | {code.size // 1024} | {len(code.articles)} "
                f"| {first * 1000:.0f} ms | {warm * 1000:.0f} ms | {find * 1000:.0f} ms |"
            )

    def _timed(self, client, url, **params) -> float:
        started = time.perf_counter()
        response = client.get(url, params)
        spent = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        return spent
