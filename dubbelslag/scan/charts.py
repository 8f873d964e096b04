"""The scan's two pictures as server-rendered SVG: the quadrant scatter and the map.

Built as strings rather than in a template because a national buurt scan has some 14,000 points; every piece of
text is escaped here. No style attributes (the Content-Security-Policy forbids them): colours come from classes in
scan/static/scan/scan.css, positions from SVG attributes. Both pictures are decorative for assistive technology
(``aria-hidden="true"``, no ``role="img"``, which may not hold links: axe's nested-interactive): the figure's caption
says what they show, and the same areas are reachable as real links in the ranked table and, for the map, in the list
of its areas (``map_areas``). Each point and outline still links to the area's profile for a mouse or a finger, with
tabindex -1 so that keyboard users are not made to tab through thousands of points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import numpy as np
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .composites import COMPOSITE_BY_KEY, ENERGY, VULNERABILITY
from .maps import AreaMap
from .method import QUADRANT_LABELS
from .selectors import ScanResult

SIZE, LEFT, BOTTOM, TOP, RIGHT = 520, 64, 52, 16, 16
PLOT = SIZE - LEFT - RIGHT  # the square plot area, 0–100 on both axes
SCORE_CLASSES = (0, 20, 40, 60, 80)
# Above this many areas the scatter shows how many areas fall in each small square instead of one point each: a
# national buurt scan would otherwise send some 14,000 linked points (3 MB) to a phone. The ranked table holds the
# same areas with their links.
DENSE_ABOVE = 1500
DENSE_CELL = 2.5  # score points per square side: 40 × 40 squares


def area_url_maker(year: int) -> Callable[[str], str]:
    """A function code → URL of the area's profile in ``year`` (one reverse, however many areas)."""
    placeholder = "GM0000"
    sample = reverse("atlas:area-detail", args=[placeholder])
    prefix, _sep, suffix = sample.partition(placeholder)
    return lambda code: f"{prefix}{code}{suffix}?jaar={year}"


def quadrant_class(quadrant: str | None) -> str:
    return "q-" + (quadrant or "none").replace("_", "-")


def score_class(score: float | None) -> str:
    if score is None or score != score:
        return "s-none"
    return f"s-{max(step for step in SCORE_CLASSES if score >= step)}"


def _x(score: float) -> float:
    return LEFT + score / 100 * PLOT


def _y(score: float) -> float:
    return TOP + (100 - score) / 100 * PLOT


def _linked(url: str | None, inner: str) -> str:
    return f'<a href="{escape(url)}" tabindex="-1">{inner}</a>' if url else inner


def scatter_svg(result: ScanResult, area_url: Callable[[str], str | None]) -> SafeString:
    """The quadrant scatter: energy task on x, vulnerability on y, one point per area with both scores."""
    energy_label = str(COMPOSITE_BY_KEY[ENERGY].label)
    vulnerability_label = str(COMPOSITE_BY_KEY[VULNERABILITY].label)
    split_x, split_y, bottom, right = _x(result.split), _y(result.split), TOP + PLOT, LEFT + PLOT
    parts = [
        f'<svg class="scan-scatter" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="100%" aria-hidden="true" focusable="false">',
        f'<rect class="plot-bg" x="{LEFT}" y="{TOP}" width="{PLOT}" height="{PLOT}"/>',
        f'<rect class="quadrant-bg" x="{split_x:.1f}" y="{TOP}" width="{right - split_x:.1f}" '
        f'height="{split_y - TOP:.1f}"/>',
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line class="grid" x1="{_x(tick):.1f}" y1="{TOP}" x2="{_x(tick):.1f}" y2="{bottom}"/>'
                     f'<line class="grid" x1="{LEFT}" y1="{_y(tick):.1f}" x2="{right}" y2="{_y(tick):.1f}"/>'
                     f'<text class="tick" x="{_x(tick):.1f}" y="{bottom + 16}" text-anchor="middle">{tick}</text>'
                     f'<text class="tick" x="{LEFT - 6}" y="{_y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    parts.append(f'<line class="split" x1="{split_x:.1f}" y1="{TOP}" x2="{split_x:.1f}" y2="{bottom}"/>'
                 f'<line class="split" x1="{LEFT}" y1="{split_y:.1f}" x2="{right}" y2="{split_y:.1f}"/>')
    corner = [(right - 6, TOP + 14, "end", "both_high"), (LEFT + 6, TOP + 14, "start", "vulnerability_high"),
              (right - 6, bottom - 8, "end", "energy_high"), (LEFT + 6, bottom - 8, "start", "both_low")]
    for x, y, anchor, quadrant in corner:
        parts.append(f'<text class="quadrant-label" x="{x}" y="{y}" text-anchor="{anchor}">'
                     f'{escape(str(QUADRANT_LABELS[quadrant]))}</text>')
    parts.append(f'<text class="axis-label" x="{LEFT + PLOT / 2:.0f}" y="{SIZE - 10}" text-anchor="middle">'
                 f'{escape(energy_label)} (0–100) →</text>'
                 f'<text class="axis-label" x="{-(TOP + PLOT / 2):.0f}" y="18" text-anchor="middle" '
                 f'transform="rotate(-90)">{escape(vulnerability_label)} (0–100) →</text>')
    energy, vulnerability = result.energy.score, result.vulnerability.score
    if result.placed > DENSE_ABOVE:
        parts.extend(_density_cells(result))
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - only numbers and escaped texts
    radius = 3.5 if len(result) <= 500 else 2.0
    for position in np.flatnonzero(~np.isnan(energy) & ~np.isnan(vulnerability)).tolist():
        e, v, code = float(energy[position]), float(vulnerability[position]), result.codes[position]
        title = (f"{result.names[position]} ({code}): {energy_label} {e:.0f}, {vulnerability_label} {v:.0f}")
        parts.append(_linked(area_url(code),
                             f'<circle class="point {quadrant_class(result.quadrants[position])}" cx="{_x(e):.1f}" '
                             f'cy="{_y(v):.1f}" r="{radius}"><title>{escape(title)}</title></circle>'))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and URL above is escaped


