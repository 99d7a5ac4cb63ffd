"""The number of SQL queries of each page does not grow with the number of items shown.

Each page is requested with few items, then with three times as many (through the real
views, as a member); a page whose query count grows has an N+1 somewhere. Listings are
varied by publishing or unpublishing documents and news in the test's transaction; search
by importing documents that share a marker word.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import NewsPage
from organisation.models import UnitPage
from regulations.choices import RelationType
from regulations.models import DocumentAttachment, DocumentRelation, PartyDocumentPage
from tests.regulations.library_helpers import LIBRARY_URL, doc_line, import_lines

pytestmark = pytest.mark.django_db
# A generous ceiling as well, so that a page cannot slowly pile up constant queries.
MAX_QUERIES = 40


def count_queries(client, url: str) -> int:
    client.get(url)  # warm-up: session, per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def show_documents(count: int) -> None:
    """Leave exactly ``count`` documents live (the newest ones), the others unpublished."""
    keep = list(
        PartyDocumentPage.objects.filter(restricted_groups__isnull=True, confidentiality="")
        .order_by("-issued_on", "-pk")
        .values_list("pk", flat=True)[:count]
    )
    assert len(keep) == count
    PartyDocumentPage.objects.exclude(pk__in=keep).update(live=False)
    PartyDocumentPage.objects.filter(pk__in=keep).update(live=True)


def show_news(count: int, parent=None) -> None:
    news = NewsPage.objects.all() if parent is None else NewsPage.objects.child_of(parent)
    keep = list(news.order_by("-date", "-pk").values_list("pk", flat=True)[:count])
    NewsPage.objects.exclude(pk__in=keep).update(live=False)
    NewsPage.objects.filter(pk__in=keep).update(live=True)


def assert_flat(counts: dict[int, int], what: str) -> None:
    few, many = min(counts), max(counts)
    assert counts[many] <= counts[few], f"{what}: {counts} (queries grow with items)"
    assert counts[many] <= MAX_QUERIES, f"{what}: {counts[many]} queries"


@pytest.mark.parametrize(
    "url",
    ["/", LIBRARY_URL, f"{LIBRARY_URL}?type=NQ", f"{LIBRARY_URL}?validity=in_force&sort=number"],
)
def test_home_and_library_listing(client_for, url):
    client = client_for("member")
    counts = {}
    for count in (2, 6):
        show_documents(count)
        counts[count] = count_queries(client, url)
    assert_flat(counts, url)


def test_library_listing_with_many_issuers_and_tags(client_for, tmp_path):
    client = client_for("member")
    counts = {}
    for count in (2, 6):
        lines = [
            doc_line(
                f"{index}-HD/Q{count}",
                "2031-03-01",
                issuer=f"Cơ quan {count}-{index}",
                issuer_code=f"Q{count}{index}",
                tags=[f"thẻ {index}", "đo truy vấn"],
            )
            for index in range(1, count + 1)
        ]
        _out, _err, error = import_lines(tmp_path, lines)
        assert error is None
        counts[count] = count_queries(client, f"{LIBRARY_URL}?year=2031")
        PartyDocumentPage.objects.filter(issued_on__year=2031).update(live=False)
    assert_flat(counts, "library filtered by year")


def _news_index_url():
    from home.models import NewsIndexPage

    return NewsIndexPage.objects.get().url


def test_news_listing(client_for):
    client = client_for("member")
    available = NewsPage.objects.count()
    assert available >= 3
    counts = {}
    for count in (1, 3):
        show_news(count)
        counts[count] = count_queries(client, _news_index_url())
    assert_flat(counts, "news listing")


def test_unit_page(client_for, user_for):
    from organisation.models import Unit

    unit_page = UnitPage.objects.get(unit__code="phuong-truong-vinh")
    assert Unit.objects.exists()
    client = client_for("member")
    counts = {}
    for count in (1, 3):
        have = NewsPage.objects.child_of(unit_page).count()
        for index in range(have, count):
            unit_page.add_child(
                instance=NewsPage(
                    title=f"Tin đơn vị {index}", date=datetime.date(2030, 1, index + 1), live=True
                )
            )
        show_news(count, parent=unit_page)
        counts[count] = count_queries(client, unit_page.url)
    assert_flat(counts, "unit page")


def _attach(document, index: int) -> None:
    from django.core.files.base import ContentFile

    attachment = DocumentAttachment(page=document, title=f"Phụ lục {index}", sort_order=index)
    attachment.file.save(f"phu-luc-{index}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.extraction_status = DocumentAttachment.Extraction.DONE
    attachment.save()


def test_document_page_with_more_attachments_and_relations(client_for):
    client = client_for("member")
    documents = list(
        PartyDocumentPage.objects.live()
        .filter(restricted_groups__isnull=True, confidentiality="")
        .order_by("pk")
    )
    document = documents[0]
    targets = documents[1:]
    counts = {}
    for count in (1, 3):
        have = document.attachments.count()
        for index in range(have, count):
            _attach(document, index)
        DocumentRelation.objects.filter(source=document).delete()
        for target in targets[:count]:
            DocumentRelation.objects.create(
                source=document,
                relation_type=RelationType.GUIDES,
                target=target,
                target_number=target.number,
                target_issued_on=target.issued_on,
            )
        counts[count] = count_queries(client, document.url)
    assert_flat(counts, "document page")


@pytest.mark.parametrize(
    "url",
    ["/tim-kiem/?q=kiwiquanh", "/api/v1/search/?q=kiwiquanh", "/tim-kiem/goi-y/?q=kiwiqu"],
)
def test_search_results(client_for, tmp_path, url):
    client = client_for("member")
    counts = {}
    for count in (2, 6):
        lines = [
            doc_line(
                f"{index}-HD/KW",
                "2031-05-02",
                title=f"Hướng dẫn kiwiquanh số {index}",
                issuer=f"Ban {index}",
                issuer_code=f"B{index}",
            )
            for index in range(1, count + 1)
        ]
        _out, _err, error = import_lines(tmp_path, lines)
        assert error is None
        counts[count] = count_queries(client, url)
    assert_flat(counts, url)
