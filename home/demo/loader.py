"""Idempotent demo content: units, accounts, documents, news, study plans (study.demo),
emulation (emulation.demo), the weekly work schedule (schedule.demo) and tasks assigned by
documents (tasks.demo)."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from emulation import demo as emulation_demo
from organisation import roles
from organisation.demo_accounts import DemoAccount, ensure_account
from organisation.models import UnitMembership
from organisation.units_csv import load_units_csv
from regulations.importer import import_documents
from schedule import demo as schedule_demo
from study.demo import load_study_demo
from tasks import demo as tasks_demo

from ..models import EmulationIndexPage, NewsIndexPage, NewsPage
from . import content

DEMO_DIR = Path(__file__).resolve().parent


ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", (roles.ADMINISTRATOR,), superuser=True),
    DemoAccount("bientap", "Nguyễn Thị Hoa", (roles.EDITOR,)),
    DemoAccount("lanhdaophong", "Trần Văn Minh", (roles.REVIEWER,)),
    DemoAccount("chanhvanphong", "Lê Quang Huy", (roles.PUBLISHER,)),
    DemoAccount("dangvien", "Phạm Thị Lan", (), unit="phuong-truong-vinh"),
    DemoAccount(
        "lanhdao.truongvinh",
        "Nguyễn Văn Thành",
        (),
        unit="phuong-truong-vinh",
        unit_role=UnitMembership.Role.LEADER,
    ),
    DemoAccount("thuongvu", "Hoàng Văn Nam", (roles.STANDING_COMMITTEE,)),
    DemoAccount(
        "bientap.truongvinh",
        "Đặng Thu Trang",
        (roles.unit_editor_group_name("phuong-truong-vinh"),),
        unit="phuong-truong-vinh",
        unit_role=UnitMembership.Role.EDITOR,
    ),
    DemoAccount(
        "bientap.dienchau",
        "Võ Đức Thắng",
        (roles.unit_editor_group_name("xa-dien-chau"),),
        unit="xa-dien-chau",
        unit_role=UnitMembership.Role.EDITOR,
    ),
]


def load_demo(stdout=None) -> list[DemoAccount]:
    load_units_csv((DEMO_DIR / "units.csv").read_text(encoding="utf-8"))
    with transaction.atomic():
        _accounts()
    lines = (DEMO_DIR / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    summary = import_documents(lines)
    if stdout is not None:
        stdout.write(
            f"Văn bản: tạo mới {summary.created}, cập nhật {summary.updated}, "
            f"không đổi {summary.unchanged}, từ chối {summary.rejected}"
        )
    with transaction.atomic():
        _news()
    load_study_demo()
    with transaction.atomic():
        emulation_demo.load(EmulationIndexPage.objects.first())
    with transaction.atomic():
        schedule_demo.load(timezone.localdate())
        tasks_demo.load()
    return ACCOUNTS


def _accounts() -> None:
    for account in ACCOUNTS:
        ensure_account(account)


def _body(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def _publish_news(parent, item: dict) -> None:
    if NewsPage.objects.child_of(parent).filter(slug=item["slug"]).exists():
        return
    page = NewsPage(
        title=item["title"],
        slug=item["slug"],
        date=item["date"],
        intro=item["intro"],
        body=_body(item["paragraphs"]),
    )
    page.tags.set(item["tags"])
    parent.add_child(instance=page)
    page.save_revision().publish()


def _news() -> None:
    from organisation.models import UnitPage

    news_index = NewsIndexPage.objects.first()
    emulation_index = EmulationIndexPage.objects.first()
    for item in content.OFFICE_NEWS:
        _publish_news(news_index, item)
    for item in content.EMULATION_NEWS:
        _publish_news(emulation_index, item)
    for unit_code, item in content.UNIT_NEWS.items():
        _publish_news(UnitPage.objects.get(unit__code=unit_code), item)
