"""The roll-up rules beyond the worked examples: properties that hold for any input, and the input refused."""

import random
from dataclasses import replace
from decimal import Decimal as D
from decimal import localcontext

from django.test import SimpleTestCase

from dubbelslag.monitoring.rollup import (
    ApprovedValue,
    Counted,
    Direction,
    LeftOut,
    LeftOutReason,
    Rule,
    SharedIndicator,
    Weight,
    check_parts,
    progress_to_target,
    roll_up,
)

TENURE = ("owner", "corporation", "private")

INDICATORS = [
    SharedIndicator(Rule.SUM, dimensions={"tenure": TENURE}),
    SharedIndicator(Rule.SUM, cumulative=True, dimensions={"tenure": TENURE}),
    SharedIndicator(Rule.MEAN),
    SharedIndicator(Rule.WEIGHTED_MEAN, weight=Weight.HOUSEHOLDS),
    SharedIndicator(Rule.WEIGHTED_MEAN, weight=Weight.DENOMINATOR, cumulative=True),
]


def random_values(rng: random.Random, indicator: SharedIndicator, experiments: list[int]) -> list[ApprovedValue]:
    """Approved values for some experiments and periods, some without a weight, parts never above their total."""
    values = []
    for experiment in experiments:
        for period in rng.sample(range(1, 7), rng.randint(0, 4)):
            households = D(rng.randint(50, 5000)) if rng.random() < 0.8 else None
            if indicator.weight == Weight.DENOMINATOR and indicator.rule == Rule.WEIGHTED_MEAN:
                denominator = D(rng.randint(1, 900))
                values.append(ApprovedValue(experiment, period, numerator=D(rng.randint(0, int(denominator))),
                                            denominator=denominator))
                continue
            value = D(rng.randint(0, 4000)) / 10
            split = {key: D(rng.randint(0, 100)) / 10 for key in rng.sample(TENURE, rng.randint(0, 3))}
            if sum(split.values(), D(0)) > value:
                split = {}
            parts = {"tenure": split} if indicator.dimensions and split else {}
            values.append(ApprovedValue(experiment, period, value=value, households=households, parts=parts))
    return values


class PropertyTests(SimpleTestCase):
    def test_order_of_experiments_and_values_does_not_change_the_result(self):
        rng = random.Random(15)
        for case in range(200):
            indicator = INDICATORS[case % len(INDICATORS)]
            experiments = list(range(1, rng.randint(2, 8)))
            values = random_values(rng, indicator, experiments)
            period = rng.randint(1, 6)
            expected = roll_up(indicator, values, experiments=experiments, period=period)
            rng.shuffle(experiments)
            rng.shuffle(values)
            with self.subTest(case=case):
                self.assertEqual(roll_up(indicator, values, experiments=experiments, period=period), expected)

    def test_an_experiment_without_an_approved_value_changes_only_the_left_out_list(self):
        rng = random.Random(1415)
        for case in range(200):
            indicator = INDICATORS[case % len(INDICATORS)]
            experiments = list(range(1, rng.randint(2, 8)))
            values = random_values(rng, indicator, experiments)
            period = rng.randint(1, 6)
            before = roll_up(indicator, values, experiments=experiments, period=period)
            after = roll_up(indicator, values, experiments=[*experiments, 99], period=period)
            with self.subTest(case=case):
                self.assertEqual(after.left_out, (*before.left_out, LeftOut(99, LeftOutReason.NO_APPROVED_VALUE)))
                self.assertEqual(replace(after, left_out=before.left_out), before)

    def test_cumulative_total_never_falls_when_values_only_grow(self):
        indicator = SharedIndicator(Rule.SUM, cumulative=True)
        values = [ApprovedValue("a", 1, value=D(5)), ApprovedValue("a", 3, value=D(9)),
                  ApprovedValue("b", 2, value=D(4)), ApprovedValue("b", 4, value=D(6))]
        totals = [roll_up(indicator, values, experiments=["a", "b"], period=period).total for period in range(1, 6)]
        self.assertEqual(totals, [D(5), D(9), D(13), D(15), D(15)])

    def test_the_callers_decimal_context_does_not_change_a_total(self):
        indicator = SharedIndicator(Rule.MEAN)
        values = [ApprovedValue("a", 1, value=D("1.23456")), ApprovedValue("b", 1, value=D("2.34567"))]
        with localcontext() as context:
            context.prec = 3
            total = roll_up(indicator, values, experiments=["a", "b"], period=1).total
        self.assertEqual(total, D("1.790115"))


