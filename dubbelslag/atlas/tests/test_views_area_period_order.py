"""The area profile shows each indicator's latest period in time, and the CSV lists periods in time order."""

import csv
import io

from django.core.cache import cache
from django.urls import reverse

from testing.base import BaseTestCase
from testing.factories.atlas import make_2021_areas, make_run, observe

GAS = "ET_HOOFDVERW_GAS"
# As text the latest would be the full-width ２０２４ (stored before the importers refused other digits), and
# 2024MM02 would come after 2024KW04.
VALUES = {"2024KW04": 4.0, "2024": 3.0, "2023": 1.0, "2024MM12": 5.0, "2024MM02": 2.0, "２０２４": 99.0}


class AreaPeriodOrderTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        run = make_run()
        for period, value in VALUES.items():
            observe(cls.pendrecht_2021, GAS, value, run=run, period=period)

    def setUp(self):
        cache.clear()
        self.client.cookies["django_language"] = "en"

    def test_the_profile_shows_the_latest_period_in_time(self):
        response = self.client.get(reverse("atlas:area-detail", args=["BU05991577"]) + "?jaar=2021")

        figures = [figure for side in response.context["sides"] for figure in side.figures
                   if figure.indicator.code == GAS]
        self.assertEqual([(figure.observation.period, figure.observation.value) for figure in figures],
                         [("2024MM12", 5.0)])
        self.assertContains(response, "period 2024MM12")
        self.assertNotContains(response, "２０２４")

    def test_the_csv_lists_the_periods_in_time_order(self):
        response = self.client.get(reverse("atlas:area-csv", args=["BU05991577"]) + "?jaar=2021")

        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=","))
        self.assertEqual([row["period"] for row in rows if row["indicator_code"] == GAS],
                         ["２０２４", "2023", "2024MM02", "2024", "2024KW04", "2024MM12"])
