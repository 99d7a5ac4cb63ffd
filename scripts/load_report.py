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
# Pages read: the reading mix and the pages writers open to find their forms.
PAGES = {"home", "library", "library filtered", "document", "search"}
FORM_PAGES = {"unit work page", "register form", "study plan"}
WRITE_PREFIX, AFTER_PUBLISH = "write: ", "after publish: "


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _row(name: str, group: list, duration: float) -> dict:
    times = [elapsed for elapsed, _failed in group]
    return {
        "name": name,
        "requests": len(group),
        "rps": len(group) / duration,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "errors": sum(1 for _elapsed, failed in group if failed),
    }


def rows(samples: dict) -> list[dict]:
    """Per endpoint, then the aggregates: pages read, writes, everything.

    The reads right after a publish ("after publish: ...") are shown on their own and left
    out of the aggregates: they are the publisher's measurement of the cold cache.
    """
    duration = max(0.001, samples["ended"] - samples["started"])
    groups: dict[str, list] = {}
    for name, elapsed, failed in samples["requests"]:
        groups.setdefault(name, []).append((elapsed, failed))
    measured = {n: g for n, g in groups.items() if not n.startswith(AFTER_PUBLISH)}
    reads = [s for name, group in measured.items() if name in PAGES | FORM_PAGES for s in group]
    writes = [s for name, group in measured.items() if name.startswith(WRITE_PREFIX) for s in group]
    table = [_row(name, group, duration) for name, group in sorted(groups.items())]
    table.append(_row("pages read (all but autocomplete and admin)", reads, duration))
    if writes:
        table.append(_row("writes (form posts)", writes, duration))
    table.append(_row("all requests", [s for g in measured.values() for s in g], duration))
    return table


def cold_after_publish(table: list[dict]) -> str:
    """The first read after a publish against the second, and the same page under load."""
    by_name = {row["name"]: row for row in table}
    lines = [
        "| page | first after publish p50/p95 (ms) | second p50/p95 (ms) "
        "| under load p50/p95 (ms) |",
        "|---|---:|---:|---:|",
    ]
    for page in ("home", "library", "document"):
        first = by_name.get(f"{AFTER_PUBLISH}{page} (1st)")
        second = by_name.get(f"{AFTER_PUBLISH}{page} (2nd)")
        load = by_name.get(page)
        if not (first and second and load):
            continue
        lines.append(
            f"| {page} | {first['p50']:.0f} / {first['p95']:.0f} | "
            f"{second['p50']:.0f} / {second['p95']:.0f} | {load['p50']:.0f} / {load['p95']:.0f} |"
        )
    return "\n".join(lines) if len(lines) > 2 else ""


def markdown(table: list[dict]) -> str:
    lines = [
        "| endpoint | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in table:
        bold = row["name"].startswith(("pages read", "writes", "all requests"))
        name = f"**{row['name']}**" if bold else row["name"]
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
    cold = cold_after_publish(table)
    if cold:
        text += (
            "\n\nThe cache after a publish (the publisher's own reads, right after each):\n\n"
            + cold
        )
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
