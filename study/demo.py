"""Idempotent study demo: plans for all members and for chosen units, the 2026 topic of
Chỉ thị 05-CT/TW with its materials, a few members and some confirmations, so that the
completion tables are not empty. Called by ``home.demo.loader.load_demo``."""

import io
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organisation.demo_accounts import DemoAccount, ensure_account
from organisation.models import Unit

MEMBERS = [
    DemoAccount("nguyenvanbinh", "Nguyễn Văn Bình", (), unit="phuong-truong-vinh"),
    DemoAccount("tranthimai", "Trần Thị Mai", (), unit="phuong-truong-vinh"),
    DemoAccount("lehoangnam", "Lê Hoàng Nam", (), unit="phuong-truong-vinh"),
    DemoAccount("phamthihuong", "Phạm Thị Hương", (), unit="xa-dien-chau"),
    DemoAccount("hoduclong", "Hồ Đức Long", (), unit="xa-dien-chau"),
    DemoAccount("nguyenthuha", "Nguyễn Thu Hà", (), unit="xa-dien-chau"),
]

MATERIALS = {
    "de-cuong-dai-hoi-xxi": {
        "title": "Đề cương tuyên truyền Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI",
        "filename": "de-cuong-tuyen-truyen-nghi-quyet-dai-hoi-xxi.docx",
        "paragraphs": [
            "ĐỀ CƯƠNG TUYÊN TRUYỀN Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI.",
            "Phần I. Mục tiêu tổng quát: xây dựng Nghệ An trở thành trung tâm của vùng Bắc "
            "Trung Bộ về thương mại, du lịch, giáo dục, y tế, khoa học và công nghệ.",
            "Phần II. Ba đột phá chiến lược và bốn trụ cột tăng trưởng: công nghiệp chế biến, "
            "kinh tế biển, du lịch văn hóa, nông nghiệp công nghệ cao.",
        ],
    },
    "tai-lieu-chuyen-de-2026": {
        "title": "Tài liệu chuyên đề năm 2026 – Chỉ thị 05-CT/TW",
        "filename": "tai-lieu-chuyen-de-2026-chi-thi-05.docx",
        "paragraphs": [
            "TÀI LIỆU SINH HOẠT CHUYÊN ĐỀ NĂM 2026.",
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phong cách làm "
            "việc dân chủ, khoa học, sâu sát cơ sở; nói đi đôi với làm.",
            "Liên hệ thực tiễn: mỗi cán bộ, đảng viên đăng ký một việc làm cụ thể gắn với "
            "nhiệm vụ được giao, được chi bộ đánh giá trong sinh hoạt cuối năm.",
        ],
    },
}

PLAN_ALL = {
    "slug": "hoc-tap-nghi-quyet-dai-hoi-xxi",
    "title": "Kế hoạch học tập, quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI",
    "intro": "Tổ chức học tập, quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI, "
    "nhiệm kỳ 2025 – 2030 đến toàn thể cán bộ, đảng viên.",
    "form": "in_person",
    "deadline": date(2026, 12, 31),
    "paragraphs": [
        "Mục đích: giúp cán bộ, đảng viên nắm vững quan điểm, mục tiêu, nhiệm vụ, giải pháp mà "
        "Nghị quyết Đại hội đề ra; tạo sự thống nhất về nhận thức và hành động.",
        "Hình thức: học tập trực tiếp tại các chi bộ, kết hợp học tập trực tuyến; mỗi đảng viên "
        "viết bài thu hoạch và xác nhận đã học tập.",
    ],
    "material": "de-cuong-dai-hoi-xxi",
    "document_numbers": ["05-KH/TU", "01-NQ/TU"],
    "units": [],
}

PLAN_UNITS = {
    "slug": "quan-triet-thong-tri-12-tt-tu",
    # Not the Thông tri's own words: a search for them should find the Thông tri first.
    "title": "Kế hoạch quán triệt Thông tri 12-TT/TU tại các đảng bộ xã làm điểm",
    "intro": "Quán triệt Thông tri 12-TT/TU đến cán bộ, đảng viên các đảng bộ xã được chọn "
    "làm điểm trong năm 2026.",
    "form": "self_study",
    "deadline": date(2026, 12, 15),
    "paragraphs": [
        "Các đảng bộ xã Diễn Châu và Đức Châu tổ chức cho đảng viên tự nghiên cứu Thông tri, "
        "liên hệ với trách nhiệm của bản thân; chi bộ thảo luận trong kỳ sinh hoạt tháng 12.",
    ],
    "material": "",
    "document_numbers": ["12-TT/TU"],
    "units": ["xa-dien-chau", "xa-duc-chau"],
}

