"""Rebuild the cluster's index while search keeps answering: a new index behind the alias.

The application reads and writes ``index_name()`` (a pair of indexes, what every member sees
and the rest: ``cluster.pair``; both are rebuilt and swapped together). ``rebuild`` creates a
new index (same
mapping and analysers, a unique name ``<alias>-<time>-<random>``), fills it in bulk from the
database's ``SearchEntry`` rows (the source of truth), refreshes it, then moves the alias to
it in one atomic ``_aliases`` call and drops the old index. Until that call every search is
answered by the old index, complete; after it, by the new one. A first rebuild also turns an
index created under the alias's own name (``ensure_index``) into an aliased one, in the same
atomic call (``remove_index``).

Writes made while the new index fills (a page published during a rebuild) go to both
(``cluster._targets``, through the shared cache). Left as a known limit: an entry written
between the moment the bulk read it and the moment the bulk wrote it keeps the bulk's older
copy in the new index until its next write or rebuild (milliseconds, on an intranet).
"""

import uuid

from django.core.cache import cache
from django.utils import timezone

from . import cluster
from .cluster_body import index_body

BUILDING_TIMEOUT = 6 * 3600  # a rebuild that died leaves no double writes for ever


def new_index_name(alias: str) -> str:
    return f"{alias}-{timezone.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"


def indexes_behind(es, alias: str) -> list[str]:
    """The indexes the alias points to; ``[alias]`` when it is an index itself; or none."""
    if not es.indices.exists(index=alias):
        return []
    try:
        return sorted(es.indices.get_alias(name=alias))
    except cluster.errors():  # a concrete index of that name, not an alias
        return [alias]


def _moves(es, alias: str, new: str) -> tuple[list[dict], list[str]]:
    """The alias actions that point ``alias`` at ``new``, and the old indexes to delete."""
    old = indexes_behind(es, alias)
    actions = [{"add": {"index": new, "alias": alias}}]
    if old == [alias]:
        actions.insert(0, {"remove_index": {"index": alias}})
    else:
        actions[:0] = [{"remove": {"index": name, "alias": alias}} for name in old]
    return actions, [name for name in old if name != alias]


def rebuild(entries, *, es=None, alias: str | None = None) -> tuple[str, int]:
    """Fill a new pair of indexes (``cluster.pair``) with ``entries`` and move both aliases to
    it in one atomic call; (new index, entries sent)."""
    es = es or cluster.client()
    alias = alias or cluster.index_name()
    new = new_index_name(alias)
    for name in cluster.pair(new):
        es.indices.create(index=name, **index_body())
    cache.set(cluster.BUILDING_KEY, new, BUILDING_TIMEOUT)
    try:
        sent = cluster.bulk_index(entries, es=es, index=new)
        es.indices.refresh(index=cluster.searched(new))
        actions, stale = [], []
        for alias_name, new_name in zip(cluster.pair(alias), cluster.pair(new), strict=True):
            moves, old = _moves(es, alias_name, new_name)
            actions += moves
            stale += old
        es.indices.update_aliases(actions=actions)
    except BaseException:
        es.indices.delete(index=cluster.searched(new), ignore_unavailable=True)
        raise
    finally:
        cache.delete(cluster.BUILDING_KEY)
    for name in stale:
        es.indices.delete(index=name, ignore_unavailable=True)
    return new, sent
