from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backup import BackupError, create_backup, default_output_dir, read_manifest


class Command(BaseCommand):
    help = _(
        "Sao lưu toàn bộ cổng thông tin vào một tệp intranet-backup-YYYYMMDD-HHMMSS.tar.gz: dữ "
        "liệu (định dạng JSON dùng được cho cả SQLite và PostgreSQL), các tệp đã tải lên và bản "
        "kê (số bản ghi, phiên bản, mã kiểm tra SHA-256). Chỉ mục tìm kiếm, phiên đăng nhập và "
        "nhật ký đăng nhập không được sao lưu (dựng lại khi khôi phục). Chạy được khi hệ thống "
        "đang hoạt động; mỗi lần chạy tạo một tệp mới. Khôi phục bằng restore_intranet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help=_("Thư mục ghi tệp sao lưu (mặc định: biến BACKUP_DIR hoặc thư mục backups/)"),
        )
        parser.add_argument(
            "--no-media",
            action="store_true",
            help=_("Không sao lưu tệp đã tải lên (ví dụ khi kho S3 đã có sao lưu riêng)"),
        )

    def handle(self, *args, **options):
        output = Path(options["output"]) if options["output"] else default_output_dir()
        try:
            path = create_backup(output, include_media=not options["no_media"])
        except (BackupError, OSError) as error:
            raise CommandError(_("Không sao lưu được: %(error)s") % {"error": error}) from error
        manifest = read_manifest(path)
        self.stdout.write(
            _("Đã sao lưu %(rows)s bản ghi và %(files)s tệp vào %(path)s")
            % {
                "rows": sum(manifest["counts"].values()),
                "files": manifest["media_files"],
                "path": path,
            }
        )
