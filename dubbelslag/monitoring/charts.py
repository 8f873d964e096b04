"""Geometry of the results page's line charts and the dashboard's distribution bars, drawn as inline SVG (the way
``atlas/charts.py`` does it for the area profile): the bars by the template, the line charts as markup built here.

No JavaScript and no style attributes: the templates only place lines, circles and text at the coordinates given
here, and colours come from classes in ``monitoring/results.css``. Coordinates are text with a decimal point, so the
active language's number format (a comma in Dutch) never reaches an SVG attribute. A chart only ever draws approved
values: its input is ``IndicatorResults.series``; the table beside it holds every value with its status.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 30
MAX_X_LABELS = 6

BAR_WIDTH = 320
BAR_LABEL_WIDTH = 110
BAR_VALUE_WIDTH = 56
ROW_HEIGHT = 18
BAR_HEIGHT = 12
CENTS = Decimal("0.01")


def number(value) -> str:
    """A value as the chart's text shows it: no trailing zeros, at most two decimals, the active language's
    decimal separator (12,5 in Dutch)."""
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = f"{value.quantize(CENTS).normalize():f}"
    # The separator only when there is one to replace: a page formats thousands of figures, most of them whole.
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR")) if "." in text else text


def _c(value: float) -> str:
    """A coordinate as SVG reads it."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    value: Decimal
    label: str  # the period's label
    text: str  # the value as text
    mark_x: str = ""  # the top left corner of a target's square mark, and where a value's text goes
    mark_y: str = ""
    text_y: str = ""


@dataclass(frozen=True)
class Tick:
    x: str
    y: str
    text: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right_x: int
    top: int
    bottom_y: int
    points: tuple[Point, ...]  # the approved values, in period order
    path: str  # the line through them, as SVG path data
    targets: tuple[Point, ...]  # the targets per period, marked
    end_target_y: str | None
    end_target: str
    baseline_y: str | None
    baseline: str
    x_labels: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def _f(value) -> float:
    return float(value)


def line_chart(periods, series, *, targets=(), end_target=None, baseline=None) -> LineChart | None:
    """A line of the approved ``series`` ([(period, value)]) over every one of ``periods``, with ``targets``
    ([(period, value)]) marked, the end target and the baseline as horizontal lines. None when there is nothing to
    draw (no approved value and no target)."""
    periods = list(periods)
    if not periods or not (series or targets or end_target is not None):
        return None
    index = {period.pk: position for position, period in enumerate(periods)}
    values = [_f(value) for _period, value in series] + [_f(value) for _period, value in targets]
    values += [_f(value) for value in (end_target, baseline) if value is not None]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(periods) - 1, 1)

    def x_of(period) -> float:
        position = index[period.pk]
        return LEFT + (position * step if len(periods) > 1 else plot_w / 2)

    def y_of(value) -> float:
        return TOP + plot_h * (high - _f(value)) / span

    def point(period, value) -> Point:
        x, y = x_of(period), y_of(value)
        return Point(_c(x), _c(y), value, period.label, number(value), mark_x=_c(x - 4), mark_y=_c(y - 4),
                     text_y=_c(max(y - 7, 8)))

    points = tuple(point(period, value) for period, value in series)
    path = " ".join(f"{'M' if n == 0 else 'L'}{item.x} {item.y}" for n, item in enumerate(points))
    marks = tuple(point(period, value) for period, value in targets)
    every = max(1, math.ceil(len(periods) / MAX_X_LABELS))
    x_labels = tuple(Tick(_c(x_of(period)), _c(HEIGHT - 12), period.label)
                     for n, period in enumerate(periods) if n % every == 0)
    y_ticks = tuple(Tick(_c(LEFT - 4), _c(y_of(value) + 3), number(Decimal(str(value))))
                    for value in sorted({low, high}))
    return LineChart(
        width=WIDTH, height=HEIGHT, left=LEFT, right_x=WIDTH - RIGHT, top=TOP, bottom_y=HEIGHT - BOTTOM,
        points=points, path=path, targets=marks,
        end_target_y=_c(y_of(end_target)) if end_target is not None else None, end_target=number(end_target),
        baseline_y=_c(y_of(baseline)) if baseline is not None else None, baseline=number(baseline),
        x_labels=x_labels, y_ticks=y_ticks)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str
    x: str
    y: str
    width: str
    text_y: str
    value_x: str


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    zero_x: str


