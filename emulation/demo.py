"""Demo: documents addressed to units, two emulation movements, registrations and results.

Idempotent: pages are found by slug, rows by their natural keys. Dates of the open
movement are set relative to the day the demo is first loaded, so that its registration
is open when someone tries the demo.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from announcements.models import Delivery
from announcements.services import sync_deliveries
from organisation.models import Unit

from .models import EmulationMovementPage, EmulationRanking, EmulationRegistration

CLUSTER_WARDS = "Cụm thi đua số 1 – các phường"

# number -> (addressing, acknowledgement due, units that have acknowledged)
ADDRESSED_DOCUMENTS = {
    "2298-CV/TU": (
        {"all": True},
        datetime.date(2026, 12, 15),
        ["phuong-thanh-vinh", "phuong-vinh-hung", "xa-dien-chau", "db-cong-an-tinh"],
    ),
    "1690-CV/VPTU": ({"clusters": [CLUSTER_WARDS]}, None, ["phuong-truong-vinh", "phuong-cua-lo"]),
    "12-TT/TU": ({"units": ["phuong-truong-vinh", "xa-dien-chau", "xa-do-luong"]}, None, []),
}


def _publish_addressing(page, addressing: dict, due) -> None:
    page.send_to_all_units = addressing.get("all", False)
    page.recipient_clusters = addressing.get("clusters", [])
    page.recipient_units.set(Unit.objects.filter(code__in=addressing.get("units", [])))
    page.acknowledgement_due = due
    page.save_revision().publish()


def _acknowledge(page, unit_codes, after: datetime.timedelta) -> None:
    """Units confirm ``after`` their delivery (never before it was sent: issue 18)."""
    users = get_user_model()
    now = timezone.now()
    for delivery in Delivery.objects.filter(page=page, unit__code__in=unit_codes).pending():
        editor = users.objects.filter(
            unit_memberships__unit=delivery.unit, unit_memberships__role="editor"
        ).first()
        delivery.acknowledged_at = min(delivery.delivered_at + after, now)
        delivery.acknowledged_by = editor
        delivery.save(update_fields=["acknowledged_at", "acknowledged_by"])


def _backdate_deliveries(page, sent: datetime.datetime) -> None:
    """A page sent before the demo was loaded (a past movement): its deliveries too."""
    Delivery.objects.filter(page=page).update(delivered_at=sent)


def address_documents() -> None:
    from regulations.models import PartyDocumentPage

    for number, (addressing, due, acknowledged) in ADDRESSED_DOCUMENTS.items():
        page = PartyDocumentPage.objects.filter(number=number).first()
        if page is None:
            continue
        page = page.specific
        if not page.is_addressed:
            _publish_addressing(page, addressing, due)
            # Sent the day after it was issued, at 8 o'clock; confirmed within two days.
            sent = timezone.make_aware(
                datetime.datetime.combine(
                    page.issued_on + datetime.timedelta(days=1), datetime.time(8)
                )
            )
            _backdate_deliveries(page, min(sent, timezone.now()))
            _acknowledge(page, acknowledged, datetime.timedelta(days=1, hours=3))
        else:
            sync_deliveries(page)


CRITERIA = [
    ("Lãnh đạo thực hiện nhiệm vụ chính trị, phát triển kinh tế – xã hội", 30),
    ("Xây dựng Đảng, hệ thống chính trị trong sạch, vững mạnh", 25),
    ("Thực hiện Quy chế dân chủ, công tác dân vận", 20),
    ("Chuyển đổi số, cải cách hành chính trong các cơ quan đảng", 15),
    ("Đổi mới, sáng tạo; mô hình hay, cách làm hiệu quả", 10),
]


def _criteria():
    return [
        ("criterion", {"name": name, "max_score": score, "description": ""})
        for name, score in CRITERIA
    ]


def _movement(parent, slug: str, **fields) -> EmulationMovementPage | None:
    if EmulationMovementPage.objects.child_of(parent).filter(slug=slug).exists():
        return None
    units = fields.pop("units", [])
    movement = EmulationMovementPage(slug=slug, **fields)
    parent.add_child(instance=movement)
    movement.recipient_units.set(units)
    movement.save_revision().publish()
    return movement


def _register(movement, unit_code: str, titles, commitments: str) -> None:
    unit = Unit.objects.get(code=unit_code)
    editor = get_user_model().objects.filter(unit_memberships__unit=unit).order_by("pk").first()
    EmulationRegistration.objects.get_or_create(
        movement=movement,
        unit=unit,
        defaults={
            "titles": titles,
            "commitments": commitments,
            "registered_by": editor,
            "updated_by": editor,
        },
    )


def movements(section) -> None:
    """The demo movements, under ``section`` (the emulation section page)."""
    today = timezone.localdate()
    year = today.year + 1 if today.month >= 10 else today.year
    open_movement = _movement(
        section,
        f"thi-dua-thuc-hien-nghi-quyet-dai-hoi-{year}",
        title=f"Phong trào thi đua thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ tỉnh năm {year}",
        kind=EmulationMovementPage.Kind.REGULAR,
        aims="<p>Cổ vũ các tổ chức đảng, cán bộ, đảng viên thi đua hoàn thành xuất sắc nhiệm vụ "
        "chính trị; phát hiện, nhân rộng các mô hình hay, cách làm hiệu quả.</p>"
        "<ul><li>Mỗi đơn vị đăng ký danh hiệu và chỉ tiêu cụ thể, phù hợp thực tế.</li>"
        "<li>Sơ kết giữa năm, tổng kết cuối năm; bình xét khách quan, công khai.</li></ul>",
        criteria=_criteria(),
        titles=[
            "Cờ thi đua",
            "Tập thể lao động xuất sắc",
            "Bằng khen của Ban Thường vụ Tỉnh ủy",
        ],
        send_to_all_units=True,
        registration_deadline=today + datetime.timedelta(days=45),
        interim_review_on=datetime.date(year, 7, 15),
        final_review_on=datetime.date(year, 12, 10),
        dossier_deadline=datetime.date(year, 12, 20),
    )
    if open_movement is not None:
        _register(
            open_movement,
            "phuong-thanh-vinh",
            ["Cờ thi đua"],
            "Hoàn thành 100% chỉ tiêu Nghị quyết Đại hội; kết nạp 25 đảng viên mới; "
            "100% văn bản đi, đến được xử lý trên môi trường điện tử.",
        )
        _register(
            open_movement,
            "xa-dien-chau",
            ["Tập thể lao động xuất sắc"],
            "Hoàn thành tiêu chí nông thôn mới nâng cao; 95% chi bộ được xếp loại hoàn thành "
            "tốt nhiệm vụ trở lên.",
        )
    past_year = today.year - 1
    wards = list(Unit.objects.filter(cluster=CLUSTER_WARDS).order_by("name"))
    past = _movement(
        section,
        f"thi-dua-chuyen-doi-so-co-quan-dang-{past_year}",
        title=f"Thi đua chuyên đề “Chuyển đổi số trong các cơ quan đảng” năm {past_year}",
        kind=EmulationMovementPage.Kind.THEMATIC,
        aims="<p>Đẩy mạnh ứng dụng công nghệ thông tin, chữ ký số và văn bản điện tử trong "
        "các cơ quan đảng của cụm thi đua các phường.</p>",
        criteria=_criteria()[3:],  # the scores below are out of these criteria's total
        titles=["Tập thể lao động xuất sắc", "Giấy khen"],
        units=wards,
        registration_deadline=datetime.date(past_year, 3, 31),
        interim_review_on=datetime.date(past_year, 7, 1),
        final_review_on=datetime.date(past_year, 12, 10),
        dossier_deadline=datetime.date(past_year, 12, 20),
        result_summary="<p>Cụm thi đua số 1 đã bình xét, suy tôn ba đơn vị dẫn đầu; "
        "Ban Thường vụ Tỉnh ủy tặng Bằng khen cho đơn vị xếp thứ nhất.</p>",
    )
    if past is not None:
        # Sent at the start of that year and confirmed then: not "Mới" a year later.
        _backdate_deliveries(past, timezone.make_aware(datetime.datetime(past_year, 1, 15, 8)))
        _acknowledge(past, [unit.code for unit in wards], datetime.timedelta(days=2))
        # Out of the movement's own criteria (25 points here), not out of 100.
        total = sum(score for _name, score in CRITERIA[3:])
        scores = [round(total * share, 2) for share in (0.965, 0.94, 0.9125, 0.88, 0.855)]
        awards = ["Bằng khen của Ban Thường vụ Tỉnh ủy", "Giấy khen", "Giấy khen", "", ""]
        for rank, (unit, score, award) in enumerate(zip(wards, scores, awards, strict=False), 1):
            EmulationRanking.objects.create(
                movement=past, unit=unit, rank=rank, score=score, award=award, sort_order=rank
            )
            _register(past, unit.code, ["Tập thể lao động xuất sắc"], "Số hóa 100% hồ sơ lưu trữ.")


def load(section) -> None:
    address_documents()
    movements(section)