TOPIC_2026 = {
    "slug": "chuyen-de-2026",
    "year": 2026,
    "title": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phong cách làm "
    "việc dân chủ, khoa học, nói đi đôi với làm",
    "intro": "Chuyên đề năm 2026 thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị: mỗi cán bộ, "
    "đảng viên học tập chuyên đề và đăng ký một việc làm cụ thể để làm theo.",
    "paragraphs": [
        "Chi bộ sinh hoạt chuyên đề ít nhất một lần trong quý; người đứng đầu gương mẫu, "
        "nêu gương trước, làm trước.",
    ],
    "material": "tai-lieu-chuyen-de-2026",
}

PLAN_TOPIC = {
    "slug": "hoc-tap-chuyen-de-2026",
    "title": "Kế hoạch học tập chuyên đề năm 2026 theo Chỉ thị 05-CT/TW",
    "intro": "Toàn thể cán bộ, đảng viên học tập chuyên đề năm 2026 và viết thu hoạch.",
    "form": "online",
    "deadline": date(2026, 12, 20),
    "paragraphs": [
        "Đảng viên đọc tài liệu chuyên đề, xác nhận đã học tập và ghi thu hoạch ngắn trên cổng "
        "thông tin; chi bộ tổng hợp, báo cáo cấp ủy.",
    ],
    "material": "",
    "document_numbers": [],
    "units": [],
}

CONFIRMATIONS = [
    # (plan slug, username, day in November 2026, reflection)
    (PLAN_ALL["slug"], "lanhdao.truongvinh", 10, "Nắm vững bốn trụ cột tăng trưởng của tỉnh."),
    (PLAN_ALL["slug"], "nguyenvanbinh", 12, ""),
    (PLAN_ALL["slug"], "phamthihuong", 14, "Sẽ vận dụng vào xây dựng nông thôn mới ở xã."),
    (PLAN_UNITS["slug"], "phamthihuong", 15, "Không né tránh việc khó của chi bộ."),
    (PLAN_UNITS["slug"], "hoduclong", 16, ""),
    (PLAN_TOPIC["slug"], "tranthimai", 18, "Làm việc sâu sát cơ sở, nói đi đôi với làm."),
    (PLAN_TOPIC["slug"], "lanhdao.truongvinh", 19, ""),
]


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _material(key: str):
    from wagtail.documents import get_document_model

    data = MATERIALS[key]
    model = get_document_model()
    existing = model.objects.filter(title=data["title"]).first()
    if existing is not None:
        return existing
    document = model(title=data["title"])
    document.file.save(data["filename"], ContentFile(_docx(data["paragraphs"])), save=False)
    document.save()
    return document


def _body(data: dict) -> list[tuple[str, object]]:
    blocks = [("paragraph", f"<p>{text}</p>") for text in data["paragraphs"]]
    if data.get("material"):
        document = _material(data["material"])
        blocks.append(("attachment", {"document": document, "caption": document.title}))
    return blocks


def _plan(parent, data: dict):
    from regulations.models import PartyDocumentPage
    from study.models import StudyPlanPage

    existing = StudyPlanPage.objects.child_of(parent).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    plan = StudyPlanPage(
        title=data["title"],
        slug=data["slug"],
        intro=data["intro"],
        form=data["form"],
        deadline=data["deadline"],
        body=_body(data),
        audience_all=not data["units"],
    )
    plan.documents.set(PartyDocumentPage.objects.filter(number__in=data["document_numbers"]))
    plan.audience_units.set(Unit.objects.filter(code__in=data["units"]))
    parent.add_child(instance=plan)
    plan.save_revision().publish()
    return plan


def _topic(index):
    from study.models import StudyTopicPage

    existing = StudyTopicPage.objects.child_of(index).filter(slug=TOPIC_2026["slug"]).first()
    if existing is not None:
        return existing
    topic = StudyTopicPage(
        title=TOPIC_2026["title"],
        slug=TOPIC_2026["slug"],
        year=TOPIC_2026["year"],
        intro=TOPIC_2026["intro"],
        body=_body(TOPIC_2026),
    )
    index.add_child(instance=topic)
    topic.save_revision().publish()
    return topic


def _confirmations(plans: dict) -> None:
    from django.contrib.auth import get_user_model

    from study.models import StudyConfirmation

    names = {username for _slug, username, _day, _text in CONFIRMATIONS}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    for slug, username, day, reflection in CONFIRMATIONS:
        when = timezone.make_aware(datetime(2026, 11, day, 9, 30))
        StudyConfirmation.objects.get_or_create(
            plan=plans[slug],
            user=users[username],
            defaults={"confirmed_at": when, "reflection": reflection},
        )


def load_study_demo() -> None:
    from study.models import StudyIndexPage

    with transaction.atomic():
        for account in MEMBERS:
            ensure_account(account)
        index = StudyIndexPage.objects.first()
        topic = _topic(index)
        plans = {
            PLAN_ALL["slug"]: _plan(index, PLAN_ALL),
            PLAN_UNITS["slug"]: _plan(index, PLAN_UNITS),
            PLAN_TOPIC["slug"]: _plan(topic, PLAN_TOPIC),
        }
        _confirmations(plans)
