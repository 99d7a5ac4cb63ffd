"""Charts drawn on the server as SVG: accessible (a title, a description, every value
written as text beside its bar), styled by our stylesheet, nothing fetched at run time.

Every chart sits next to a table of the same numbers in the templates.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 150
BAR_WIDTH = 180
VALUE_WIDTH = 50


def bar_chart(items, *, title: str, chart_id: str) -> SafeString:
    """Horizontal bars: ``items`` are ``(label, value, css class)``; values as text."""
    items = list(items)
    top = max([value for _label, value, _css in items] + [1])
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    rows = []
    for index, (label, value, css) in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * value / top) if value else 0
        rows.append(
            (
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT * 0.7,
                label,
                css,
                LABEL_WIDTH,
                y,
                max(length, 1 if value else 0),
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT * 0.7,
                value,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect class="chart-bar {}" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="chart" id="{}" role="img" aria-labelledby="{}-title" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet"><title id="{}-title">{}</title>{}</svg>',
        chart_id,
        chart_id,
        width,
        height,
        chart_id,
        title,
        body,
    )


def column_chart(months, series, *, title: str, chart_id: str) -> SafeString:
    """Stacked columns by month: ``months`` labels, ``series`` ``(name, css, values)``."""
    column, gap, chart_height, base = 30, 12, 160, 190
    totals = [sum(values[i] for _n, _c, values in series) for i in range(len(months))]
    top = max([*totals, 1])
    width = len(months) * (column + gap) + gap
    parts = []
    for index, month in enumerate(months):
        x = gap + index * (column + gap)
        y = base
        for _name, css, values in series:
            value = values[index]
            height = round(chart_height * value / top)
            if height:
                y -= height
                parts.append(
                    format_html(
                        '<rect class="chart-bar {}" x="{}" y="{}" width="{}" height="{}"></rect>',
                        css,
                        x,
                        y,
                        column,
                        height,
                    )
                )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                x + column / 2,
                y - 4,
                totals[index],
                x + column / 2,
                base + 16,
                month,
            )
        )
    return format_html(
        '<svg class="chart" id="{}" role="img" aria-labelledby="{}-title" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet"><title id="{}-title">{}</title>{}</svg>',
        chart_id,
        chart_id,
        width,
        base + 24,
        chart_id,
        title,
        SafeString("".join(parts)),
    )
