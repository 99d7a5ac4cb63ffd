"""Relevance evaluation: recall@10, MRR and nDCG@10 per query category (``make eval``)."""

import math
from collections import defaultdict
from dataclasses import dataclass

from regulations.numbers import number_key

K = 10


@dataclass(frozen=True)
class Judged:
    id: str
    query: str
    category: str
    user: str
    relevant: dict[tuple[str, str], int]  # (number key, issued_on) -> grade
    forbidden: frozenset[tuple[str, str]]


def read_queries(lines) -> list[Judged]:
    import json

    judged = []
    for line in lines:
        if not line.strip():
            continue
        item = json.loads(line)
        judged.append(
            Judged(
                id=item["id"],
                query=item["query"],
                category=item.get("category", "other"),
                user=item.get("as", "member"),
                relevant={
                    (number_key(r["number"]), r["issued_on"]): int(r.get("grade", 1))
                    for r in item.get("relevant", [])
                },
                forbidden=frozenset(
                    (number_key(r["number"]), r["issued_on"]) for r in item.get("forbidden", [])
                ),
            )
        )
    return judged


def scores(judged: Judged, ranked: list[tuple[str, str]]) -> dict[str, float | None]:
    """Metrics of one query given the ranked (number key, issued_on) pairs returned."""
    top = ranked[:K]
    leaked = any(key in judged.forbidden for key in ranked)
    if not judged.relevant:
        return {"recall": None, "mrr": None, "ndcg": None, "leak": float(leaked)}
    found = [key for key in top if key in judged.relevant]
    recall = len(set(found)) / len(judged.relevant)
    mrr = next((1 / rank for rank, key in enumerate(top, 1) if key in judged.relevant), 0.0)
    dcg = sum(
        (2 ** judged.relevant.get(key, 0) - 1) / math.log2(rank + 1)
        for rank, key in enumerate(top, 1)
    )
    ideal = sorted(judged.relevant.values(), reverse=True)[:K]
    idcg = sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(ideal, 1))
    return {
        "recall": recall,
        "mrr": mrr,
        "ndcg": dcg / idcg if idcg else 0.0,
        "leak": float(leaked),
    }


def summarise(rows: list[tuple[Judged, dict]]) -> dict[str, dict[str, float | int]]:
    """Mean metrics per category and overall (queries without relevant documents count only
    towards leaks)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for judged, metrics in rows:
        groups[judged.category].append(metrics)
        groups["overall"].append(metrics)
    table = {}
    for category, metrics in groups.items():
        judged_rows = [m for m in metrics if m["recall"] is not None]

        def mean(name, rows=judged_rows):
            return sum(m[name] for m in rows) / len(rows) if rows else None

        table[category] = {
            "queries": len(metrics),
            "recall@10": mean("recall"),
            "mrr": mean("mrr"),
            "ndcg@10": mean("ndcg"),
            "leaks": int(sum(m["leak"] for m in metrics)),
        }
    return table
