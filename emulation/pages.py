"""What a movement's page shows (``core.pages``): its context is registered here, above the
services that read the registrations, when the app starts (``EmulationConfig.ready``)."""

from django.utils.translation import gettext as _

from announcements.services import page_panel
from core.charts import Bar, bar_chart, figure
from core.pages import context_for

from .models import EmulationMovementPage
from .services import movement_context


def ranking_chart(rankings):
    """The published ranking as bars of the units' scores, in ranking order (lines without
    a score are left to the table)."""
    bars = [
        Bar(
            f"{line.rank}. {line.unit.name}",
            float(line.score),
            "bar-progress",
            figure(line.score, 2),
        )
        for line in rankings
        if line.score is not None
    ]
    if not bars:
        return ""
    return bar_chart(bars, title=_("Điểm thi đua của các đơn vị"), chart_id="chart-ranking")


@context_for(EmulationMovementPage)
def movement_page_context(movement, request) -> dict:
    context = movement_context(request.user, movement)
    return {
        **context,
        "ranking_chart": ranking_chart(context["rankings"]),
        "delivery_panel": page_panel(request.user, movement),
    }
