from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.visibility import visible_pages
from organisation import roles
from regulations.numbers import number_key
from search.engines import cluster
from search.evaluation import read_queries, scores, summarise
from search.service import search

DEFAULT_QUERIES = Path(__file__).resolve().parents[2] / "evaluation" / "queries.jsonl"
USERS = {"member": (), "thuongvu": (roles.STANDING_COMMITTEE,)}


class Command(BaseCommand):
    help = _(
        "Đo chất lượng tìm kiếm trên cơ sở dữ liệu hiện tại: với mỗi truy vấn trong tệp "
        "(JSON Lines: id, query, category, as, relevant, forbidden), tính recall@10, MRR, "
        "nDCG@10 theo nhóm và tổng, so với tìm kiếm gốc của Wagtail trên cùng dữ liệu. Dùng "
        "qua `make eval` (dữ liệu mẫu trong một cơ sở dữ liệu tạm)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queries", default=str(DEFAULT_QUERIES))
        parser.add_argument("--markdown", action="store_true", help=_("In bảng Markdown"))

    def handle(self, *args, **options):
        judged = read_queries(Path(options["queries"]).read_text(encoding="utf-8").splitlines())
        ours, stock = [], []
        for item in judged:
            user = self._user(item.user)
            ours.append((item, scores(item, self._ours(user, item.query))))
            stock.append((item, scores(item, self._stock(user, item.query))))
        self._print(summarise(ours), summarise(stock), options["markdown"])

    def _user(self, name: str):
        user, _created = get_user_model().objects.get_or_create(username=f"eval-{name}")
        group_names = USERS.get(name, ())
        user.groups.set(Group.objects.filter(name__in=(roles.MEMBER, *group_names)))
        return user

    def _ours(self, user, query: str) -> list[tuple[str, str]]:
        response = search(user, query, per_page=10, with_facets=False)
        return [
            (number_key(hit.entry.number), hit.entry.date.isoformat())
            for hit in response.hits
            if hit.entry.number and hit.entry.date
        ]

    def _stock(self, user, query: str) -> list[tuple[str, str]]:
        """Wagtail's own search as its project template uses it, then our visibility rule."""
        from regulations.models import PartyDocumentPage

        try:
            found = [page.pk for page in Page.objects.live().search(query)[:50]]
        except Exception:
            return []
        allowed = set(
            visible_pages(user, Page.objects.filter(pk__in=found)).values_list("pk", flat=True)
        )
        documents = PartyDocumentPage.objects.in_bulk([pk for pk in found if pk in allowed])
        return [
            (number_key(documents[pk].number), documents[pk].issued_on.isoformat())
            for pk in found
            if pk in documents
        ][:10]

    def _print(self, ours: dict, stock: dict, markdown: bool) -> None:
        def cell(value):
            return "–" if value is None else f"{value:.3f}"

        header = (
            f"Backend: {connection.vendor}; ours: {_engine_name()}; "
            f"stock: {settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND']}\n\n"
            "| category | queries | recall@10 | MRR | nDCG@10 | leaks | stock recall@10 | "
            "stock MRR | stock nDCG@10 | stock leaks |\n|---|---|---|---|---|---|---|---|---|---|"
        )
        self.stdout.write(header)
        order = [name for name in ours if name != "overall"] + ["overall"]
        for name in order:
            a, b = ours[name], stock.get(name, {})
            self.stdout.write(
                f"| {name} | {a['queries']} | {cell(a['recall@10'])} | {cell(a['mrr'])} | "
                f"{cell(a['ndcg@10'])} | {a['leaks']} | {cell(b.get('recall@10'))} | "
                f"{cell(b.get('mrr'))} | {cell(b.get('ndcg@10'))} | {b.get('leaks', 0)} |"
            )


def _engine_name() -> str:
    """Which engine answered ours: the database's full text or the search cluster."""
    if cluster.configured():
        return f"{cluster.cluster_kind()} cluster ({cluster.index_name()})"
    return "the database's full text"
