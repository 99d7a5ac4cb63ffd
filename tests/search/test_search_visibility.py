"""The leak test: what a member may not see never shows through any search channel; and the
index follows publishing, editing, unpublishing, view restrictions and deletion.

The secret document of the demo is 105-KL/TU ("Tối mật"), restricted to the group "Ban
Thường vụ Tỉnh ủy". A member (dangvien) searching for any of its words must get exactly what
they would get if the document had never existed: no title, number or phrase of it, and the
same counts, facets, snippets and suggestions.
"""

import io
import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils.html import escape
from wagtail.models import Page, PageViewRestriction

from core.vietnamese import fold, tokens
from home.models import StandardPage
from regulations.models import PartyDocumentPage
from search.models import SearchEntry, SearchTerm
from search.service import search
from tests.factories import NewsPageFactory

from .search_helpers import SECRET_GROUP, SECRET_NUMBER, page_ids

pytestmark = pytest.mark.django_db

SECRET_TITLE = (
    "Kết luận của Ban Thường vụ Tỉnh ủy về phương án nhân sự Ban Chấp hành Đảng bộ tỉnh "
    "khóa XX, nhiệm kỳ 2025 - 2030"
)
# Phrases of the secret document's summary and body (home/demo/documents.jsonl).
SECRET_PHRASES = [
    "HẢI-ĐĂNG-719",
    "Tiểu ban Nhân sự",
    "65 đồng chí",
    "tỷ lệ đổi mới khoảng 30%",
    "giữ bí mật tuyệt đối nội dung phương án",
    "chỉ lưu hành trong Ban Thường vụ Tỉnh ủy",
]
SEARCH_PAGE, AUTOCOMPLETE, API = "/tim-kiem/", "/tim-kiem/goi-y/", "/api/v1/search/"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def secret_page() -> PartyDocumentPage:
    return PartyDocumentPage.objects.get(number=SECRET_NUMBER)


def secret_only_words() -> list[str]:
    """Folded words that only the secret document contains (e.g. "thoai" of "điện thoại")."""
    secret = SearchEntry.objects.get(number=SECRET_NUMBER)
    others = set()
    for entry in SearchEntry.objects.exclude(pk=secret.pk):
        others.update(tokens(f"{entry.folded_title} {entry.folded_text}"))
    return sorted(set(tokens(f"{secret.folded_title} {secret.folded_text}")) - others)


def leak_queries() -> list[str]:
    title_words = list(
        {fold(word): word for word in SECRET_TITLE.replace(",", " ").split()}.values()
    )
    return [
        SECRET_NUMBER,
        "105",
        "số 105",
        "kết luận 105",
        "105 kl tu",
        "105-KL",
        SECRET_TITLE,
        fold(SECRET_TITLE),
        f'"{SECRET_TITLE}"',
        *title_words,
        *SECRET_PHRASES,
        *[f'"{phrase}"' for phrase in SECRET_PHRASES[1:]],
        *secret_only_words(),
        "phuong an nhan su khoa XX",
        "hai dang 719",
    ]


def command_json(query: str, username: str = "dangvien", *extra: str) -> dict:
    out = io.StringIO()
    call_command("search_documents", query, "--as", username, "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def snapshot(client, query: str) -> dict:
    """Everything each search channel answers to ``query`` (HTML without per-request tokens)."""
    page = client.get(SEARCH_PAGE, {"q": query})
    autocomplete = client.get(AUTOCOMPLETE, {"q": query})
    api = client.get(API, {"q": query})
    assert page.status_code == autocomplete.status_code == api.status_code == 200, query
    return {
        "page": _CSRF.sub("", page.content.decode()),
        "autocomplete": autocomplete.json(),
        "api": api.json(),
        "command": command_json(query),
    }


def assert_no_secret(snap: dict, query: str) -> None:
    """No title, number or phrase of the secret document, apart from the query echoed back."""
    texts = {
        "page": snap["page"],
        "autocomplete": json.dumps(snap["autocomplete"], ensure_ascii=False),
        "api": json.dumps(snap["api"], ensure_ascii=False),
        "command": json.dumps(snap["command"], ensure_ascii=False),
    }
    echoes = sorted({query, escape(query), json.dumps(query, ensure_ascii=False)[1:-1]}, key=len)
    secret_url = secret_page().url
    for channel, text in texts.items():
        for echo in reversed(echoes):
            text = text.replace(echo, "")
        for needle in [SECRET_TITLE, SECRET_NUMBER, secret_url, *SECRET_PHRASES]:
            for form in {needle, escape(needle)}:
                assert form not in text, (channel, query, needle)
        assert "105-kl-tu" not in text.lower(), (channel, query)


def forget_secret_document() -> None:
    """Delete the secret document and rebuild index and vocabulary as if it had never been."""
    secret_page().delete()
    SearchTerm.objects.all().delete()
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())


