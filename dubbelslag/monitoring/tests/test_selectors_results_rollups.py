"""shared_rollups: the worked examples of docs/monitoring.md, now from stored updates (with a revision through the
services), households from the open statistics, and the public frame."""

from decimal import Decimal

from django.utils import translation

from dubbelslag.monitoring import rollup, services
from dubbelslag.monitoring.enums import IndicatorKind, RollupRule, UpdateStatus
from dubbelslag.monitoring.selectors import public_updates, shared_rollups
from dubbelslag.programme.models import Experiment
from testing.base import BaseTestCase, make_area, make_experiment
from testing.factories.monitoring import make_goal, make_indicator, make_update
from testing.factories.monitoring_results import (
    adopt,
    categories,
    disaggregate,
    make_baseline,
    make_quarters,
    make_target,
    observe_area,
    split,
)

S = UpdateStatus


class RollupFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.a, cls.b = cls.experiment, cls.other_experiment
        cls.c = make_experiment(programme=cls.programme, gemeente=make_area("GM0344", "Utrecht"), title="C")
        cls.d = make_experiment(programme=cls.programme, gemeente=make_area("GM0363", "Amsterdam"), title="D")
        cls.q1, cls.q2, cls.q3 = make_quarters(cls.programme, 3)
        cls.goal = make_goal(cls.programme)

    def rollup_of(self, indicator, **kwargs):
        return next(item for item in shared_rollups(self.programme, **kwargs) if item.indicator == indicator)


class CumulativeTests(RollupFixtures):
    def test_a_revised_earlier_period_replaces_its_value_and_is_never_added(self):
        homes = make_indicator(self.goal, title_nl="Woningen aardgasvrij", cumulative=True)
        a, b = adopt(homes, self.a), adopt(homes, self.b)
        adopt(homes, self.c)
        first = make_update(a, self.q1, status=S.APPROVED, value=10)
        make_update(a, self.q2, status=S.APPROVED, value=25)
        make_update(b, self.q1, status=S.APPROVED, value=8)
        make_update(b, self.q3, status=S.APPROVED, value=20)
        make_update(b, self.q2, status=S.SUBMITTED, value=999)  # not approved: never counts
        # The revision of Q1, the way it happens: returned, corrected, resubmitted, approved again.
        first = services.return_update(first, by=self.coordinator, reason="Twee woningen vergeten.")
        first = services.save_draft(a, self.q1, by=self.editor, value=12, version=first.version)
        services.approve_update(services.submit_update(first, by=self.editor), by=self.coordinator)

        result = self.rollup_of(homes)
        self.assertEqual([(row.period, row.total) for row in result.periods],
                         [(self.q1, Decimal(20)), (self.q2, Decimal(33)), (self.q3, Decimal(45))])
        q2 = result.periods[1]
        self.assertEqual([(item.experiment, item.value, item.from_period) for item in q2.counted],
                         [(self.a, Decimal(25), self.q2), (self.b, Decimal(8), self.q1)])
        self.assertEqual([(item.experiment, item.left_out) for item in q2.left_out],
                         [(self.c, rollup.LeftOutReason.NO_APPROVED_VALUE)])
        with translation.override("en"):
            self.assertIn("Cumulative: each experiment's latest approved value", result.rule_label)

    def test_one_period_only(self):
        homes = make_indicator(self.goal, cumulative=True)
        make_update(adopt(homes, self.a), self.q1, status=S.APPROVED, value=10)
        result = self.rollup_of(homes, period=self.q3)
        self.assertEqual([(row.period, row.total) for row in result.periods], [(self.q3, Decimal(10))])


