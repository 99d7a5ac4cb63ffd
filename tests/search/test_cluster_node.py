"""The search cluster for real: analysers, writes, rebuild behind the alias, every channel,
and the fallback to the database when the node dies, with recovery when it comes back.

Runs against the node of ``ELASTICSEARCH_URL`` (``make opensearch``, or ``.ci/run`` which
starts one); skipped without it, and a failure instead of a skip when
``SEARCH_CLUSTER_REQUIRED=1`` (CI). The kill-and-recover test needs the node started by
``scripts/opensearch.sh`` (its pid file) and runs last.
"""

import io
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search import service
from search.engines import cluster as es
from search.engines import cluster_rebuild, sql_engine
from search.models import SearchEntry

from .search_helpers import SECRET_NUMBER

URL = os.environ.get("ELASTICSEARCH_URL", "")
ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(
        not URL and os.environ.get("SEARCH_CLUSTER_REQUIRED") != "1",
        reason="needs a search node: set ELASTICSEARCH_URL (make opensearch)",
    ),
    pytest.mark.django_db,
]


def node(method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        URL.rstrip("/") + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def analysed(alias: str, analyzer: str, text: str) -> list[str]:
    answer = node("POST", f"/{alias}/_analyze", {"analyzer": analyzer, "text": text})
    return [token["token"] for token in answer["tokens"]]


def ids_in_cluster(alias: str, words: str) -> set[int]:
    """Entries matching ``words`` in both indexes of the pair (``cluster.pair``)."""
    es.client().indices.refresh(index=es.searched(alias))
    answer = node(
        "POST",
        f"/{es.searched(alias)}/_search",
        {
            "size": 1000,
            "_source": False,
            "query": {"multi_match": {"query": words, "fields": ["title.folded", "text.folded"]}},
        },
    )
    return {int(hit["_id"]) for hit in answer["hits"]["hits"]}


def stored(alias: str, pk: int) -> tuple[str, dict]:
    """The index of the pair that holds entry ``pk`` (exactly one does), and its source."""
    found = []
    for index in es.pair(alias):
        try:
            found.append((index, node("GET", f"/{index}/_doc/{pk}")["_source"]))
        except urllib.error.HTTPError as error:  # not in this one (realtime GET: no refresh)
            assert error.code == 404
    assert len(found) == 1, found
    return found[0]


def test_the_index_has_the_vietnamese_analysers(alias):
    assert analysed(alias, "vi_folded", "Quy định về Đảng bộ, khoá XIX") == [
        "quy", "dinh", "ve", "dang", "bo", "khoa", "xix",
    ]  # fmt: skip
    marked = analysed(alias, "vi_marked", "Quy định về Đảng bộ")
    assert marked == ["quy", "định", "về", "đảng", "bộ"]
    mapping = node("GET", f"/{alias}/_mapping")
    (properties,) = [index["mappings"]["properties"] for index in mapping.values()]
    assert properties["number"]["type"] == "keyword"
    title = properties["title"]["properties"]
    assert title["folded"]["analyzer"] == "vi_folded"
    assert title["marked"]["analyzer"] == "vi_marked"
    assert title["autocomplete"]["analyzer"] == "vi_autocomplete"


def test_bulk_indexing_sends_every_entry(alias):
    """Every entry, in the index of its kind: what every member sees, and the rest."""
    es.client().indices.refresh(index=es.searched(alias))
    public, private = es.pair(alias)
    seen_by_all = SearchEntry.objects.filter(live=True, restricted=False).count()
    assert node("GET", f"/{public}/_count")["count"] == seen_by_all > 0
    assert node("GET", f"/{private}/_count")["count"] == SearchEntry.objects.count() - seen_by_all
    assert SearchEntry.objects.count() > seen_by_all  # the demo has a secret document


def test_publish_unpublish_restrict_and_delete_reach_the_cluster(
    alias, django_capture_on_commit_callbacks, user_for
):
    entry = SearchEntry.objects.filter(section="news", restricted=False).first()
    page = entry.page.specific
    word = f"kiwi{uuid.uuid4().hex[:6]}"
    with django_capture_on_commit_callbacks(execute=True):
        page.title = f"{page.title} {word}"
        page.save_revision().publish()
    new_pk = SearchEntry.objects.get(page=page).pk
    assert ids_in_cluster(alias, word) == {new_pk}
    public, private = es.pair(alias)
    assert stored(alias, new_pk)[0] == public
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    index, document = stored(alias, new_pk)
    assert document["live"] is False and index == private  # and no longer in the public one
    secret_group = user_for("standing_committee").groups.exclude(name="Đảng viên").first()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([secret_group])
    pk = SearchEntry.objects.get(page=page).pk
    index, document = stored(alias, pk)
    assert document["restricted"] is True and document["allowed_groups"] == [secret_group.pk]
    assert index == private
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert ids_in_cluster(alias, word) == set()


def test_a_rebuild_keeps_search_answering_and_keeps_writes_made_meanwhile(
    alias, monkeypatch, user_for, django_capture_on_commit_callbacks
):
    client = es.client()
    (before,) = cluster_rebuild.indexes_behind(client, alias)
    member = user_for("member")
    engine = es.ElasticsearchEngine(fallback=_NoFallback())
    monkeypatch.setattr(service, "engine", lambda: engine)
    expected = [hit.entry.pk for hit in service.search(member, "quy che", per_page=50).hits]
    assert expected
    seen_during = {}
    bulk = es.bulk_index
    entry = SearchEntry.objects.filter(section="news", restricted=False).first()
    word = f"mango{uuid.uuid4().hex[:6]}"

    def slow_bulk(entries, **kwargs):
        sent = bulk(entries, **kwargs)
        # Between the bulk load and the alias switch: search still answers, in full, from
        # the old index; a page published now reaches both indexes.
        hits = service.search(member, "quy che", per_page=50).hits
        seen_during["ids"] = [hit.entry.pk for hit in hits]
        with django_capture_on_commit_callbacks(execute=True):
            page = entry.page.specific
            page.title = f"{page.title} {word}"
            page.save_revision().publish()
        return sent

    monkeypatch.setattr(es, "bulk_index", slow_bulk)
    new, sent = cluster_rebuild.rebuild(SearchEntry.objects.all(), es=client, alias=alias)
    assert sent == SearchEntry.objects.count()
    assert seen_during["ids"] == expected
    assert cluster_rebuild.indexes_behind(client, alias) == [new] != [before]
    assert not client.indices.exists(index=before)
    private_alias, private_new = es.pair(alias)[1], es.pair(new)[1]
    assert cluster_rebuild.indexes_behind(client, private_alias) == [private_new]
    assert [hit.entry.pk for hit in service.search(member, "quy che", per_page=50).hits]
    assert ids_in_cluster(alias, word) == {SearchEntry.objects.get(page=entry.page).pk}


def test_the_page_the_api_and_the_cli_read_from_the_cluster(alias, monkeypatch, client_for):
    asked = []
    search_ids = es.ElasticsearchEngine.search_ids

    def counted(self, body):
        asked.append(body)
        return search_ids(self, body)

    monkeypatch.setattr(es.ElasticsearchEngine, "search_ids", counted)
    monkeypatch.setattr(es.ElasticsearchEngine, "fallback", property(lambda self: _NoFallback()))
    member = client_for("member")
    page = member.get("/tim-kiem/", {"q": "quy che lam viec"})
    assert page.status_code == 200 and asked
    asked.clear()
    api = member.get("/api/v1/search/", {"q": "quy che lam viec"})
    assert api.status_code == 200 and api.json()["count"] > 0 and asked
    asked.clear()
    out = io.StringIO()
    call_command("search_documents", "quy che lam viec", "--as", "dangvien", "--json", stdout=out)
    assert json.loads(out.getvalue())["count"] > 0 and asked


def test_secrets_stay_secret_and_snippets_match_the_database(alias, monkeypatch, user_for):
    secret = SearchEntry.objects.get(number=SECRET_NUMBER)
    engine = es.ElasticsearchEngine(fallback=_NoFallback())
    for role, sees in (("member", False), ("standing_committee", True)):
        user = user_for(role)
        for query in (SECRET_NUMBER, "ket luan ban thuong vu", secret.title):
            monkeypatch.setattr(service, "engine", lambda: engine)
            response = service.search(user, query, per_page=50)
            found = [hit.entry.pk for hit in response.hits]
            assert (secret.pk in found) is sees, (role, query)
            monkeypatch.setattr(service, "engine", sql_engine)
            sql = service.search(user, query, per_page=50)
            assert sorted(hit.entry.pk for hit in sql.hits) == sorted(found), (role, query)
            snippets = {hit.entry.pk: str(hit.snippet) for hit in sql.hits}
            assert {hit.entry.pk: str(hit.snippet) for hit in response.hits} == snippets


class _NoFallback:
    def condition(self, *args, **kwargs):
        raise AssertionError("the cluster did not answer")

    filter = ranked_ids = any_match = condition


def _node_pid() -> int | None:
    pid_file = ROOT / ".opensearch" / "opensearch.pid"
    return int(pid_file.read_text()) if pid_file.exists() else None


@pytest.mark.skipif(
    os.environ.get("SEARCH_CLUSTER_KILL") != "1",
    reason="kills the node: SEARCH_CLUSTER_KILL=1 (CI sets it)",
)
def test_z_search_falls_back_when_the_node_dies_and_returns_when_it_is_back(
    alias, monkeypatch, user_for, caplog
):
    pid = _node_pid()
    assert pid, "the node was not started by scripts/opensearch.sh"
    member = user_for("member")
    monkeypatch.setattr(service, "engine", sql_engine)
    expected = sorted(hit.entry.pk for hit in service.search(member, "quy che", per_page=50).hits)
    monkeypatch.setattr(service, "engine", lambda: es.ElasticsearchEngine())
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    started = time.monotonic()
    with caplog.at_level("WARNING", logger="search.engines.cluster"):
        fallen_back = service.search(member, "quy che", per_page=50)
    assert time.monotonic() - started < 5  # a refused connection, not a timeout per query
    assert sorted(hit.entry.pk for hit in fallen_back.hits) == expected
    assert "unavailable" in caplog.text
    subprocess.run([str(ROOT / "scripts" / "opensearch.sh"), "start"], check=True, timeout=300)
    monkeypatch.setattr(service, "engine", lambda: es.ElasticsearchEngine(fallback=_NoFallback()))
    back = service.search(member, "quy che", per_page=50)
    assert sorted(hit.entry.pk for hit in back.hits) == expected
