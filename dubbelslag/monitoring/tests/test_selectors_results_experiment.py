"""experiment_results and reporting_status on hand-built data."""

from decimal import Decimal

from dubbelslag.indicators.models import Indicator
from dubbelslag.monitoring.enums import IndicatorKind, Side, UpdateStatus
from dubbelslag.monitoring.selectors import current_period, experiment_results, reporting_status
from dubbelslag.programme.models import Experiment
from testing.base import BaseTestCase
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


class ResultsFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.q1, cls.q2, cls.q3, cls.q4 = make_quarters(cls.programme, 4)
        cls.process = make_goal(cls.programme, side=Side.PROCESS, title_nl="Bewoners doen mee")
        cls.energy = make_goal(cls.programme, side=Side.ENERGY, title_nl="Aardgasvrij")
        cls.shared = make_indicator(cls.energy, title_nl="Woningen aardgasvrij", cumulative=True,
                                    catalogue_indicator=Indicator.objects.get(code="ET_HOOFDVERW_ZONDERGAS"))
        disaggregate(cls.shared)
        cls.homes = adopt(cls.shared, cls.experiment)
        cls.say = make_indicator(cls.process, experiment=cls.experiment, title_nl="Zeggenschap",
                                 kind=IndicatorKind.QUALITATIVE, score_labels=["weinig", "redelijk", "veel"])
        make_baseline(cls.homes, 0)
        make_target(cls.homes, 100)
        make_target(cls.homes, 30, period=cls.q2)
        tenure = categories(cls.homes)
        make_update(cls.homes, cls.q1, status=S.APPROVED, value=12, narrative="Eerste woningen.")
        split(make_update(cls.homes, cls.q2, status=S.APPROVED, value=30),
              {tenure["owner"]: 10, tenure["corporation"]: 15})
        make_update(cls.homes, cls.q3, status=S.SUBMITTED, value=777, narrative="Nog niet goedgekeurd.")
        make_update(cls.say, cls.q1, status=S.APPROVED, value=None, score=2, narrative="Bewonersraad gestart.")
        make_update(cls.say, cls.q2, status=S.RETURNED, value=None, score=3, return_reason="Noem de bron.")
        observe_area("ET_HOOFDVERW_ZONDERGAS", cls.charlois, {"2023": 4.5, "2022": 3.0})
        observe_area("ET_HOOFDVERW_ZONDERGAS", cls.rotterdam, {"2023": 9.1})
        observe_area("ET_HOOFDVERW_ZONDERGAS", cls.zoetermeer, {"2023": 50.0})  # another experiment's area