def bar_chart(rows) -> BarChart | None:
    """Horizontal bars for (label, value) rows, leaving out rows without a value (as ``atlas.charts.bar_chart``);
    None when nothing is left. The scale runs from the smaller of 0 and the values to the larger."""
    rows = [(label, value) for label, value in rows if value is not None]
    if not rows:
        return None
    values = [_f(value) for _label, value in rows]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    plot = BAR_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_WIDTH
    zero_x = BAR_LABEL_WIDTH + plot * (0 - low) / span
    bars = []
    for position, (label, value) in enumerate(rows):
        end_x = BAR_LABEL_WIDTH + plot * (_f(value) - low) / span
        x, width = min(zero_x, end_x), abs(end_x - zero_x)
        y = position * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        bars.append(Bar(label=label, value=value, text=number(value), x=_c(x), y=_c(y), width=_c(width),
                        text_y=_c(y + BAR_HEIGHT - 2), value_x=_c(max(x + width, zero_x) + 4)))
    return BarChart(bars=tuple(bars), width=BAR_WIDTH, height=ROW_HEIGHT * len(bars), label_width=BAR_LABEL_WIDTH,
                    zero_x=_c(zero_x))


# --- Markup ----------------------------------------------------------------------------------------------------------
# The results page draws 40 and more charts of a dozen points each: built here as strings once (every text escaped)
# rather than element by element through template tags, which cost most of the page (as ``scan/charts.py`` does).

def _listed(points) -> str:
    return "; ".join(f"{point.label} {point.text}" for point in points)


def line_chart_svg(chart: LineChart, *, chart_id: str) -> SafeString:
    """The line chart as inline SVG, labelled by a ``<title>`` (id ``chart_id``) that lists what it draws."""
    title = [_("Approved values") + ": " + (_listed(chart.points) or _("none yet"))]
    if chart.targets:
        title.append(_("Targets") + ": " + _listed(chart.targets))
    if chart.end_target:
        title.append(f"{_('End target')} {chart.end_target}")
    if chart.baseline:
        title.append(f"{_('Baseline')} {chart.baseline}")
    left, right, top, bottom = chart.left, chart.right_x, chart.top, chart.bottom_y
    # f-strings rather than format_html per element (which escapes every coordinate again): coordinates and sizes
    # are numbers formatted here; every text (ids, labels, values) goes through escape().
    chart_id = escape(chart_id)
    parts = [
        f'<svg class="line-chart" viewBox="0 0 {chart.width} {chart.height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}" preserveAspectRatio="xMinYMin meet"><title id="{chart_id}">'
        f'{escape(". ".join(title))}</title>',
        f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"></line>',
        f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"></line>',
        *(f'<text class="tick" x="{tick.x}" y="{tick.y}" text-anchor="end">{escape(tick.text)}</text>'
          for tick in chart.y_ticks),
        *(f'<text class="tick" x="{tick.x}" y="{tick.y}" text-anchor="middle">{escape(tick.text)}</text>'
          for tick in chart.x_labels),
    ]
    for css, y in (("baseline", chart.baseline_y), ("end-target", chart.end_target_y)):
        if y is not None:
            parts.append(f'<line class="{css}" x1="{left}" x2="{right}" y1="{y}" y2="{y}"></line>')
    parts += (f'<rect class="target" x="{point.mark_x}" y="{point.mark_y}" width="8" height="8"></rect>'
              for point in chart.targets)
    if chart.path:
        parts.append(f'<path class="approved-line" d="{escape(chart.path)}"></path>')
    parts += (f'<circle class="approved-point" cx="{point.x}" cy="{point.y}" r="3.5"></circle>'
              f'<text class="point-value" x="{point.x}" y="{point.text_y}" text-anchor="middle">'
              f'{escape(point.text)}</text>'
              for point in chart.points)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped; the rest are numbers made here
