import os
import random
import statistics
import time
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, OperationalError, connection, transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.vietnamese import fold
from core.visibility import every_restriction_rule
from organisation import roles
from regulations.models import DocumentLibraryPage, PartyDocumentPage
from search.backend import reset_index
from search.benchmark import create_pages, generate_documents
from search.bulk import index_pages
from search.engines import cluster
from search.engines.cluster_rebuild import rebuild
from search.models import SearchEntry
from search.service import search

CHUNK = 500
STOCK_BUDGET_MS = 2000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = _(
        "Đo hiệu năng tìm kiếm trên dữ liệu tổng hợp (chỉ dùng với cơ sở dữ liệu tạm, qua "
        "`make bench`): tạo lần lượt các cỡ dữ liệu, đo thời gian lập chỉ mục và độ trễ truy "
        "vấn (p50, p95) cho truy vấn có dấu, không dấu và theo số văn bản, so với tìm kiếm gốc "
        "của Wagtail trên cùng dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
        parser.add_argument("--queries", type=int, default=100, help=_("Số truy vấn mỗi loại"))
        parser.add_argument("--skip-stock", action="store_true")
        parser.add_argument(
            "--cluster",
            metavar="URL",
            default="",
            help=_(
                "Đo thêm một nút OpenSearch (địa chỉ URL, chỉ mục tạm bench-…): thời gian lập chỉ "
                "mục và độ trễ của cùng các truy vấn qua cụm"
            ),
        )
        parser.add_argument(
            "--keep-index",
            action="store_true",
            help=_(
                "Không lập lại chỉ mục khi cơ sở dữ liệu đã có dữ liệu và chỉ mục của lần chạy "
                "trước (đo lại truy vấn sau khi sửa mã; thời gian lập chỉ mục ghi 0)"
            ),
        )
        parser.add_argument(
            "--warmup",
            type=int,
            default=20,
            help=_("Số truy vấn chạy trước (không tính) cho mỗi bộ tìm kiếm, để đo lúc ổn định"),
        )

    def handle(self, *args, **options):
        library = DocumentLibraryPage.objects.first()
        user = self._member()
        rows = []
        for size in sorted(options["sizes"]):
            have = PartyDocumentPage.objects.count()
            if size > have:
                started = time.perf_counter()
                documents = generate_documents(size, seed=11)
                for _skip in range(have):
                    next(documents)
                batch = []
                for document in documents:
                    batch.append(document)
                    if len(batch) == 5000:
                        create_pages(library, batch)
                        batch = []
                if batch:
                    create_pages(library, batch)
                self.stderr.write(f"{size}: pages created in {time.perf_counter() - started:.0f}s")
            rows.append(self._measure(size, user, options))
        self._print(rows)

    def _member(self):
        user, _created = get_user_model().objects.get_or_create(username="bench-member")
        user.groups.set(Group.objects.filter(name=roles.MEMBER))
        return user

    def _index_ours(self) -> float:
        reset_index()
        started = time.perf_counter()
        restrictions = every_restriction_rule()
        ids = list(PartyDocumentPage.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            pages = (
                PartyDocumentPage.objects.filter(pk__in=ids[start : start + CHUNK])
                .specific()
                .prefetch_related("issuers", "tagged_items__tag", "attachments")
            )
            index_pages(pages, restrictions)
        others = Page.objects.filter(depth__gt=1).exclude(pk__in=PartyDocumentPage.objects.all())
        index_pages(others.specific(), restrictions)
        return time.perf_counter() - started

    def _cluster_settings(self):
        """The node for this run only: the rest of the bench (ours on the database, stock
        Wagtail) keeps the settings it was started with."""
        return override_settings(
            ELASTICSEARCH_URL=self.cluster_url,
            SEARCH_CLUSTER="opensearch",
            ELASTICSEARCH_INDEX=f"bench-{os.getpid()}",
        )

    def _index_cluster(self) -> float:
        """The cluster's copy of every entry, by the rebuild the command uses (bulk, alias)."""
        started = time.perf_counter()
        with self._cluster_settings():
            rebuild(SearchEntry.objects.all())
        return time.perf_counter() - started

    def _time_cluster(self, user, query: str) -> float:
        started = time.perf_counter()
        with self._cluster_settings():
            search(user, query, per_page=20, search_engine=self.cluster_engine)
        return (time.perf_counter() - started) * 1000

    def _index_stock(self) -> float:
        started = time.perf_counter()
        call_command("update_index", backend_name="default", verbosity=0)
        return time.perf_counter() - started

    def _queries(self, count: int) -> dict[str, list[str]]:
        rng = random.Random(5)
        sample = list(
            PartyDocumentPage.objects.order_by("?").values_list("title", "number")[: count * 2]
        )
        marked, unmarked, numbers = [], [], []
        for title, _number in sample[:count]:
            words = title.split()
            start = rng.randint(0, max(0, len(words) - 3))
            phrase = " ".join(words[start : start + rng.randint(2, 4)])
            marked.append(phrase)
            unmarked.append(fold(phrase))
        for _title, number in sample[count:]:
            digits, rest = number.split("-", 1)
            code = rest.split("/")[0]
            numbers.append(rng.choice([number, fold(number), f"số {digits}", f"{code} {digits}"]))
        return {"marked": marked, "unmarked": unmarked, "number": numbers}

    def _time_ours(self, user, query: str) -> float:
        started = time.perf_counter()
        search(user, query, per_page=20)
        return (time.perf_counter() - started) * 1000

    def _time_stock(self, query: str) -> float:
        """Stock search time in ms, capped at STOCK_BUDGET_MS (its SQLite backend can take
        minutes on marked queries): a capped query counts as the budget and is reported."""
        started = time.perf_counter()
        try:
            with transaction.atomic(), self._budget():
                results = Page.objects.live().search(query)
                list(results[:20])
                results.count()
        except (OperationalError, DatabaseError):
            self.stock_timeouts += 1
        except Exception:
            pass
        return min((time.perf_counter() - started) * 1000, STOCK_BUDGET_MS)

    @contextmanager
    def _budget(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            deadline = time.perf_counter() + STOCK_BUDGET_MS / 1000
            raw = connection.connection
            raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
            try:
                yield
            finally:
                raw.set_progress_handler(None, 0)
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {STOCK_BUDGET_MS}")
            yield

    def _measure(self, size: int, user, options) -> dict:
        self.stock_timeouts = 0
        row = {"size": size, "vendor": connection.vendor}
        keep = options.get("keep_index") and SearchEntry.objects.count() >= size
        row["index_ours"] = 0.0 if keep else self._index_ours()
        row["entries"] = SearchEntry.objects.count() or 1
        self.stderr.write(f"{size}: ours indexed in {row['index_ours']:.0f}s")
        if not options["skip_stock"]:
            row["index_stock"] = self._index_stock()
            self.stderr.write(f"{size}: stock indexed in {row['index_stock']:.0f}s")
        self.cluster_url = options["cluster"]
        if self.cluster_url:
            row["index_cluster"] = self._index_cluster()
            self.cluster_engine = cluster.ElasticsearchEngine(fallback=_NoFallback())
            self.stderr.write(f"{size}: cluster indexed in {row['index_cluster']:.0f}s")
        with connection.cursor() as cursor:  # planner statistics after the bulk load, for both
            cursor.execute("ANALYZE")
        queries = self._queries(options["queries"])
        # Each engine's queries run back to back, ours first: interleaved, each evicted the
        # other's pages from PostgreSQL's buffers, which no deployment (running one of them)
        # would see. Each measured query runs once: nothing comes from a query cache.
        # A few other queries first, not counted: the first ones after indexing read the
        # index from disk into the buffers, which a running server has done long before.
        warmup = [q for qs in self._queries(options["warmup"]).values() for q in qs]
        engines = [("ours", lambda text: self._time_ours(user, text))]
        if self.cluster_url:
            engines.append(("cluster", lambda text: self._time_cluster(user, text)))
        if not options["skip_stock"]:
            engines.append(("stock", self._time_stock))
        for name, timed in engines:
            for text in warmup:
                timed(text)
            if name == "stock":
                self.stock_timeouts = 0
            for kind, texts in queries.items():
                times = [timed(text) for text in texts]
                row[f"_{kind}_{name}"] = times
                row[f"{kind}_{name}"] = (statistics.median(times), percentile(times, 0.95))
            every = [t for kind in queries for t in row[f"_{kind}_{name}"]]
            row[f"all_{name}"] = (statistics.median(every), percentile(every, 0.95))
        row["stock_timeouts"] = self.stock_timeouts
        return row

    def _print(self, rows: list[dict]) -> None:
        if any("index_cluster" in row for row in rows):
            self._print_cluster(rows)
        self.stdout.write(
            "| backend | documents | indexing ours (s) | indexing stock (s) | query mix | "
            "ours p50 (ms) | ours p95 (ms) | stock p50 (ms) | stock p95 (ms) |\n"
            "|---|---|---|---|---|---|---|---|---|"
        )
        for row in rows:
            for kind in ("marked", "unmarked", "number", "all"):
                ours = row[f"{kind}_ours"]
                stock = row.get(f"{kind}_stock")
                stock_cells = f"{stock[0]:.1f} | {stock[1]:.1f}" if stock else "– | –"
                index_stock = f"{row['index_stock']:.0f}" if "index_stock" in row else "–"
                self.stdout.write(
                    f"| {row['vendor']} | {row['size']:,} | {row['index_ours']:.0f} | "
                    f"{index_stock} | {kind} | {ours[0]:.1f} | {ours[1]:.1f} | {stock_cells} |"
                )
        for row in rows:
            if row.get("stock_timeouts"):
                self.stdout.write(
                    f"\n{row['vendor']} {row['size']:,}: {row['stock_timeouts']} stock queries "
                    f"stopped at the {STOCK_BUDGET_MS} ms budget (counted as {STOCK_BUDGET_MS} ms)."
                )

    def _print_cluster(self, rows: list[dict]) -> None:
        """The database's full text beside the cluster's, for the same queries and data."""
        self.stdout.write(
            "| database | documents | engine | indexing (s) | entries/s | query mix | "
            "p50 (ms) | p95 (ms) |\n|---|---|---|---|---|---|---|---|"
        )
        for row in rows:
            entries = row["entries"]
            for name, label, seconds in (
                ("ours", "database full text", row["index_ours"]),
                ("cluster", "OpenSearch", row["index_cluster"]),
            ):
                for kind in ("marked", "unmarked", "number", "all"):
                    p50, p95 = row[f"{kind}_{name}"]
                    self.stdout.write(
                        f"| {row['vendor']} | {row['size']:,} | {label} | {seconds:.0f} | "
                        f"{entries / seconds if seconds else 0:,.0f} | {kind} | "
                        f"{p50:.1f} | {p95:.1f} |"
                    )
        self.stdout.write("")


class _NoFallback:
    """Measure the cluster only: a query it cannot answer is an error, not a database time."""

    def condition(self, *args, **kwargs):
        raise RuntimeError("the search cluster did not answer")

    filter = ranked_ids = any_match = condition
