"""Backups of the whole intranet (database and media) and their restoration.

An archive ``intranet-backup-YYYYMMDD-HHMMSS.tar.gz`` holds:

- ``data.json``: every table except what can be rebuilt (search indexes, sessions, task
  results, login attempts), as Django fixtures with *natural foreign keys*. That format is
  the same on SQLite and PostgreSQL, so one archive moves a SQLite demo to PostgreSQL;
  primary keys are kept because Wagtail refers to pages by id inside revisions and rich text.
- ``content_types.json``: the content type ids of the source database. Content type ids
  differ between databases, and Wagtail's revisions store them inside their JSON content,
  so a restore rewrites those ids into the target database's ones.
- ``media/``: the uploaded files (attachments, images, documents), read through the storage.
- ``manifest.json``: when, from which versions and engine, the number of rows of each model
  and the SHA-256 of every file in the archive, checked before anything is restored.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
# Models left out of the dump: rebuilt after a restore, or of no value in one.
EXCLUDED = [
    "contenttypes",  # recreated by migrate; referred to by natural keys
    "auth.permission",  # idem
    "sessions",
    "axes",
    "django_tasks_database",
    "search.searchentry",
    "search.searchterm",
    "wagtailsearch",
    "wagtailadmin.editingsession",
]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass
class RestoreReport:
    objects: int = 0
    media_files: int = 0
    remapped_revisions: int = 0
    warnings: list[str] = field(default_factory=list)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _included_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in excluded_apps or meta.label_lower in excluded_models:
            continue
        yield model


def _media_names(storage, folder: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += _media_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o640
    archive.addfile(info, io.BytesIO(data))


def create_backup(output_dir: Path, *, include_media: bool = True, now=None) -> Path:
    """Write the archive into ``output_dir`` and return its path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or timezone.localtime()).strftime("%Y%m%d-%H%M%S")
    target = output_dir / f"intranet-backup-{stamp}.tar.gz"
    partial = target.with_name(target.name + ".partial")
    checksums: dict[str, str] = {}
    counts = {m._meta.label: m._default_manager.count() for m in _included_models()}
    with tempfile.TemporaryDirectory() as workdir:
        dump = Path(workdir) / "data.json"
        # One read transaction: the dump is a consistent snapshot while the site runs.
        with transaction.atomic():
            call_command(
                "dumpdata",
                *[m._meta.label for m in _included_models()],
                natural_foreign=True,
                output=str(dump),
                format="json-exact",
                verbosity=0,
            )
        types = {str(ct.pk): [ct.app_label, ct.model] for ct in ContentType.objects.order_by("pk")}
        with tarfile.open(partial, "w:gz") as archive:
            data = dump.read_bytes()
            checksums["data.json"] = _sha256(data)
            _add_bytes(archive, "data.json", data)
            type_bytes = json.dumps(types, indent=1).encode()
            checksums["content_types.json"] = _sha256(type_bytes)
            _add_bytes(archive, "content_types.json", type_bytes)
            media = _media_names(default_storage) if include_media else []
            for name in media:
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
                checksums[f"media/{name}"] = _sha256(content)
                _add_bytes(archive, f"media/{name}", content)
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "versions": {
                    name: _version(name) for name in ("intranet", "django", "wagtail", "python")
                }
                | {"python": _python_version()},
                "migrations": _applied_migrations(),
                "counts": counts,
                "media_files": len(media),
                "checksums": checksums,
            }
            _add_bytes(
                archive,
                "manifest.json",
                json.dumps(manifest, indent=1, ensure_ascii=False).encode(),
            )
    partial.rename(target)  # never a half-written archive under the final name
    return target


def _python_version() -> str:
    import platform

    return platform.python_version()


def _applied_migrations() -> dict[str, str]:
    """The latest applied migration of each app (restoring needs the same or newer code)."""
    latest: dict[str, str] = {}
    executor = MigrationExecutor(connection)
    for app_label, name in sorted(executor.loader.applied_migrations):
        latest[app_label] = max(latest.get(app_label, ""), name)
    return latest


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        return json.loads(archive.extractfile("manifest.json").read())


