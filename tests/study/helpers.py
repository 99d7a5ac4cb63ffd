"""Helpers shared by the study tests: the demo plans, new plans, secret plans, videos."""

import os

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from organisation import roles
from organisation.models import Unit, UnitMembership
from study.models import StudyConfirmation, StudyIndexPage, StudyPlanPage

PLAN_ALL = "hoc-tap-nghi-quyet-dai-hoi-xxi"  # every member
PLAN_UNITS = "quan-triet-thong-tri-12-tt-tu"  # xa-dien-chau and xa-duc-chau only
PLAN_TOPIC = "hoc-tap-chuyen-de-2026"  # under the 2026 Chỉ thị 05 topic, every member

# An MP4 and a WebM header followed by filler: enough for the content checks and byte ranges.
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8
WEBM_BYTES = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\0" * 512


def plan(slug: str) -> StudyPlanPage:
    return StudyPlanPage.objects.get(slug=slug)


def new_plan(*, title: str, units=(), body=(), secret_for: str | None = None) -> StudyPlanPage:
    """Publish a plan under the study section; for ``units`` only (codes) when given."""
    index = StudyIndexPage.objects.get()
    page = StudyPlanPage(
        title=title,
        slug=title.lower().replace(" ", "-")[:50],
        intro=title,
        audience_all=not units,
        body=list(body),
    )
    page.audience_units.set(Unit.objects.filter(code__in=units))
    index.add_child(instance=page)
    page.save_revision().publish()
    if secret_for:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get(name=secret_for)])
    return StudyPlanPage.objects.get(pk=page.pk)


def secret_plan(title: str = "Kế hoạch học tập mật thử nghiệm") -> StudyPlanPage:
    return new_plan(title=title, secret_for=roles.STANDING_COMMITTEE)


def unit_member_ids(code: str) -> set[int]:
    return set(UnitMembership.objects.filter(unit__code=code).values_list("user_id", flat=True))


def confirmed_ids(study_plan: StudyPlanPage) -> set[int]:
    return set(StudyConfirmation.objects.filter(plan=study_plan).values_list("user_id", flat=True))


def video_document(data: bytes = MP4_BYTES, name: str = "bai-giang.mp4", title: str = "Bài giảng"):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def confirm_url(study_plan: StudyPlanPage) -> str:
    return study_plan.url + "xac-nhan/"


def progress_url(study_plan: StudyPlanPage, unit_code: str = "") -> str:
    return study_plan.url + "tien-do/" + (f"{unit_code}/" if unit_code else "")


def restore_demo_material(title_start: str):
    """Put a demo material's file back under this test's MEDIA_ROOT (each test has its own;
    the demo wrote its files once, under the session's)."""
    from django.core.files.storage import default_storage

    from study.demo import MATERIALS, _docx

    document = get_document_model().objects.get(title__startswith=title_start)
    data = next(m for m in MATERIALS.values() if m["title"] == document.title)
    if not default_storage.exists(document.file.name):
        path = default_storage.path(document.file.name)

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(_docx(data["paragraphs"]))
    return document