class ExperimentResultsTests(ResultsFixtures):
    def test_goals_by_side_indicators_and_every_period(self):
        results = experiment_results(self.experiment, viewer=self.reader)
        self.assertEqual([goal.goal for goal in results.goals], [self.energy, self.process])
        homes = results.goals[0].indicators[0]
        self.assertEqual(homes.indicator, self.homes)
        self.assertEqual((homes.baseline.value, homes.end_target.value), (Decimal(0), Decimal(100)))
        self.assertEqual([(row.period, row.status, row.value) for row in homes.rows],
                         [(self.q1, S.APPROVED, Decimal(12)), (self.q2, S.APPROVED, Decimal(30)),
                          (self.q3, S.SUBMITTED, Decimal(777)), (self.q4, None, None)])
        self.assertEqual(homes.series, [(self.q1, Decimal(12)), (self.q2, Decimal(30))])
        self.assertEqual(homes.period_targets, [(self.q2, Decimal(30))])
        self.assertEqual(homes.latest_narrative.narrative, "Nog niet goedgekeurd.")

    def test_the_latest_approved_parts_show_what_is_missing(self):
        homes = experiment_results(self.experiment, viewer=self.reader).goals[0].indicators[0]
        (check,) = homes.latest_approved_parts
        self.assertEqual([(part.code, part.value) for part in check.parts],
                         [("owner", Decimal(10)), ("corporation", Decimal(15))])
        self.assertEqual((check.is_complete, check.missing, check.missing_amount),
                         (False, ("particuliere huur",), Decimal(5)))

    def test_scores_with_their_labels(self):
        say = experiment_results(self.experiment, viewer=self.reader).goals[1].indicators[0]
        self.assertEqual([(row.value, row.score_label) for row in say.rows[:2]],
                         [(Decimal(2), "redelijk"), (Decimal(3), "veel")])
        self.assertEqual(say.series, [(self.q1, Decimal(2))])

    def test_return_reasons_only_for_those_who_report(self):
        for user, reason in ((self.editor, "Noem de bron."), (self.coordinator, "Noem de bron."),
                             (self.reader, ""), (self.researcher, "")):
            results = experiment_results(self.experiment, viewer=user)
            with self.subTest(user=user.email):
                self.assertEqual(results.goals[1].indicators[0].rows[1].return_reason, reason)
                self.assertEqual(results.may_report, bool(reason))
                self.assertEqual([row.return_reason for row in results.returned], [reason] if reason else [])

    def test_the_open_statistics_of_the_experiments_areas_beside_a_linked_indicator(self):
        homes = experiment_results(self.experiment, viewer=self.reader).goals[0].indicators[0]
        self.assertEqual([(row.area, row.period, row.value, row.unit) for row in homes.statistics],
                         [(self.charlois, "2022", 3.0, "%"), (self.charlois, "2023", 4.5, "%"),
                          (self.rotterdam, "2023", 9.1, "%")])
        self.assertIn("85984NED", homes.statistics[0].source)

    def test_the_query_count_does_not_grow_with_indicators_or_periods(self):
        def fresh():  # as the gate returns it; a reused instance would keep its prefetched focus areas
            return Experiment.objects.select_related("programme", "gemeente").get(pk=self.experiment.pk)

        experiment = fresh()
        # Role (2), periods, focus areas, indicators, targets, disaggregations, categories, updates, parts,
        # observations.
        with self.assertNumQueries(11) as small:
            experiment_results(experiment, viewer=self.editor)
        make_quarters(self.programme, 4, first_year=2021)
        for number in range(5):
            indicator = make_indicator(self.energy, experiment=self.experiment, title_nl=f"Eigen {number}",
                                       catalogue_indicator=Indicator.objects.get(code="ET_KOOP"))
            make_target(indicator, 5)
            for period in (self.q1, self.q2, self.q3):
                make_update(indicator, period, status=S.APPROVED, value=number)
        experiment = fresh()
        with self.assertNumQueries(len(small.captured_queries)):
            results = experiment_results(experiment, viewer=self.editor)
        self.assertEqual(len(results.goals[0].indicators), 6)
        self.assertEqual(len(results.periods), 8)


class ReportingStatusTests(ResultsFixtures):
    def test_who_has_not_reported_what_awaits_approval_and_what_was_returned(self):
        own = make_indicator(self.energy, experiment=self.other_experiment, title_nl="Eigen")
        make_update(own, self.q2, status=S.DRAFT, value=1)
        status = reporting_status(self.programme, period=self.q2)
        self.assertEqual(status.period.period, self.q2)
        first, second = status.period.experiments
        self.assertEqual((first.experiment, first.not_reported, first.awaiting, first.returned, first.approved),
                         (self.experiment, [], [], [self.say.updates.get(period=self.q2)], [self.homes]))
        self.assertEqual((second.experiment, second.not_reported, second.drafts),
                         (self.other_experiment, [own], [own]))
        self.assertEqual([item.period for item in status.past], [self.q1])
        self.assertEqual(status.past[0].not_reported_count, 1)  # the other experiment's own indicator
        self.assertEqual(status.awaiting, [])

        later = reporting_status(self.programme, period=self.q4)
        self.assertEqual([item.period for item in later.past], [self.q3, self.q2, self.q1])
        self.assertEqual(later.awaiting, [self.homes.updates.get(period=self.q3)])
        self.assertEqual([(item.experiment, len(item.not_reported)) for item in later.period.not_reported],
                         [(self.experiment, 2), (self.other_experiment, 1)])

    def test_the_query_count_does_not_grow(self):
        with self.assertNumQueries(8) as small:
            reporting_status(self.programme, period=self.q4)
        for number in range(4):
            indicator = make_indicator(self.energy, experiment=self.other_experiment, title_nl=f"E{number}")
            make_update(indicator, self.q4, status=S.SUBMITTED, value=number)
        with self.assertNumQueries(len(small.captured_queries)):
            status = reporting_status(self.programme, period=self.q4)
        self.assertEqual(len(status.awaiting), 5)


class CurrentPeriodTests(ResultsFixtures):
    def test_the_running_period_else_the_latest_started_else_the_first(self):
        from datetime import date

        periods = [self.q3, self.q1, self.q2]
        self.assertEqual(current_period(periods, today=date(2020, 5, 1)), self.q2)
        self.assertEqual(current_period(periods, today=date(2024, 5, 1)), self.q3)
        self.assertEqual(current_period(periods, today=date(2010, 5, 1)), self.q1)
        self.assertIsNone(current_period([]))
