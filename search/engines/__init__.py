"""The search engines behind one small protocol (``base``): the database's own full text
(``database``: SQLite FTS5, PostgreSQL) and a search cluster (``cluster``: Elasticsearch 8 or
OpenSearch 2), chosen from the settings by ``engine()``."""

from django.conf import settings

from .base import MARKED_BONUS, TITLE_BONUS, TITLE_WEIGHT, Scope, TextQuery
from .database import sql_engine

__all__ = [
    "MARKED_BONUS",
    "TITLE_BONUS",
    "TITLE_WEIGHT",
    "Scope",
    "TextQuery",
    "engine",
    "sql_engine",
]


def engine():
    """The cluster when ``ELASTICSEARCH_URL`` is set, else the database's own full text."""
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .cluster import ElasticsearchEngine

        return ElasticsearchEngine()
    return sql_engine()
