"""The translation catalogues: Vietnamese source strings, English as the second language.

The msgids are Vietnamese, so the ``vi`` catalogue repeats them and the ``en`` catalogue
translates them. Both must be complete, free of fuzzy entries and compiled; the English one
must keep every placeholder of its msgid.
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOGUE_LANGUAGES = ("vi", "en")
PLURAL_FORMS = {"vi": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
# Named (%(name)s) and positional (%s) printf placeholders, and str.format fields ({name}).
NAMED = re.compile(r"%\((\w+)\)[diouxXeEfFgGcrs]")
POSITIONAL = re.compile(r"%[diouxXeEfFgGcrs]")
BRACES = re.compile(r"\{\w*\}")


def catalogue_path(language: str, suffix: str = "po") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{suffix}"


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    plurals: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.plurals[index] for index in sorted(self.plurals)]


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """A minimal PO reader: the header entry and the other (non-obsolete) entries."""
    entries: list[Entry] = []
    entry, current = Entry(), None

    def finish():
        nonlocal entry, current
        if current is not None:
            entries.append(entry)
        entry, current = Entry(), None

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword in ("msgctxt", "msgid") and current not in (None, "msgctxt"):
                finish()
            current = int(index) if index is not None else keyword
        else:
            value = ast.literal_eval(line)
        if isinstance(current, int):
            entry.plurals[current] = entry.plurals.get(current, "") + value
        else:
            setattr(entry, current, (getattr(entry, current) or "") + value)
    finish()
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1, f"{path}: no header entry"
    return header[0], [e for e in entries if e is not header[0]]


def placeholders(text: str) -> tuple[list[str], list[str], list[str]]:
    text = text.replace("%%", "")
    named = sorted(NAMED.findall(text))
    return named, POSITIONAL.findall(NAMED.sub("", text)), BRACES.findall(text)


@pytest.fixture(scope="module", params=CATALOGUE_LANGUAGES)
def catalogue(request):
    header, entries = parse_po(catalogue_path(request.param))
    return request.param, header, entries


def test_catalogue_headers(catalogue):
    language, header, entries = catalogue
    assert entries, f"{language}: the catalogue is empty"
    assert "fuzzy" not in header.flags
    fields = dict(line.split(": ", 1) for line in header.msgstr.splitlines() if ": " in line)
    assert fields["Project-Id-Version"] == "intranet"
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == PLURAL_FORMS[language]


def test_every_entry_is_translated_and_not_fuzzy(catalogue):
    language, header, entries = catalogue
    nplurals = int(re.search(r"nplurals=(\d+)", header.msgstr).group(1))
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in entries if not all(e.translations)]
    wrong_plurals = [
        e.msgid for e in entries if e.msgid_plural is not None and len(e.plurals) != nplurals
    ]
    assert not fuzzy, f"{language}: fuzzy entries: {fuzzy}"
    assert not untranslated, f"{language}: untranslated entries: {untranslated}"
    assert not wrong_plurals, f"{language}: entries without {nplurals} plural forms"


def test_vietnamese_catalogue_repeats_the_msgids():
    _header, entries = parse_po(catalogue_path("vi"))
    different = [e.msgid for e in entries if e.translations != [e.msgid]]
    assert not different, f"vi: msgstr differs from msgid: {different}"


def test_english_translations_keep_every_placeholder():
    _header, entries = parse_po(catalogue_path("en"))
    problems = []
    for entry in entries:
        expected = placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            assert placeholders(entry.msgid_plural) == expected, entry.msgid
        problems += [
            (entry.msgid, msgstr)
            for msgstr in entry.translations
            if placeholders(msgstr) != expected
        ]
    assert not problems, f"en: placeholders differ: {problems}"


def test_english_catalogue_is_really_english():
    _header, entries = parse_po(catalogue_path("en"))
    copied = [e.msgid for e in entries if e.msgid != "English" and e.msgstr == e.msgid]
    assert not copied, f"en: msgstr left as the Vietnamese msgid: {copied}"


def test_compiled_catalogues_match_the_po_files(catalogue):
    """The .mo files exist and were compiled from the current .po files."""
    language, _header, entries = catalogue
    with catalogue_path(language, "mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in entries:
        if entry.msgid_plural is not None:
            counts = {"vi": [1], "en": [1, 2]}[language]
            found = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in counts]
        elif entry.msgctxt is not None:
            found = [compiled.pgettext(entry.msgctxt, entry.msgid)]
        else:
            found = [compiled.gettext(entry.msgid)]
        assert found == entry.translations, f"{language}: {entry.msgid!r} is not compiled"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_msgfmt_accepts_the_catalogues(catalogue):
    language, _header, _entries = catalogue
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def english_client(client_for):
    client = client_for("member")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_home_page_in_english(client_for):
    html = english_client(client_for).get("/").content.decode()
    assert '<html lang="en">' in html
    # Issue 18: one list of the newest documents of every kind, after what needs the user.
    for text in ["What needs me", "Latest documents", "All documents", "News", "Log out"]:
        assert text in html, text
    assert "Skip to main content" in html
    for text in ["Đăng xuất", "Chuyển đến nội dung chính", "Việc cần làm", "Tất cả văn bản"]:
        assert text not in html, text


def test_document_library_in_english(client_for):
    response = english_client(client_for).get("/van-ban/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Filter documents",
        "Document type",
        "Issuing body",
        "Field",
        "Year of issue",
        "Validity",
        "Sort by",
        "Newest first",
        "Oldest first",
        "Follow new documents (RSS)",
        "Date of issue",
        "In force",
    ]:
        assert text in html, text
    assert re.search(r">\d+ documents?<", html)
    vietnamese = [
        "Lọc văn bản",
        "Loại văn bản",
        "Năm ban hành",
        "Mới ban hành trước",
        "Còn hiệu lực",
    ]
    for text in vietnamese:
        assert text not in html, text


def test_pages_are_vietnamese_by_default(client_for):
    client = client_for("member")
    home = client.get("/").content.decode()
    assert '<html lang="vi">' in home
    for text in ["Văn bản mới", "Tin tức", "Đăng xuất", "Chuyển đến nội dung chính"]:
        assert text in home, text
    for text in ["Latest documents", "Log out", "Skip to main content"]:
        assert text not in home, text
    library = client.get("/van-ban/").content.decode()
    for text in [
        "Lọc văn bản",
        "Loại văn bản",
        "Cơ quan ban hành",
        "Năm ban hành",
        "Hiệu lực",
        "Sắp xếp",
        "Mới ban hành trước",
        "Còn hiệu lực",
    ]:
        assert text in library, text
    assert re.search(r">\d+ văn bản<", library)
    for text in ["Filter documents", "Document type", "Newest first", "In force"]:
        assert text not in library, text


def test_switching_back_to_vietnamese(client_for):
    client = english_client(client_for)
    assert "Log out" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html and "Đăng xuất" in html and "Log out" not in html