def is_empty_database() -> bool:
    """True for a migrated database with no content of its own.

    Wagtail's migrations create a root page, a welcome page and a site; nothing else counts
    as content. Any user, any further page or any document makes the database not empty.
    """
    from wagtail.models import Page

    return not get_user_model().objects.exists() and Page.objects.count() <= 2


def _check_migrations() -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            _("Cơ sở dữ liệu chưa được cập nhật cấu trúc: hãy chạy “manage.py migrate” trước.")
        )


def restore_backup(archive_path: Path, *, force: bool = False, rebuild_index=True):
    """Restore ``archive_path`` into this (empty, migrated) database and the media storage."""
    if not archive_path.is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": archive_path})
    _check_migrations()
    if not force and not is_empty_database():
        raise BackupError(
            _(
                "Cơ sở dữ liệu đích đã có dữ liệu (tài khoản hoặc trang). Chỉ khôi phục vào cơ sở "
                "dữ liệu trống; dùng --force để xóa toàn bộ dữ liệu hiện có và khôi phục đè."
            )
        )
    report = RestoreReport()
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        manifest, members = _verified_members(archive)
        dump = Path(tmp) / "data.json"
        dump.write_bytes(members.pop("data.json"))
        source_types = json.loads(members.pop("content_types.json"))
        with transaction.atomic():
            flush_database()
            call_command("loaddata", str(dump), format="json-exact", verbosity=0)
            report.remapped_revisions = _remap_revision_content_types(source_types)
            report.objects = sum(manifest["counts"].values())
        for name, content in members.items():
            storage_name = name.removeprefix("media/")
            if default_storage.exists(storage_name):
                default_storage.delete(storage_name)
            saved = default_storage.save(storage_name, ContentFile(content))
            if saved != storage_name:
                report.warnings.append(f"{storage_name} -> {saved}")
            report.media_files += 1
    if rebuild_index:
        call_command("update_index", backend_name="default", verbosity=0)
        call_command("rebuild_search_index", no_progress=True, verbosity=0, stdout=io.StringIO())
    return report


def flush_database() -> None:
    """Empty every table (``manage.py flush``), also inside a transaction with pending writes.

    PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending
    in the transaction: they are run first, then deferred again for the load that follows.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()  # the ids of the cached content types are gone
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _verified_members(archive: tarfile.TarFile) -> tuple[dict, dict[str, bytes]]:
    """The manifest and every other member, after checking each one's SHA-256."""
    try:
        manifest = json.loads(archive.extractfile("manifest.json").read())
    except (KeyError, json.JSONDecodeError) as error:
        raise BackupError(_("Tệp sao lưu không có bản kê (manifest.json) hợp lệ.")) from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("Tệp sao lưu có định dạng không được hỗ trợ."))
    members = {}
    for name, expected in manifest["checksums"].items():
        handle = archive.extractfile(name) if name in archive.getnames() else None
        data = handle.read() if handle else None
        if data is None or _sha256(data) != expected:
            raise BackupError(
                _("Tệp sao lưu bị hỏng hoặc thiếu: %(name)s không khớp mã kiểm tra.")
                % {"name": name}
            )
        members[name] = data
    return manifest, members


def _remap_revision_content_types(source_types: dict[str, list[str]]) -> int:
    """Rewrite content type ids stored inside revisions' JSON to this database's ids."""
    from wagtail.models import Revision

    here = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    mapping = {}
    for old_id, (app_label, model) in source_types.items():
        new_id = here.get((app_label, model))
        if new_id is not None and int(old_id) != new_id:
            mapping[int(old_id)] = new_id
    if not mapping:
        return 0
    changed = 0
    for revision in Revision.objects.only("pk", "content").iterator():
        content = revision.content
        old = content.get("content_type") if isinstance(content, dict) else None
        if old in mapping:
            content["content_type"] = mapping[old]
            Revision.objects.filter(pk=revision.pk).update(content=content)
            changed += 1
    return changed


def default_output_dir() -> Path:
    from django.conf import settings

    return Path(getattr(settings, "BACKUP_DIR", "") or (settings.BASE_DIR / "backups"))
