"""The worked examples of docs/monitoring.md, with the same numbers: change one, change the other."""

from decimal import Decimal as D

from django.test import SimpleTestCase

from dubbelslag.monitoring.rollup import (
    ApprovedValue,
    Completeness,
    Counted,
    Direction,
    LeftOut,
    LeftOutReason,
    MissingPart,
    PartsExceedTotal,
    Rule,
    SharedIndicator,
    Weight,
    roll_up,
)

EXPERIMENTS = ["a", "b", "c"]


class CumulativeWithRevisedPeriodTests(SimpleTestCase):
    """Example 1: homes made natural-gas-free, cumulative, summed; A's first quarter revised from 10 to 12."""

    indicator = SharedIndicator(Rule.SUM, cumulative=True)
    values = [
        ApprovedValue("a", 1, value=D(12)),  # approved as 10, revised and approved again as 12
        ApprovedValue("a", 2, value=D(25)),
        ApprovedValue("b", 1, value=D(8)),
        ApprovedValue("b", 3, value=D(20)),
    ]

    def roll_up(self, period):
        return roll_up(self.indicator, self.values, experiments=EXPERIMENTS, period=period)

    def test_each_quarter_takes_the_latest_value_to_date(self):
        self.assertEqual([self.roll_up(period).total for period in (1, 2, 3)], [D(20), D(33), D(45)])

    def test_second_quarter_counts_the_revision_once(self):
        result = self.roll_up(2)
        self.assertEqual(result.total, D(33))
        self.assertEqual(result.rule, Rule.SUM)
        self.assertEqual(result.counted, (Counted("a", 2, D(25)), Counted("b", 1, D(8))))
        self.assertEqual(result.left_out, (LeftOut("c", LeftOutReason.NO_APPROVED_VALUE),))

    def test_third_quarter_keeps_a_at_its_second_quarter(self):
        self.assertEqual(self.roll_up(3).counted, (Counted("a", 2, D(25)), Counted("b", 3, D(20))))


class WeightedMeanWithMissingWeightTests(SimpleTestCase):
    """Example 2: residents' rating of their neighbourhood, mean weighted by households; C's households unknown."""

    indicator = SharedIndicator(Rule.WEIGHTED_MEAN, weight=Weight.HOUSEHOLDS)
    values = [
        ApprovedValue("a", 1, value=D("7.0"), households=D(1200)),
        ApprovedValue("b", 1, value=D("6.0"), households=D(800)),
        ApprovedValue("c", 1, value=D("8.5")),
    ]

    def test_weighted_mean_of_the_experiments_with_a_weight(self):
        result = roll_up(self.indicator, self.values, experiments=EXPERIMENTS + ["d"], period=1)
        self.assertEqual(result.total, D("6.6"))
        self.assertEqual(result.counted, (Counted("a", 1, D("7.0"), D(1200)), Counted("b", 1, D("6.0"), D(800))))
        self.assertEqual(result.left_out, (LeftOut("c", LeftOutReason.NO_WEIGHT),
                                           LeftOut("d", LeftOutReason.NO_APPROVED_VALUE)))

    def test_the_plain_mean_counts_c_too(self):
        result = roll_up(SharedIndicator(Rule.MEAN), self.values, experiments=EXPERIMENTS, period=1)
        self.assertEqual(result.total, D("21.5") / 3)
        self.assertEqual(result.experiments_counted, ("a", "b", "c"))


