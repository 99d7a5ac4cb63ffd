import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.serializers import response_dict
from search.service import MAX_PER_PAGE, search


class Command(BaseCommand):
    help = _(
        "Tìm kiếm như trang tìm kiếm và API, với quyền xem của một người dùng (--as). In kết "
        "quả dạng bảng, hoặc đúng JSON của GET /api/v1/search/ với --json. Với --queries FILE "
        '(mỗi dòng một đối tượng JSON {"id", "query"}), in mỗi dòng một đối tượng kết quả '
        'JSON kèm "id".'
    )

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help=_("Từ khóa hoặc số văn bản"))
        parser.add_argument(
            "--as", dest="username", required=True, help=_("Tìm với quyền của tài khoản này")
        )
        parser.add_argument(
            "--limit", type=int, default=10, help=_("Số kết quả tối đa (1–100, mặc định 10)")
        )
        parser.add_argument("--json", action="store_true", help=_("In JSON như API"))
        parser.add_argument(
            "--queries", help=_('Tệp JSON Lines: mỗi dòng {"id": ..., "query": ...}')
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("Không có tài khoản “%(name)s”.") % {"name": options["username"]})
        limit = options["limit"]
        if not 1 <= limit <= MAX_PER_PAGE:
            raise CommandError(_("--limit phải từ 1 đến %(max)s.") % {"max": MAX_PER_PAGE})
        if options["queries"]:
            self._batch(user, Path(options["queries"]), limit)
            return
        if not options["query"].strip():
            raise CommandError(_("Hãy nhập từ khóa tìm kiếm, hoặc dùng --queries FILE."))
        result = response_dict(search(user, options["query"], per_page=limit, with_articles=True))
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        template = _("khoảng %(count)s kết quả") if result["estimated"]["count"] else None
        self.stdout.write((template or _("%(count)s kết quả")) % {"count": result["count"]})
        for rank, item in enumerate(result["results"], start=1):
            number = f"{item['number']} " if item["number"] else ""
            self.stdout.write(f"{rank:>3}. {number}{item['title']}  ({item['url']})")

    def _batch(self, user, path: Path, limit: int) -> None:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(_("Không đọc được tệp: %(error)s") % {"error": error}) from error
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                query_id, query = item["id"], str(item["query"])
            except (ValueError, KeyError, TypeError):
                self.stderr.write(
                    _("Dòng %(line)s: cần một đối tượng JSON có “id” và “query”.")
                    % {"line": line_no}
                )
                continue
            result = response_dict(search(user, query, per_page=limit, with_articles=True))
            self.stdout.write(json.dumps({"id": query_id, **result}, ensure_ascii=False))
