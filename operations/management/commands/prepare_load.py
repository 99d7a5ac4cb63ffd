from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from operations.loadtest import add_synthetic_documents, write_plan


class Command(BaseCommand):
    help = _(
        "Chuẩn bị cho kiểm thử tải (make load): thêm văn bản tổng hợp cho đủ số lượng yêu cầu "
        "(đã lập chỉ mục) và ghi tệp JSON gồm địa chỉ văn bản, từ khóa tìm kiếm, bộ lọc và tài "
        "khoản đăng nhập. Cần chạy load_demo trước. Chạy lại không tạo thêm văn bản thừa."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help=_("Đường dẫn tệp JSON sẽ ghi"))
        parser.add_argument(
            "--documents",
            type=int,
            default=0,
            help=_("Tổng số văn bản tổng hợp cần có (mặc định 0: chỉ dùng dữ liệu mẫu)"),
        )

    def handle(self, *args, **options):
        added = add_synthetic_documents(options["documents"])
        plan = write_plan(Path(options["plan"]))
        self.stdout.write(
            _("Đã thêm %(added)s văn bản tổng hợp; kế hoạch có %(count)s địa chỉ văn bản.")
            % {"added": added, "count": len(plan["documents"])}
        )
