"""What is worked out from a document's body, once per version of the body.

A code of 500 KB has 700 articles and 4,000 clauses. Reading its articles (for the articles
named in search results and "Tìm trong văn bản") and rendering it (the document page) from
the StreamField on every request cost most of the request. Both are kept in the shared cache
under a fingerprint of the body's blocks (their types and values, not the ids Wagtail gives
blocks that have none when it reads them), so any change of the body, through the admin, an
import or a published revision, is another key: nothing is invalidated by hand, nothing stale
can be served, and an entry no version uses ages out.
"""

import hashlib
import json

from django.core.cache import cache

TIMEOUT = 7 * 24 * 3600
# Raised when what is stored under a key changes shape (a new rendering, new fields).
VERSION = 1


def fingerprint(raw_blocks) -> str:
    """A hash of the blocks' types and values, in order."""
    content = [
        [item.get("type"), item.get("value")] if isinstance(item, dict) else item
        for item in raw_blocks
    ]
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


def cached(kind: str, body_fingerprint: str, build, *key_parts):
    """``build()``, kept under ``kind``, the body's fingerprint and ``key_parts`` (the language
    of a rendering, the signer whose lines are set apart...)."""
    extra = hashlib.sha1(json.dumps(key_parts, default=str).encode("utf-8")).hexdigest()[:16]
    key = f"regulations:body:{VERSION}:{kind}:{body_fingerprint}:{extra}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