class RuleTests(SimpleTestCase):
    def test_non_cumulative_takes_only_the_period_asked(self):
        values = [ApprovedValue("a", 1, value=D(5)), ApprovedValue("a", 2, value=D(7)),
                  ApprovedValue("b", 1, value=D(3))]
        result = roll_up(SharedIndicator(Rule.SUM), values, experiments=["a", "b"], period=2)
        self.assertEqual(result.total, D(7))
        self.assertEqual(result.counted, (Counted("a", 2, D(7)),))
        self.assertEqual(result.left_out, (LeftOut("b", LeftOutReason.NO_APPROVED_VALUE),))

    def test_cumulative_ignores_later_periods(self):
        values = [ApprovedValue("a", 1, value=D(5)), ApprovedValue("a", 3, value=D(11))]
        result = roll_up(SharedIndicator(Rule.SUM, cumulative=True), values, experiments=["a"], period=2)
        self.assertEqual(result.counted, (Counted("a", 1, D(5)),))

    def test_nothing_counted_is_no_total_rather_than_zero(self):
        for rule in Rule:
            with self.subTest(rule=rule):
                result = roll_up(SharedIndicator(rule), [], experiments=["a"], period=1, target=D(10))
                self.assertEqual((result.total, result.progress, result.counted), (None, None, ()))

    def test_weighted_mean_by_a_stated_denominator(self):
        indicator = SharedIndicator(Rule.WEIGHTED_MEAN, weight=Weight.DENOMINATOR)
        values = [ApprovedValue("a", 1, value=D(1000), denominator=D(30)),
                  ApprovedValue("b", 1, value=D(1200), denominator=D(10), households=D(900))]
        self.assertEqual(roll_up(indicator, values, experiments=["a", "b"], period=1).total, D(1050))

    def test_progress_for_higher_is_better(self):
        self.assertEqual(progress_to_target(D(60), baseline=D(20), target=D(100), direction=Direction.HIGHER),
                         D("0.5"))
        self.assertEqual(progress_to_target(D(120), baseline=D(20), target=D(100), direction=Direction.HIGHER),
                         D("1.25"))

    def test_progress_needs_a_target_that_improves_on_the_baseline(self):
        for direction, target in ((Direction.HIGHER, D(20)), (Direction.HIGHER, D(10)), (Direction.LOWER, D(20))):
            with self.subTest(direction=direction, target=target), self.assertRaises(ValueError):
                progress_to_target(D(15), baseline=D(20), target=target, direction=direction)

    def test_check_parts(self):
        self.assertEqual(check_parts(D(10), {"owner": D(4), "private": D(6)}, dimension="tenure", declared=TENURE),
                         ("complete", (), D(0)))
        self.assertEqual(check_parts(D(10), {"owner": D(4)}, dimension="tenure", declared=TENURE),
                         ("incomplete", ("corporation", "private"), D(6)))

    def test_a_dimension_not_reported_is_missing_whole(self):
        indicator = SharedIndicator(Rule.SUM, dimensions={"tenure": TENURE})
        (tenure,) = roll_up(indicator, [ApprovedValue("a", 1, value=D(9))], experiments=["a"], period=1).dimensions
        self.assertEqual((tenure.status, tenure.missing_amount, tenure.missing[0].values),
                         ("incomplete", D(9), TENURE))

    def test_parts_of_a_percentage_split_its_numerator(self):
        indicator = SharedIndicator(Rule.WEIGHTED_MEAN, weight=Weight.DENOMINATOR, dimensions={"tenure": TENURE})
        value = ApprovedValue("a", 1, numerator=D(30), denominator=D(100),
                              parts={"tenure": {"owner": D(10), "corporation": D(20)}})
        (tenure,) = roll_up(indicator, [value], experiments=["a"], period=1).dimensions
        self.assertEqual((tenure.status, tenure.total, tenure.parts["corporation"]), ("complete", D(30), D(20)))

    def test_parts_of_means_are_checked_but_not_added_up(self):
        indicator = SharedIndicator(Rule.MEAN, dimensions={"tenure": TENURE})
        value = ApprovedValue("a", 1, value=D(6), parts={"tenure": {"owner": D(6)}})
        (tenure,) = roll_up(indicator, [value], experiments=["a"], period=1).dimensions
        self.assertEqual((tenure.status, tenure.parts), ("complete", None))


class RefusedInputTests(SimpleTestCase):
    def test_values_refused(self):
        cases = {
            "float": {"value": 0.1},
            "both a value and a numerator": {"value": D(1), "numerator": D(1), "denominator": D(2)},
            "numerator without denominator": {"numerator": D(1)},
            "numerator above its denominator": {"numerator": D(3), "denominator": D(2)},
            "negative numerator": {"numerator": D(-1), "denominator": D(2)},
            "zero denominator": {"value": D(1), "denominator": D(0)},
            "zero households": {"value": D(1), "households": D(0)},
            "nothing": {},
            "a float part": {"value": D(1), "parts": {"tenure": {"owner": 0.5}}},
        }
        for name, fields in cases.items():
            with self.subTest(name), self.assertRaises((TypeError, ValueError)):
                ApprovedValue("a", 1, **fields)

    def test_roll_ups_refused(self):
        indicator = SharedIndicator(Rule.SUM, dimensions={"tenure": TENURE})
        one = ApprovedValue("a", 1, value=D(5))
        cases = {
            "two values for one period": ([one, ApprovedValue("a", 1, value=D(6))], ["a"]),
            "a value of an experiment not listed": ([one], ["b"]),
            "an experiment listed twice": ([one], ["a", "a"]),
            "an undeclared dimension": ([ApprovedValue("a", 1, value=D(5), parts={"age": {"young": D(1)}})], ["a"]),
            "an undeclared value": ([ApprovedValue("a", 1, value=D(5), parts={"tenure": {"rent": D(1)}})], ["a"]),
            "a summed percentage": ([ApprovedValue("a", 1, numerator=D(1), denominator=D(2))], ["a"]),
        }
        for name, (values, experiments) in cases.items():
            with self.subTest(name), self.assertRaises(ValueError):
                roll_up(indicator, values, experiments=experiments, period=1)

    def test_a_float_target_is_refused(self):
        with self.assertRaises(TypeError):
            roll_up(SharedIndicator(Rule.SUM), [], experiments=["a"], period=1, target=10.0)
