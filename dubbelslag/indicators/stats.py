"""Quantiles of a set of figures, as profiles, koppelkansen and the catalogue compute them.

The sets themselves come from ``indicators.references`` (cached per indicator, period, boundary year and level), where
only values with status ok take part: suppressed and unknown figures are left out, never read as 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def quantile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics (numpy's default, type 7);
    None for an empty set."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
