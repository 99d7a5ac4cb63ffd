"""The tabs of a page's edit form for an intranet: no fields for search engines.

Wagtail's "Promote" tab asks for an SEO title and a meta description, with an example
address on "domain.com": meaningless on a closed network that no search engine visits (our
own search reads the page's content, ``core.indexing``). Pages keep their address (slug) in
the "Settings" tab; only the sections under the home page keep "show in menus", which builds
the site's menu (``home.context_processors``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

ADDRESS_PANEL = FieldPanel(
    "slug",
    heading=_("Địa chỉ trang"),
    help_text=_("Phần cuối của địa chỉ trang: chữ thường không dấu, nối bằng gạch ngang."),
)


class IntranetPagePanels:
    """First among a page model's bases: the address in "Settings", no "Promote" tab."""

    promote_panels = []
    settings_panels = [ADDRESS_PANEL, *Page.settings_panels]


class MenuSectionPanels:
    """For the sections under the home page: the address and whether the menu shows it."""

    promote_panels = []
    settings_panels = [
        ADDRESS_PANEL,
        FieldPanel("show_in_menus", heading=_("Hiện trong menu chính")),
        *Page.settings_panels,
    ]
