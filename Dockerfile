# The intranet's application image: gunicorn (web), the django-tasks worker and the
# one-shot set-up all run from it (see compose.yaml and docs/deploy.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=intranet.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups \
    GUNICORN_BIND=0.0.0.0:8000

# libpq for psycopg, the PostgreSQL client for backups and checks, gettext for catalogues.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 postgresql-client gettext curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 intranet \
 && mkdir -p /data/media /data/backups \
 && chown -R intranet:intranet /data

WORKDIR /app
# Dependencies first (cached while only the code changes), pinned by requirements.lock.
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .

COPY --chown=intranet:intranet . .
# Static files collected and compressed at build time; the key only lets settings load.
RUN SECRET_KEY=build-only-not-a-secret-0123456789abcdef \
    python manage.py collectstatic --noinput -v0 \
 && python manage.py compilemessages --ignore=.venv -v0

USER intranet
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -H "Host: ${HEALTHCHECK_HOST:-localhost}" http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "-c", "gunicorn.conf.py", "intranet.wsgi:application"]
