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
        call_command(
            "import_documents", str(path), "--no-progress", *args, stdout=stdout, stderr=stderr
        )
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
        chosen = [
            option.get("value", option.get_text())
            for option in tag.find_all("option")
            if option.has_attr("selected")
        ]
        if tag.has_attr("multiple"):
            data[name] = chosen
        else:
            first = tag.find("option")
            data[name] = chosen[0] if chosen else (first.get("value", "") if first else "")
    body = [(block["type"], block["value"]) for block in page.specific.body.raw_data]
    data.update(nested_form_data({"body": streamfield(body)}))
    data.update(
        {
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
    )
    data.update(changes)
    return data


def admin_publish(client, page, **changes):
    """Edit ``page`` in the Wagtail admin and press "Publish"; returns the response."""
    data = admin_edit_data(client, page, **changes)
    data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


# --------------------------------------------------------------------------------------------
# Real files, made here


def make_pdf(lines: list[str]) -> bytes:
    """A small valid PDF whose text (any Unicode, e.g. Vietnamese) pypdf can extract.

    The text is written with a Type0 font in Identity-H encoding (each character as its
    2-byte code point) and a ToUnicode CMap that maps those codes back to Unicode.
    """
    chars = sorted({char for line in lines for char in line})
    sections = [
        f"{min(100, len(chars[i:]))} beginbfchar\n"
        + "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars[i : i + 100])
        + "\nendbfchar"
        for i in range(0, len(chars), 100)
    ]
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(sections)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()
    text_ops = []
    for number, line in enumerate(lines):
        hex_text = "".join(f"{ord(c):04X}" for c in line)
        text_ops.append(f"BT /F1 12 Tf 72 {760 - 18 * number} Td <{hex_text}> Tj ET")
    content = "\n".join(text_ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ArialUnicodeMS /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialUnicodeMS "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 8 0 R /DW 600 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"endstream",
        b"<< /Type /FontDescriptor /FontName /ArialUnicodeMS /Flags 32 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
        b"/CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypt_pdf(data: bytes, password: str = "mat-khau-2025") -> bytes:
    """The same PDF protected by a user password (RC4, which pypdf handles on its own)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    from io import BytesIO

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = BytesIO()
    document.save(out)
    return out.getvalue()
