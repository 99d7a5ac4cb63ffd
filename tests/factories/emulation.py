"""Emulation movements (phong trào thi đua) under "Thi đua – Khen thưởng"."""

import datetime

import factory

from emulation.models import EmulationMovementPage

from .data import MOVEMENT_THEMES, ascii_slug, movement_criteria, pick
from .pages import PageFactory


class EmulationMovementPageFactory(PageFactory):
    """A thematic movement of a year in 2024–2026, sent to all units, with three criteria
    (100 points), the titles it aims for and the year's milestones (registration by 31/3,
    interim review in July, final review and dossiers in December).

    Registration is open up to ``registration_deadline``: pass a later date for a test
    that registers.
    """

    class Meta:
        model = EmulationMovementPage

    _section = "emulation"

    class Params:
        year = factory.Sequence(lambda n: 2024 + n % 3)

    title = factory.LazyAttributeSequence(
        lambda o, n: f"Phong trào thi đua “{pick(MOVEMENT_THEMES, n)}” năm {o.year}"
    )
    slug = factory.LazyAttributeSequence(lambda o, n: f"{ascii_slug(o.title, 60)}-{n + 1}")
    kind = EmulationMovementPage.Kind.THEMATIC
    aims = factory.LazyAttribute(
        lambda o: (
            "<p>Phát huy tinh thần trách nhiệm của cán bộ, đảng viên, thi đua hoàn "
            f"thành xuất sắc nhiệm vụ chính trị năm {o.year}.</p>"
        )
    )
    criteria = factory.LazyFunction(movement_criteria)
    titles = factory.LazyFunction(
        lambda: ["Cờ thi đua", "Bằng khen của Ban Thường vụ Tỉnh ủy", "Giấy khen"]
    )
    send_to_all_units = True
    registration_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 31))
    interim_review_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 7, 15))
    final_review_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 10))
    dossier_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 20))
