"""What `make load` needs from the database: synthetic documents and the addresses to visit."""

import json
import random
from pathlib import Path

from django.contrib.auth import get_user_model

from core.vietnamese import fold
from core.visibility import visible_pages
from home.demo.loader import ACCOUNTS
from organisation.demo_accounts import DEMO_PASSWORD

# Accounts the load test logs in with (a mix of roles; the superuser is left out on purpose:
# it skips the visibility rule, which would make its pages cheaper than everyone else's).
LOAD_USERNAMES = [a.username for a in ACCOUNTS if not a.superuser]


def add_synthetic_documents(count: int) -> int:
    """Add synthetic documents (``search.benchmark``) until ``count`` exist; index them."""
    from core.visibility import every_restriction_rule
    from regulations.models import DocumentLibraryPage, PartyDocumentPage
    from search.benchmark import create_pages, generate_documents
    from search.bulk import index_pages

    synthetic = PartyDocumentPage.objects.filter(import_hash="")
    have = synthetic.count()
    if have >= count:
        return 0
    library = DocumentLibraryPage.objects.first()
    documents = generate_documents(count, seed=23)
    for _skip in range(have):
        next(documents)
    created = []
    batch = []
    for document in documents:
        batch.append(document)
        if len(batch) == 2000:
            created += create_pages(library, batch)
            batch = []
    if batch:
        created += create_pages(library, batch)
    restrictions = every_restriction_rule()
    for start in range(0, len(created), 500):
        pages = (
            PartyDocumentPage.objects.filter(pk__in=created[start : start + 500])
            .specific()
            .prefetch_related("issuers", "tagged_items__tag", "attachments")
        )
        index_pages(pages, restrictions)
    return len(created)


def write_plan(path: Path, seed: int = 3) -> dict:
    """The addresses and queries the load test draws from, visible to every load account."""
    from regulations.models import DocumentLibraryPage, PartyDocumentPage

    rng = random.Random(seed)
    member = get_user_model().objects.get(username="dangvien")
    documents = list(
        visible_pages(member, PartyDocumentPage.objects.all())
        .order_by("?")
        .values_list("url_path", "title", "number", "issued_on")[:400]
    )
    library = DocumentLibraryPage.objects.first()
    root_path = library.get_parent().url_path  # the home page's path is the site root "/"
    urls = ["/" + url_path[len(root_path) :] for url_path, *_rest in documents]
    queries, prefixes = [], []
    for _url, title, number, _issued in documents[:200]:
        words = title.split()
        start = rng.randint(0, max(0, len(words) - 3))
        phrase = " ".join(words[start : start + rng.randint(1, 3)])
        queries.append(rng.choice([phrase, phrase, fold(phrase), number]))
        word = rng.choice(words)
        prefixes.append(word[: rng.randint(2, max(2, min(6, len(word))))])
    years = sorted({issued.year for *_rest, issued in documents})
    plan = {
        "library": "/" + library.url_path[len(root_path) :],
        "documents": urls,
        "queries": queries,
        "prefixes": prefixes,
        "filters": [{"year": str(year)} for year in years[-5:]]
        + [{"type": code} for code in ("NQ", "CT", "QĐ", "KL", "HD")]
        + [{"validity": "in_force"}, {"sort": "number"}],
        "users": LOAD_USERNAMES,
        "password": DEMO_PASSWORD,
    }
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    return plan
