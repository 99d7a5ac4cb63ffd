#!/usr/bin/env bash
# Checks that the local node (scripts/opensearch.sh start) does what the intranet needs:
# analysis-common (asciifolding, lowercase, mapping char filter, edge_ngram), toneless search
# of Vietnamese text, highlight, a terms aggregation, search_as_you_type (mapper-extras),
# completion, a Painless script, _reindex and an alias swap. Prints each answer; exits 1 at
# the first one that is not as expected. Uses and then deletes the indices smoke-*.
#
#   scripts/opensearch.sh start && deploy/opensearch-node/smoke.sh
set -euo pipefail
URL=http://127.0.0.1:${OPENSEARCH_PORT:-9200}

# call METHOD PATH [BODY]: prints the compact JSON answer.
call() {
  curl -sS --max-time 30 -X "$1" "$URL$2" -H 'Content-Type: application/json' ${3:+--data-binary "$3"}
  echo
}
# check WHAT EXPECTED OUTPUT: fails unless OUTPUT contains EXPECTED.
check() {
  if [[ "$3" == *"$2"* ]]; then echo "ok: $1"; else echo "FAILED: $1 (expected $2)" >&2; exit 1; fi
}
show() { printf '\n$ %s\n%s\n' "$1" "$2"; }

call DELETE '/smoke-*' >/dev/null

body='{
  "settings": {
    "number_of_shards": 1, "number_of_replicas": 0,
    "analysis": {
      "char_filter": {"vi_d": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}},
      "filter": {"vi_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}},
      "analyzer": {
        "vi_folded": {"type": "custom", "char_filter": ["vi_d"], "tokenizer": "standard",
                      "filter": ["lowercase", "asciifolding"]},
        "vi_autocomplete": {"type": "custom", "char_filter": ["vi_d"], "tokenizer": "standard",
                            "filter": ["lowercase", "asciifolding", "vi_edge"]}
      }
    }
  },
  "mappings": {
    "properties": {
      "title": {"type": "text", "analyzer": "vi_folded",
                "fields": {"raw": {"type": "keyword"},
                           "prefix": {"type": "text", "analyzer": "vi_autocomplete",
                                      "search_analyzer": "vi_folded"}}},
      "section": {"type": "keyword"},
      "year": {"type": "short"},
      "title_sayt": {"type": "search_as_you_type", "analyzer": "vi_folded"},
      "title_suggest": {"type": "completion", "analyzer": "vi_folded"}
    }
  }
}'
out=$(call PUT /smoke-v1 "$body")
show "PUT /smoke-v1 (custom analyzers, keyword, search_as_you_type, completion)" "$out"
check "index created" '"acknowledged":true' "$out"

out=$(call POST /smoke-v1/_analyze '{"analyzer": "vi_folded", "text": "Quy định về công tác văn thư của Đảng bộ"}')
show "POST /smoke-v1/_analyze vi_folded" "$(echo "$out" | grep -o '"token":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')"
check "asciifolding + lowercase" '"token":"quy"' "$out"
check "đ folded" '"token":"dang"' "$out"

bulk='{"index": {"_id": "1"}}
{"title": "Quy định về công tác văn thư", "section": "văn thư", "year": 2024, "title_sayt": "Quy định về công tác văn thư", "title_suggest": "Quy định về công tác văn thư"}
{"index": {"_id": "2"}}
{"title": "Đảng bộ cơ quan tổng kết năm 2024", "section": "đảng", "year": 2024, "title_sayt": "Đảng bộ cơ quan tổng kết năm 2024", "title_suggest": "Đảng bộ cơ quan tổng kết năm 2024"}
{"index": {"_id": "3"}}
{"title": "Nghị quyết của Đảng bộ về công tác cán bộ", "section": "đảng", "year": 2025, "title_sayt": "Nghị quyết của Đảng bộ về công tác cán bộ", "title_suggest": "Nghị quyết của Đảng bộ về công tác cán bộ"}
'
out=$(curl -sS --max-time 30 -X POST "$URL/smoke-v1/_bulk?refresh=true&filter_path=errors,items.*.result" \
  -H 'Content-Type: application/x-ndjson' --data-binary "$bulk")
show "POST /smoke-v1/_bulk?refresh=true (3 documents)" "$out"
check "bulk without errors" '"errors":false' "$out"

