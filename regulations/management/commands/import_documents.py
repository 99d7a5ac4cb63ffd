import argparse
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.progress import command_progress
from regulations.import_format import JsonLinesFile
from regulations.import_indexing import IndexingStopped
from regulations.importer import NoLibraryError, import_documents


def _positive(value: str) -> int:
    number = int(value) if value.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(_("cần một số nguyên dương"))
    return number


class Command(BaseCommand):
    help = _(
        "Nhập văn bản từ tệp JSON Lines (mỗi dòng một văn bản, xem IMPORT_FORMAT.md). "
        "Văn bản được nhận diện theo số, ký hiệu và ngày ban hành: nhập lại sẽ cập nhật, "
        "không tạo trùng. Dòng lỗi bị từ chối kèm số dòng và lý do; các dòng hợp lệ vẫn được "
        "nhập; lệnh trả mã lỗi khác 0 nếu có dòng bị từ chối."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Tệp .jsonl (UTF-8); dùng - để đọc từ đầu vào chuẩn"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Chỉ kiểm tra và báo cáo, không ghi gì vào cơ sở dữ liệu"),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Không hiển thị thanh tiến độ")
        )
        parser.add_argument(
            "--chunk-size",
            type=_positive,
            default=500,
            metavar="N",
            help=_(
                "Ghi vào cơ sở dữ liệu sau mỗi N dòng (mặc định 500): nếu bị ngắt, các phần đã "
                "ghi được giữ lại và chạy lại lệnh sẽ tiếp tục từ chỗ dừng, không tạo trùng"
            ),
        )

        parser.add_argument(
            "--single-process",
            action="store_true",
            help=_(
                "Cập nhật chỉ mục tìm kiếm ngay trong tiến trình nhập (chậm hơn). Mặc định, "
                "trên PostgreSQL, một tiến trình thứ hai cập nhật chỉ mục của các phần đã ghi "
                "trong khi phần sau đang được ghi"
            ),
        )

    def handle(self, *args, **options):
        with self._open(options["file"]) as (source, total):
            summary = self._import(source, total, options)
        self._report(summary, options["dry_run"])
        if not summary.ok:
            raise CommandError(
                _("%(count)s dòng bị từ chối.") % {"count": summary.rejected}, returncode=1
            )

    @contextmanager
    def _open(self, name: str):
        """The file, checked (UTF-8, number of lines) before anything is written."""
        source = JsonLinesFile(name)
        try:
            source.open()
            total = source.check()
        except OSError as error:
            source.close()
            raise CommandError(
                _("Không đọc được tệp %(file)s: %(error)s")
                % {"file": name, "error": error.strerror}
            ) from error
        except UnicodeDecodeError as error:
            source.close()
            raise CommandError(
                _("Tệp không phải UTF-8 (lỗi ở byte %(pos)s).") % {"pos": error.start}
            ) from error
        try:
            yield source, total
        finally:
            source.close()

    def _import(self, source, total: int, options):
        bar, progress = None, None
        if not options["no_progress"] and options["verbosity"] > 0:
            bar = command_progress(self, total, _("Đang nhập"), _("dòng"))

            def progress(line_no: int) -> None:
                bar.update(line_no - bar.n)

        try:
            return import_documents(
                source.lines(),
                dry_run=options["dry_run"],
                progress=progress,
                chunk_size=options["chunk_size"],
                parallel_indexing=not options["single_process"],
            )
        except (NoLibraryError, IndexingStopped) as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()

    def _report(self, summary, dry_run: bool) -> None:
        for line_no, message in summary.errors:
            self.stderr.write(
                _("Dòng %(line)s: %(message)s") % {"line": line_no, "message": message}
            )
        for line_no, message in summary.warnings:
            self.stderr.write(
                self.style.WARNING(
                    _("Dòng %(line)s: %(message)s") % {"line": line_no, "message": message}
                )
            )
        if dry_run:
            self.stdout.write(_("Chạy thử (--dry-run): không có gì được ghi."))
        if summary.indexed_after_interruption:
            self.stdout.write(
                _(
                    "Đã cập nhật chỉ mục tìm kiếm cho %(count)s văn bản mà lần nhập trước bị "
                    "ngắt chưa kịp cập nhật."
                )
                % {"count": summary.indexed_after_interruption}
            )
        self.stdout.write(
            _(
                "Tạo mới: %(created)s, cập nhật: %(updated)s, không đổi: %(unchanged)s, "
                "bị từ chối: %(rejected)s, quan hệ chưa xác định: %(unresolved)s"
            )
            % {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "rejected": summary.rejected,
                "unresolved": len(summary.unresolved),
            }
        )
        for source, target in summary.unresolved:
            self.stdout.write(
                _("  %(source)s → %(target)s (chưa có trong thư viện)")
                % {"source": source, "target": target}
            )