def test_member_sees_exactly_what_they_would_without_the_secret_document(client_for):
    client = client_for("member")
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    queries = leak_queries()
    assert "thoai" in queries  # a word of the secret body that no other page has
    before = {query: snapshot(client, query) for query in queries}
    for query, snap in before.items():
        assert_no_secret(snap, query)
    forget_secret_document()
    for query in queries:
        after = snapshot(client, query)
        for channel in ("api", "command", "autocomplete", "page"):
            assert before[query][channel] == after[channel], (query, channel)


def test_standing_committee_finds_the_secret_document(client_for, user_for):
    client = client_for("standing_committee")
    for query in (SECRET_NUMBER, "105 kl tu", "kết luận 105", SECRET_TITLE, "HẢI-ĐĂNG-719"):
        api = client.get(API, {"q": query}).json()
        assert api["results"][0]["number"] == SECRET_NUMBER, query
        assert command_json(query, "thuongvu")["results"][0]["number"] == SECRET_NUMBER
        html = client.get(SEARCH_PAGE, {"q": query}).content.decode()
        assert SECRET_TITLE in re.sub(r"</?mark>", "", html), query
    suggestions = client.get(AUTOCOMPLETE, {"q": "105-KL"}).json()["results"]
    assert suggestions[0]["number"] == SECRET_NUMBER
    assert SECRET_NUMBER in [hit.entry.number for hit in search(user_for("thuongvu"), "thoai").hits]


def test_secret_document_counts_in_facets_only_for_its_readers(user_for):
    member, reader = user_for("member"), user_for("standing_committee")
    query = "phuong an nhan su"
    theirs, ours = search(reader, query), search(member, query)
    assert theirs.count == ours.count + 1
    theirs_kl = {item["value"]: item["count"] for item in theirs.facets["type"]}.get("KL", 0)
    ours_kl = {item["value"]: item["count"] for item in ours.facets["type"]}.get("KL", 0)
    assert theirs_kl == ours_kl + 1


def test_inactive_and_anonymous_users_find_nothing(user_for):
    from django.contrib.auth.models import AnonymousUser

    reader = user_for("standing_committee")
    reader.is_active = False
    assert search(reader, SECRET_NUMBER).count == 0
    assert search(AnonymousUser(), "quy chế").count == 0


# --- the index follows the pages -----------------------------------------------------------


@pytest.fixture
def news_page(db):
    return NewsPageFactory(
        title="Tin thử nghiệm Quasar về hội nghị",
        date=date(2026, 1, 15),
        intro="Bản tin thử nghiệm Quasar cho kiểm thử chỉ mục.",
    )


@pytest.fixture
def standing_group(db):
    return Group.objects.get(name=SECRET_GROUP)


def restrict(page: Page, group: Group) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    return restriction


def test_published_page_is_found(user_for, news_page):
    assert page_ids(user_for("member"), "quasar") == [news_page.pk]
    assert page_ids(user_for("member"), "tin thu nghiem quasar") == [news_page.pk]


def test_edited_title_is_found_and_the_old_one_is_not(user_for, news_page):
    member = user_for("member")
    news_page.title = "Tin đổi tên Pulsar về hội nghị"
    news_page.intro = "Bản tin đã sửa."
    news_page.save_revision().publish()
    assert page_ids(member, "pulsar") == [news_page.pk]
    assert page_ids(member, "quasar") == []
    assert search(member, "pulsar").hits[0].entry.title == "Tin đổi tên Pulsar về hội nghị"


