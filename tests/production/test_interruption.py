"""An import or a background task stopped midway leaves nothing half-written; a rerun finishes.

The interruption is a ``KeyboardInterrupt`` (what Ctrl-C or a stopping worker raises) thrown
from inside the work, after some rows have already been written: in the import, once the
pages and revisions of the chunk's new documents exist but before they are published; in
the extraction task, once the attachment's text is stored but before the search entry is
written.
"""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Revision

from regulations.management.commands.resume_extractions import Command as ResumeCommand
from regulations.models import DocumentAttachment, DocumentRelation, PartyDocumentPage
from regulations.new_documents import NewDocuments
from regulations.tasks import extract_attachment_text
from search.models import SearchEntry
from tests.regulations.library_helpers import doc_line, make_pdf, run_import, write_lines

pytestmark = pytest.mark.django_db
NUMBERS = [f"{index}-HD/NGAT" for index in range(1, 6)]


def _lines():
    lines = [
        doc_line(number, "2030-02-0" + str(index), title=f"Hướng dẫn ngắt quãng số {index}")
        for index, number in enumerate(NUMBERS, start=1)
    ]
    # The last one refers to the first, so relations are part of what must not be half-done.
    lines[-1] = doc_line(
        NUMBERS[-1],
        "2030-02-05",
        title="Hướng dẫn ngắt quãng số 5",
        relations=[{"type": "guides", "number": NUMBERS[0], "issued_on": "2030-02-01"}],
    )
    return lines


def _state():
    documents = PartyDocumentPage.objects.filter(number__in=NUMBERS)
    return {
        "documents": documents.count(),
        "pages": Page.objects.filter(title__startswith="Hướng dẫn ngắt quãng").count(),
        "revisions": Revision.page_revisions.filter(
            object_id__in=[str(pk) for pk in documents.values_list("pk", flat=True)]
        ).count(),
        "entries": SearchEntry.objects.filter(number__in=NUMBERS).count(),
        "relations": DocumentRelation.objects.filter(source__number__in=NUMBERS).count(),
    }


def test_interrupted_import_writes_nothing_and_a_rerun_imports_everything(tmp_path, client_for):
    path = write_lines(tmp_path, _lines())
    entries_before = SearchEntry.objects.count()
    calls = {"n": 0}

    def stop_before_publishing(self, pages, revisions, published):
        calls["n"] += 1
        # the chunk's pages and revisions are written, not yet published
        assert len(pages) == 5 and all(Page.objects.filter(pk=p.pk).exists() for p in pages)
        assert Revision.page_revisions.filter(pk__in=[r.pk for r in revisions]).count() == 5
        raise KeyboardInterrupt

    with (
        mock.patch.object(NewDocuments, "_publish", stop_before_publishing),
        pytest.raises(KeyboardInterrupt),
    ):
        run_import(path)
    assert calls["n"] == 1
    assert _state() == {"documents": 0, "pages": 0, "revisions": 0, "entries": 0, "relations": 0}
    assert SearchEntry.objects.count() == entries_before
    assert not SearchEntry.objects.exclude(page_id__in=Page.objects.values("pk")).exists()

    _out, _err, error = run_import(path)
    assert error is None
    state = _state()
    assert state == {"documents": 5, "pages": 5, "revisions": 5, "entries": 5, "relations": 1}
    relation = DocumentRelation.objects.get(source__number=NUMBERS[-1])
    assert relation.target.number == NUMBERS[0]
    for document in PartyDocumentPage.objects.filter(number__in=NUMBERS):
        assert document.live and document.latest_revision_id
    found = client_for("member").get("/api/v1/search/?q=ngắt quãng").json()
    assert {r["number"] for r in found["results"]} == set(NUMBERS)

    # A third run changes nothing.
    out, _err, error = run_import(path)
    assert error is None
    assert _state() == state
    assert "không đổi 5" in out.lower() or "5" in out


