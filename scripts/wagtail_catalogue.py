#!/usr/bin/env python
"""Keep the Vietnamese catalogue of the Wagtail admin complete.

Wagtail ships a Vietnamese catalogue that covers only a fifth of its strings, so most of the
admin showed in English. ``intranet/locale_wagtail/vi/LC_MESSAGES/{django,djangojs}.po`` holds a
complete one. It is the second entry of ``LOCALE_PATHS``: Django lets it override the catalogues
of the installed apps, while our own ``locale/`` (listed first) still wins on a conflict. It is a
directory of its own because ``make messages`` runs ``makemessages --no-obsolete`` on ``locale/``,
which would drop every Wagtail msgid.

The .po files are the source of truth for the translations. This script:

* reads the English source catalogues (``<app>/locale/en/LC_MESSAGES/*.po``, which list every
  msgid) of each Wagtail app in ``INSTALLED_APPS`` (and django-modelsearch, should it ever ship
  strings), and of what the admin shows beside them: Django itself (relative times, form errors),
  its installed contrib apps, django-taggit and django-filter;
* keeps our existing translations, fills a new msgid from Wagtail's own Vietnamese catalogue when
  that has a non-fuzzy one, drops msgids Wagtail no longer has, and writes the .po files;
* compiles them with ``msgfmt --check-format`` (as ``compilemessages`` does) and prints the
  coverage per app; ``--strict`` exits with status 1 when a msgid is left untranslated.

After a Wagtail upgrade: ``.venv/bin/python scripts/wagtail_catalogue.py --todo /tmp/todo.txt``
lists the new untranslated msgids as ``KEY<space>msgid`` lines (``\\n`` for a line break, plural
entries as ``singular ||| plural``); translate them into a file of ``KEY<space>bản dịch`` lines
and merge it with ``--apply FILE``. The key is a hash of the context and msgid, so it survives
reordering. Vietnamese has one plural form: a plural entry takes one msgstr[0] carrying the
placeholders of the plural msgid.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "intranet" / "locale_wagtail" / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
HEADER = {
    "Project-Id-Version": "intranet (Wagtail admin)",
    "Report-Msgid-Bugs-To": "",
    "Last-Translator": "intranet maintainers",
    "Language-Team": "Vietnamese",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


# One spelling convention across the admin and our own strings: the tone mark of a word-final
# "oa", "oe", "uy" sits on the first vowel ("ủy", "khóa", "hòa", "khỏe"), as in the Party's
# documents; Wagtail's own translations use the other placement ("uỷ", "khoá"). After "q" the "u"
# belongs to the consonant ("quý" is right in both).
_FIRST_VOWEL_TONE = re.compile(r"(?<![qQ])([oOuU])([áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ])(?![\wÀ-ỹ])")
_TONED = "áàảãạéèẻẽẹýỳỷỹỵ"
_ON_O = "óòỏõọóòỏõọ"  # the tone of á..ạ / é..ẹ on "o"
_ON_U = "úùủũụ"  # the tone of ý..ỵ on "u"


def _move_tone(match: re.Match) -> str:
    vowel, toned = match.group(1), match.group(2)
    index = _TONED.index(toned.lower())
    second = "aeiy"[0 if index < 5 else 1 if index < 10 else 3]
    if vowel.lower() == "o" and index < 10:
        first = _ON_O[index]
    elif vowel.lower() == "u" and index >= 10:
        first = _ON_U[index - 10]
    else:
        return match.group(0)
    first = first.upper() if vowel.isupper() else first
    return first + (second.upper() if toned.isupper() else second)


def house_spelling(text: str) -> str:
    """``"Huỷ khoá"`` → ``"Hủy khóa"``: the tone placement of our own strings."""
    return _FIRST_VOWEL_TONE.sub(_move_tone, text)


def entry_key(msgctxt: str | None, msgid: str) -> str:
    """A short stable key for one message, used by --todo and --apply."""
    return hashlib.sha1(f"{msgctxt or ''}\x04{msgid}".encode()).hexdigest()[:8]


# Libraries whose strings the Wagtail admin shows next to Wagtail's own (relative times, form
# errors, tag fields, list filters) and whose Vietnamese catalogues are incomplete too.
SUPPORTING_APPS = ("taggit", "django_filters")


def admin_catalogues() -> list[tuple[str, Path, str]]:
    """(label, locale directory, package path) of every catalogue the admin draws on.

    The installed Wagtail apps and django-modelsearch, Django itself and its installed contrib
    apps, and SUPPORTING_APPS.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.dev")
    import django
    from django.apps import apps

    django.setup()
    found = []
    for config in apps.get_app_configs():
        name = config.name
        if (
            name == "wagtail"
            or name.startswith(("wagtail.", "modelsearch", "django.contrib."))
            or name in SUPPORTING_APPS
        ):
            found.append((name, Path(config.path) / "locale"))
    found.append(("django", Path(django.__file__).parent / "conf" / "locale"))
    site = Path(django.__file__).resolve().parents[1]
    return [
        (label, path, path.resolve().parent.relative_to(site).as_posix())
        for label, path in found
        if path.is_dir()
    ]


