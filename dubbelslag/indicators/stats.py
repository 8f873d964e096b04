"""Reading figures for comparison: one indicator across the areas of a level, and quantiles of such a set.

Profiles compare a figure with its gemeente and the Netherlands, koppelkansen test "≥ p75 of the gemeente", and the
scan ranks areas: all of them read the same distributions, from here. Only values with status ok take part;
suppressed and unknown figures are left out, never read as 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dubbelslag.areas.models import Area

from .enums import ObservationStatus
from .models import Observation


def level_values(indicator_id: int, *, period: str, boundary_year: int, level: str,
                 gemeente_code: str | None = None) -> dict[int, float]:
    """Area id → value of one indicator and period, for every area of ``level`` in ``boundary_year``, optionally
    only those inside one gemeente (codes embed their gemeente's digits)."""
    observations = Observation.objects.filter(
        indicator_id=indicator_id, period=period, status=ObservationStatus.OK,
        area__boundary_year=boundary_year, area__level=level,
    )
    if gemeente_code:
        observations = observations.filter(area__code__startswith=level_prefix(level) + gemeente_code[2:6])
    return dict(observations.values_list("area_id", "value").order_by())


def level_prefix(level: str) -> str:
    return {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}[level]


def quantile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics (numpy's default, type 7);
    None for an empty set."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latest_period(indicator_id: int, area: Area) -> str | None:
    """The most recent period with an observation of the indicator for the area."""
    return (Observation.objects.filter(indicator_id=indicator_id, area=area)
            .order_by("-period").values_list("period", flat=True).first())
