"""The emulation section's page (``EmulationIndexPage``): movements, and news filtered by
unit, cluster and movement."""

from django.db.models import Q

from announcements.models import cluster_names
from core.listing import paginate
from core.params import NumberParam, QueryForm, ValueParam
from core.visibility import visible_pages
from emulation.models import EmulationMovementPage
from organisation.models import Unit, UnitIndexPage, UnitPage

from .models import NewsPage


def emulation_news(user, section, unit_code="", cluster="", movement_id=None):
    """Emulation news: under the section itself and under every unit's page."""
    where = Q(path__startswith=section.path)
    for unit_index in UnitIndexPage.objects.all():
        where |= Q(path__startswith=unit_index.path)
    news = visible_pages(user, NewsPage.objects.filter(where))
    if unit_code:
        news = news.filter(_under_unit_pages(unit__code=unit_code))
    if cluster:
        news = news.filter(_under_unit_pages(unit__cluster=cluster))
    if movement_id:
        news = news.filter(movement_id=movement_id)
    return news.order_by("-date", "-pk")


def _under_unit_pages(**unit_filter) -> Q:
    paths = UnitPage.objects.filter(**unit_filter).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


class NewsFilterForm(QueryForm):
    """The news filters: a unit's code, a cluster's name, a movement's id (``core.params``)."""

    don_vi = ValueParam()
    cum = ValueParam()
    phong_trao = NumberParam(default=None)


def emulation_index_context(request, section) -> dict:
    movements = visible_pages(
        request.user, EmulationMovementPage.objects.child_of(section)
    ).order_by("-registration_deadline", "-pk")
    params = NewsFilterForm(request.GET)
    unit_code, cluster = params.value("don_vi"), params.value("cum")
    movement_id = params.value("phong_trao")  # not a number: ignored, all movements
    news = emulation_news(request.user, section, unit_code, cluster, movement_id)
    if params.has_error("don_vi") or params.has_error("cum"):
        # a refused unit or cluster (a NUL, which PostgreSQL refuses) is none of them
        news = news.none()
    return {
        "movements": movements,
        "page_obj": paginate(request, news, section.page_size),
        "filters": {"don_vi": unit_code, "cum": cluster, "phong_trao": movement_id},
        "filter_units": Unit.objects.filter(active=True, page__isnull=False).order_by("name"),
        "filter_clusters": cluster_names(),
    }
