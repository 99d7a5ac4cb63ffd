"""Resume attachment text extraction after a background worker died.

A worker killed in the middle of a task (out of memory, a deploy, a power cut) leaves the
task "running" in django-tasks' table for ever, and its attachment pending and unsearchable:
nothing else will pick it up. This command closes such tasks as failed and queues every
attachment still waiting for its text that has no task waiting for it, so it can run after
any incident, or from cron, any number of times.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from regulations.models import DocumentAttachment
from regulations.tasks import extract_attachment_text


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker stopped without finishing it."""


class Command(BaseCommand):
    help = _(
        "Tiếp tục trích xuất văn bản của tệp đính kèm sau khi tiến trình nền (db_worker) bị "
        "dừng giữa chừng: đánh dấu thất bại các tác vụ trích xuất còn “đang chạy” quá "
        "--stale-minutes phút (tiến trình đã chết) và đưa lại vào hàng đợi mọi tệp còn chờ "
        "trích xuất mà chưa có tác vụ chờ. Chạy lại bao nhiêu lần cũng không tạo tác vụ trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=60,
            help=_(
                "Tác vụ đang chạy lâu hơn số phút này được coi là đã mất tiến trình "
                "(mặc định 60; một tệp thường trích xuất xong trong vài giây)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Chỉ báo sẽ làm gì, không thay đổi gì."),
        )

    def handle(self, *args, **options):
        if options["stale_minutes"] < 1:
            raise CommandError(_("--stale-minutes phải từ 1 trở lên."))
        results = self._results()
        cutoff = timezone.now() - timedelta(minutes=options["stale_minutes"])
        stale = []
        if results is not None:
            running = results.filter(status=TaskResultStatus.RUNNING)
            stale = list(running.filter(started_at__lt=cutoff))
            waiting = results.filter(
                Q(status=TaskResultStatus.READY)
                | Q(status=TaskResultStatus.RUNNING, started_at__gte=cutoff)
            )
            queued = {_attachment_id(row) for row in waiting}
        else:
            queued = set()
        pending = DocumentAttachment.objects.filter(
            extraction_status=DocumentAttachment.Extraction.PENDING
        ).order_by("pk")
        to_queue = [pk for pk in pending.values_list("pk", flat=True) if pk not in queued]
        if not options["dry_run"]:
            for result in stale:
                result.set_failed(WorkerLost(_("Tiến trình nền đã dừng khi đang chạy tác vụ.")))
            for attachment_id in to_queue:
                extract_attachment_text.enqueue(attachment_id)
        message = (
            _("Sẽ đóng %(stale)d tác vụ mất tiến trình và đưa %(queued)d tệp vào hàng đợi.")
            if options["dry_run"]
            else _("Đã đóng %(stale)d tác vụ mất tiến trình và đưa %(queued)d tệp vào hàng đợi.")
        )
        self.stdout.write(message % {"stale": len(stale), "queued": len(to_queue)})

    def _results(self):
        """Extraction tasks in django-tasks' table, or None when tasks do not go through it
        (the immediate backend of development and tests runs them at once)."""
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult

        if not isinstance(extract_attachment_text.get_backend(), DatabaseBackend):
            return None
        return DBTaskResult.objects.filter(task_path=extract_attachment_text.module_path)


def _attachment_id(result) -> int | None:
    arguments = (result.args_kwargs or {}).get("args") or [None]
    return arguments[0]