def source_file(locale_dir: Path, domain: str) -> Path | None:
    """The English catalogue, or any other one when a package ships none (same msgids)."""
    english = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
    if english.exists():
        return english
    others = sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
    return others[0] if others else None


def translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags or entry.obsolete:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def sources(domain: str) -> tuple[dict, dict, dict]:
    """The English entries, the apps using each msgid and upstream vi translations."""
    english: dict[tuple, polib.POEntry] = {}
    used_by: dict[tuple, list[str]] = defaultdict(list)
    upstream: dict[tuple, polib.POEntry] = {}
    for label, locale_dir, prefix in admin_catalogues():
        source = source_file(locale_dir, domain)
        if source is None:
            continue
        for entry in polib.pofile(str(source)):
            if entry.obsolete:
                continue
            key = (entry.msgctxt, entry.msgid)
            if key not in english:
                english[key] = polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    flags=[f for f in entry.flags if f != "fuzzy"],
                    occurrences=[],
                )
            seen = {path for path, _line in english[key].occurrences}
            for occurrence, _line in entry.occurrences:
                if f"{prefix}/{occurrence}" not in seen:
                    english[key].occurrences.append((f"{prefix}/{occurrence}", ""))
            used_by[key].append(label)
        vi = locale_dir / "vi" / "LC_MESSAGES" / f"{domain}.po"
        if vi.exists():
            for entry in polib.pofile(str(vi)):
                if translated(entry):
                    upstream.setdefault((entry.msgctxt, entry.msgid), entry)
    return english, used_by, upstream


def single_translation(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        values = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        return values[-1] if values else ""
    return entry.msgstr


def read_apply(paths: list[str]) -> dict[str, str]:
    translations = {}
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            key, _space, text = line.partition(" ")
            if len(key) != 8 or not text.strip():
                raise SystemExit(f"{path}:{number}: dòng không đúng dạng 'KHÓA bản dịch'")
            translations[key] = text.rstrip("\r").replace("\\n", "\n")
    return translations


def update(domain: str, applied: dict[str, str], todo: list[str]) -> dict[str, list]:
    english, used_by, upstream = sources(domain)
    target = TARGET / f"{domain}.po"
    existing = {}
    if target.exists():
        existing = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(target)) if translated(e)}
    catalogue = polib.POFile(wrapwidth=100)
    catalogue.header = (
        "Vietnamese translation of the Wagtail admin for the intranet.\n"
        "Generated and merged by scripts/wagtail_catalogue.py; edit the msgstr lines here."
    )
    catalogue.metadata = dict(HEADER)
    coverage: dict[str, list] = defaultdict(lambda: [0, 0])
    for key, entry in english.items():
        text = applied.get(entry_key(*key))
        if text is None and key in existing:
            text = single_translation(existing[key])
        if text is None and key in upstream:
            text = single_translation(upstream[key])
        text = house_spelling(text or "")
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
        entry.comment = ", ".join(used_by[key])
        catalogue.append(entry)
        for label in used_by[key]:
            coverage[label][1] += 1
            coverage[label][0] += bool(text)
        if not text:
            shown = entry.msgid + (f" ||| {entry.msgid_plural}" if entry.msgid_plural else "")
            context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
            todo.append(f"{entry_key(*key)} {context}{shown}".replace("\n", "\\n"))
    TARGET.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(target))
    compile_mo(target)
    return coverage


def compile_mo(po: Path) -> None:
    """Compile like Django's compilemessages, so `make messages` gives the same .mo."""
    try:
        subprocess.run(
            ["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True
        )
    except FileNotFoundError:
        raise SystemExit("Cần GNU gettext (msgfmt): apt-get install gettext") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apply", nargs="*", default=[], help="files of 'KEY bản dịch' lines")
    parser.add_argument("--todo", help="write the untranslated msgids to this file")
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 if a msgid is untranslated"
    )
    args = parser.parse_args(argv)
    applied = read_apply(args.apply)
    todo: list[str] = []
    missing = 0
    for domain in DOMAINS:
        for label, (done, total) in sorted(update(domain, applied, todo).items()):
            missing += total - done
            print(f"{domain:9} {label:28} {done:5}/{total:<5} {100 * done / total:6.1f}%")
    if args.todo:
        Path(args.todo).write_text("".join(f"{line}\n" for line in todo), encoding="utf-8")
    print(f"{missing} untranslated" + (f" (listed in {args.todo})" if args.todo else ""))
    return 1 if args.strict and missing else 0


if __name__ == "__main__":
    sys.exit(main())
