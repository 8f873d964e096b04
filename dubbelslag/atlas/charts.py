"""Geometry of the small horizontal bar charts on the area profile, drawn as inline SVG by the template.

No JavaScript and no style attributes: the template only places rectangles and text at the coordinates given here,
and colours come from classes in atlas.css.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 320
LABEL_WIDTH = 96
VALUE_WIDTH = 56
ROW_HEIGHT = 18
BAR_HEIGHT = 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    kind: str  # "area", "gemeente" or "nl": the CSS class
    x: float
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    zero_x: float


def bar_chart(rows: list[tuple[str, float | None, str]], *, unit: str = "") -> BarChart | None:
    """Bars for (label, value, kind) rows, leaving out rows without a value; None when nothing is left.

    The scale runs from the smallest to the largest of 0 and the values, so bars start at zero also for negative
    values; shares in % keep the 0–100 scale so that charts of different indicators read alike.
    """
    rows = [(label, value, kind) for label, value, kind in rows if value is not None]
    if not rows:
        return None
    values = [value for _label, value, _kind in rows]
    low, high = min(0.0, *values), max(0.0, *values)
    if unit.strip() == "%" and low >= 0 and high <= 100:
        high = 100.0
    span = (high - low) or 1.0
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    zero_x = LABEL_WIDTH + plot * (0 - low) / span
    bars = []
    for index, (label, value, kind) in enumerate(rows):
        end_x = LABEL_WIDTH + plot * (value - low) / span
        x, width = min(zero_x, end_x), abs(end_x - zero_x)
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        bars.append(Bar(label=label, value=value, kind=kind, x=round(x, 1), y=round(y, 1), width=round(width, 1),
                        text_y=round(y + BAR_HEIGHT - 2, 1), value_x=round(max(x + width, zero_x) + 4, 1)))
    return BarChart(bars=bars, width=WIDTH, height=ROW_HEIGHT * len(bars), label_width=LABEL_WIDTH,
                    zero_x=round(zero_x, 1))
