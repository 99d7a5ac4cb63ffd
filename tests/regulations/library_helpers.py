"""Helpers shared by the document library tests (imports, pages, attachments)."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

DEMO_DOCUMENTS = Path(__file__).resolve().parents[2] / "home" / "demo" / "documents.jsonl"
LIBRARY_URL = "/van-ban/"


def doc_line(number: str, issued_on: str, **fields) -> str:
    """One line of the import format: a minimal valid circular with ``fields`` changed."""
    data = {
        "number": number,
        "issued_on": issued_on,
        "doc_type": "HD",
        "kind": "circular",
        "title": f"Văn bản thử nghiệm {number}",
        "issuer": "Tỉnh ủy Nghệ An",
        "issuer_code": "TU",
        "summary": "",
        "body": "Nội dung văn bản thử nghiệm.",
    }
    data.update(fields)
    return json.dumps(data, ensure_ascii=False)


def write_lines(tmp_path, lines, name="import.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_import(path, *args) -> tuple[str, str, CommandError | None]:
    """``manage.py import_documents PATH ARGS`` through call_command: (stdout, stderr, error)."""
    stdout, stderr = StringIO(), StringIO()
    error = None
    try:
        call_command("import_documents", str(path), "--no-progress", *args, stdout=stdout, stderr=stderr)
    except CommandError as raised:
        error = raised
    return stdout.getvalue(), stderr.getvalue(), error


def import_lines(tmp_path, lines, *args):
    return run_import(write_lines(tmp_path, lines), *args)


def page_url(page) -> str:
    return page.get_url()
