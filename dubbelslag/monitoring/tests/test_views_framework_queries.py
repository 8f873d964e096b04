"""The framework pages' query counts do not grow with goals, indicators, experiments, adoptions or periods."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import Dimension, UpdateStatus
from testing.base import BaseTestCase, make_experiment
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update
from testing.factories.monitoring_framework import make_catalogue_indicator


class QueryCountTests(BaseTestCase):
    def grow(self, size: int):
        """``size`` shared goals, each with a shared indicator (baseline, targets, a split, a catalogue link)
        adopted by ``size`` experiments, ``size`` own goals and indicators, ``size`` periods with updates."""
        catalogue = make_catalogue_indicator()
        experiments = [self.experiment] + [
            make_experiment(programme=self.programme, gemeente=self.rotterdam, title=f"Extra {number}")
            for number in range(size - 1)]
        start = date(2019, 1, 1) + timedelta(days=100 * len(self.periods))
        for number in range(size):
            self.periods.append(make_period(self.programme, start=start + timedelta(days=100 * number),
                                            end=start + timedelta(days=100 * number + 90),
                                            label=f"P{len(self.periods)}"))
        for number in range(size):
            goal = make_goal(self.programme, title_nl=f"Doel {len(self.shared)}")
            shared = make_indicator(goal, title_nl=f"Gedeeld {len(self.shared)}", catalogue_indicator=catalogue)
            services.set_baseline(shared, by=None, value=1, measured_on=date(2019, 1, 1))
            services.set_target(shared, by=None, value=5)
            services.set_target(shared, by=None, period=self.periods[number], value=2)
            services.add_disaggregation(shared, by=None, dimension=Dimension.TENURE)
            self.shared.append(shared)
            for experiment in experiments:
                adoption = services.adopt_indicator(shared, experiment=experiment, by=None)
                make_update(adoption, self.periods[-1], status=UpdateStatus.SUBMITTED)
            own = make_indicator(make_goal(self.programme, experiment=self.experiment, title_nl=f"Eigen {number}"))
            services.set_target(own, by=None, value=3)

    def setUp(self):
        self.periods, self.shared = [], []

    def count(self, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_each_page_makes_as_many_queries_at_one_and_at_three(self):
        self.login(self.coordinator)
        self.grow(1)
        urls = {
            "programme": lambda: reverse("monitoring:programme-framework", args=[self.programme.slug]),
            "experiment": lambda: reverse("monitoring:framework", args=[self.experiment.pk]),
            "indicator": lambda: reverse("monitoring:indicator", args=[self.shared[0].pk]),
            "periods": lambda: reverse("monitoring:periods", args=[self.programme.slug]),
        }
        small = {name: self.count(url()) for name, url in urls.items()}
        self.grow(3)
        services.add_disaggregation(self.shared[0], by=None, dimension=Dimension.AGE_GROUP)
        for name, url in urls.items():
            with self.subTest(name), self.assertNumQueries(small[name]):
                self.client.get(url())
