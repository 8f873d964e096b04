"""run_scan on a small constructed dataset whose scores were worked out by hand (see the comments)."""

import pytest
from django.test import TestCase

from dubbelslag.areas.models import Area
from dubbelslag.indicators.enums import Direction
from dubbelslag.indicators.models import Indicator
from dubbelslag.scan.composites import ALL_PARTS, COMPOSITES, DEFAULT_WEIGHTS
from dubbelslag.scan.method import BOTH_HIGH, ENERGY_HIGH, VULNERABILITY_HIGH
from dubbelslag.scan.selectors import (
    SORT_COMBINED,
    SORT_ENERGY,
    default_year,
    find_gemeente,
    run_scan,
    scan_years,
)
from testing.base import make_area
from testing.factories.scan import add_figures, make_buurten, make_run, plain_rank

A1, A2, A3, A4, B1, B2 = "BU00010100", "BU00010200", "BU00010300", "BU00010400", "BU00020100", "BU00020200"


class ScanFixture(TestCase):
    """Six buurten of 2021 in two gemeenten. Energy: gas heating for five (B2 suppressed), gas use for five (A2
    missing). Vulnerability: social minimum for all six (plus an older period), average income for five, net labour
    participation and severe loneliness for four. Noise that must stay out: a 2022 buurt and a wijk with figures."""

    @classmethod
    def setUpTestData(cls):
        cls.areas = areas = make_buurten(2021)
        run = make_run()
        a = {code: areas[code] for code in (A1, A2, A3, A4, B1, B2)}
        add_figures(run, "ET_HOOFDVERW_GAS", {a[A1]: 90, a[A2]: 92, a[A3]: 80, a[A4]: 50, a[B1]: 95, a[B2]: None})
        add_figures(run, "ET_GAS_WON", {a[A1]: 1500, a[A3]: 1000, a[A4]: 1200, a[B1]: 2000, a[B2]: 1100})
        add_figures(run, "INK_SOCMIN", {a[A1]: 5, a[A2]: 10, a[A3]: 15, a[A4]: 20, a[B1]: 8, a[B2]: 12})
        add_figures(run, "INK_SOCMIN", dict.fromkeys(a.values(), 1), period="2019")
        add_figures(run, "INK_GEM", {a[A1]: 40, a[A2]: 30, a[A3]: 25, a[A4]: 20, a[B1]: 35})
        add_figures(run, "ARB_NETTO", {a[A1]: 70, a[A2]: 65, a[A3]: 60, a[B1]: 72})
        add_figures(run, "GEZ_EENZ_ERN", {a[A1]: 10, a[A2]: 12, a[A3]: 14, a[B1]: 9})
        later = make_area(A1, "Alpha buurt 01 (2022)", year=2022)
        add_figures(make_run(2022), "ET_HOOFDVERW_GAS", {later: 1})
        add_figures(run, "ET_HOOFDVERW_GAS", {areas["GM0001"]: 3})


