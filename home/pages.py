"""What the home page and the emulation section show (``core.pages``), registered when the
app starts (``HomeConfig.ready``)."""

from core.pages import context_for
from schedule.selectors import home_today

from .dashboard import home_dashboard
from .emulation_section import emulation_index_context
from .models import EmulationIndexPage, HomePage


@context_for(HomePage)
def home_page_context(home, request) -> dict:
    return {**home_dashboard(request.user), **home_today(request.user)}


@context_for(EmulationIndexPage)
def emulation_section_context(section, request) -> dict:
    return emulation_index_context(request, section)