class WeightedMeanTests(RollupFixtures):
    def test_households_come_from_the_open_statistics_and_a_missing_weight_leaves_out(self):
        rating = make_indicator(self.goal, title_nl="Rapportcijfer buurt",
                                rollup_rule=RollupRule.WEIGHTED_BY_HOUSEHOLDS)
        # A works in the wijk Charlois (its focus area; the municipality's figure is not used), B in Zoetermeer
        # (no focus area: the municipality), C in Utrecht (only a suppressed figure), D has no approved value.
        observe_area("BEV_HUISHOUDENS", self.charlois, {"2022": 1100, "2023": 1200})
        observe_area("BEV_HUISHOUDENS", self.rotterdam, {"2023": 300000})
        observe_area("BEV_HUISHOUDENS", self.zoetermeer, {"2023": 800})
        observe_area("BEV_HUISHOUDENS", self.c.gemeente, {"2023": None})
        for experiment, value in ((self.a, "7.0"), (self.b, "6.0"), (self.c, "8.5")):
            make_update(adopt(rating, experiment), self.q1, status=S.APPROVED, value=Decimal(value))
        make_update(adopt(rating, self.d), self.q1, status=S.DRAFT, value=Decimal(9))

        row = self.rollup_of(rating).periods[0]
        self.assertEqual(row.total, Decimal("6.6"))
        self.assertEqual([(item.experiment, item.value, item.weight) for item in row.counted],
                         [(self.a, Decimal("7.0"), Decimal(1200)), (self.b, Decimal("6.0"), Decimal(800))])
        self.assertEqual({(item.experiment, item.left_out) for item in row.left_out},
                         {(self.c, rollup.LeftOutReason.NO_WEIGHT), (self.d, rollup.LeftOutReason.NO_APPROVED_VALUE)})

    def test_a_percentage_is_the_sum_of_numerators_over_the_sum_of_denominators(self):
        reached = make_indicator(self.goal, kind=IndicatorKind.PERCENTAGE, unit="%", rollup_rule=RollupRule.SUM)
        make_update(adopt(reached, self.a), self.q1, status=S.APPROVED, value=Decimal(15), numerator=150,
                    denominator=1000)
        make_update(adopt(reached, self.b), self.q1, status=S.APPROVED, value=Decimal(45), numerator=90,
                    denominator=200)
        make_update(adopt(reached, self.c), self.q1, status=S.APPROVED, value=Decimal(50))
        result = self.rollup_of(reached)
        row = result.periods[0]
        self.assertEqual(row.total, Decimal(20))
        self.assertEqual([(item.experiment, item.left_out) for item in row.left_out],
                         [(self.c, rollup.LeftOutReason.NO_WEIGHT)])
        self.assertEqual(result.shared.rule, rollup.Rule.WEIGHTED_MEAN)
        with translation.override("en"):
            self.assertIn("Sum of the numerators over the sum of the denominators", result.rule_label)


class DisaggregationAndTargetTests(RollupFixtures):
    def test_an_incomplete_disaggregation_names_who_lacks_what(self):
        insulated = make_indicator(self.goal, title_nl="Woningen geïsoleerd")
        disaggregate(insulated)
        a, b = adopt(insulated, self.a), adopt(insulated, self.b)
        tenure_a, tenure_b = categories(a), categories(b)
        split(make_update(a, self.q2, status=S.APPROVED, value=40),
              {tenure_a["owner"]: 10, tenure_a["corporation"]: 25, tenure_a["private_rental"]: 5})
        split(make_update(b, self.q2, status=S.APPROVED, value=30),
              {tenure_b["owner"]: 12, tenure_b["corporation"]: 10})
        row = self.rollup_of(insulated, period=self.q2).periods[0]
        self.assertEqual(row.total, Decimal(70))
        check = row.result.dimensions[0]
        self.assertEqual((check.dimension, check.status, check.missing_amount), ("tenure", "incomplete", Decimal(8)))
        self.assertEqual(dict(check.parts), {"owner": Decimal(22), "corporation": Decimal(35),
                                             "private_rental": Decimal(5)})
        self.assertEqual(check.missing, (rollup.MissingPart(self.b.pk, ("private_rental",), Decimal(8)),))

    def test_progress_to_the_end_target_from_the_baseline(self):
        gas = make_indicator(self.goal, direction="lower", rollup_rule=RollupRule.WEIGHTED_BY_HOUSEHOLDS)
        make_baseline(gas, 1400)
        make_target(gas, 1000)
        make_target(gas, 1300, period=self.q1)  # a period target is not the programme's end target
        observe_area("BEV_HUISHOUDENS", self.charlois, {"2023": 600})
        observe_area("BEV_HUISHOUDENS", self.zoetermeer, {"2023": 400})
        make_update(adopt(gas, self.a), self.q1, status=S.APPROVED, value=1300)
        make_update(adopt(gas, self.b), self.q1, status=S.APPROVED, value=1100)
        result = self.rollup_of(gas, period=self.q1)
        self.assertEqual((result.end_target, result.periods[0].total, result.periods[0].result.progress),
                         (Decimal(1000), Decimal(1220), Decimal("0.45")))

    def test_a_target_on_the_wrong_side_of_the_baseline_is_reported_not_raised(self):
        gas = make_indicator(self.goal, direction="lower")
        make_baseline(gas, 1400)
        make_target(gas, 1600)
        make_update(adopt(gas, self.a), self.q1, status=S.APPROVED, value=1300)
        result = self.rollup_of(gas, period=self.q1)
        self.assertEqual((result.end_target, result.periods[0].total), (None, Decimal(1300)))
        self.assertIn("1600", result.target_error)


