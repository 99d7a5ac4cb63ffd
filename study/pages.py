"""What a study plan's page shows and the views of its routes (``core.pages``), registered
above the models when the app starts (``StudyConfig.ready``)."""

from core.pages import context_for, view_for
from core.visibility import visible_pages

from .models import StudyPlanPage
from .views import confirm, plan_context, progress_by_unit, unit_progress


@context_for(StudyPlanPage)
def plan_page_context(plan, request) -> dict:
    return {
        "visible_documents": visible_pages(request.user, plan.documents.all()),
        **plan_context(plan, request),
    }


view_for(StudyPlanPage, "confirm")(confirm)
view_for(StudyPlanPage, "progress")(progress_by_unit)
view_for(StudyPlanPage, "unit_progress")(unit_progress)
