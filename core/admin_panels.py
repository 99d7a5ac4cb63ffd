"""The tabs of a page's edit form for an intranet: no fields for search engines.

Wagtail's "Promote" tab asks for an SEO title and a meta description, with an example
address on "domain.com": meaningless on a closed network that no search engine visits (our
own search reads the page's content, ``core.indexing``). Pages keep their address (slug) in
the "Settings" tab; only the sections under the home page keep "show in menus", which builds
the site's menu (``home.context_processors``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PagePermissionTester

ADDRESS_PANEL = FieldPanel(
    "slug",
    heading=_("Địa chỉ trang"),
    help_text=_("Phần cuối của địa chỉ trang: chữ thường không dấu, nối bằng gạch ngang."),
)


class LeafPagePermissionTester(PagePermissionTester):
    """Wagtail's answers, one without a query: may an editor who cannot publish delete a page
    with no children? Wagtail asks the database whether the page or one of its descendants is
    live, once per row of the page explorer (issue 20); a leaf has no descendants, so its
    own ``live`` answers."""

    def can_delete(self, ignore_bulk=False):
        if (
            self.page.numchild == 0
            and self.user.is_active
            and not self.user.is_superuser
            and not self.page_is_root
            and "change" in self.permissions
            and "publish" not in self.permissions
        ):
            return not self.page.live
        return super().can_delete(ignore_bulk=ignore_bulk)


class IntranetPagePanels:
    """First among a page model's bases: the address in "Settings", no "Promote" tab, and
    the leaf pages' cheaper permission tester."""

    promote_panels = []
    settings_panels = [ADDRESS_PANEL, *Page.settings_panels]

    def permissions_for_user(self, user):
        return LeafPagePermissionTester(user, self)


class MenuSectionPanels:
    """For the sections under the home page: the address and whether the menu shows it."""

    promote_panels = []
    settings_panels = [
        ADDRESS_PANEL,
        FieldPanel("show_in_menus", heading=_("Hiện trong menu chính")),
        *Page.settings_panels,
    ]
