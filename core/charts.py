"""Charts drawn on the server as SVG, for every app: each app gives the figures, this module
the geometry and ``core/charts/*.html`` the markup.

Accessible by construction: ``role="img"`` with a ``<title>`` and a ``<desc>`` that says what
the bars show, every value written as text beside its bar, colours from our stylesheet (the
``bar-*`` classes, AA contrast against the page), nothing fetched at run time. A chart is
drawn 360 units wide with its label above its bar, so it stays readable on a 360 px phone;
the templates put the table of the same numbers beside it.

Figures shown as text are formatted for the active language (``96,50`` in Vietnamese);
geometry is rounded to whole units so that no locale ever reaches an SVG attribute.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 360
ROW_STEP = 44  # a label line, its bar, a gap
LABEL_BASELINE = 14
BAR_TOP = 20
BAR_HEIGHT = 16
LABEL_CHARS = 34  # what fits beside the value text on the label line (15 px text)


@dataclass(frozen=True)
class Bar:
    """One bar: ``value`` sets its length; ``text`` is written for it (the value by default)."""

    label: str
    value: float
    css: str = ""
    text: str = ""


@dataclass(frozen=True)
class Series:
    """One part of a stacked bar: its name (for the legend and the description) and colour."""

    name: str
    css: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    values: Sequence[float]
    text: str = ""


def figure(value, decimals: int | None = None) -> str:
    """A number as text in the active language (``96,50``; ``62,5``; ``12``)."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals)


def share(part, whole) -> str:
    """``part/whole (percent%)``, the text of a bar that shows a part of a whole."""
    if not whole:
        return f"{part}/{whole}"
    return f"{part}/{whole} ({figure(round(100 * part / whole, 1))}%)"


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _render(template: str, *, chart_id: str, title: str, description: str, height: int, **rest):
    context = {
        "chart_id": chart_id,
        "chart_title": title,
        "chart_description": description,
        "chart_width": WIDTH,
        "chart_height": height,
        **{f"chart_{name}": value for name, value in rest.items()},
    }
    return SafeString(render_to_string(f"core/charts/{template}", context))


def _length(value, top) -> int:
    if not value or not top:
        return 0
    return max(1, round(WIDTH * value / top))


def _bars_svg(bars, *, title, chart_id, description, relative, series=()) -> SafeString:
    """Draw ``bars`` of ``(label, text, [(value, css, name)...])``, each part after the
    other; a bar's scale is its own total (``relative``) or the largest total."""
    top = max([sum(value for value, _css, _name in parts) for _l, _t, parts in bars] + [0])
    rows = []
    for index, (label, text, parts) in enumerate(bars):
        scale = sum(value for value, _css, _name in parts) if relative else top
        segments, x = [], 0
        for value, css, name in parts:
            if length := _length(value, scale):
                segments.append({"css": css, "x": x, "length": length, "name": name})
                x += length
        if segments and relative:  # rounding: a whole bar ends at the edge
            segments[-1]["length"] += WIDTH - x
        y = index * ROW_STEP
        rows.append(
            {
                "label": _short(label),
                "text": text,
                "label_y": y + LABEL_BASELINE,
                "bar_y": y + BAR_TOP,
                "segments": segments,
            }
        )
    figures = "; ".join(f"{label}: {text}" for label, text, _parts in bars)
    return _render(
        "bars.html",
        chart_id=chart_id,
        title=title,
        description=f"{description} {figures}".strip(),
        height=max(len(rows), 1) * ROW_STEP,
        rows=rows,
        series=series,
        bar_height=BAR_HEIGHT,
    )


def bar_chart(
    items: Iterable, *, title: str, chart_id: str, description: str = "", top=None
) -> SafeString:
    """Horizontal bars, longest for the largest value: ``items`` are ``Bar``s or
    ``(label, value, css)`` tuples."""
    bars = [item if isinstance(item, Bar) else Bar(*item) for item in items]
    drawn = [(bar.label, bar.text or figure(bar.value), [(bar.value, bar.css, "")]) for bar in bars]
    return _bars_svg(drawn, title=title, chart_id=chart_id, description=description, relative=False)


def stacked_bar_chart(
    bars: Iterable[StackedBar],
    series: Sequence[Series],
    *,
    title: str,
    chart_id: str,
    description: str = "",
    relative: bool = True,
) -> SafeString:
    """Bars made of parts (one per ``series``), followed by their legend: each bar as a
    whole (``relative``: a full bar is 100% of its own total) or to the scale of the
    largest total."""
    drawn = [
        (
            bar.label,
            bar.text or figure(sum(bar.values)),
            [(value, part.css, part.name) for part, value in zip(series, bar.values, strict=True)],
        )
        for bar in bars
    ]
    if not description:
        parts = _(" và ").join(part.name for part in series)
        description = _("Mỗi thanh chia thành: %(parts)s.") % {"parts": parts}
    return _bars_svg(
        drawn,
        title=title,
        chart_id=chart_id,
        description=description,
        relative=relative,
        series=series,
    )


def column_chart(months, series, *, title: str, chart_id: str, description: str = "") -> SafeString:
    """Stacked columns by month: ``months`` labels, ``series`` ``(name, css, values)``."""
    column, gap, chart_height, base = 30, 12, 160, 190
    totals = [sum(values[i] for _n, _c, values in series) for i in range(len(months))]
    top = max([*totals, 1])
    columns = []
    for index, month in enumerate(months):
        x, y, parts = gap + index * (column + gap), base, []
        for _name, css, values in series:
            height = round(chart_height * values[index] / top)
            if height:
                y -= height
                parts.append({"css": css, "y": y, "height": height})
        columns.append(
            {
                "x": x,
                "middle": x + column // 2,
                "parts": parts,
                "total": totals[index],
                "total_y": y - 4,
                "label": month,
            }
        )
    description = description or ", ".join(
        f"{month}: {total}" for month, total in zip(months, totals, strict=True)
    )
    return _render(
        "columns.html",
        chart_id=chart_id,
        title=title,
        description=description,
        height=base + 24,
        columns=columns,
        column_width=column,
        label_y=base + 16,
        view_width=len(months) * (column + gap) + gap,
    )
