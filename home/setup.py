"""Idempotent set-up of roles, permissions, the page tree and workflows.

Run by ``manage.py setup_intranet``; every step looks up what exists and only creates or
corrects what is missing, so running it twice changes nothing the second time. It sits in
``home``, the layer that knows every app, because the tree and the workflows span them all.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage, WorkflowTask

from organisation import roles
from organisation.models import Unit
from organisation.setup import (
    SetupReport,
    ensure_unit_group,
    ensure_unit_page,
    grant,
    grant_on_collections,
    grant_on_page,
    permission,
)

from .models import HomePage

SECTIONS = [
    # (model label, title, slug)
    ("regulations.DocumentLibraryPage", "Thư viện văn bản", "van-ban"),
    ("home.NewsIndexPage", "Tin tức", "tin-tuc"),
    ("home.EmulationIndexPage", "Thi đua – Khen thưởng", "thi-dua-khen-thuong"),
    ("study.StudyIndexPage", "Học tập, quán triệt", "hoc-tap"),
    ("schedule.ScheduleIndexPage", "Lịch công tác", "lich-cong-tac"),
    ("organisation.UnitIndexPage", "Đơn vị", "don-vi"),
]

PAGE_PERMISSIONS = {
    roles.EDITOR: ["add_page", "change_page"],
    roles.REVIEWER: ["add_page", "change_page", "lock_page", "unlock_page"],
    roles.PUBLISHER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    roles.ADMINISTRATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
# The last task of a workflow publishes the page as the user who approves it, and Wagtail
# refuses unless that user may publish the page. So the final approvers of each workflow
# may publish where that workflow applies, and nowhere else (a reviewer still cannot
# publish a document; documents and everything else end with the Chánh Văn phòng).
SECTION_PAGE_PERMISSIONS = [
    # (section model label, role, codenames)
    ("home.NewsIndexPage", roles.REVIEWER, ["publish_page"]),
    ("home.EmulationIndexPage", roles.REVIEWER, ["publish_page"]),
    ("schedule.ScheduleIndexPage", roles.REVIEWER, ["publish_page"]),
    ("organisation.UnitIndexPage", roles.EDITOR, ["publish_page"]),
]
ADMINISTRATOR_MODEL_PERMISSIONS = [
    ("auth", "user"),
    ("auth", "group"),
    ("organisation", "unit"),
    ("organisation", "unitmembership"),
    ("regulations", "issuer"),
    ("schedule", "leader"),
    ("tasks", "task"),
    ("wagtailcore", "site"),
    ("wagtailcore", "workflow"),
    ("wagtailcore", "task"),
]
OFFICE_MODEL_PERMISSIONS = [("regulations", "issuer"), ("tasks", "task")]
# Leaders who follow every task assigned by documents (the dashboard, tasks.selectors).
FOLLOW_ALL_TASKS_ROLES = (roles.STANDING_COMMITTEE,)


def ensure_groups(report: SetupReport) -> dict[str, Group]:
    groups = {}
    for name in roles.ALL_ROLES:
        groups[name], created = Group.objects.get_or_create(name=name)
        if created:
            report.add(f"nhóm {name}")
    granted = 0
    access_admin = permission("wagtailadmin", "access_admin")
    office_staff = permission("organisation", "office_staff")
    for name in roles.OFFICE_ROLES:
        granted += grant(groups[name], access_admin)
        granted += grant(groups[name], office_staff)
        for app_label, model in OFFICE_MODEL_PERMISSIONS:
            for action in ("add", "change", "view"):
                granted += grant(groups[name], permission(app_label, f"{action}_{model}"))
    for app_label, model in ADMINISTRATOR_MODEL_PERMISSIONS:
        for action in ("add", "change", "delete", "view"):
            granted += grant(
                groups[roles.ADMINISTRATOR], permission(app_label, f"{action}_{model}")
            )
    for name in FOLLOW_ALL_TASKS_ROLES:
        granted += grant(groups[name], permission("tasks", "follow_all_tasks"))
    report.tally("quyền của nhóm", granted)
    return groups


def _specific_child(parent: Page, label: str, title: str, slug: str, report: SetupReport) -> Page:
    from django.apps import apps

    model = apps.get_model(label)
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = model(title=title, slug=slug, show_in_menus=True)
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.add(f"trang {title}")
    return page


def ensure_page_tree(report: SetupReport) -> Page:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # The placeholder page that Wagtail's initial migration creates.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        root.refresh_from_db()
        home = HomePage(title="Trang chủ", slug="trang-chu")
        root.add_child(instance=home)
        home.save_revision().publish()
        report.add("trang chủ")
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk or not site.pk:
        site.hostname, site.port, site.root_page = "localhost", 80, home
        site.site_name = "Văn phòng Tỉnh ủy"
        site.save()
        report.add("site mặc định")
    for label, title, slug in SECTIONS:
        _specific_child(home, label, title, slug, report)
    return home


def ensure_page_permissions(groups: dict[str, Group], home: Page, report: SetupReport) -> None:
    granted = 0
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            granted += grant_on_page(groups[name], home, codename)
    sections = dict(_sections(home))
    for label, name, codenames in SECTION_PAGE_PERMISSIONS:
        for codename in codenames:
            granted += grant_on_page(groups[name], sections[label], codename)
    report.tally("quyền trên trang", granted)
    granted = sum(grant_on_collections(groups[name]) for name in roles.OFFICE_ROLES)
    report.tally("quyền trên bộ sưu tập ảnh, tài liệu", granted)


def _task(name: str, groups: list[Group], report: SetupReport) -> GroupApprovalTask:
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
        report.add(f"bước duyệt {name}")
    if set(task.groups.values_list("pk", flat=True)) != {group.pk for group in groups}:
        task.groups.set(groups)
        report.add(f"nhóm duyệt của bước {name}")
    return task


def _workflow(
    name: str, tasks: list[GroupApprovalTask], pages: list[Page], report: SetupReport
) -> Workflow:
    workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if created:
        report.add(f"quy trình {name}")
    current = list(workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True))
    if current != [task.pk for task in tasks]:
        workflow.workflow_tasks.all().delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        if not created:
            report.add(f"các bước của quy trình {name}")
    for page in pages:
        assigned = WorkflowPage.objects.filter(page=page).first()
        if assigned is None:
            WorkflowPage.objects.create(page=page, workflow=workflow)
        elif assigned.workflow_id != workflow.pk:
            assigned.workflow = workflow
            assigned.save(update_fields=["workflow"])
        else:
            continue
        report.add(f"quy trình {name} cho trang {page.title}")
    return workflow


def ensure_workflows(groups: dict[str, Group], home: Page, report: SetupReport) -> None:
    sections = dict(_sections(home))
    review = _task("Lãnh đạo phòng duyệt", [groups[roles.REVIEWER]], report)
    publish = _task("Chánh Văn phòng duyệt và xuất bản", [groups[roles.PUBLISHER]], report)
    office_check = _task("Văn phòng duyệt tin đơn vị", [groups[roles.EDITOR]], report)
    # The home page and the pages directly under it end with the Chánh Văn phòng, the only
    # role (with administrators) that may publish across the whole site.
    _workflow(
        "Duyệt văn bản",
        [review, publish],
        [home, sections["regulations.DocumentLibraryPage"], sections["study.StudyIndexPage"]],
        report,
    )
    _workflow(
        "Duyệt tin tức, thông báo",
        [review],
        [
            sections["home.NewsIndexPage"],
            sections["home.EmulationIndexPage"],
            sections["schedule.ScheduleIndexPage"],
        ],
        report,
    )
    _workflow("Duyệt tin đơn vị", [office_check], [sections["organisation.UnitIndexPage"]], report)


def _sections(home: Page):
    for child in home.get_children().specific():
        yield child._meta.label, child


WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def retire_wagtail_defaults(report: SetupReport) -> None:
    """Remove what Wagtail's initial migrations create and our roles replace.

    The default "Moderators" group may publish the whole site and its workflow covers the
    root: left in place, adding someone to it by mistake would bypass our workflows. Groups
    that have members are kept (an administrator chose to use them) but lose nothing else.
    """
    for name in WAGTAIL_DEFAULT_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is not None and not group.user_set.exists():
            group.delete()
            report.add(f"xóa nhóm mặc định {name}")
    workflow = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if workflow is not None and (workflow.active or workflow.workflow_pages.exists()):
        workflow.workflow_pages.all().delete()
        Workflow.objects.filter(pk=workflow.pk).update(active=False)
        report.add(f"tắt quy trình mặc định {WAGTAIL_DEFAULT_WORKFLOW}")


@transaction.atomic
def setup_intranet() -> SetupReport:
    report = SetupReport()
    retire_wagtail_defaults(report)
    groups = ensure_groups(report)
    home = ensure_page_tree(report)
    ensure_page_permissions(groups, home, report)
    ensure_workflows(groups, home, report)
    for unit in Unit.objects.filter(active=True):
        ensure_unit_page(unit, report)
        ensure_unit_group(unit, report)
    return report.close()
