"""What a movement's page shows (``core.pages``): its context is registered here, above the
services that read the registrations, when the app starts (``EmulationConfig.ready``)."""

from announcements.services import page_panel
from core.pages import context_for

from .models import EmulationMovementPage
from .services import movement_context


@context_for(EmulationMovementPage)
def movement_page_context(movement, request) -> dict:
    return {
        **movement_context(request.user, movement),
        "delivery_panel": page_panel(request.user, movement),
    }
