"""Backup and restore: a dump restored into an empty database gives back the same intranet.

The test builds content beyond the demo (an attachment with its bytes, a relation, a draft
revision, a user in a group), backs up, empties the database and the media store, restores
with the command, and compares pages, revisions, documents, relations, attachments' bytes,
users, groups and permissions one by one; then reads a document and searches through the
real views.
"""

import hashlib
import json
import tarfile
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Revision

from operations.backup import flush_database
from regulations.models import DocumentAttachment, DocumentRelation, PartyDocumentPage

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256))


def _type_key(content_type_id):
    content_type = ContentType.objects.get(pk=content_type_id)
    return content_type.app_label, content_type.model


def _stored_body(page_id):
    """The body column as stored (block ids included): ``raw_data`` makes up missing ids."""
    with connection.cursor() as cursor:
        table = PartyDocumentPage._meta.db_table
        cursor.execute(f"SELECT body FROM {table} WHERE page_ptr_id = %s", [page_id])
        return cursor.fetchone()[0]


def snapshot() -> dict:
    """Everything a restore must give back, in a form comparable across databases."""
    pages = [
        (p.pk, p.title, p.slug, p.path, p.url_path, p.live, p.has_unpublished_changes,
         _type_key(p.content_type_id), p.latest_revision_id, p.first_published_at)
        for p in Page.objects.order_by("pk")
    ]  # fmt: skip
    revisions = []
    for revision in Revision.objects.order_by("pk"):
        content = dict(revision.content)
        if "content_type" in content:
            content["content_type"] = _type_key(content["content_type"])
        revisions.append((revision.pk, revision.object_id, revision.created_at, content))
    documents = [
        (d.pk, d.number, d.issued_on, d.doc_type, d.validity, d.confidentiality, _stored_body(d.pk),
         sorted(d.issuers.values_list("code", flat=True)),
         sorted(d.tags.values_list("name", flat=True)),
         sorted(d.restricted_groups.values_list("name", flat=True)))
        for d in PartyDocumentPage.objects.order_by("pk")
    ]  # fmt: skip
    relations = sorted(
        DocumentRelation.objects.values_list(
            "source_id", "relation_type", "target_id", "target_number", "target_issued_on"
        )
    )
    attachments = []
    for attachment in DocumentAttachment.objects.order_by("pk"):
        with attachment.file.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        attachments.append(
            (attachment.pk, attachment.page_id, attachment.title, attachment.file.name, digest,
             attachment.extraction_status, attachment.extracted_text)
        )  # fmt: skip
    users = [
        (u.username, u.email, u.password, u.is_superuser, u.is_active,
         sorted(u.groups.values_list("name", flat=True)))
        for u in get_user_model().objects.order_by("username")
    ]  # fmt: skip
    groups = [
        (g.name, sorted(g.permissions.values_list("content_type__app_label", "codename")))
        for g in Group.objects.order_by("name")
    ]
    page_permissions = sorted(
        GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")
    )
    restrictions = sorted(
        (r.page_id, r.restriction_type, tuple(sorted(r.groups.values_list("name", flat=True))))
        for r in PageViewRestriction.objects.all()
    )
    return {
        "pages": pages,
        "revisions": revisions,
        "documents": documents,
        "relations": relations,
        "attachments": attachments,
        "users": users,
        "groups": groups,
        "page_permissions": page_permissions,
        "restrictions": restrictions,
    }


@pytest.fixture(autouse=True)
def _forget_cached_ids():
    """Restoring inside the test's transaction recreates content types with other ids; the
    rollback at the end brings the old rows back, so per-process caches must forget them."""
    yield
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()


@pytest.fixture
def extra_content(user_for):
    """Content the demo lacks: an attachment with bytes, a draft revision, a new account."""
    document = PartyDocumentPage.objects.live().filter(confidentiality="").order_by("pk").first()
    attachment = DocumentAttachment(page=document, title="Phụ lục sao lưu", sort_order=9)
    attachment.file.save("phu-luc-sao-luu.pdf", ContentFile(PDF), save=False)
    attachment.extraction_status = DocumentAttachment.Extraction.DONE
    attachment.extracted_text = "nội dung phụ lục sao lưu"
    attachment.save()
    draft = document.specific
    draft.title = f"{draft.title} (bản nháp sửa đổi)"
    draft.save_revision(user=user_for("editor"))
    user = get_user_model().objects.create_user("kiemtra.saoluu", password="MatKhau@2026xyz")
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return document


def _empty_everything():
    """What a new server has: a migrated, empty database and an empty media store."""
    flush_database()
    for name in _all_media():
        default_storage.delete(name)


def _all_media(folder=""):
    folders, files = default_storage.listdir(folder) if default_storage.exists(folder) else ([], [])
    names = [f"{folder}/{name}".lstrip("/") for name in files]
    for sub in folders:
        names += _all_media(f"{folder}/{sub}".lstrip("/"))
    return names


def test_backup_then_restore_into_an_empty_database_gives_the_same_intranet(
    tmp_path, extra_content, client_for
):
    before = snapshot()
    assert before["attachments"] and before["relations"] and before["restrictions"]
    document_url = extra_content.url
    member = client_for("member")
    search_before = member.get("/api/v1/search/?q=nghị quyết").json()
    out = StringIO()
    call_command("backup_intranet", "--output", str(tmp_path / "backups"), stdout=out)
    archives = list((tmp_path / "backups").glob("intranet-backup-*.tar.gz"))
    assert len(archives) == 1, out.getvalue()
    with tarfile.open(archives[0]) as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        names = archive.getnames()
    assert manifest["counts"]["regulations.PartyDocumentPage"] == len(before["documents"])
    attachment_file = DocumentAttachment.objects.get(title="Phụ lục sao lưu").file.name
    assert f"media/{attachment_file}" in names

    _empty_everything()
    assert not Page.objects.exists() and not get_user_model().objects.exists()
    assert not _all_media()

    out = StringIO()
    call_command("restore_intranet", str(archives[0]), stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    after = snapshot()
    for key in before:
        assert after[key] == before[key], key

    # The restored site works through the real views, search index included.
    member = client_for("member")
    response = member.get(document_url)
    assert response.status_code == 200
    assert extra_content.title in response.content.decode()
    search_after = member.get("/api/v1/search/?q=nghị quyết").json()
    assert search_after["count"] == search_before["count"] > 0
    assert [r["url"] for r in search_after["results"]] == [
        r["url"] for r in search_before["results"]
    ]
    attachment = DocumentAttachment.objects.get(title="Phụ lục sao lưu")
    download = member.get(f"/tep-dinh-kem/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup_intranet", "--output", str(tmp_path), stdout=StringIO())
    archive = next(tmp_path.glob("*.tar.gz"))
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore_intranet", str(archive), stdout=StringIO())


def test_restore_refuses_a_damaged_archive_and_writes_nothing(tmp_path):
    call_command("backup_intranet", "--output", str(tmp_path), stdout=StringIO())
    archive = next(tmp_path.glob("*.tar.gz"))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "data.json":
                data = data.replace(b'"live": true', b'"live": false', 1)
            member.size = len(data)
            target.addfile(member, __import__("io").BytesIO(data))
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="không khớp mã kiểm tra"):
        call_command("restore_intranet", str(damaged), "--force", stdout=StringIO())
    assert Page.objects.count() == pages
