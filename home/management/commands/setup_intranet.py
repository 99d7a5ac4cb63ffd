from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.setup import setup_intranet


class Command(BaseCommand):
    help = _(
        "Tạo hoặc bổ sung các nhóm vai trò (Đảng viên, Biên tập viên, Lãnh đạo phòng, Chánh Văn "
        "phòng, Quản trị hệ thống, Ban Thường vụ Tỉnh ủy, biên tập viên từng đơn vị), quyền trên "
        "trang, cây trang (trang chủ và các chuyên mục) và quy trình duyệt. Chạy lại bao nhiêu lần "
        "cũng được: chỉ tạo những gì còn thiếu."
    )

    def handle(self, *args, **options):
        report = setup_intranet()
        if report.created:
            for item in report.created:
                self.stdout.write(_("Đã thiết lập: %(item)s") % {"item": item})
        else:
            self.stdout.write(_("Không có gì thay đổi: mọi thứ đã được thiết lập."))
        self.stdout.write(self.style.SUCCESS(_("Thiết lập xong.")))
