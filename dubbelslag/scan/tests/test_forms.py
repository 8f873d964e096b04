"""Reading the scan's GET parameters: good values are used, bad ones fall back to their defaults with a notice."""

from django.http import QueryDict
from django.test import TestCase
from django.utils import translation

from dubbelslag.scan.composites import DEFAULT_WEIGHTS
from dubbelslag.scan.forms import read_params
from testing.factories.scan import add_figures, make_buurten, make_run


class ReadParamsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.areas = make_buurten(2021)
        add_figures(make_run(), "ET_HOOFDVERW_GAS", {cls.areas["BU00010100"]: 80, cls.areas["GM0001"]: 70})
        make_buurten(2023)

    def read(self, query: str):
        with translation.override("en"):
            return read_params(QueryDict(query))

    def test_defaults(self):
        params = self.read("")
        self.assertEqual((params.level, params.boundary_year, params.gemeente, params.sort), ("gemeente", 2021, None,
                                                                                             None))
        self.assertEqual(params.weights, DEFAULT_WEIGHTS)
        self.assertEqual(params.notices, [])
        self.assertFalse(params.weights_changed)

    def test_a_gemeente_makes_buurt_the_default_level(self):
        params = self.read("gemeente=Alpha")
        self.assertEqual((params.level, params.gemeente), ("buurt", self.areas["GM0001"]))

    def test_years_offered_are_those_with_figures(self):
        params = self.read("niveau=buurt")
        self.assertEqual((params.years, params.boundary_year), ([2021], 2021))
        # No figures at wijk level: every year with wijken is offered, the latest by default.
        params = self.read("niveau=wijk")
        self.assertEqual((params.years, params.boundary_year), ([2021, 2023], 2023))

    def test_valid_weights(self):
        params = self.read("w_ET_GAS_WON=2.5&w_INK_GEM=0&w_LB_TOTAAL=1,5&w_UNKNOWN=9")
        self.assertEqual(params.weights, {**DEFAULT_WEIGHTS, "ET_GAS_WON": 2.5, "INK_GEM": 0.0, "LB_TOTAAL": 1.5})
        self.assertTrue(params.weights_changed)
        self.assertEqual(params.notices, [])

    def test_invalid_weights_keep_their_defaults_with_a_notice(self):
        params = self.read("w_ET_GAS_WON=abc&w_INK_GEM=-1&w_VERM_MED=nan&w_INK_LAAG=inf&w_ARB_NETTO=1e300"
                           "&w_LB_TOTAAL=3")
        self.assertEqual(params.weights, {**DEFAULT_WEIGHTS, "LB_TOTAAL": 3.0})
        self.assertEqual(len(params.notices), 5)
        self.assertIn("The weight of ET_GAS_WON must be a number from 0 to 100, not “abc”", params.notices[0])

    def test_all_weights_zero_brings_the_defaults_back(self):
        query = "&".join(f"w_{code}=0" for code in ("ET_HOOFDVERW_GAS", "ET_GAS_WON", "ET_BOUWJAAR_VOOR2000",
                                                    "ET_LABEL_EFG"))
        params = self.read(query + "&w_INK_GEM=2")
        self.assertEqual(params.weights, {**DEFAULT_WEIGHTS, "INK_GEM": 2.0})
        self.assertEqual(params.notices, ["All weights of “Energy-transition task” were 0; they are back at their "
                                          "defaults."])

    def test_bad_level_year_sort_and_gemeente(self):
        params = self.read("niveau=provincie&jaar=1999&sorteer=random&gemeente=Nergens")
        self.assertEqual((params.level, params.boundary_year, params.sort, params.gemeente),
                         ("buurt", 2021, None, None))
        self.assertEqual(len(params.notices), 4)

    def test_query_round_trip_keeps_changed_weights_only(self):
        params = self.read("gemeente=alpha&w_ET_GAS_WON=2&w_INK_GEM=1")
        self.assertEqual(params.query(pagina=None).dict(),
                         {"gemeente": "GM0001", "niveau": "buurt", "jaar": "2021", "w_ET_GAS_WON": "2"})