def _density_cells(result: ScanResult) -> list[str]:
    """One square per DENSE_CELL × DENSE_CELL score points holding areas, coloured by its quadrant and more opaque
    the more areas it holds (fill-opacity is an SVG attribute, not a style, so the CSP allows it)."""
    both = ~np.isnan(result.energy.score) & ~np.isnan(result.vulnerability.score)
    edges = np.arange(0, 100 + DENSE_CELL, DENSE_CELL)
    counts, _x_edges, _y_edges = np.histogram2d(result.energy.score[both], result.vulnerability.score[both],
                                                bins=[edges, edges])
    most = counts.max() or 1
    side = DENSE_CELL / 100 * PLOT
    template = _("%(count)d areas with energy-transition task %(e_low)s–%(e_high)s and vulnerability "
                 "%(v_low)s–%(v_high)s")
    cells = []
    for i, j in zip(*np.nonzero(counts), strict=True):
        count, e_low, v_low = int(counts[i, j]), float(edges[i]), float(edges[j])
        centre_e, centre_v = e_low + DENSE_CELL / 2, v_low + DENSE_CELL / 2
        quadrant = ("both_high" if centre_e >= result.split and centre_v >= result.split
                    else "energy_high" if centre_e >= result.split
                    else "vulnerability_high" if centre_v >= result.split else "both_low")
        title = template % {"count": count, "e_low": f"{e_low:g}", "e_high": f"{e_low + DENSE_CELL:g}",
                            "v_low": f"{v_low:g}", "v_high": f"{v_low + DENSE_CELL:g}"}
        cells.append(f'<rect class="cell {quadrant_class(quadrant)}" x="{_x(e_low):.1f}" '
                     f'y="{_y(v_low + DENSE_CELL):.1f}" width="{side:.1f}" height="{side:.1f}" '
                     f'fill-opacity="{0.15 + 0.85 * count / most:.2f}"><title>{escape(title)}</title></rect>')
    return cells


def map_colouring(result: ScanResult) -> str:
    """What the map shows: the quadrants when any area has both scores, else the classes of the one score there is
    ("energy" or "vulnerability"), else "none"."""
    if result.placed:
        return "quadrant"
    energy, vulnerability = result.scored_count(ENERGY), result.scored_count(VULNERABILITY)
    if energy or vulnerability:
        return ENERGY if energy >= vulnerability else VULNERABILITY
    return "none"


@dataclass(frozen=True)
class MapArea:
    """One area of the scan drawn on the map: its colour class, its description (the tooltip and the list entry) and
    the address of its profile."""

    code: str
    name: str
    css: str
    scores: str  # "Energy-transition task 80, Vulnerability: not scored"
    url: str | None

    @property
    def title(self) -> str:
        return f"{self.name} ({self.code}): {self.scores}"


def map_areas(result: ScanResult, area_map: AreaMap, area_url: Callable[[str], str | None], *,
              colouring: str) -> list[MapArea]:
    """The areas of the scan that ``area_map`` has an outline for, in the map's order, described in words: the same
    areas, texts and links as the picture, for the list next to it."""
    position_of = {code: position for position, code in enumerate(result.codes)}
    names = {key: str(COMPOSITE_BY_KEY[key].label) for key in (ENERGY, VULNERABILITY)}
    quadrant_names = {key: str(value) for key, value in QUADRANT_LABELS.items()}
    not_scored = _("not scored")
    scores = {ENERGY: result.energy.score.tolist(), VULNERABILITY: result.vulnerability.score.tolist()}
    areas = []
    for outline in area_map.outlines:
        position = position_of.get(outline.code)
        if position is None:
            continue
        quadrant = result.quadrants[position]
        if colouring == "quadrant":
            css = quadrant_class(quadrant)
        elif colouring in scores:
            css = score_class(scores[colouring][position])
        else:
            css = "s-none"
        pieces = [f"{names[key]} {scores[key][position]:.0f}" if scores[key][position] == scores[key][position]
                  else f"{names[key]}: {not_scored}" for key in (ENERGY, VULNERABILITY)]
        if quadrant:
            pieces.append(quadrant_names[quadrant])
        areas.append(MapArea(outline.code, result.names[position], css, ", ".join(pieces), area_url(outline.code)))
    return areas


def map_svg(area_map: AreaMap, areas: list[MapArea]) -> SafeString:
    """The outlines of ``area_map``: those of ``areas`` (the scan's, from ``map_areas``) coloured, the others in
    outline (the whole country's gemeenten around a gemeente scan; a wijk or buurt map holds only the scan's areas)."""
    drawn = {area.code: area for area in areas}
    parts = [f'<svg class="scan-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {area_map.width:.0f} '
             f'{area_map.height:.0f}" width="100%" aria-hidden="true" focusable="false">']
    for outline in area_map.outlines:
        area = drawn.get(outline.code)
        if area is None:
            css, title, url = "outside", f"{outline.name} ({outline.code})", None
        else:
            css, title, url = area.css, area.title, area.url
        path = f'<path class="area {css}" d="{outline.d}" fill-rule="evenodd"><title>{escape(title)}</title></path>'
        parts.append(_linked(url, path))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - path data is numbers, texts are escaped
