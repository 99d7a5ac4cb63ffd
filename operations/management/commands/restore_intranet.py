from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = _(
        "Khôi phục một tệp sao lưu của backup_intranet vào cơ sở dữ liệu đang cấu hình (SQLite "
        "hoặc PostgreSQL, không cần cùng loại với nơi sao lưu) và kho tệp, rồi dựng lại chỉ mục "
        "tìm kiếm. Cơ sở dữ liệu phải đã chạy migrate và còn trống; mã kiểm tra của tệp sao lưu "
        "được đối chiếu trước khi ghi. Dữ liệu được ghi trong một giao dịch: lỗi giữa chừng không "
        "để lại dữ liệu dở dang."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("Tệp intranet-backup-….tar.gz cần khôi phục"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Xóa toàn bộ dữ liệu hiện có của cơ sở dữ liệu đích rồi khôi phục đè"),
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help=_("Không dựng lại chỉ mục tìm kiếm (chạy rebuild_search_index sau)"),
        )

    def handle(self, *args, **options):
        try:
            report = restore_backup(
                Path(options["archive"]),
                force=options["force"],
                rebuild_index=not options["no_index"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in report.warnings:
            self.stderr.write(_("Tệp được lưu với tên khác: %(name)s") % {"name": warning})
        self.stdout.write(
            _("Đã khôi phục %(rows)s bản ghi và %(files)s tệp.")
            % {"rows": report.objects, "files": report.media_files}
        )
