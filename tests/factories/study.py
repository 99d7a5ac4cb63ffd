"""Study plans (kế hoạch học tập, quán triệt) under "Học tập, quán triệt"."""

import factory

from study.models import StudyPlanPage

from .data import STUDY_TITLES, ascii_slug, date_for, pick, study_body
from .pages import PageFactory


class StudyPlanPageFactory(PageFactory):
    """A plan for every member, studied in person, due on a date in 2024–2026.

    ``audience_units=[unit, ...]`` gives it to those units only (``audience_all`` follows);
    ``documents=[document, ...]`` names the resolutions and directives to study.
    """

    class Meta:
        model = StudyPlanPage

    _section = "study"

    deadline = factory.Sequence(date_for)
    title = factory.LazyAttributeSequence(
        lambda o, n: pick(STUDY_TITLES, n).format(year=o.deadline.year)
    )
    slug = factory.LazyAttributeSequence(lambda o, n: f"{ascii_slug(o.title, 60)}-{n + 1}")
    intro = factory.LazyAttribute(
        lambda o: f"{o.title}: tổ chức học tập đến cán bộ, đảng viên, hoàn thành trước hạn."
    )
    form = StudyPlanPage.Form.IN_PERSON
    audience_units = ()
    audience_all = factory.LazyAttribute(lambda o: not o.audience_units)
    documents = ()
    body = factory.LazyFunction(study_body)
