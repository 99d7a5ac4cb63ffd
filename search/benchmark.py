"""Synthetic Party documents for benchmarks, and a fast way to store them as pages.

Documents are stitched from the sample documents' real sentences and titles, so the text
has the vocabulary, syllable lengths and marks of real Party documents. Pages are written
with bulk inserts (treebeard paths computed here) because creating 100,000 pages through
the page API would take hours and measure Wagtail's page machinery, not search.
"""

import json
import os
import random
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from core.vietnamese import fold
from regulations.body_parser import parse_body
from regulations.import_format import DOC_TYPES
from regulations.numbers import folded_number_key, number_key

SAMPLES = Path(__file__).resolve().parent.parent / "home" / "demo" / "documents.jsonl"
ISSUERS = ["TU", "VPTU", "BTCTU", "UBKTTU", "BTGTU", "HU", "ĐU", "TW"]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _samples() -> list[dict]:
    return [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line]


def generate_documents(count: int, seed: int = 7):
    """``count`` realistic documents (dicts in the import format, without relations)."""
    rng = random.Random(seed)
    samples = [doc for doc in _samples() if not doc.get("confidentiality")]
    sentences = [
        line for doc in samples for line in doc["body"].split("\n") if len(line.split()) > 4
    ]
    title_words = [doc["title"].split() for doc in samples]
    codes = list(DOC_TYPES)
    start = date(2010, 1, 1)
    for index in range(count):
        code = rng.choice(codes)
        base = rng.choice(title_words)
        other = rng.choice(title_words)
        cut = rng.randint(3, max(3, len(base)))
        title = " ".join(base[:cut] + other[rng.randint(0, len(other) - 1) :])[:250]
        body = "\n".join(rng.choice(sentences) for _ in range(rng.randint(8, 40)))
        issued = start + timedelta(days=rng.randint(0, 16 * 365))
        yield {
            "number": f"{index + 1}-{code}/{rng.choice(ISSUERS)}",
            "doc_type": code,
            "title": title,
            "summary": " ".join(rng.choice(sentences).split()[:40]),
            "body": body,
            "issued_on": issued,
            "field": rng.choice([doc.get("field", "") for doc in samples]),
        }


RELATION_TYPES = ["amends", "supplements", "replaces", "guides", "based_on", "cites", "related"]


def generate_import_lines(count: int, seed: int = 11):
    """``count`` JSON Lines in the import format (``IMPORT_FORMAT.md``), as an archive would
    give them: bodies of a few KB, an issuer and signer, tags, effective dates, relations
    (mostly to earlier lines, some to documents outside the file), a few drafts and a few
    secret documents. Generated one at a time: a file of any size is written in flat memory.
    """
    rng = random.Random(seed)
    samples = _samples()
    people = sorted({(doc["issuer"], doc["issuer_code"], doc["signer"]) for doc in samples})
    tags = sorted({tag for doc in samples for tag in doc.get("tags", [])})
    earlier: list[tuple[str, str]] = []
    for document in generate_documents(count, seed):
        issuer, issuer_code, signer = rng.choice(people)
        issued = document["issued_on"]
        secret = rng.random() < 0.02
        relations = []
        for _index in range(rng.choice([0, 0, 1, 1, 2, 3])):
            if earlier and rng.random() < 0.8:
                number, issued_on = rng.choice(earlier)
            else:  # a document not in the library (yet)
                number, issued_on = f"{rng.randint(1, 999)}-NQ/TW", "2001-06-01"
            relations.append(
                {"type": rng.choice(RELATION_TYPES), "number": number, "issued_on": issued_on}
            )
        line = {
            **document,
            "kind": "regulation" if document["doc_type"] in {"QC", "QĐi"} else "circular",
            "issuer": issuer,
            "issuer_code": issuer_code,
            "signer": signer,
            "issued_on": issued.isoformat(),
            "effective_on": (issued + timedelta(days=rng.choice([0, 0, 10, 45]))).isoformat(),
            "expires_on": None,
            "tags": rng.sample(tags, rng.randint(1, 4)),
            "confidentiality": "Mật" if secret else None,
            "restricted_to": ["Ban Thường vụ Tỉnh ủy"] if secret else [],
            "relations": relations,
            "published": rng.random() > 0.03,
        }
        if not secret:
            earlier.append((line["number"], line["issued_on"]))
        yield json.dumps(line, ensure_ascii=False)


def _path_step(number: int) -> str:
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
        if number == 0:
            return digits.rjust(4, "0")


@transaction.atomic
def create_pages(library: Page, documents) -> list[int]:
    """Insert the documents as live CircularPage pages under ``library`` (bulk, raw)."""
    from regulations.models import CircularPage, PartyDocumentPage

    content_type = ContentType.objects.get_for_model(CircularPage)
    locale = Locale.get_default()
    now = timezone.now()
    first = library.numchild + 1
    pages, details = [], []
    for offset, document in enumerate(documents):
        slug = slugify(fold(document["number"]).replace("/", "-")) + f"-{first + offset}"
        pages.append(
            Page(
                title=document["title"],
                draft_title=document["title"],
                slug=slug,
                content_type=content_type,
                path=library.path + _path_step(first + offset),
                depth=library.depth + 1,
                numchild=0,
                url_path=f"{library.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
        details.append(document)
    created = Page.objects.bulk_create(pages, batch_size=500)
    columns = [
        "page_ptr_id", "number", "number_key", "number_key_folded", "doc_type", "signer",
        "issued_on", "effective_on", "expires_on", "field", "summary", "body",
        "confidentiality", "urgency", "validity", "validity_override",
        "validity_override_reason", "import_hash", "send_to_all_units", "recipient_clusters",
    ]  # fmt: skip
    rows = [
        (
            page.pk, doc["number"], number_key(doc["number"]), folded_number_key(doc["number"]),
            doc["doc_type"], "", doc["issued_on"], doc["issued_on"], None, doc["field"],
            doc["summary"], json.dumps(parse_body(doc["body"])), "", "", "in_force", "", "", "",
            False, "[]",
        )
        for page, doc in zip(created, details, strict=True)
    ]  # fmt: skip
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {PartyDocumentPage._meta.db_table} ({', '.join(columns)}) "
            f"VALUES ({placeholders})",
            rows,
        )
        cursor.executemany(
            f"INSERT INTO {CircularPage._meta.db_table} (partydocumentpage_ptr_id) VALUES (%s)",
            [(page.pk,) for page in created],
        )
    Page.objects.filter(pk=library.pk).update(numchild=library.numchild + len(created))
    library.numchild += len(created)
    return [page.pk for page in created]


def database_process() -> int | None:
    """The process of this connection's PostgreSQL backend when the server runs on this
    machine (its CPU is then readable), else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user and system) of process ``pid`` so far; 0 without one, or once gone."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