class PublicFrameTests(RollupFixtures):
    def test_public_updates_roll_up_without_naming_private_experiments_indicators_or_periods(self):
        Experiment.objects.filter(pk__in=[self.a.pk, self.b.pk]).update(is_public=True)
        self.q2.is_public = True
        self.q2.save()
        homes = make_indicator(self.goal, title_nl="Openbaar", is_public=True)
        hidden = make_indicator(self.goal, title_nl="Niet openbaar")
        a, b, c = adopt(homes, self.a), adopt(homes, self.b), adopt(homes, self.c)
        make_update(a, self.q2, status=S.APPROVED, value=5)
        make_update(b, self.q2, status=S.SUBMITTED, value=7)
        make_update(c, self.q2, status=S.APPROVED, value=100)  # C is not listed publicly
        make_update(a, self.q1, status=S.APPROVED, value=3)  # Q1 is not public
        make_update(adopt(hidden, self.a), self.q2, status=S.APPROVED, value=1)

        results = shared_rollups(self.programme, updates=public_updates(self.programme))
        self.assertEqual([item.indicator for item in results], [homes])
        (row,) = results[0].periods
        self.assertEqual((row.period, row.total), (self.q2, Decimal(5)))
        self.assertEqual({item.experiment for item in row.distribution}, {self.a, self.b})

        team = self.rollup_of(homes, period=self.q2)
        self.assertEqual(team.periods[0].total, Decimal(105))
        self.assertEqual({item.experiment for item in team.periods[0].distribution}, {self.a, self.b, self.c})

    def test_the_query_count_does_not_grow(self):
        def build(size):
            indicators = [make_indicator(self.goal, title_nl=f"I{size}-{n}", cumulative=n % 2 == 0)
                          for n in range(size)]
            for indicator in indicators:
                disaggregate(indicator)
                for experiment in (self.a, self.b, self.c, self.d)[:size]:
                    adoption = adopt(indicator, experiment)
                    for period in (self.q1, self.q2, self.q3)[:size]:
                        split(make_update(adoption, period, status=S.APPROVED, value=4),
                              {categories(adoption)["owner"]: 1})
            return indicators

        build(1)
        # Periods, shared indicators, their disaggregations, categories and end targets, the adoptions, the
        # experiments and their focus areas, households, updates, parts.
        with self.assertNumQueries(11) as small:
            shared_rollups(self.programme)
        build(3)
        with self.assertNumQueries(len(small.captured_queries)):
            results = shared_rollups(self.programme)
        self.assertEqual(len(results), 4)


class QualitativeTests(RollupFixtures):
    def test_scores_are_listed_per_experiment_and_never_rolled_up(self):
        say = make_indicator(self.goal, kind=IndicatorKind.QUALITATIVE, score_labels=["laag", "midden", "hoog"])
        make_update(adopt(say, self.a), self.q1, status=S.APPROVED, value=None, score=3)
        make_update(adopt(say, self.b), self.q1, status=S.APPROVED, value=None, score=1)
        row = self.rollup_of(say, period=self.q1).periods[0]
        self.assertEqual((row.total, row.progress_percent), (None, None))
        self.assertEqual([(item.experiment, item.value) for item in row.distribution],
                         [(self.a, Decimal(3)), (self.b, Decimal(1))])
