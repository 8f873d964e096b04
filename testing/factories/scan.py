"""Small constructed datasets for the scan tests, and the scan's formula written out in plain Python to check
``method`` against (deliberately not sharing any code with it)."""

from __future__ import annotations

from dubbelslag.areas.models import Area
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from testing.base import make_area


def make_run(year: int = 2021) -> ImportRun:
    return ImportRun.objects.create(source="long_format", file_name="scan-test.csv", boundary_year=year)


def add_figures(run: ImportRun, code: str, figures: dict[Area, float | None], *, period: str = "2021") -> None:
    """One figure per area; None is stored as suppressed by the source, as the importers do."""
    indicator = Indicator.objects.get(code=code)
    Observation.objects.bulk_create([
        Observation(area=area, indicator=indicator, period=period, value=value,
                    status="ok" if value is not None else "suppressed", import_run=run)
        for area, value in figures.items()
    ])


def make_buurten(year: int = 2021) -> dict[str, Area]:
    """Two gemeenten, GM0001 Alpha with four buurten and GM0002 Beta with two, each buurt in its own wijk."""
    areas = {}
    layout = (("GM0001", "Alpha", ["01", "02", "03", "04"]), ("GM0002", "Beta", ["01", "02"]))
    for gemeente_code, name, buurten in layout:
        gemeente = areas[gemeente_code] = make_area(gemeente_code, name, year=year)
        for number in buurten:
            wijk_code = f"WK{gemeente_code[2:]}{number}"
            wijk = areas[wijk_code] = make_area(wijk_code, f"{name} wijk {number}", parent=gemeente, year=year)
            code = f"BU{gemeente_code[2:]}{number}00"
            areas[code] = make_area(code, f"{name} buurt {number}", parent=wijk, year=year)
    return areas


def plain_rank(values: list[float], value: float) -> float:
    """Percentile rank by counting: r = (number below) + (number equal + 1) / 2, then (r − 1) / (n − 1) × 100."""
    below = sum(1 for v in values if v < value)
    equal = sum(1 for v in values if v == value)
    n = len(values)
    if n == 1:
        return 50.0
    return (below + (equal + 1) / 2 - 1) / (n - 1) * 100


def plain_score(parts: list[tuple[float | None, float]], *, min_coverage: float = 0.5) -> float | None:
    """Weighted mean of the (rank, weight) pairs whose rank is present, or None below ``min_coverage``."""
    total = sum(weight for _, weight in parts if weight > 0)
    present = [(rank, weight) for rank, weight in parts if rank is not None and weight > 0]
    present_weight = sum(weight for _, weight in present)
    if not present or present_weight / total < min_coverage:
        return None
    return sum(rank * weight for rank, weight in present) / present_weight
