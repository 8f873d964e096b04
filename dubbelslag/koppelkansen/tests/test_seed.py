"""The catalogue seeded by migration 0002 (docs/domain.md#koppelkansen)."""

from django.test import TestCase
from django.utils import translation

from dubbelslag.koppelkansen.models import Koppelkans, TriggerRule

SHIPPED = {  # indicators whose figures ship with the application (load_open_data)
    "ET_HOOFDVERW_BLOK", "ET_HOOFDVERW_STVW", "ET_HOOFDVERW_GAS", "ET_HUUR", "ET_KOOP", "INK_SOCMIN",
    "INK_SOCMIN120", "INK_GEM", "VERM_MED", "BEV_DICHTHEID", "BEV_ADRESDICHTHEID",
}


class SeedTests(TestCase):
    def test_all_seventeen_are_seeded_and_at_least_fifteen_have_rules(self):
        self.assertEqual(list(Koppelkans.objects.values_list("code", flat=True)),
                         [f"K{number:02d}" for number in range(1, 18)])
        with_rules = Koppelkans.objects.filter(rules__isnull=False).distinct()
        self.assertGreaterEqual(with_rules.count(), 15)

    def test_every_entry_is_complete_in_both_languages(self):
        for koppelkans in Koppelkans.objects.prefetch_related("themes"):
            with self.subTest(koppelkans.code):
                self.assertTrue(koppelkans.title_nl and koppelkans.title_en)
                self.assertTrue(koppelkans.description_nl and koppelkans.description_en)
                self.assertIn("Bron", koppelkans.examples_nl)
                self.assertTrue(koppelkans.evidence_note)
                self.assertTrue(koppelkans.themes.exists())
                self.assertIn(koppelkans.orientation, {"person", "area", "both"})

    def test_rules_are_valid(self):
        for rule in TriggerRule.objects.select_related("indicator"):
            with self.subTest(str(rule.pk)):
                rule.full_clean()

    def test_several_koppelkansen_have_rules_on_shipped_figures(self):
        codes = set(TriggerRule.objects.filter(indicator__code__in=SHIPPED, group__isnull=True)
                    .values_list("koppelkans__code", flat=True))
        self.assertLessEqual({"K01", "K05", "K09", "K10", "K11", "K17"}, codes)

    def test_rules_from_the_brief(self):
        def rules(code):
            return set(TriggerRule.objects.filter(koppelkans__code=code).values_list(
                "indicator__code", "operator", "reference", "threshold", "group"))

        self.assertLessEqual({("ET_HOOFDVERW_BLOK", "gte", "gemeente_percentile", 75, None),
                              ("ET_HOOFDVERW_STVW", "gte", "gemeente_percentile", 75, None)}, rules("K09"))
        self.assertLessEqual({("ET_CORP", "gte", "absolute", 40, None)}, rules("K05"))
        self.assertLessEqual({("INK_SOCMIN", "gte", "nl_median_multiple", 1.5, None)}, rules("K01") & rules("K11"))
        self.assertLessEqual({("ET_KOOP", "gte", "absolute", 50, 1), ("VERM_MED", "lte", "nl_percentile", 25, 1)},
                             rules("K06"))
        self.assertLessEqual({("ET_HOOFDVERW_GAS", "gte", "gemeente_percentile", 75, 1),
                              ("INK_SOCMIN", "gte", "gemeente_percentile", 75, 1)}, rules("K07"))
        self.assertLessEqual({("ARB_NETTO", "lte", "gemeente_percentile", 25, None)}, rules("K03"))
        self.assertLessEqual({("GEZ_EENZ_ERN", "gte", "gemeente_percentile", 75, None)}, rules("K08"))
        self.assertLessEqual({("VEIL_MISDR", "gte", "gemeente_percentile", 75, None)}, rules("K13"))

    def test_titles_follow_the_language(self):
        koppelkans = Koppelkans.objects.get(code="K08")
        with translation.override("en"):
            self.assertEqual(koppelkans.title, "A neighbourhood living room as energy desk and meeting place")
        with translation.override("nl"):
            self.assertEqual(koppelkans.title, "Huiskamer als energieloket en ontmoetingsplek")
