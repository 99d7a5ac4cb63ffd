import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.progress import command_progress
from tasks.reminders import due_reminders, send_reminder


class Command(BaseCommand):
    help = _(
        "Gửi thư nhắc hạn nhiệm vụ (sắp đến hạn, quá hạn) tới biên tập viên, lãnh đạo các "
        "đơn vị được giao và lãnh đạo theo dõi. Chạy hằng ngày bằng cron; chạy lại trong "
        "cùng ngày không gửi trùng (mỗi nhiệm vụ, kỳ báo cáo và ngày một lần). Xem "
        "docs/tasks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help=_("Ngày tính hạn, dạng YYYY-MM-DD (mặc định: hôm nay, giờ Hà Nội)")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Chỉ liệt kê, không gửi, không ghi gì")
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Không hiển thị thanh tiến độ")
        )

    def handle(self, *args, **options):
        today = self._day(options["date"])
        reminders = due_reminders(today)
        sent = emails = 0
        bar = None
        if not options["no_progress"] and options["verbosity"] > 0 and reminders:
            bar = command_progress(self, len(reminders), _("Đang nhắc hạn"), _("nhiệm vụ"))
        try:
            for reminder in reminders:
                if options["dry_run"]:
                    self.stdout.write(
                        f"{reminder.kind} {reminder.due:%d/%m/%Y} #{reminder.row.task.pk} "
                        f"{reminder.row.task}"
                    )
                else:
                    count = send_reminder(reminder, today)
                    if count is not None:
                        sent, emails = sent + 1, emails + count
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(
            _(
                "Nhắc hạn %(sent)s nhiệm vụ, %(emails)s thư "
                "(ngày %(day)s; %(due)s nhiệm vụ cần nhắc)."
            )
            % {
                "sent": sent,
                "emails": emails,
                "day": today.strftime("%d/%m/%Y"),
                "due": len(reminders),
            }
        )

    def _day(self, text):
        if not text:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError as error:
            raise CommandError(_("Ngày không hợp lệ: %(value)s") % {"value": text}) from error
