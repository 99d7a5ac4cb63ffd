"""Idempotent set-up of what a unit needs (its page and editor group), and the helpers that
grant permissions, shared with the site's set-up (``home.setup``).

Every step looks up what exists and only creates or corrects what is missing.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from . import roles


@dataclass
class SetupReport:
    created: list[str] = field(default_factory=list)
    tallies: Counter = field(default_factory=Counter)

    def add(self, what: str) -> None:
        self.created.append(what)

    def tally(self, what: str, number: int = 1) -> None:
        """Count ``number`` more of ``what`` created, reported as one line by ``close``."""
        self.tallies[what] += number

    def close(self) -> "SetupReport":
        self.created.extend(f"{number} {what}" for what, number in self.tallies.items() if number)
        self.tallies.clear()
        return self


COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(group: Group, permission: Permission) -> int:
    """Give ``group`` a model permission; 1 if it was missing, else 0."""
    if group.permissions.filter(pk=permission.pk).exists():
        return 0
    group.permissions.add(permission)
    return 1


def grant_on_page(group: Group, page: Page, codename: str) -> int:
    _row, created = GroupPagePermission.objects.get_or_create(
        group=group, page=page, permission=permission("wagtailcore", codename)
    )
    return int(created)


def grant_on_collections(group: Group) -> int:
    root_collection = Collection.get_first_root_node()
    created = 0
    for app_label, codename in COLLECTION_PERMISSIONS:
        _row, new = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission(app_label, codename)
        )
        created += int(new)
    return created


def ensure_unit_group(unit, report: SetupReport | None = None) -> Group:
    """The unit's editor group, with edit rights on the unit's own page only.

    Its editors cannot publish: what they submit goes through "Duyệt tin đơn vị".
    """
    report = report or SetupReport()
    group, created = Group.objects.get_or_create(name=roles.unit_editor_group_name(unit.code))
    report.tally("nhóm biên tập viên đơn vị", int(created))
    granted = grant(group, permission("wagtailadmin", "access_admin"))
    page = getattr(unit, "page", None)
    if page is not None:
        for codename in ("add_page", "change_page"):
            granted += grant_on_page(group, page, codename)
        granted += grant_on_collections(group)
    report.tally("quyền của nhóm biên tập viên đơn vị", granted)
    return group


def ensure_unit_page(unit, report: SetupReport | None = None):
    from .models import UnitIndexPage, UnitPage

    page = UnitPage.objects.filter(unit=unit).first()
    if page is None:
        index = UnitIndexPage.objects.first()
        if index is None:
            return None
        page = UnitPage(title=unit.name, slug=unit.code, unit=unit)
        index.add_child(instance=page)
        page.save_revision().publish()
        if report:
            report.add(f"trang đơn vị {unit.name}")
        unit.page = page
    return page
