"""``make bench``: the rate of ``import_documents`` on a generated file of realistic documents.

Run on a throwaway database (``scripts/bench.sh`` makes one): the file is written line by line
(``search.benchmark.generate_import_lines``), imported by the command exactly as an operator
would run it, and the rate is printed with the CPU time, the peak memory and the load average
of the machine before and after (figures taken on a busy machine say so).
"""

import os
import resource
import tempfile
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from search.benchmark import database_process, generate_import_lines, process_cpu


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (all cores, ``/proc/stat``): the import,
    its second process and the database server together, on a machine doing nothing else."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Command(BaseCommand):
    help = _(
        "Đo tốc độ nhập văn bản (import_documents) trên một tệp văn bản tổng hợp giống thực tế "
        "(chỉ dùng với cơ sở dữ liệu tạm, qua `make bench`): số văn bản mỗi giây, thời gian "
        "CPU, bộ nhớ tối đa và tải của máy lúc đo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=20_000, help=_("Số dòng của tệp"))
        parser.add_argument("--chunk-size", type=int, default=500)
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, **options):
        size = options["size"]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as source:
            for line in generate_import_lines(size, options["seed"]):
                source.write(line + "\n")
            source.flush()
            megabytes = os.path.getsize(source.name) / 1e6
            load_before = _load()
            server = database_process()  # the command's queries run on this connection
            server_started = process_cpu(server)
            busy_started, children_started = _machine_busy(), _children_cpu()
            started, cpu_started = time.perf_counter(), time.process_time()
            output = StringIO()
            call_command(
                "import_documents",
                source.name,
                "--no-progress",
                "--chunk-size",
                str(options["chunk_size"]),
                stdout=output,
                stderr=StringIO(),
            )
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            second_cpu = _children_cpu() - children_started  # the indexing process, if any
            server_cpu = process_cpu(server) - server_started
            busy = _machine_busy() - busy_started
            one_backend = server is not None and not second_cpu
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        second_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        summary = output.getvalue().splitlines()[0]
        self.stdout.write(
            f"import {connection.vendor}: {size} lines ({megabytes:.0f} MB, chunks of "
            f"{options['chunk_size']}): {elapsed:.0f} s, {size / elapsed:.1f} documents/s "
            f"(CPU of the command {cpu:.0f} s"
            + (f", of its indexing process {second_cpu:.0f} s" if second_cpu else "")
            # With a second process the command reconnects: its first backend's CPU says nothing.
            + (f", of its PostgreSQL backend {server_cpu:.0f} s" if one_backend else "")
            + f"; the machine busy {busy:.0f} CPU-s: {size / busy:.1f} documents per CPU-second"
            + "), peak "
            f"memory {peak_mb:.0f} MB"
            + (f" (indexing process {second_peak_mb:.0f} MB)" if second_cpu else "")
            + f"; load average before {load_before}, after {_load()}\n"
            f"  {summary}"
        )
