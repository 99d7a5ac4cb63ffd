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


def admin_edit_data(client, page, **changes) -> dict:
    """The POST data of the Wagtail edit form of ``page``, as a browser would send it.

    The inputs come from the rendered form (a multiple select with nothing selected sends
    nothing; a textarea loses the newline after its opening tag); the StreamField body,
    which the admin builds in JavaScript, is rebuilt from the page with Wagtail's
    ``streamfield`` helper. ``changes`` override fields; lists are sent as repeated values.
    """
    from bs4 import BeautifulSoup
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser").find("form", id="page-edit-form")
    data: dict = {}
    for tag in form.find_all("input"):
        name, kind = tag.get("name"), tag.get("type", "text")
        if not name or "__prefix__" in name or name == "csrfmiddlewaretoken":
            continue
        if kind in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                data.setdefault(name, []).append(tag.get("value", "on"))
        elif kind not in ("submit", "button", "file"):
            data[name] = tag.get("value", "")
    for tag in form.find_all("textarea"):
        if tag.get("name") and "__prefix__" not in tag["name"]:
            data[tag["name"]] = tag.get_text().removeprefix("\n")
    for tag in form.find_all("select"):
        name = tag.get("name")
        if not name or "__prefix__" in name:
            continue
        chosen = [option.get("value", option.get_text()) for option in tag.find_all("option")
                  if option.has_attr("selected")]
        if tag.has_attr("multiple"):
            data[name] = chosen
        else:
            first = tag.find("option")
            data[name] = chosen[0] if chosen else (first.get("value", "") if first else "")
    body = [(block["type"], block["value"]) for block in page.specific.body.raw_data]
    data.update(nested_form_data({"body": streamfield(body)}))
    data.update({"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0",
                 "comments-MIN_NUM_FORMS": "0", "comments-MAX_NUM_FORMS": "1000"})
    data.update(changes)
    return data


def admin_publish(client, page, **changes):
    """Edit ``page`` in the Wagtail admin and press "Publish"; returns the response."""
    data = admin_edit_data(client, page, **changes)
    data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)
