"""The JSON API ``GET /api/v1/search/``, the autocomplete endpoint, the search page's
parameters and the ``search_documents`` command, which prints the API's JSON."""

import io
import json
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

API, AUTOCOMPLETE, SEARCH_PAGE = "/api/v1/search/", "/tim-kiem/goi-y/", "/tim-kiem/"
RESULT_KEYS = {"number", "issued_on", "title", "url", "type", "validity", "snippet"}
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


@pytest.fixture
def member_client(client_for):
    return client_for("member")


def api(client, **params):
    return client.get(API, params)


def command(*args, username="dangvien") -> str:
    out = io.StringIO()
    call_command("search_documents", *args, "--as", username, stdout=out)
    return out.getvalue()


# --- the contract ------------------------------------------------------------------------------


def test_api_contract(member_client):
    response = api(member_client, q="quy chế làm việc")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert {"count", "results", "facets"} <= set(data)
    assert isinstance(data["count"], int) and data["count"] >= len(data["results"]) > 0
    for item in data["results"]:
        assert set(item) >= RESULT_KEYS
        assert isinstance(item["number"], str)
        assert isinstance(item["title"], str) and item["title"]
        assert isinstance(item["url"], str) and item["url"].startswith("/")
        assert isinstance(item["type"], str) and item["type"]
        assert isinstance(item["validity"], str)
        assert isinstance(item["snippet"], str)
        if item["number"]:
            assert date.fromisoformat(item["issued_on"])
        else:
            assert item["issued_on"] is None
    assert {item["number"] for item in data["results"][:2]} == {"01-QC/TU", "02-QC/UBKTTU"}
    assert set(data["facets"]) == {"section", "type", "issuer", "field", "year", "validity"}
    for options in data["facets"].values():
        for option in options:
            assert set(option) >= {"value", "label", "count", "selected"}
            assert isinstance(option["value"], str) and isinstance(option["label"], str)
            assert isinstance(option["count"], int) and option["count"] > 0
            assert isinstance(option["selected"], bool)


def test_api_returns_utf8_json(member_client):
    response = api(member_client, q="chu ky so")
    assert "chữ ký số".encode() in response.content  # not \\u escapes
    assert "<mark>" in json.dumps(response.json(), ensure_ascii=False)


def test_api_news_results_have_no_number_nor_date(member_client):
    data = api(member_client, q="huy hieu dang").json()
    news = [item for item in data["results"] if item["type"] == "news"]
    assert news and all(item["number"] == "" and item["issued_on"] is None for item in news)


def test_api_type_filter(member_client):
    everything = api(member_client, q="quy chế").json()
    data = api(member_client, q="quy chế", type="QC").json()
    assert 0 < data["count"] < everything["count"]
    assert data["results"] and all(item["type"] == "QC" for item in data["results"])
    qc = [option for option in everything["facets"]["type"] if option["value"] == "QC"]
    assert qc[0]["count"] == data["count"]
    assert [o["value"] for o in data["facets"]["type"] if o["selected"]] == ["QC"]


def test_api_other_filters(member_client):
    for name, value, key in (("year", "2024", None), ("section", "news", "type")):
        data = api(member_client, q="can bo", **{name: value}).json()
        assert data["count"] > 0, name
        selected = [o["value"] for o in data["facets"][name] if o["selected"]]
        assert selected == [value]
        if key:
            assert all(item[key] == value for item in data["results"])


