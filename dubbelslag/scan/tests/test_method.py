"""The scan's arithmetic on arrays, checked against hand-worked numbers and a plain-Python version of the formula."""

import math
import random

import numpy as np
import pytest

from dubbelslag.scan.method import (
    BOTH_HIGH,
    BOTH_LOW,
    ENERGY_HIGH,
    VULNERABILITY_HIGH,
    composite_scores,
    oriented_ranks,
    percentile_ranks,
    quadrants,
)
from testing.factories.scan import plain_rank, plain_score

nan = math.nan


def as_list(array):
    return [None if math.isnan(v) else round(v, 9) for v in np.asarray(array).tolist()]


def test_percentile_ranks_by_hand():
    # n = 4 present: 10 is rank 1, the two 20s share rank 2.5, 40 is rank 4; (r − 1) / 3 × 100.
    assert as_list(percentile_ranks(np.array([20, 10, nan, 40, 20]))) == [50.0, 0.0, None, 100.0, 50.0]


def test_percentile_ranks_of_five_distinct_values_are_quarters():
    assert as_list(percentile_ranks(np.array([3.0, 1.0, 5.0, 2.0, 4.0]))) == [50.0, 0.0, 100.0, 25.0, 75.0]


def test_percentile_rank_of_a_single_value_is_50_and_of_none_nothing():
    assert as_list(percentile_ranks(np.array([nan, 7.0, nan]))) == [None, 50.0, None]
    assert as_list(percentile_ranks(np.array([nan, nan]))) == [None, None]
    assert as_list(percentile_ranks(np.array([]))) == []


def test_all_equal_values_share_the_middle():
    assert as_list(percentile_ranks(np.array([4.0, 4.0, 4.0]))) == [50.0, 50.0, 50.0]


def test_percentile_ranks_match_the_plain_formula_with_many_ties():
    rng = random.Random(7)
    values = [rng.choice([1.0, 2.0, 2.5, 3.0, 10.0, nan]) for _ in range(200)]
    present = [v for v in values if not math.isnan(v)]
    expected = [None if math.isnan(v) else round(plain_rank(present, v), 9) for v in values]
    assert as_list(percentile_ranks(np.array(values))) == expected


def test_inverted_column_is_turned_round():
    values = np.array([[1.0, 1.0], [2.0, 2.0], [4.0, nan]])
    ranks = oriented_ranks(values, np.array([False, True]))
    assert as_list(ranks[:, 0]) == [0.0, 50.0, 100.0]
    assert as_list(ranks[:, 1]) == [100.0, 0.0, None]  # lower is worse: the lowest figure ranks highest


def test_weighted_composite_by_hand():
    ranks = np.array([[0.0, 100.0], [50.0, nan], [nan, 20.0], [nan, nan]])
    result = composite_scores(ranks, np.array([3.0, 1.0]))
    # Row 1: (0 × 3 + 100 × 1) / 4 = 25. Row 2: only the weight-3 part, 3/4 ≥ 1/2, so its own rank 50.
    # Row 3: only the weight-1 part, 1/4 < 1/2: not scored. Row 4: nothing.
    assert as_list(result.score) == [25.0, 50.0, None, None]
    assert result.present.tolist() == [2, 1, 1, 0]
    assert as_list(result.coverage) == [1.0, 0.75, 0.25, 0.0]
    assert result.total == 2


def test_exactly_half_the_weight_is_enough():
    result = composite_scores(np.array([[80.0, nan, nan, nan]]), np.array([3.0, 1.0, 1.0, 1.0]))
    assert as_list(result.score) == [80.0]
    assert as_list(result.coverage) == [0.5]


def test_weight_zero_leaves_an_indicator_out():
    ranks = np.array([[10.0, nan, 90.0], [30.0, 60.0, nan]])
    result = composite_scores(ranks, np.array([1.0, 1.0, 0.0]))
    assert result.total == 2
    assert result.present.tolist() == [1, 2]
    assert as_list(result.score) == [10.0, 45.0]


def test_composite_matches_the_plain_formula():
    rng = random.Random(11)
    weights = [3.0, 1.0, 0.5, 2.0]
    rows = [[rng.choice([nan, rng.uniform(0, 100)]) for _ in weights] for _ in range(100)]
    expected = [plain_score([(None if math.isnan(r) else r, w) for r, w in zip(row, weights, strict=True)])
                for row in rows]
    got = composite_scores(np.array(rows), np.array(weights)).score.tolist()
    for e, g in zip(expected, got, strict=True):
        if e is None:
            assert math.isnan(g)
        else:
            assert g == pytest.approx(e)


def test_quadrants_split_at_50():
    energy = np.array([50.0, 80.0, 10.0, 49.9, nan, 70.0])
    vulnerability = np.array([50.0, 20.0, 90.0, 0.0, 80.0, nan])
    assert quadrants(energy, vulnerability) == [BOTH_HIGH, ENERGY_HIGH, VULNERABILITY_HIGH, BOTH_LOW, None, None]