def test_draft_changes_are_not_searchable(user_for, news_page):
    member = user_for("member")
    news_page.title = "Bản nháp Nebula chưa duyệt"
    news_page.save_revision()
    assert page_ids(member, "nebula") == []
    assert page_ids(member, "quasar") == [news_page.pk]


def test_unpublished_page_is_not_found(user_for, news_page):
    news_page.unpublish()
    assert page_ids(user_for("member"), "quasar") == []
    assert page_ids(user_for("administrator"), "quasar") == []


def test_deleted_page_is_not_found(user_for, news_page):
    page_id = news_page.pk
    news_page.delete()
    assert page_ids(user_for("member"), "quasar") == []
    assert not SearchEntry.objects.filter(page_id=page_id).exists()


def test_group_restriction_added_and_removed(user_for, news_page, standing_group):
    member, reader = user_for("member"), user_for("standing_committee")
    restriction = restrict(news_page, standing_group)
    assert page_ids(member, "quasar") == []
    assert search(member, "quasar").count == 0
    assert page_ids(reader, "quasar") == [news_page.pk]
    restriction.delete()
    assert page_ids(member, "quasar") == [news_page.pk]


def test_group_restriction_groups_changed(user_for, news_page, standing_group):
    member, reader = user_for("member"), user_for("standing_committee")
    restriction = restrict(news_page, standing_group)
    member_group = member.groups.first()
    restriction.groups.add(member_group)
    assert page_ids(member, "quasar") == [news_page.pk]
    restriction.groups.remove(member_group)
    assert page_ids(member, "quasar") == []
    restriction.groups.clear()
    assert page_ids(member, "quasar") == []  # a restriction with no group: nobody but admins
    assert page_ids(reader, "quasar") == []
    assert page_ids(user_for("administrator"), "quasar") == [news_page.pk]


def test_search_agrees_with_can_view_page_under_a_password_restriction(user_for, news_page):
    """``core.visibility`` shuts members out of password-restricted pages: so does search."""
    from core.visibility import can_view_page

    member = user_for("member")
    PageViewRestriction.objects.create(
        page=news_page, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
    )
    assert not can_view_page(member, news_page)
    assert page_ids(member, "quasar") == []
    assert page_ids(user_for("administrator"), "quasar") == [news_page.pk]


def test_search_agrees_with_can_view_page_for_every_page_and_user(user_for, news_page):
    """For each demo user, the pages search can show are exactly the ones they may view."""
    from core.visibility import visible_pages

    restrict(news_page, Group.objects.get(name=SECRET_GROUP))
    for role in ("member", "standing_committee", "editor", "administrator"):
        user = user_for(role)
        indexed = set(SearchEntry.objects.values_list("page_id", flat=True))
        allowed = set(visible_pages(user).filter(pk__in=indexed).values_list("pk", flat=True))
        from search.service import visible_entries

        assert set(visible_entries(user).values_list("page_id", flat=True)) == allowed, role


def _section_with_child(title: str, word: str) -> tuple[StandardPage, StandardPage]:
    home = Page.objects.get(depth=2)
    parent = StandardPage(title=title, intro="Chuyên mục thử nghiệm.")
    home.add_child(instance=parent)
    child = StandardPage(title=f"Trang con {word}", intro=f"Nội dung {word} của trang con.")
    parent.add_child(instance=child)
    return parent, child


def test_restriction_on_an_ancestor_hides_the_subtree(user_for, standing_group):
    member, reader = user_for("member"), user_for("standing_committee")
    parent, child = _section_with_child("Chuyên mục Orion", "Andromeda")
    assert page_ids(member, "andromeda") == [child.pk]
    restriction = restrict(parent, standing_group)
    assert page_ids(member, "andromeda") == []
    assert page_ids(reader, "andromeda") == [child.pk]
    restriction.delete()
    assert page_ids(member, "andromeda") == [child.pk]