def test_api_pagination(member_client):
    first = api(member_client, q="can bo", per_page=5).json()
    second = api(member_client, q="can bo", per_page=5, page=2).json()
    assert first["count"] == second["count"] > 10
    assert len(first["results"]) == len(second["results"]) == 5
    assert {i["url"] for i in first["results"]}.isdisjoint({i["url"] for i in second["results"]})
    assert (first["page"], second["page"], first["num_pages"]) == (1, 2, -(-first["count"] // 5))


def test_api_sort_by_date(member_client):
    data = api(member_client, q="can bo", sort="date", type="HD").json()
    dates = [item["issued_on"] for item in data["results"]]
    assert len(dates) > 2 and dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "quy chế", "page": "abc"},
        {"q": "quy chế", "page": "0"},
        {"q": "quy chế", "page": "-1"},
        {"q": "quy chế", "page": "100000"},
        {"q": "quy chế", "page": "1.5"},
        {"q": "quy chế", "per_page": "0"},
        {"q": "quy chế", "per_page": "1000"},
        {"q": "quy chế", "sort": "xyz"},
        {"q": "quy chế", "year": "abc"},
        {"q": "quy chế", "year": "²"},
        {"q": "quy chế", "year": "99999999999999999999999"},
        {},
        {"q": ""},
        {"q": "   "},
    ],
)
def test_api_bad_parameters_give_400_in_vietnamese(member_client, params):
    response = api(member_client, **params)
    assert response.status_code == 400, params
    data = response.json()
    assert isinstance(data["error"], str) and VIETNAMESE.search(data["error"]), data
    assert isinstance(data["errors"], dict) and data["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "quy chế", "page": "abc"},
        {"q": "quy chế", "page": "0"},
        {"q": "quy chế", "page": "100000"},
        {"q": "quy chế", "sort": "xyz"},
        {"q": "quy chế", "year": "abc"},
        {"q": "quy chế", "year": "²"},
        {"q": "quy chế", "year": "99999999999999999999999"},
        {"q": "quy chế", "issuer": "(["},
        {"q": "quy chế", "type": "\x00"},
        {},
    ],
)
def test_search_page_corrects_bad_parameters(member_client, params):
    assert member_client.get(SEARCH_PAGE, params).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "quy chế", "issuer": "(["},
        {"q": "quy chế", "issuer": "TU|.*"},
        {"q": "quy chế", "type": "\x00"},
        {"q": "quy chế", "field": "a\x00b"},
        {"q": "quy chế", "section": "x" * 5000},
    ],
)
def test_api_odd_filter_values_never_fail(member_client, params):
    response = api(member_client, **params)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["count"] == 0


def test_issuer_filter_is_not_a_regular_expression(member_client):
    assert api(member_client, q="can bo", issuer="TU|BTCTU").json()["count"] == 0
    assert api(member_client, q="can bo", issuer=".*").json()["count"] == 0
    assert api(member_client, q="can bo", issuer="BTCTU").json()["count"] > 0


@pytest.mark.parametrize("url", [API, AUTOCOMPLETE, SEARCH_PAGE])
def test_anonymous_is_sent_to_login(client_for, url):
    response = client_for(None).get(url, {"q": "quy chế"})
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_post_is_refused(member_client):
    assert member_client.post(API, {"q": "quy chế"}).status_code == 405


# --- autocomplete ------------------------------------------------------------------------------


def test_autocomplete_contract(member_client):
    data = member_client.get(AUTOCOMPLETE, {"q": "quy ch"}).json()
    assert data["results"]
    for item in data["results"]:
        assert set(item) == {"number", "title", "url"}
        assert all(isinstance(value, str) for value in item.values())
    assert len(data["results"]) <= 8


def test_autocomplete_finds_numbers_and_prefixes(member_client):
    assert member_client.get(AUTOCOMPLETE, {"q": "1690"}).json()["results"][0]["number"] == (
        "1690-CV/VPTU"
    )
    results = member_client.get(AUTOCOMPLETE, {"q": "chinh quyen dia phuo"}).json()["results"]
    assert results[0]["number"] == "2298-CV/TU"


@pytest.mark.parametrize("q", ["", "a", " ", "***"])
def test_autocomplete_short_or_empty_prefix(member_client, q):
    response = member_client.get(AUTOCOMPLETE, {"q": q})
    assert response.status_code == 200 and response.json() == {"results": []}


