"""suggestions_for: each reference kind on constructed figures, reasons, missing figures, efficiency."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.koppelkansen.selectors import (
    evaluate_koppelkansen,
    suggestions_for,
    suggestions_for_areas,
)
from testing.base import make_area
from testing.factories.koppelkansen import make_buurten, make_import_run, make_koppelkans, observe

GE, LE = "gte", "lte"
ABS, GEM, NL, MED = "absolute", "gemeente_percentile", "nl_percentile", "nl_median_multiple"

# Gemeente A's six buurten and gemeente B's six buurten, INK_SOCMIN in 2021:
#   within A, p75 = 16 + 0.75 × (20 − 16) = 19.0 and p25 = 12 + 0.25 × 2 = 12.5;
#   across all twelve, p75 = 14 + 0.25 × 2 = 14.5 and the median = 6 + 0.5 × 4 = 8.0.
VALUES_A = [10.0, 12.0, 14.0, 16.0, 20.0, 34.0]
VALUES_B = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


class SuggestionTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The seeded catalogue would add its own suggestions; these tests use their own koppelkans.
        Koppelkans.objects.update(is_active=False)
        cls.import_run = make_import_run()
        cls.gemeente_a, cls.a = make_buurten("GM0001", VALUES_A, name="Aadorp")
        cls.gemeente_b, cls.b = make_buurten("GM0002", VALUES_B, name="Beedorp")
        observe("INK_SOCMIN", cls.a, VALUES_A, run=cls.import_run)
        observe("INK_SOCMIN", cls.b, VALUES_B, run=cls.import_run)

    def suggest(self, area, *rules, **koppelkans_fields):
        make_koppelkans(rules=rules, **koppelkans_fields)
        return suggestions_for(area)

    def fires(self, area, *rules) -> bool:
        suggestions = self.suggest(area, *rules)
        return [s.koppelkans.code for s in suggestions] == ["K90"]


class ReferenceKindTests(SuggestionTestCase):
    def test_absolute_threshold(self):
        self.assertTrue(self.fires(self.a[3], ("INK_SOCMIN", GE, ABS, 16)))
        Koppelkans.objects.filter(code="K90").delete()
        self.assertFalse(self.fires(self.a[2], ("INK_SOCMIN", GE, ABS, 16)))

    def test_percentile_within_the_gemeente_fires_for_the_top_quarter_of_its_buurten(self):
        self.assertTrue(self.fires(self.a[4], ("INK_SOCMIN", GE, GEM, 75)))  # 20 ≥ 19.0

    def test_percentile_within_the_gemeente_ignores_other_gemeenten(self):
        # 16 is in the top quarter of all twelve buurten, not of its own gemeente's.
        self.assertFalse(self.fires(self.a[3], ("INK_SOCMIN", GE, GEM, 75)))

    def test_lower_percentile_within_the_gemeente(self):
        self.assertTrue(self.fires(self.a[0], ("INK_SOCMIN", LE, GEM, 25)))  # 10 ≤ 12.5
        Koppelkans.objects.filter(code="K90").delete()
        self.assertFalse(self.fires(self.a[2], ("INK_SOCMIN", LE, GEM, 25)))  # 14 > 12.5

    def test_percentile_across_the_netherlands(self):
        self.assertTrue(self.fires(self.a[3], ("INK_SOCMIN", GE, NL, 75)))  # 16 ≥ 14.5
        Koppelkans.objects.filter(code="K90").delete()
        self.assertFalse(self.fires(self.a[2], ("INK_SOCMIN", GE, NL, 75)))  # 14 < 14.5

    def test_multiple_of_the_netherlands_median(self):
        self.assertTrue(self.fires(self.a[1], ("INK_SOCMIN", GE, MED, 1.5)))  # 12 ≥ 1.5 × 8 = 12
        Koppelkans.objects.filter(code="K90").delete()
        self.assertFalse(self.fires(self.a[0], ("INK_SOCMIN", GE, MED, 1.5)))  # 10 < 12

    def test_absolute_limit_must_hold_as_well(self):
        self.assertFalse(self.fires(self.a[4], ("INK_SOCMIN", GE, GEM, 75, 25)))  # 20 ≥ p75 but < 25
        Koppelkans.objects.filter(code="K90").delete()
        self.assertTrue(self.fires(self.a[5], ("INK_SOCMIN", GE, GEM, 75, 25)))  # 34

    def test_percentile_does_not_single_out_areas_that_tie_at_the_far_end(self):
        # Most buurten have no block heating: p75 is 0, and a 0 is not "in the top quarter".
        blocks = [0.0, 0.0, 0.0, 0.0, 0.0, 40.0]
        observe("ET_HOOFDVERW_BLOK", self.a, blocks, run=self.import_run)
        koppelkans = make_koppelkans(rules=[("ET_HOOFDVERW_BLOK", GE, GEM, 75)])
        self.assertEqual(suggestions_for(self.a[0]), [])
        self.assertEqual([s.koppelkans for s in suggestions_for(self.a[5])], [koppelkans])

    def test_any_standalone_rule_is_enough(self):
        suggestion, = self.suggest(self.a[5], ("INK_SOCMIN", LE, ABS, 5), ("INK_SOCMIN", GE, ABS, 30))
        self.assertEqual(len(suggestion.reasons), 1)
        self.assertEqual(suggestion.rules_checked, 2)

    def test_and_group_fires_only_when_all_its_rules_hold(self):
        observe("ET_KOOP", self.a, [80.0, 80.0, 80.0, 80.0, 80.0, 20.0], run=self.import_run, period="2023")
        rules = [("INK_SOCMIN", GE, ABS, 15, None, 1), ("ET_KOOP", GE, ABS, 50, None, 1)]
        make_koppelkans(rules=rules)
        self.assertEqual(suggestions_for(self.a[5]), [])  # high INK_SOCMIN, few owner-occupiers
        self.assertEqual(suggestions_for(self.a[0]), [])  # many owner-occupiers, low INK_SOCMIN
        with translation.override("en"):
            suggestion, = suggestions_for(self.a[4])
        reason, = suggestion.reasons
        self.assertIn("20.0% (2021) ≥ 15%", reason)
        self.assertIn(" and ", reason)
        self.assertIn("80.0% (2023) ≥ 50%", reason)


class ApplicabilityTests(SuggestionTestCase):
    def test_gemeente_percentile_does_not_apply_to_a_gemeente(self):
        observe("INK_SOCMIN", [self.gemeente_a, self.gemeente_b], [20.0, 3.0], run=self.import_run)
        suggestion, = evaluate_koppelkansen_for(self.gemeente_a, ("INK_SOCMIN", GE, GEM, 75))
        self.assertFalse(suggestion.is_suggested)
        self.assertEqual((suggestion.rules_checked, suggestion.not_applicable, suggestion.missing), (0, 1, []))

    def test_too_few_areas_for_a_percentile(self):
        small, buurten = make_buurten("GM0003", [1.0, 2.0, 3.0], name="Ceedorp")
        observe("INK_SOCMIN", buurten, [1.0, 2.0, 30.0], run=self.import_run)
        suggestion, = evaluate_koppelkansen_for(buurten[2], ("INK_SOCMIN", GE, GEM, 75))
        self.assertFalse(suggestion.is_suggested)
        self.assertEqual(suggestion.not_applicable, 1)

    def test_latest_period_is_used_with_references_from_that_period(self):
        # In 2019 the buurt stood out; in 2021 it does not: 2021 counts.
        observe("INK_SOCMIN", self.a, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], run=self.import_run, period="2019")
        observe("INK_SOCMIN", self.a[:1], [50.0], run=self.import_run, period="2018")
        self.assertFalse(self.fires(self.a[0], ("INK_SOCMIN", GE, GEM, 75)))

    def test_a_suppressed_latest_figure_falls_back_to_the_latest_value(self):
        area_b2 = self.b[1]
        observe("INK_SOCMIN", [area_b2], [None], run=self.import_run, period="2022")
        with translation.override("en"):
            suggestion, = self.suggest(area_b2, ("INK_SOCMIN", GE, ABS, 2))
        self.assertIn("(2021)", suggestion.reasons[0])


def evaluate_koppelkansen_for(area, *rules):
    make_koppelkans(rules=rules)
    return evaluate_koppelkansen(area)


class MissingFigureTests(SuggestionTestCase):
    def test_missing_figure_is_reported_and_never_fires(self):
        suggestion, = evaluate_koppelkansen_for(self.a[5], ("VEIL_MISDR", GE, GEM, 75), ("GEZ_EENZ", LE, ABS, 100))
        self.assertFalse(suggestion.is_suggested)
        self.assertEqual([indicator.code for indicator in suggestion.missing], ["VEIL_MISDR", "GEZ_EENZ"])
        self.assertEqual(suggestion.rules_checked, 0)

    def test_suppressed_figure_counts_as_missing_not_as_zero(self):
        observe("ARB_NETTO", self.a, [None, 70.0, 71.0, 72.0, 73.0, 74.0], run=self.import_run)
        suggestion, = evaluate_koppelkansen_for(self.a[0], ("ARB_NETTO", LE, GEM, 25))
        self.assertFalse(suggestion.is_suggested)
        self.assertEqual([indicator.code for indicator in suggestion.missing], ["ARB_NETTO"])

    def test_a_fired_suggestion_still_lists_what_it_could_not_check(self):
        suggestion, = self.suggest(self.a[5], ("INK_SOCMIN", GE, GEM, 75), ("EA_LIHELEK", GE, NL, 75))
        self.assertEqual(len(suggestion.reasons), 1)
        self.assertEqual((suggestion.rules_checked, [i.code for i in suggestion.missing]), (1, ["EA_LIHELEK"]))

    def test_missing_figure_in_an_and_group_blocks_the_group(self):
        rules = [("INK_SOCMIN", GE, ABS, 15, None, 1), ("EA_LILEK", GE, NL, 75, None, 1)]
        self.assertEqual(self.suggest(self.a[5], *rules), [])

    def test_area_without_any_figures(self):
        empty = make_area("GM0599", "Rotterdam")
        make_koppelkans(rules=[("INK_SOCMIN", GE, GEM, 75), ("INK_SOCMIN", GE, MED, 1.5)])
        self.assertEqual(suggestions_for(empty), [])
        suggestion, = evaluate_koppelkansen(empty)
        self.assertEqual([indicator.code for indicator in suggestion.missing], ["INK_SOCMIN"])

    def test_no_koppelkansen_with_rules(self):
        self.assertEqual(suggestions_for(self.a[5]), [])

    def test_switched_off_koppelkans_is_never_suggested(self):
        make_koppelkans(rules=[("INK_SOCMIN", GE, ABS, 0)], is_active=False)
        self.assertEqual(suggestions_for(self.a[5]), [])


class ReasonTextTests(SuggestionTestCase):
    def test_reason_names_the_figure_and_the_reference_in_english(self):
        with translation.override("en"):
            suggestion, = self.suggest(self.a[5], ("INK_SOCMIN", GE, GEM, 75))
        self.assertEqual(suggestion.reasons, [
            "Households at or below the social minimum 34.0% (2021) ≥ p75 of the buurten in the "
            "gemeente (19.0%)",
        ])

    def test_reason_uses_dutch_number_format_in_dutch(self):
        with translation.override("nl"):
            suggestion, = self.suggest(self.a[5], ("INK_SOCMIN", GE, NL, 75))
        reason, = suggestion.reasons
        self.assertIn("Huishoudens onder of rond sociaal minimum 34,0% (2021) ≥ p75", reason)
        self.assertIn("(14,5%)", reason)

    def test_median_reason_shows_the_median(self):
        with translation.override("en"):
            suggestion, = self.suggest(self.a[5], ("INK_SOCMIN", GE, MED, 1.5))
        reason, = suggestion.reasons
        self.assertIn("34.0% (2021) ≥ 1.5 × the median of all buurten in the Netherlands", reason)
        self.assertIn("(12.0%; median 8.0%)", reason)

    def test_absolute_limit_is_part_of_the_reason(self):
        with translation.override("en"):
            suggestion, = self.suggest(self.a[5], ("INK_SOCMIN", GE, GEM, 75, 25))
        self.assertTrue(suggestion.reasons[0].endswith("(19.0%) and ≥ 25%"))


class EfficiencyTests(SuggestionTestCase):
    def test_one_query_per_distribution_not_per_area(self):
        make_koppelkans(rules=[("INK_SOCMIN", GE, GEM, 75), ("INK_SOCMIN", GE, NL, 75),
                               ("INK_SOCMIN", GE, MED, 1.5), ("INK_SOCMIN", GE, ABS, 1)])
        # koppelkansen, their rules, the area's figures, the data version of the cached summaries, and one read of
        # the distribution, which serves the Netherlands and each gemeente (percentile and median share it).
        with self.assertNumQueries(5):
            suggestions_for(self.a[5])
        # The summary is cached: a second area reads only its own figures.
        with self.assertNumQueries(4):
            suggestions_for(self.a[4])

    def test_many_areas_share_the_distributions(self):
        make_koppelkans(rules=[("INK_SOCMIN", GE, GEM, 75), ("INK_SOCMIN", GE, NL, 75)])
        areas = self.a + self.b
        with CaptureQueriesContext(connection) as queries:
            result = suggestions_for_areas(areas)
        # koppelkansen, rules, figures, the data version, and one read serving the Netherlands and every gemeente.
        self.assertEqual(len(queries.captured_queries), 5)
        fired = {area.code for area in areas if result[area.pk]}
        # Across the Netherlands p75 is 14.5; within B it is 4.75, so B's highest two stand out in their gemeente.
        self.assertEqual(fired, {"BU00010004", "BU00010005", "BU00010006", "BU00020005", "BU00020006"})