class RunScanTests(ScanFixture):
    def scores(self, result, key):
        return {row.code: getattr(row, key).score for row in result.rows()}

    def test_population_is_every_buurt_of_the_year(self):
        result = run_scan(level="buurt", boundary_year=2021)
        self.assertEqual(result.codes, [A1, A2, A3, A4, B1, B2])

    def test_energy_scores_by_hand(self):
        # Gas heating, n = 5 (B2 suppressed): 50 → 0, 80 → 25, 90 → 50, 92 → 75, 95 → 100 (weight 3).
        # Gas use, n = 5: 1000 → 0, 1100 → 25, 1200 → 50, 1500 → 75, 2000 → 100 (weight 1).
        # Total weight 6 (two indicators have no figures); A2 has 3/6 = half: scored on gas heating alone.
        result = run_scan(level="buurt", boundary_year=2021)
        expected = {A1: (50 * 3 + 75) / 4, A2: 75.0, A3: (25 * 3 + 0) / 4, A4: (0 * 3 + 50) / 4, B1: 100.0, B2: None}
        self.assertEqual(self.scores(result, "energy"), pytest.approx(expected))

    def test_vulnerability_scores_by_hand_with_inverted_indicators(self):
        # Social minimum (latest period 2021), n = 6: 5 → 0, 8 → 20, 10 → 40, 12 → 60, 15 → 80, 20 → 100.
        # Average income is inverted, n = 5: 40 → 0, 35 → 25, 30 → 50, 25 → 75, 20 → 100.
        # Net labour participation, inverted, weight 2, n = 4: 72 → 0, 70 → 33.3, 65 → 66.7, 60 → 100.
        # Severe loneliness, weight 2, n = 4: 9 → 0, 10 → 33.3, 12 → 66.7, 14 → 100.
        # Total weight 10; those with all four carry 6/10. A4 (2/10) and B2 (1/10) are not scored.
        result = run_scan(level="buurt", boundary_year=2021)
        third = 100 / 3
        expected = {
            A1: (0 + 0 + third * 2 + third * 2) / 6,
            A2: (40 + 50 + 2 * third * 2 + 2 * third * 2) / 6,
            A3: (80 + 75 + 100 * 2 + 100 * 2) / 6,
            A4: None, B1: (20 + 25 + 0 + 0) / 6, B2: None,
        }
        self.assertEqual(self.scores(result, "vulnerability"), pytest.approx(expected))
        self.assertAlmostEqual(expected[A3], 92.5)

    def test_ranks_match_the_plain_formula(self):
        result = run_scan(level="buurt", boundary_year=2021)
        gas = [90, 92, 80, 50, 95]
        income = [40, 30, 25, 20, 35]
        rows = {row.code: row for row in result.rows()}
        self.assertAlmostEqual(rows[A1].ranks["ET_HOOFDVERW_GAS"], plain_rank(gas, 90))
        self.assertAlmostEqual(rows[A2].ranks["INK_GEM"], 100 - plain_rank(income, 30))
        self.assertEqual(rows[B2].ranks["ET_HOOFDVERW_GAS"], None)

    def test_coverage_and_not_scored(self):
        result = run_scan(level="buurt", boundary_year=2021)
        rows = {row.code: row for row in result.rows()}
        b2, a4 = rows[B2], rows[A4]
        self.assertEqual((b2.energy.score, b2.energy.present, b2.energy.total), (None, 1, 4))
        self.assertAlmostEqual(b2.energy.coverage, 1 / 6)
        self.assertEqual(b2.energy.missing, ("ET_HOOFDVERW_GAS", "ET_BOUWJAAR_VOOR2000", "ET_LABEL_EFG"))
        self.assertEqual((a4.vulnerability.present, a4.vulnerability.total), (2, 7))
        self.assertAlmostEqual(a4.vulnerability.coverage, 0.2)
        self.assertEqual(a4.vulnerability.missing, ("INK_LAAG", "VERM_MED", "ARB_NETTO", "GEZ_EENZ_ERN", "LB_TOTAAL"))
        self.assertEqual(rows[A2].energy.present, 1)
        self.assertAlmostEqual(rows[A2].energy.coverage, 0.5)
        self.assertEqual(result.scored_count("energy"), 5)
        self.assertEqual(result.scored_count("vulnerability"), 4)
        self.assertEqual(dict(result.not_scored("energy")),
                         {("ET_HOOFDVERW_GAS", "ET_BOUWJAAR_VOOR2000", "ET_LABEL_EFG"): 1})

    def test_quadrants_and_orders(self):
        # Combined: A2 (75 + 59.4) / 2, A3 (18.75 + 92.5) / 2, B1 (100 + 7.5) / 2, A1 (56.25 + 22.2) / 2.
        result = run_scan(level="buurt", boundary_year=2021)
        rows = {row.code: row for row in result.rows()}
        self.assertEqual({code: row.quadrant for code, row in rows.items()},
                         {A1: ENERGY_HIGH, A2: BOTH_HIGH, A3: VULNERABILITY_HIGH, A4: None, B1: ENERGY_HIGH, B2: None})
        self.assertEqual(result.quadrant_counts, {"both_high": 1, "energy_high": 2, "vulnerability_high": 1,
                                                  "both_low": 0})
        self.assertEqual([row.code for row in result.rows(SORT_COMBINED)], [A2, A3, B1, A1, A4, B2])
        self.assertEqual([row.code for row in result.rows(SORT_ENERGY)], [B1, A2, A1, A3, A4, B2])
        self.assertEqual([row.code for row in result.rows("kwetsbaarheid")][:4], [A3, A2, A1, B1])

    def test_latest_period_is_used(self):
        result = run_scan(level="buurt", boundary_year=2021)
        periods = {use.code: use.period for use in result.indicators}
        self.assertEqual(periods["INK_SOCMIN"], "2021")
        self.assertEqual(periods["ET_BOUWJAAR_VOOR2000"], None)
        self.assertEqual({row.code: row.values["INK_SOCMIN"] for row in result.rows()},
                         {A1: 5, A2: 10, A3: 15, A4: 20, B1: 8, B2: 12})

    def test_latest_period_is_the_latest_within_the_population(self):
        run = make_run()
        add_figures(run, "INK_LAAG", {self.areas[code]: 10.0 + i for i, code in enumerate((A1, A2, A3, A4))})
        add_figures(run, "INK_LAAG", {self.areas[B1]: 30.0}, period="2022")
        national = {use.code: use for use in run_scan(level="buurt", boundary_year=2021).indicators}
        alpha = {use.code: use for use in run_scan(level="buurt", boundary_year=2021,
                                                   gemeente_code="GM0001").indicators}
        self.assertEqual((national["INK_LAAG"].period, national["INK_LAAG"].areas_with_value), ("2022", 1))
        self.assertEqual((alpha["INK_LAAG"].period, alpha["INK_LAAG"].areas_with_value), ("2021", 4))

    def test_gemeente_scope_limits_the_population(self):
        # Within Alpha: gas heating n = 4: 50 → 0, 80 → 33.3, 90 → 66.7, 92 → 100; gas use n = 3: 1000 → 0,
        # 1200 → 50, 1500 → 100.
        result = run_scan(level="buurt", boundary_year=2021, gemeente_code="gm0001")
        self.assertEqual(result.gemeente, self.areas["GM0001"])
        self.assertEqual(result.codes, [A1, A2, A3, A4])
        self.assertEqual(self.scores(result, "energy"),
                         pytest.approx({A1: (200 + 100) / 4, A2: 100.0, A3: (100 + 0) / 4, A4: (0 + 50) / 4}))

    def test_gemeente_level(self):
        result = run_scan(level="gemeente", boundary_year=2021)
        self.assertEqual(result.codes, ["GM0001", "GM0002"])
        self.assertEqual([row.energy.present for row in result.rows()], [1, 0])

    def test_unknown_gemeente_and_level(self):
        with self.assertRaises(Area.DoesNotExist):
            run_scan(level="buurt", boundary_year=2021, gemeente_code="GM9999")
        with self.assertRaises(ValueError):
            run_scan(level="provincie", boundary_year=2021)
        with self.assertRaises(ValueError):
            run_scan(level="buurt", boundary_year=2021, weights={"ET_GAS_WON": -1})

    def test_weights_change_the_scores(self):
        # Without gas use the total weight is 5 and gas heating alone carries 3/5: its rank is the score.
        result = run_scan(level="buurt", boundary_year=2021, weights={"ET_GAS_WON": 0})
        rows = {row.code: row.energy for row in result.rows()}
        self.assertEqual({code: score.score for code, score in rows.items()},
                         pytest.approx({A1: 50.0, A2: 75.0, A3: 25.0, A4: 0.0, B1: 100.0, B2: None}))
        self.assertEqual((rows[A1].present, rows[A1].total), (1, 3))
        self.assertEqual(result.weights["ET_GAS_WON"], 0)
        self.assertEqual(result.weights["INK_GEM"], DEFAULT_WEIGHTS["INK_GEM"])

    def test_weights_change_the_coverage(self):
        # Gas heating at weight 1 of 4 carries 1/4 for A2: below half, so A2 is no longer scored.
        result = run_scan(level="buurt", boundary_year=2021, weights={"ET_HOOFDVERW_GAS": 1})
        rows = {row.code: row.energy for row in result.rows()}
        self.assertIsNone(rows[A2].score)
        self.assertAlmostEqual(rows[A2].coverage, 0.25)
        self.assertAlmostEqual(rows[A1].score, (50 + 75) / 2)

    def test_fetch_command_for_indicators_without_figures(self):
        uses = {use.code: use for use in run_scan(level="buurt", boundary_year=2021).indicators}
        self.assertEqual(uses["ET_BOUWJAAR_VOOR2000"].fetch_command, "python manage.py import_cbs_odata 85039NED")
        self.assertEqual(uses["ET_BOUWJAAR_VOOR2000"].areas_with_value, 0)
        self.assertIsNone(uses["ET_HOOFDVERW_GAS"].fetch_command)
        self.assertEqual(uses["ET_HOOFDVERW_GAS"].areas_with_value, 5)

    def test_a_fixed_number_of_queries(self):
        # Areas, indicators, periods, figures, and one for the indicator with two periods.
        with self.assertNumQueries(5):
            run_scan(level="buurt", boundary_year=2021)


