"""Settings → Sites, with every column heading in Vietnamese.

Wagtail's listing gives three of its columns no label, so they are headed by their field
names, "Port", "Site name" and "Root page", which no catalogue translates. Here they take
the fields' verbose names instead ("Cổng", "Tên trang web", "Trang gốc"), which the admin's
catalogue does. Everything else is Wagtail's viewset; ``core.admin_urls`` answers the
listing's two addresses with it.
"""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import Column
from wagtail.models import Site
from wagtail.sites.views import IndexView, SiteViewSet


def _labelled(column):
    if column.label != capfirst(column.name.replace("_", " ")):
        return column  # Wagtail gave it a (translated) label of its own
    label = capfirst(Site._meta.get_field(column.name).verbose_name)
    return Column(column.name, label=label, sort_key=column.sort_key)


class SiteIndexView(IndexView):
    columns = [_labelled(column) for column in IndexView.columns]


class LabelledSiteViewSet(SiteViewSet):
    index_view_class = SiteIndexView


# the same name and address as Wagtail's, so its URL names still lead here
sites = LabelledSiteViewSet("wagtailsites", url_prefix="sites")
