#!/usr/bin/env python
"""`make screens`: PNG screenshots of each screen at 1366 and 360 px into docs/screens/.

Builds the demo in a database of its own (``.screens/db.sqlite3``, media in
``.screens/media``; ``--fresh`` rebuilds it), serves it with ``runserver`` on a free port,
and drives Debian's chromium through Playwright as the people of the demo, with a browser
that asks for English (``Accept-Language: en-US``, as many office PCs do): the screens show
what they get. Screens are listed in ``SCREENS``; ``--only NAME`` takes some of them.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".screens"
OUT = ROOT / "docs" / "screens"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {1366: 900, 360: 780}


@dataclass(frozen=True)
class Screen:
    name: str
    user: str | None
    path: str  # a path, or "doc:<number>" / "admin-doc:<number>" / "plan:<slug>"
    full_page: bool = True


SCREENS = [
    Screen("login", None, "/dang-nhap/", full_page=False),
    Screen("home-member", "dangvien", "/"),
    Screen("home-leader", "lanhdaophong", "/"),
    Screen("home-office-editor", "bientap", "/"),
    Screen("home-unit-editor", "bientap.truongvinh", "/"),
    Screen("search", "dangvien", "/tim-kiem/?q=quy+ch%E1%BA%BF"),
    Screen("library", "dangvien", "/van-ban/"),
    Screen("document", "dangvien", "doc:first"),
    Screen("secret-document", "thuongvu", "doc:secret"),
    Screen("study-plan", "dangvien", "plan:first"),
    Screen("my-unit", "bientap.truongvinh", "/don-vi-cua-toi/"),
    Screen("not-found", "dangvien", "/khong-co-trang-nay/", full_page=False),
    Screen("admin-document-edit", "bientap", "admin-doc:first"),
    # Charts (core.charts): the Office's overview, a status table by cluster, study
    # completion by unit, a movement's ranking, the tasks dashboard.
    Screen("office-overview", "bientap", "/tiep-nhan/"),
    Screen("delivery-status", "bientap", "status:2298-CV/TU"),
    Screen("study-progress", "bientap", "progress:first"),
    Screen("emulation-ranking", "dangvien", "ranking:first"),
    Screen("tasks-dashboard", "bientap", "/nhiem-vu/tong-hop/"),
]


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="intranet.settings.dev",
        DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def build_demo(fresh: bool) -> None:
    if fresh and WORK.exists():
        for path in sorted(WORK.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    WORK.mkdir(exist_ok=True)
    new = not (WORK / "db.sqlite3").exists()
    print("Migrating the demo in .screens/...", flush=True)
    manage("migrate", "--noinput", "-v", "0")  # a kept database follows the code's migrations
    if new:
        print("Loading the demo in .screens/ (load_demo)...", flush=True)
        manage("load_demo")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the development server did not start")


def resolve(path: str) -> str:
    """Turn ``doc:first`` and the like into a path, asking the demo database."""
    if ":" not in path or path.startswith("/"):
        return path
    kind, which = path.split(":", 1)
    code = {
        "doc": "from regulations.models import PartyDocumentPage as M\n"
        "q = M.objects.live().order_by('-issued_on')\n"
        "p = (q.exclude(confidentiality='') if '{w}' == 'secret' else "
        "q.filter(confidentiality='').exclude(body=[])).first()\nprint(p.url)",
        "admin-doc": "from regulations.models import PartyDocumentPage as M\n"
        "p = M.objects.live().filter(confidentiality='').order_by('-issued_on').first()\n"
        "print(f'/admin/pages/{{p.pk}}/edit/')",
        "plan": "from study.models import StudyPlanPage as M\n"
        "print(M.objects.live().order_by('-pk').first().url)",
        "status": "from regulations.models import PartyDocumentPage as M\n"
        "print(f'/tiep-nhan/van-ban/{{M.objects.live().get(number=\"{w}\").pk}}/')",
        "progress": "from study.models import StudyPlanPage as M\n"
        "print(M.objects.live().filter(audience_all=True).order_by('pk').first().url + 'tien-do/')",
        "ranking": "from emulation.models import EmulationMovementPage as M\n"
        "print(M.objects.live().filter(rankings__isnull=False).distinct().first().url)",
    }[kind].format(w=which)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def shoot(base: str, screens: list[Screen]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    os.environ.update(environment())
    import django

    django.setup()
    from organisation.demo_accounts import DEMO_PASSWORD

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    paths = {screen.name: resolve(screen.path) for screen in screens}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for width, height in WIDTHS.items():
            sessions = {}
            for screen in screens:
                if screen.user not in sessions:
                    context = browser.new_context(
                        base_url=base,
                        viewport={"width": width, "height": height},
                        locale="en-US",
                        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
                    )
                    page = context.new_page()
                    if screen.user:
                        page.goto("/dang-nhap/")
                        page.fill("input[name=username]", screen.user)
                        page.fill("input[name=password]", DEMO_PASSWORD)
                        page.click("form button[type=submit]")
                        page.wait_for_load_state("networkidle")
                    sessions[screen.user] = page
                page = sessions[screen.user]
                page.goto(paths[screen.name])
                page.wait_for_load_state("networkidle")
                target = OUT / f"{screen.name}-{width}.png"
                page.screenshot(path=str(target), full_page=screen.full_page)
                written.append(target)
                print(f"{target.relative_to(ROOT)}", flush=True)
            for page in sessions.values():
                page.context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database first")
    parser.add_argument("--only", nargs="*", default=[], help="names of screens to take")
    args = parser.parse_args(argv)
    screens = [s for s in SCREENS if not args.only or s.name in args.only]
    build_demo(args.fresh)
    port = free_port()
    server = serve(port)
    try:
        shoot(f"http://127.0.0.1:{port}", screens)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