class YearsAndLookupTests(ScanFixture):
    def test_scan_years_count_figures_per_level_and_year(self):
        years = scan_years()
        self.assertEqual(years["buurt"], {2021: 5 + 5 + 6 + 6 + 5 + 4 + 4, 2022: 1})
        self.assertEqual(years["gemeente"], {2021: 1})
        self.assertEqual(years["wijk"], {2021: 0})
        self.assertEqual(default_year(years["buurt"]), 2021)
        self.assertEqual(default_year({2021: 0, 2025: 0}), 2025)
        self.assertIsNone(default_year({}))

    def test_scan_years_see_new_figures(self):
        scan_years()
        add_figures(make_run(), "ET_HOOFDVERW_GAS", {self.areas["WK000101"]: 5})
        self.assertEqual(scan_years()["wijk"], {2021: 1})

    def test_find_gemeente_by_code_or_name(self):
        self.assertEqual(find_gemeente("gm0002", boundary_year=2021), self.areas["GM0002"])
        self.assertEqual(find_gemeente(" alpha ", boundary_year=2021), self.areas["GM0001"])
        self.assertIsNone(find_gemeente("Alpha", boundary_year=2022))
        self.assertIsNone(find_gemeente("", boundary_year=2021))


class CompositeDataTests(TestCase):
    def test_every_indicator_is_in_the_catalogue_with_a_matching_direction(self):
        directions = dict(Indicator.objects.values_list("code", "direction"))
        for part in ALL_PARTS:
            self.assertIn(part.code, directions)
            expected = Direction.HIGHER_BETTER if part.inverted else Direction.HIGHER_WORSE
            self.assertEqual(directions[part.code], expected, part.code)

    def test_each_composite_has_positive_weights(self):
        for composite in COMPOSITES:
            self.assertTrue(all(part.weight > 0 for part in composite.parts))
            self.assertEqual(len(set(composite.codes)), len(composite.codes))