def test_moving_a_subtree_under_a_restricted_section_hides_it(user_for, standing_group):
    member, reader = user_for("member"), user_for("standing_committee")
    secret_section, _unused = _section_with_child("Chuyên mục mật Lyra", "Vega")
    restrict(secret_section, standing_group)
    parent, child = _section_with_child("Chuyên mục Cygnus", "Deneb")
    assert page_ids(member, "deneb") == [child.pk]
    parent.move(secret_section, pos="last-child")
    assert page_ids(member, "deneb") == []
    assert page_ids(member, "cygnus") == []
    assert page_ids(reader, "deneb") == [child.pk]
    moved = SearchEntry.objects.get(page_id=child.pk)
    assert moved.url_path == Page.objects.get(pk=child.pk).specific.get_url()


# --- rebuild_search_index --------------------------------------------------------------------


def _fts_rows() -> int | None:
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    from search import fts

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {fts.ALL}"  # every entry (public ones are in both tables)
        )
        return cursor.fetchone()[0]


def test_rebuild_is_idempotent(user_for):
    member = user_for("member")
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    before = search(member, "quy chế làm việc", per_page=100)
    counts = []
    for _run in range(2):
        out, err = io.StringIO(), io.StringIO()
        call_command("rebuild_search_index", "--no-progress", stdout=out, stderr=err)
        counts.append((SearchEntry.objects.count(), _fts_rows()))
        assert err.getvalue() == ""
        assert str(SearchEntry.objects.count()) in out.getvalue()
    assert counts[0] == counts[1]
    assert counts[0][1] in (None, counts[0][0])
    after = search(member, "quy chế làm việc", per_page=100)
    assert [hit.entry.pk for hit in after.hits] == [hit.entry.pk for hit in before.hits]
    assert after.facets == before.facets


def test_deleting_a_restricted_page_leaves_no_entry(user_for, news_page, standing_group):
    restrict(news_page, standing_group)
    page_id = news_page.pk
    Page.objects.get(pk=page_id).delete()
    assert not SearchEntry.objects.filter(page_id=page_id).exists()
    assert page_ids(user_for("standing_committee"), "quasar") == []


def test_deleting_a_restricted_section_leaves_no_entry(user_for, standing_group):
    parent, child = _section_with_child("Chuyên mục Hydra", "Sirius")
    restrict(parent, standing_group)
    parent.delete()
    assert not SearchEntry.objects.filter(page_id__in=[parent.pk, child.pk]).exists()
    assert page_ids(user_for("administrator"), "sirius") == []


def test_index_validity_follows_the_stored_validity():
    documents = dict(PartyDocumentPage.objects.values_list("pk", "validity"))
    indexed = dict(
        SearchEntry.objects.filter(page_id__in=documents).values_list("page_id", "validity")
    )
    assert indexed == documents


def test_rebuild_with_reset_gives_the_same_results(user_for):
    member = user_for("member")
    before = [hit.entry.page_id for hit in search(member, "can bo", per_page=100).hits]
    count = SearchEntry.objects.count()
    call_command("rebuild_search_index", "--reset", "--no-progress", stdout=io.StringIO())
    assert SearchEntry.objects.count() == count
    assert [hit.entry.page_id for hit in search(member, "can bo", per_page=100).hits] == before
    assert SECRET_NUMBER not in [hit.entry.number for hit in search(member, "105-KL/TU").hits]


def test_rebuild_removes_stale_entries():
    entry = SearchEntry.objects.filter(section="news").first()
    Page.objects.filter(pk=entry.page_id).update(title="x")  # no signal: index unchanged
    SearchEntry.objects.filter(pk=entry.pk).update(title="stale")
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    assert SearchEntry.objects.get(page_id=entry.page_id).title == "x"


@pytest.mark.parametrize(
    ("args", "expect_progress"),
    [((), True), (("--no-progress",), False), (("--verbosity", "0"), False)],
)
def test_rebuild_prints_progress_only_when_asked(args, expect_progress):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", *args, stdout=out, stderr=err)
    assert bool(err.getvalue().strip()) is expect_progress
    assert "100%" in err.getvalue() if expect_progress else err.getvalue() == ""
    assert "Đã lập chỉ mục" in out.getvalue()
