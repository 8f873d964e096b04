"""Gemeente outlines from the shipped GeoJSON, projected to SVG paths."""

import re

from dubbelslag.scan.maps import MAP_WIDTH, gemeente_map


def test_both_shipped_years_project_every_gemeente():
    for year in (2023, 2025):
        outlines = gemeente_map(year)
        assert outlines is not None
        assert len(outlines.outlines) == 342
        assert len({outline.code for outline in outlines.outlines}) == 342
        # The Netherlands is taller than wide once longitude is scaled by cos(latitude).
        assert outlines.width == MAP_WIDTH
        assert 1.0 < outlines.height / outlines.width < 1.4


def test_paths_stay_inside_the_view_box():
    outlines = gemeente_map(2023)
    groningen = next(outline for outline in outlines.outlines if outline.code == "GM0014")
    assert groningen.name == "Groningen"
    assert groningen.d.startswith("M") and groningen.d.endswith("Z")
    numbers = [float(n) for n in re.findall(r"-?\d+\.\d", groningen.d)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= outlines.width
    assert min(ys) >= 0 and max(ys) <= outlines.height
    # Groningen lies in the north-east: right half, top quarter.
    assert min(xs) > outlines.width / 2 and max(ys) < outlines.height / 4


def test_no_geometry_for_other_years_and_projection_is_cached():
    assert gemeente_map(2021) is None
    assert gemeente_map(2023) is gemeente_map(2023)
