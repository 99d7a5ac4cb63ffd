"""Pages addressed to units and movements, published as the Office would publish them."""

import datetime
import itertools

from django.contrib.auth.models import Group

from emulation.models import EmulationMovementPage
from home.models import EmulationIndexPage
from organisation import roles
from organisation.models import Unit
from regulations.models import CircularPage, DocumentLibraryPage

TRUONG_VINH = "phuong-truong-vinh"  # demo unit of bientap.truongvinh and dangvien
DIEN_CHAU = "xa-dien-chau"  # demo unit of bientap.dienchau
_numbers = itertools.count(1)


def units(*codes):
    return list(Unit.objects.filter(code__in=codes))


def publish_announcement(
    *, unit_codes=(), clusters=(), all_units=False, due=None, secret=False, title=None
) -> CircularPage:
    number = f"{900 + next(_numbers)}-TB/VPTU"
    page = CircularPage(
        title=title or f"Thông báo thử nghiệm {number}",
        slug=f"thong-bao-thu-nghiem-{number.split('-')[0]}",
        number=number,
        doc_type="TB",
        issued_on=datetime.date(2026, 11, 2),
        summary="Thông báo gửi các đơn vị.",
        send_to_all_units=all_units,
        recipient_clusters=list(clusters),
        acknowledgement_due=due,
        confidentiality="Mật" if secret else "",
    )
    DocumentLibraryPage.objects.first().add_child(instance=page)
    page.recipient_units.set(units(*unit_codes))
    if secret:
        page.restricted_groups.set([Group.objects.get(name=roles.STANDING_COMMITTEE)])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def publish_movement(
    *, unit_codes=(), all_units=False, deadline=None, titles=("Cờ thi đua", "Giấy khen")
) -> EmulationMovementPage:
    n = next(_numbers)
    movement = EmulationMovementPage(
        title=f"Phong trào thi đua thử nghiệm {n}",
        slug=f"phong-trao-thu-nghiem-{n}",
        kind=EmulationMovementPage.Kind.THEMATIC,
        aims="<p>Thi đua hoàn thành xuất sắc nhiệm vụ chính trị.</p>",
        titles=list(titles),
        send_to_all_units=all_units,
        registration_deadline=deadline or datetime.date(2099, 12, 31),
    )
    EmulationIndexPage.objects.first().add_child(instance=movement)
    movement.recipient_units.set(units(*unit_codes))
    movement.save_revision().publish()
    movement.refresh_from_db()
    return movement
