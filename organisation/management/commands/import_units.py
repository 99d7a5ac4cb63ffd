from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisation.units_csv import load_units_csv


class Command(BaseCommand):
    help = _(
        "Nạp danh sách đơn vị từ tệp CSV UTF-8 có các cột code,name,kind,cluster,active "
        "(kind: commune, affiliated hoặc office). Đơn vị đã có (cùng mã) được cập nhật; mỗi đơn "
        "vị đang hoạt động có trang riêng và nhóm biên tập viên riêng. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Tệp CSV"))

    def handle(self, *args, **options):
        try:
            text = Path(options["file"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(_("Không đọc được tệp: %(error)s") % {"error": error}) from error
        summary = load_units_csv(text)
        for line_no, message in summary.errors:
            self.stderr.write(
                _("Dòng %(line)s: %(message)s") % {"line": line_no, "message": message}
            )
        self.stdout.write(
            _("Đơn vị tạo mới: %(c)s, cập nhật: %(u)s, không đổi: %(n)s")
            % {"c": summary.created, "u": summary.updated, "n": summary.unchanged}
        )
        if summary.errors:
            raise CommandError(_("Có dòng bị từ chối."), returncode=1)