# --- the search_documents command --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "extra"),
    [
        ("quy chế làm việc", {}),
        ("137 qd tw", {}),
        ("chu ky so", {}),
        ("105-KL/TU", {}),
        ("can bo", {"per_page": 20}),
    ],
)
def test_command_prints_the_same_json_as_the_api(member_client, query, extra):
    per_page = extra.get("per_page", 10)
    printed = json.loads(command(query, "--json", "--limit", str(per_page)))
    served = api(member_client, q=query, per_page=per_page).json()
    assert printed == served


def test_command_json_for_the_standing_committee(client_for):
    printed = json.loads(command("105-KL/TU", "--json", username="thuongvu"))
    served = client_for("standing_committee").get(API, {"q": "105-KL/TU", "per_page": 10})
    assert printed == served.json()
    assert printed["results"][0]["number"] == "105-KL/TU"


def test_command_limit():
    data = json.loads(command("can bo", "--json", "--limit", "3"))
    assert len(data["results"]) == 3 and data["count"] > 3 and data["per_page"] == 3
    for bad in ("0", "101", "-5"):
        with pytest.raises(CommandError, match="--limit"):
            command("can bo", "--limit", bad)


def test_command_table_output():
    lines = command("quy che lam viec ban chap hanh dang bo tinh", "--limit", "2").splitlines()
    assert "kết quả" in lines[0]
    assert len(lines) == 3
    assert lines[1].strip().startswith("1. 01-QC/TU Quy chế làm việc")
    assert lines[2].strip().startswith("2. ")
    assert lines[1].endswith("/)")


def test_command_queries_file(tmp_path, member_client):
    queries = tmp_path / "queries.jsonl"
    items = [
        {"id": "a1", "query": "quy chế làm việc"},
        {"id": 2, "query": "105-KL/TU"},
        {"id": "a3", "query": "số 1690"},
    ]
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    queries.write_text("\n".join([lines[0], "", "không phải JSON", *lines[1:]]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "search_documents", "--as", "dangvien", "--queries", str(queries), stdout=out, stderr=err
    )
    printed = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [item["id"] for item in printed] == ["a1", 2, "a3"]
    for item, expected in zip(printed, items, strict=True):
        served = api(member_client, q=expected["query"], per_page=10).json()
        assert {key: value for key, value in item.items() if key != "id"} == served
    assert printed[1]["count"] == 0  # the secret document, searched as a member
    assert printed[2]["results"][0]["number"] == "1690-CV/VPTU"
    assert "Dòng 3" in err.getvalue()


def test_command_sample_queries_file(settings):
    """The shared sample queries run through the command; each line keeps its id."""
    from pathlib import Path

    path = Path("/work/shared/samples/queries.jsonl")
    if not path.exists():
        pytest.skip("no shared samples")
    out = io.StringIO()
    call_command("search_documents", "--as", "dangvien", "--queries", str(path), stdout=out)
    printed = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert [item["id"] for item in printed] == [item["id"] for item in expected]
    for item in printed:
        assert all(result["number"] != "105-KL/TU" for result in item["results"])


def test_command_unknown_user():
    with pytest.raises(CommandError, match="Không có tài khoản") as error:
        command("quy chế", username="khong-ton-tai")
    assert VIETNAMESE.search(str(error.value))


def test_command_unreadable_queries_file(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        command("--queries", str(tmp_path / "missing.jsonl"))


def test_command_needs_a_query():
    with pytest.raises(CommandError) as error:
        command("   ")
    assert VIETNAMESE.search(str(error.value))


def test_command_as_an_inactive_user_finds_nothing(user_for):
    reader = user_for("standing_committee")
    reader.is_active = False
    reader.save()
    data = json.loads(command("105-KL/TU", "--json", username="thuongvu"))
    assert data["count"] == 0 and data["results"] == []
    data = json.loads(command("quy chế", "--json", username="thuongvu"))
    assert data["count"] == 0
