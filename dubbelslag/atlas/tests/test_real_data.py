"""The profile and the API on the CBS open data shipped with the application, checked against the file itself."""

import csv
import statistics

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from dubbelslag.indicators.services import load_open_data
from dubbelslag.indicators.sources.open_data import OPEN_DATA

HEATING_FILE = OPEN_DATA / "cbs_hoofdverwarming_buurt" / "hoofdverwarming_buurt.csv"


def shares(rows, column):
    """Published values of a column in %, as the shipped file gives them (fractions), leaving out suppressed rows."""
    return [round(float(row[column]) * 100, 6) for row in rows if row[column]]


class RealDataProfileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_open_data()
        with HEATING_FILE.open(encoding="utf-8-sig", newline="") as handle:
            cls.rows = list(csv.DictReader(handle))

    def setUp(self):
        cache.clear()
        self.client.cookies["django_language"] = "en"

    def test_rotterdam_buurt_shows_its_real_main_heating_figures(self):
        row = next(row for row in self.rows if row["buurtcode"] == "BU05990111")  # Oude Westen
        response = self.client.get(reverse("atlas:area-detail", args=["BU05990111"]) + "?jaar=2021")
        self.assertContains(response, "Oude Westen")
        figures = {figure.indicator.code: figure for side in response.context["sides"] for figure in side.figures}
        gas = figures["ET_HOOFDVERW_GAS"]
        self.assertEqual(gas.observation.value, round(float(row["won_hfdverw_gas"]) * 100, 6))
        self.assertEqual(gas.observation.period, "2021")
        rotterdam = shares([r for r in self.rows if r["gemeentecode"] == "GM0599"], "won_hfdverw_gas")
        self.assertEqual(gas.gemeente.kind, "gemeente_median")
        self.assertAlmostEqual(gas.gemeente.value, statistics.median(rotterdam))
        self.assertEqual(gas.gemeente.count, len(rotterdam))
        national = shares(self.rows, "won_hfdverw_gas")
        self.assertAlmostEqual(gas.nl.value, statistics.median(national))
        self.assertEqual(gas.nl.count, len(national))
        self.assertEqual(gas.source_table, "85337NED")
        self.assertEqual({"ET_HOOFDVERW_CV", "ET_HOOFDVERW_BLOK", "ET_HOOFDVERW_STVW", "ET_HOOFDVERW_ELEK",
                          "ET_HOOFDVERW_ONB"} - set(figures), set())
        self.assertContains(response, f'<strong class="value">{round(float(row["won_hfdverw_gas"]) * 100):g} %'
                                      "</strong>", html=True)
        self.assertContains(response, "Source: CBS, CC BY 4.0")
        # The wijk and gemeente of 2021 have no figures in the shipped data; their links open the same codes in the
        # years that have (wijk: KWB 2024; gemeente: the latest of 2023 and 2024).
        self.assertContains(response, 'href="/gebieden/WK059901/?jaar=2024"')
        self.assertContains(response, 'href="/gebieden/GM0599/?jaar=2024"')

    def test_suppressed_real_buurt(self):
        row = next(row for row in self.rows if row["symbol"] == "secret")
        response = self.client.get(reverse("atlas:area-detail", args=[row["buurtcode"]]) + "?jaar=2021")
        figures = {figure.indicator.code: figure for side in response.context["sides"] for figure in side.figures}
        gas = figures["ET_HOOFDVERW_GAS"].observation
        self.assertEqual((gas.status, gas.value), ("suppressed", None))
        self.assertContains(response, "Suppressed by CBS")

    def test_api_returns_the_same_figure(self):
        body = self.client.get(reverse("api:observations"),
                               {"indicator": "ET_HOOFDVERW_GAS", "area": "BU05990111", "year": 2021}).json()
        row = next(row for row in self.rows if row["buurtcode"] == "BU05990111")
        self.assertEqual([item["value"] for item in body["results"]], [round(float(row["won_hfdverw_gas"]) * 100, 6)])
        self.assertEqual(body["results"][0]["import_run"]["table_id"], "85337NED")
