"""The scan's arithmetic on arrays: percentile ranks, weighted composites with coverage, quadrants.

No database access here: ``selectors.run_scan`` reads the figures and hands them over as a matrix (areas × indicators,
NaN where an area has no value), so the formula can be tested, and benchmarked, on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

from .composites import MIN_COVERAGE, QUADRANT_SPLIT

BOTH_HIGH = "both_high"
ENERGY_HIGH = "energy_high"
VULNERABILITY_HIGH = "vulnerability_high"
BOTH_LOW = "both_low"
QUADRANTS = (BOTH_HIGH, ENERGY_HIGH, VULNERABILITY_HIGH, BOTH_LOW)
QUADRANT_LABELS = {
    BOTH_HIGH: _("both high"),
    ENERGY_HIGH: _("high energy task, lower vulnerability"),
    VULNERABILITY_HIGH: _("high vulnerability, lower energy task"),
    BOTH_LOW: _("both lower"),
}


def percentile_ranks(values: np.ndarray) -> np.ndarray:
    """Percentile rank (0–100) of each value among the values present (not NaN); NaN stays NaN.

    With r the rank of a value among the n present values (1 = lowest; tied values share the average of their
    ranks): (r − 1) / (n − 1) × 100, so the lowest value gets 0 and the highest 100 whatever n is. A single value
    gets 50.
    """
    values = np.asarray(values, dtype=float)
    result = np.full(values.shape, np.nan)
    present = ~np.isnan(values)
    n = int(present.sum())
    if n == 0:
        return result
    if n == 1:
        result[present] = 50.0
        return result
    observed = values[present]
    order = np.argsort(observed, kind="stable")
    ordered = observed[order]
    starts_group = np.empty(n, dtype=bool)
    starts_group[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_group[1:])
    group = np.cumsum(starts_group) - 1
    starts = np.flatnonzero(starts_group)
    ends = np.append(starts[1:], n)  # exclusive
    average_rank = (starts + ends - 1) / 2 + 1  # 1-based average of the positions starts … ends − 1
    ranks = np.empty(n)
    ranks[order] = average_rank[group]
    result[present] = (ranks - 1) / (n - 1) * 100
    return result


def oriented_ranks(values: np.ndarray, inverted: np.ndarray) -> np.ndarray:
    """Percentile ranks of each column of ``values`` (areas × indicators), turned round (100 − rank) for the
    columns where a lower value means a bigger task or more vulnerability."""
    values = np.asarray(values, dtype=float)
    ranks = np.column_stack([percentile_ranks(values[:, j]) for j in range(values.shape[1])]) if values.shape[1] \
        else np.empty(values.shape)
    flip = np.asarray(inverted, dtype=bool)
    ranks[:, flip] = 100 - ranks[:, flip]
    return ranks


@dataclass(frozen=True)
class CompositeArrays:
    """Per area: the score (NaN when not scored), the number of weighted indicators present, and the share of the
    composite's weight they carry."""

    score: np.ndarray
    present: np.ndarray
    coverage: np.ndarray
    total: int


def composite_scores(ranks: np.ndarray, weights: np.ndarray, *, min_coverage: float = MIN_COVERAGE) -> CompositeArrays:
    """Weighted mean of the ranks present per row (area). Indicators with weight 0 are left out altogether (they
    count neither as present nor in the total). A row whose present indicators carry less than ``min_coverage`` of
    the total weight gets no score (NaN), however good its other figures."""
    ranks = np.asarray(ranks, dtype=float)
    weights = np.asarray(weights, dtype=float)
    used = weights > 0
    ranks, weights = ranks[:, used], weights[used]
    total_weight = weights.sum()
    present = ~np.isnan(ranks)
    present_weight = present @ weights
    weighted_sum = np.where(present, ranks, 0.0) @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = present_weight / total_weight if total_weight > 0 else np.zeros(len(ranks))
        score = weighted_sum / present_weight
    # A tiny tolerance so that exactly half the weight, summed in floating point, counts as half.
    scored = (coverage >= min_coverage - 1e-9) & (present_weight > 0)
    score = np.where(scored, score, np.nan)
    return CompositeArrays(score=score, present=present.sum(axis=1), coverage=coverage, total=int(used.sum()))


def quadrants(energy: np.ndarray, vulnerability: np.ndarray, *, split: float = QUADRANT_SPLIT) -> list[str | None]:
    """The quadrant of each area with both scores; None for an area missing either. "High" is at or above ``split``."""
    energy, vulnerability = np.asarray(energy, dtype=float), np.asarray(vulnerability, dtype=float)
    # Index into (BOTH_HIGH, ENERGY_HIGH, VULNERABILITY_HIGH, BOTH_LOW, None).
    index = np.where(energy >= split, np.where(vulnerability >= split, 0, 1), np.where(vulnerability >= split, 2, 3))
    index[np.isnan(energy) | np.isnan(vulnerability)] = 4
    return np.array([*QUADRANTS, None], dtype=object)[index].tolist()