def test_interrupted_extraction_leaves_the_attachment_pending_and_a_rerun_completes(
    client_for,
):
    document = PartyDocumentPage.objects.live().filter(confidentiality="").order_by("pk").first()
    pdf = make_pdf(["PHỤ LỤC", "Danh mục hồ sơ lưu trữ kiwiquanhco của Văn phòng."])
    attachment = DocumentAttachment(page=document, title="Phụ lục ngắt quãng", sort_order=5)
    attachment.file.save("phu-luc.pdf", ContentFile(pdf), save=False)
    attachment.save()
    member = client_for("member")

    def searchable() -> int:
        return member.get("/api/v1/search/?q=kiwiquanhco").json()["count"]

    assert attachment.extraction_status == DocumentAttachment.Extraction.PENDING
    with (
        mock.patch(
            "regulations.tasks.index.insert_or_update_object", side_effect=KeyboardInterrupt
        ),
        pytest.raises(KeyboardInterrupt),
    ):
        extract_attachment_text.call(attachment.pk)
    attachment.refresh_from_db()
    assert attachment.extraction_status == DocumentAttachment.Extraction.PENDING
    assert attachment.extracted_text == "" and attachment.file_size == 0
    assert searchable() == 0

    assert extract_attachment_text.call(attachment.pk) == DocumentAttachment.Extraction.DONE
    attachment.refresh_from_db()
    assert "kiwiquanhco" in attachment.extracted_text
    assert attachment.file_size == len(pdf)
    assert searchable() == 1
    # Running it once more gives the same result.
    assert extract_attachment_text.call(attachment.pk) == DocumentAttachment.Extraction.DONE
    assert searchable() == 1


@pytest.fixture
def queued_in_the_database(settings):
    """Tasks go through django-tasks' table, as in production (tests run them at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _attachment(title: str) -> DocumentAttachment:
    document = PartyDocumentPage.objects.live().filter(confidentiality="").order_by("pk").first()
    attachment = DocumentAttachment(page=document, title=title, sort_order=9)
    attachment.file.save("phu-luc.pdf", ContentFile(make_pdf(["PHỤ LỤC"])), save=False)
    attachment.save()
    return attachment


def _resume(*args) -> str:
    out = StringIO()
    call_command("resume_extractions", *args, stdout=out)
    return out.getvalue()


def test_resume_extractions_closes_dead_workers_tasks_and_queues_each_pending_file_once(
    queued_in_the_database,
):
    ours = DBTaskResult.objects.filter(task_path=extract_attachment_text.module_path)
    ours.delete()
    dead, alive, waiting, forgotten = (
        _attachment(title) for title in ("Chết", "Đang chạy", "Đang chờ", "Bị quên")
    )
    ours.delete()  # saving queues an extraction (on commit, which tests never reach)
    started = {dead: timezone.now() - timedelta(hours=3), alive: timezone.now()}
    for attachment, when in started.items():
        extract_attachment_text.enqueue(attachment.pk)
        ours.filter(args_kwargs__args=[attachment.pk]).update(
            status=TaskResultStatus.RUNNING, started_at=when
        )
    extract_attachment_text.enqueue(waiting.pk)

    assert "1" in _resume("--dry-run") and ours.count() == 3  # says, changes nothing
    out = _resume()
    assert out.strip() == "Đã đóng 1 tác vụ mất tiến trình và đưa 2 tệp vào hàng đợi."
    failed = ours.get(status=TaskResultStatus.FAILED)
    assert failed.args_kwargs["args"] == [dead.pk] and "WorkerLost" in failed.exception_class_path
    ready = ours.filter(status=TaskResultStatus.READY)
    assert sorted(row.args_kwargs["args"][0] for row in ready) == sorted(
        [dead.pk, waiting.pk, forgotten.pk]
    )
    # Again: nothing more to close or queue.
    assert _resume().strip() == "Đã đóng 0 tác vụ mất tiến trình và đưa 0 tệp vào hàng đợi."
    assert ours.count() == 5


def test_resume_extractions_explains_itself_and_refuses_a_bad_age():
    parser = ResumeCommand().create_parser("manage.py", "resume_extractions")
    help_text = " ".join(parser.format_help().split())  # argparse wraps lines
    assert "--stale-minutes" in help_text and "--dry-run" in help_text
    assert "hàng đợi" in help_text
    with pytest.raises(CommandError, match="--stale-minutes"):
        _resume("--stale-minutes", "0")