out=$(call GET '/smoke-v1/_search?filter_path=hits.total.value,hits.hits._id,hits.hits.highlight' \
  '{"query": {"match": {"title": {"query": "quy dinh", "operator": "and"}}},
    "highlight": {"fields": {"title": {}}}}')
show "toneless search \"quy dinh\" with highlight" "$out"
check "quy dinh finds document 1" '"_id":"1"' "$out"
check "highlight on the accented text" '<em>Quy</em> <em>định</em>' "$out"

out=$(call GET '/smoke-v1/_search?filter_path=hits.total.value,hits.hits._id,hits.hits.highlight,aggregations' \
  '{"query": {"match_phrase": {"title": "dang bo"}},
    "highlight": {"fields": {"title": {}}},
    "aggs": {"sections": {"terms": {"field": "section"}}, "years": {"terms": {"field": "year"}}}}')
show "toneless phrase \"dang bo\" with highlight and terms aggregations" "$out"
check "dang bo finds 2 documents" '"total":{"value":2}' "$out"
check "highlight of Đảng bộ" '<em>Đảng</em> <em>bộ</em>' "$out"
check "terms aggregation on the keyword field" '{"key":"đảng","doc_count":2}' "$out"

out=$(call GET '/smoke-v1/_search?filter_path=hits.hits._id' \
  '{"query": {"multi_match": {"query": "nghi quy", "type": "bool_prefix",
    "fields": ["title_sayt", "title_sayt._2gram", "title_sayt._3gram"]}}}')
show "search_as_you_type \"nghi quy\" (mapper-extras)" "$out"
check "search_as_you_type prefix" '"_id":"3"' "$out"

out=$(call GET '/smoke-v1/_search?filter_path=hits.hits._id' \
  '{"query": {"match": {"title.prefix": "cong ta"}}}')
show "edge_ngram prefix \"cong ta\"" "$out"
check "edge_ngram" '"_id":"1"' "$out"

out=$(call GET '/smoke-v1/_search?filter_path=suggest.*.options.text' \
  '{"suggest": {"s": {"prefix": "dang b", "completion": {"field": "title_suggest"}}}}')
show "completion suggester \"dang b\"" "$out"
check "completion" 'Đảng bộ cơ quan' "$out"

out=$(call GET '/smoke-v1/_search?filter_path=hits.hits._id,hits.hits.fields' \
  '{"query": {"term": {"_id": "2"}},
    "script_fields": {"next_year": {"script": {"lang": "painless", "source": "doc[\"year\"].value + params.n", "params": {"n": 1}}}}}')
show "Painless script field" "$out"
check "painless" '"next_year":[2025]' "$out"

out=$(call POST '/_aliases' '{"actions": [{"add": {"index": "smoke-v1", "alias": "smoke"}}]}')
check "alias smoke -> smoke-v1" '"acknowledged":true' "$out"
# A new index with the same settings, filled by _reindex (reindex module), then the swap.
call PUT /smoke-v2 "$body" >/dev/null
out=$(call POST '/_reindex?refresh=true&filter_path=total,created,failures' \
  '{"source": {"index": "smoke-v1"}, "dest": {"index": "smoke-v2"}}')
show "POST /_reindex smoke-v1 -> smoke-v2" "$out"
check "reindex" '"created":3' "$out"
out=$(call POST '/_aliases' '{"actions": [{"remove": {"index": "smoke-v1", "alias": "smoke"}},
                                          {"add": {"index": "smoke-v2", "alias": "smoke"}}]}')
show "POST /_aliases (remove smoke-v1, add smoke-v2, in one request)" "$out"
check "alias swap" '"acknowledged":true' "$out"
out=$(call GET '/_alias/smoke')
show "GET /_alias/smoke" "$out"
check "alias on smoke-v2 only" '{"smoke-v2":{"aliases":{"smoke":{}}}}' "$out"
out=$(call GET '/smoke/_search?filter_path=hits.total.value,hits.hits._index' \
  '{"query": {"match": {"title": "van thu"}}}')
show "GET /smoke/_search \"van thu\" through the alias" "$out"
check "search through the alias" '"_index":"smoke-v2"' "$out"

call DELETE '/smoke-*' >/dev/null
echo
echo "smoke: all checks passed on $URL"
