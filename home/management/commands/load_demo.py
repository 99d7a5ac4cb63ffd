from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.demo.loader import load_demo
from organisation.demo_accounts import DEMO_PASSWORD
from organisation.models import UnitMembership
from organisation.roles import ROLE_DESCRIPTIONS


class Command(BaseCommand):
    help = _(
        "Nạp nội dung mẫu bằng tiếng Việt: đơn vị của tỉnh Nghệ An, tài khoản mẫu, 20 văn bản, "
        "tin tức, thi đua, kế hoạch học tập (có chuyên đề Chỉ thị 05 và xác nhận học tập), lịch "
        "công tác tuần này và tuần sau (có tài liệu họp); rồi in "
        "danh sách tài khoản mẫu và mật khẩu. "
        "Chạy setup_intranet trước (lệnh này tự gọi). Chạy lại không tạo trùng."
    )

    def handle(self, *args, **options):
        call_command("setup_intranet", verbosity=0, stdout=self.stdout)
        accounts = load_demo(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(_("Tài khoản mẫu (mật khẩu chung: %s)") % DEMO_PASSWORD)
        )
        for account in accounts:
            roles = ", ".join(account.groups) or _("Đảng viên")
            if account.unit and account.unit_role == UnitMembership.Role.LEADER:
                roles = _("Lãnh đạo đơn vị %(unit)s") % {"unit": account.unit}
            self.stdout.write(f"  {account.username:<20} {account.full_name:<20} {roles}")
        self.stdout.write("")
        for role, description in ROLE_DESCRIPTIONS.items():
            self.stdout.write(f"  {role}: {description}")
