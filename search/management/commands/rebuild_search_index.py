from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.progress import command_progress
from search.backend import index_page, reset_index, unindex_page
from search.engines import cluster
from search.engines.cluster_rebuild import rebuild
from search.models import SearchEntry


class Command(BaseCommand):
    help = _(
        "Xây dựng lại chỉ mục tìm kiếm tiếng Việt từ toàn bộ các trang (văn bản, tin tức, học "
        "tập, trang nội dung), kèm thanh tiến độ. Bình thường chỉ mục tự cập nhật khi trang được "
        "xuất bản, sửa, gỡ xuất bản hoặc đổi quyền xem; lệnh này dùng sau khi nhập dữ liệu bằng "
        "cách khác hoặc khi nghi chỉ mục sai lệch. Chạy lại bao nhiêu lần cũng được."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Xóa sạch chỉ mục trước khi dựng lại (tìm kiếm trống trong lúc chạy); mặc định "
                "cập nhật từng mục và xóa các mục thừa, nên tìm kiếm vẫn chạy trong lúc dựng lại"
            ),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Không hiển thị thanh tiến độ")
        )

    def handle(self, *args, **options):
        if options["reset"]:
            reset_index()
        pages = Page.objects.filter(depth__gt=1).order_by("path")
        total = pages.count()
        bar = None
        if not options["no_progress"] and options["verbosity"] > 0:
            bar = command_progress(self, total, _("Đang lập chỉ mục"), _("trang"))
        indexed = set()
        for page in pages.specific().iterator(chunk_size=200):
            if index_page(page) is not None:
                indexed.add(page.pk)
            if bar:
                bar.update(1)
        for page_id in SearchEntry.objects.exclude(page_id__in=indexed).values_list(
            "page_id", flat=True
        ):
            unindex_page(page_id)
        if bar:
            bar.close()
        self.stdout.write(
            _("Đã lập chỉ mục %(count)s mục từ %(pages)s trang.")
            % {"count": SearchEntry.objects.count(), "pages": total}
        )
        if cluster.configured():
            self._rebuild_cluster()

    def _rebuild_cluster(self) -> None:
        """The cluster's copy, rebuilt into a new index behind the alias (search answers from
        the old one until the switch); an unreachable cluster is reported, not fatal: the
        database answers searches meanwhile."""
        try:
            new, sent = rebuild(SearchEntry.objects.all())
        except cluster.errors() as error:
            self.stderr.write(
                _(
                    "Không dựng lại được chỉ mục trên cụm tìm kiếm (%(error)s); tìm kiếm vẫn chạy "
                    "trên cơ sở dữ liệu. Hãy chạy lại lệnh khi cụm hoạt động."
                )
                % {"error": error}
            )
            return
        self.stdout.write(
            _("Cụm tìm kiếm: %(count)s mục trong chỉ mục mới %(index)s.")
            % {"count": sent, "index": new}
        )
