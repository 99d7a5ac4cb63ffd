"""Summarise a `make load` run and record it in docs/benchmarks.md.

Reads the raw samples written by scripts/locustfile.py and prints, per endpoint, for the
pages together and overall: requests, throughput, p50/p95/p99 and errors. With
``--write-docs`` the "Load test" section of docs/benchmarks.md is replaced by this run.
"""

import argparse
import json
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"
PAGES = {"home", "library", "library filtered", "document", "search"}


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def rows(samples: dict) -> list[dict]:
    duration = max(0.001, samples["ended"] - samples["started"])
    groups: dict[str, list] = {}
    for name, elapsed, failed in samples["requests"]:
        groups.setdefault(name, []).append((elapsed, failed))
    page_samples = [s for name, group in groups.items() if name in PAGES for s in group]
    every = [s for group in groups.values() for s in group]
    table = []
    for name, group in [*sorted(groups.items()), ("pages (all but autocomplete)", page_samples),
                        ("all requests", every)]:  # fmt: skip
        times = [elapsed for elapsed, _failed in group]
        table.append(
            {
                "name": name,
                "requests": len(group),
                "rps": len(group) / duration,
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "errors": sum(1 for _elapsed, failed in group if failed),
            }
        )
    return table


def markdown(table: list[dict]) -> str:
    lines = [
        "| endpoint | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in table:
        name = f"**{row['name']}**" if row["name"] in {"all requests"} else row["name"]
        lines.append(
            f"| {name} | {row['requests']} | {row['rps']:.1f} | {row['p50']:.0f} | "
            f"{row['p95']:.0f} | {row['p99']:.0f} | {row['errors']} |"
        )
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return f"{model}, {cores} cores, {mem_kb / 1024 / 1024:.0f} GiB RAM, {platform.machine()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("samples")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--context", default="", help="settings of the run, one line")
    parser.add_argument("--load-before", default="", help="load average before the run")
    args = parser.parse_args()
    samples = json.loads(Path(args.samples).read_text())
    table = rows(samples)
    duration = samples["ended"] - samples["started"]
    text = markdown(table)
    print(f"\nMeasured for {duration:.0f} s with {samples.get('users')} users.\n")
    print(text)
    if args.write_docs:
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        section = "\n".join(
            [
                START,
                f"### {when}: {samples.get('users')} users, {duration:.0f} s measured",
                "",
                f"Machine: {machine()}; load average before the run: {args.load_before}.",
                f"Run: {args.context}.",
                "",
                text,
                END,
            ]
        )
        docs = DOCS.read_text(encoding="utf-8")
        if START in docs:
            docs = re.sub(re.escape(START) + ".*?" + re.escape(END), section, docs, flags=re.S)
        else:
            docs = docs.rstrip() + "\n\n## Load test: `make load`\n\n" + section + "\n"
        DOCS.write_text(docs, encoding="utf-8")
        print(f"\nWritten to {DOCS}")


if __name__ == "__main__":
    main()