class PercentageFromNumeratorAndDenominatorTests(SimpleTestCase):
    """Example 3: share of households reached by an energy coach: 150 of 1,000 and 90 of 200 make 20%, not 30%."""

    indicator = SharedIndicator(Rule.WEIGHTED_MEAN, weight=Weight.DENOMINATOR)
    values = [
        ApprovedValue("a", 1, numerator=D(150), denominator=D(1000)),
        ApprovedValue("b", 1, numerator=D(90), denominator=D(200)),
        ApprovedValue("c", 1, value=D(50)),  # a percentage without the numbers behind it
    ]

    def test_sum_of_numerators_over_sum_of_denominators(self):
        result = roll_up(self.indicator, self.values, experiments=EXPERIMENTS, period=1)
        self.assertEqual(result.total, D(20))
        self.assertEqual(result.counted, (Counted("a", 1, D(15), D(1000)), Counted("b", 1, D(45), D(200))))
        self.assertEqual(result.left_out, (LeftOut("c", LeftOutReason.NO_WEIGHT),))

    def test_the_mean_of_percentages_is_refused(self):
        with self.assertRaisesMessage(ValueError, "sum of numerators over the sum of denominators"):
            roll_up(SharedIndicator(Rule.MEAN), self.values[:2], experiments=["a", "b"], period=1)


class IncompleteDisaggregationTests(SimpleTestCase):
    """Example 4: homes insulated in the second quarter, split by tenure; B left 8 homes unsplit."""

    indicator = SharedIndicator(Rule.SUM, dimensions={"tenure": ("owner", "corporation", "private")})
    a = ApprovedValue("a", 2, value=D(40), parts={"tenure": {"owner": D(10), "corporation": D(25), "private": D(5)}})
    b = ApprovedValue("b", 2, value=D(30), parts={"tenure": {"owner": D(12), "corporation": D(10)}})

    def test_parts_summed_and_what_is_missing(self):
        result = roll_up(self.indicator, [self.a, self.b], experiments=["a", "b"], period=2)
        self.assertEqual(result.total, D(70))
        (tenure,) = result.dimensions
        self.assertEqual(tenure.dimension, "tenure")
        self.assertEqual(tenure.status, Completeness.INCOMPLETE)
        self.assertEqual(tenure.parts, {"owner": D(22), "corporation": D(35), "private": D(5)})
        self.assertEqual((tenure.total, tenure.reported, tenure.missing_amount), (D(70), D(62), D(8)))
        self.assertEqual(tenure.missing, (MissingPart("b", ("private",), D(8)),))

    def test_complete_when_the_parts_add_up(self):
        (tenure,) = roll_up(self.indicator, [self.a], experiments=["a", "b"], period=2).dimensions
        self.assertEqual((tenure.status, tenure.missing, tenure.missing_amount), (Completeness.COMPLETE, (), D(0)))

    def test_parts_above_the_total_are_an_error(self):
        c = ApprovedValue("c", 2, value=D(30), parts={"tenure": {"owner": D(20), "corporation": D(15)}})
        with self.assertRaises(PartsExceedTotal) as caught:
            roll_up(self.indicator, [self.a, c], experiments=["a", "c"], period=2)
        error = caught.exception
        self.assertEqual((error.experiment, error.dimension, error.parts, error.total), ("c", "tenure", D(35), D(30)))


class ProgressLowerIsBetterTests(SimpleTestCase):
    """Example 5: average gas use per home (m³), lower is better, from a baseline of 1,400 to a target of 1,000."""

    indicator = SharedIndicator(Rule.WEIGHTED_MEAN, direction=Direction.LOWER, baseline=D(1400))

    def test_fallen_to_1220_is_45_percent_of_the_way(self):
        values = [ApprovedValue("a", 4, value=D(1300), households=D(600)),
                  ApprovedValue("b", 4, value=D(1100), households=D(400))]
        result = roll_up(self.indicator, values, experiments=["a", "b"], period=4, target=D(1000))
        self.assertEqual((result.total, result.target, result.progress), (D(1220), D(1000), D("0.45")))

    def test_risen_to_1500_is_behind_the_baseline(self):
        values = [ApprovedValue("a", 4, value=D(1500), households=D(600))]
        result = roll_up(self.indicator, values, experiments=["a"], period=4, target=D(1000))
        self.assertEqual((result.total, result.progress), (D(1500), D("-0.25")))

    def test_a_target_above_the_baseline_is_refused(self):
        with self.assertRaisesMessage(ValueError, "no improvement on the baseline 1400 when lower is better"):
            roll_up(self.indicator, [], experiments=["a"], period=4, target=D(1600))
