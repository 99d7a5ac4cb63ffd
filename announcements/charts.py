"""The Office's charts of acknowledgements: per document on the overview, per cluster on a
document's status table. The figures come from ``services`` (pages the user may see only);
``core.charts`` draws them."""

from itertools import groupby

from django.utils.translation import gettext as _

from core.charts import Series, StackedBar, share, stacked_bar_chart


def _series():
    return [Series(_("Đã xác nhận"), "bar-done"), Series(_("Chưa xác nhận"), "bar-pending")]


def _bar(label, acknowledged: int, total: int) -> StackedBar:
    return StackedBar(label, [acknowledged, total - acknowledged], share(acknowledged, total))


def documents_chart(pages):
    """One bar per addressed page of ``pages`` (annotated by ``services.addressed_pages``)."""
    bars = [_bar(page.title, page.unit_acknowledged, page.unit_total) for page in pages]
    if not bars:
        return ""
    return stacked_bar_chart(
        bars,
        _series(),
        title=_("Tiến độ xác nhận theo văn bản"),
        chart_id="chart-documents",
    )


def by_cluster(deliveries) -> list[tuple[str, int, int]]:
    """``(cluster, units acknowledged, units)`` of ``deliveries`` ordered by cluster (as
    ``services.status_rows`` gives them)."""
    rows = []
    for cluster, items in groupby(deliveries, key=lambda delivery: delivery.unit.cluster):
        items = list(items)
        done = sum(1 for delivery in items if delivery.is_acknowledged)
        rows.append((cluster or _("Chưa xếp cụm"), done, len(items)))
    return rows


def clusters_chart(clusters):
    """One bar per cluster of ``by_cluster``: how many of its units acknowledged."""
    bars = [_bar(cluster, done, total) for cluster, done, total in clusters]
    if not bars:
        return ""
    return stacked_bar_chart(
        bars,
        _series(),
        title=_("Tình hình xác nhận theo cụm, khối thi đua"),
        chart_id="chart-clusters",
    )
