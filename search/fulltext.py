"""What both ways of writing the Vietnamese index share (``backend``: one page at a time,
``bulk``: many at once): the vectors of PostgreSQL, the vocabulary's word length, and the
copy sent to a cluster."""

import logging

from django.conf import settings
from django.db import connection, transaction

from core.vietnamese import normalized_tokens, tokens

from .models import SearchEntry, SearchTerm

MIN_TERM_LENGTH = 4  # typo correction only for longer words
logger = logging.getLogger("search.backend")


def mirror_bulk(entry_ids: list[int]) -> None:
    """Send many freshly written entries to Elasticsearch (when configured) after commit."""
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return
    from .engines import cluster as es

    def run():
        try:
            es.bulk_index(SearchEntry.objects.filter(pk__in=entry_ids))
        except es.errors() as error:
            logger.warning(
                "Elasticsearch bulk index of %s entries failed: %s", len(entry_ids), error
            )

    transaction.on_commit(run, robust=True)


# A weighted ``tsvector`` from folded or marked words: title A, body D ("simple": no stemming).
VECTOR_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'D')"
)


def _vector_words(entry: SearchEntry) -> list[str]:
    """The four texts of an entry's vectors, as words the way queries see them.

    PostgreSQL's parser keeps "qd/tu", "01/7/2025" or "qc/btctu-bdvtu" whole, so "qd" or
    "137 qd tw" would not match: it is given the words of ``tokens`` instead.
    """
    texts = (entry.folded_title, entry.folded_text, entry.marked_title, entry.marked_text)
    return [" ".join(tokens(text)) for text in texts]


def write_postgres_vectors(entries: list[SearchEntry], batch_size: int = 200) -> None:
    """Write the vectors of many entries with one UPDATE per batch (not one per entry)."""
    row = f"(%s, {VECTOR_SQL}, {VECTOR_SQL}, to_tsvector('simple', %s))"
    with connection.cursor() as cursor:
        for start in range(0, len(entries), batch_size):
            batch = entries[start : start + batch_size]
            params = []
            for entry in batch:
                folded_title, folded_text, marked_title, marked_text = _vector_words(entry)
                params += [
                    entry.pk,
                    folded_title,
                    folded_text,
                    marked_title,
                    marked_text,
                    folded_title,
                ]
            cursor.execute(
                "UPDATE search_searchentry AS e SET folded_vector = v.folded, "
                "marked_vector = v.marked, title_vector = v.title FROM (VALUES "
                + ", ".join([row] * len(batch))
                + ") AS v (id, folded, marked, title) WHERE e.id = v.id",
                params,
            )


def remember_terms(entries: list[SearchEntry]) -> None:
    """Add the words of ``entries`` to the vocabulary of corrections, from the entries every
    member sees only: a word of a secret or unpublished document must neither be offered as
    a correction nor make correcting a neighbour slower (``service.corrections``)."""
    words = set()
    for entry in entries:
        if entry.seen_by_every_member:
            words.update(  # folded text is normalised already: its tokens as they stand
                word
                for word in normalized_tokens(f"{entry.folded_title} {entry.folded_text}")
                if MIN_TERM_LENGTH <= len(word) <= 60 and word.isalpha()
            )
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=word, length=len(word)) for word in words],
        ignore_conflicts=True,
        batch_size=1000,
    )
