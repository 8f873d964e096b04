"""Area search finds what people mean: a name with its gemeente ("Overvecht Utrecht"), wijken CBS titles
"Wijk 03 Overvecht", wijken whose code list gives no name, and areas with figures first, then by level."""

from __future__ import annotations

import csv

from django.core.cache import cache
from django.urls import reverse

from dubbelslag.areas.services import BUNDLED_DATA
from testing.base import BaseTestCase, make_area
from testing.factories.atlas import make_run, observe

URL = reverse("atlas:area-search")


def shipped_names(filename: str) -> dict[str, str]:
    """Code → name as the shipped 2025 code list has it (the real CBS names)."""
    with (BUNDLED_DATA / filename).open(encoding="utf-8") as handle:
        return {row[0]: row[1] for row in csv.reader(handle)}


class AreaSearchWordsTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        wijken, buurten = shipped_names("wijken_2025.csv"), shipped_names("buurten_2025.csv")
        assert wijken["WK034403"] == "Wijk 03 Overvecht"  # the real CBS title
        utrecht = {year: make_area("GM0344", "Utrecht", year=year) for year in (2021, 2024, 2025)}
        cls.wijk_2025 = make_area("WK034403", wijken["WK034403"], parent=utrecht[2025], year=2025)
        cls.polder_2025 = make_area("BU03440343", buurten["BU03440343"], parent=cls.wijk_2025, year=2025)
        make_area("BU03440331", buurten["BU03440331"], parent=cls.wijk_2025, year=2025)
        # The 2021 and 2024 code lists give wijken no name: the area is called by its code.
        wijk_2021 = make_area("WK034403", "WK034403", parent=utrecht[2021], year=2021)
        cls.wijk_2024 = make_area("WK034403", "WK034403", parent=utrecht[2024], year=2024)
        cls.polder_2021 = make_area("BU03440343", buurten["BU03440343"], parent=wijk_2021, year=2021)
        # An Overvecht outside Utrecht, and a buurt of Utrecht that is not in Overvecht.
        elsewhere = make_area("GM0307", "Amersfoort")
        make_area("BU03070099", "Overvecht-Oost", parent=make_area("WK030700", "Wijk 00 Amersfoort",
                                                                   parent=elsewhere))
        observe(cls.wijk_2024, "INK_GEM", 30.1, run=make_run(year=2024), period="2024")
        observe(cls.polder_2021, "ET_HOOFDVERW_GAS", 80.0, run=make_run())

    def setUp(self):
        cache.clear()
        self.client.cookies["django_language"] = "en"

    def rows(self, query: str, **params):
        response = self.client.get(URL, {"q": query, **params})
        return [(area.code, area.boundary_year) for area in response.context["page"]], response

    def test_a_name_with_its_gemeente_finds_the_areas_with_figures_first(self):
        rows, response = self.rows("Overvecht Utrecht")
        # With figures first (the wijk of 2024 found by its 2025 name, then the 2021 buurt), the wijk before the
        # buurt. The same wijk and buurt in the years without figures are one row each, not three: their rows would
        # link to the same profile. Not the Overvecht of Amersfoort, nor Vechtzoom-zuid (no "Overvecht" in its name).
        self.assertEqual(rows, [("WK034403", 2024), ("BU03440343", 2021)])
        self.assertContains(response, '<a href="/gebieden/WK034403/?jaar=2024">Wijk 03 Overvecht</a>', html=True)
        self.assertEqual(self.rows("overvecht, utrecht")[0], rows)

    def test_the_first_result_has_figures(self):
        rows, _response = self.rows("Overvecht Utrecht")
        profile = self.client.get(reverse("atlas:area-detail", args=[rows[0][0]]) + f"?jaar={rows[0][1]}")
        self.assertTrue(profile.context["has_figures"])
        self.assertContains(profile, "Average standardised household income")

    def test_a_single_word_finds_its_own_names_only(self):
        rows, _response = self.rows("Overvecht")
        # The areas with figures first (each once), then the Overvecht of Amersfoort, which has none.
        self.assertEqual(rows, [("WK034403", 2024), ("BU03440343", 2021), ("BU03070099", 2025)])
        # "Utrecht" alone is the gemeente, not every area inside it.
        self.assertEqual(self.rows("Utrecht")[0], [("GM0344", 2025), ("GM0344", 2024), ("GM0344", 2021)])

    def test_the_wijk_title_counts_as_an_exact_name(self):
        rows, _response = self.rows("Overvecht", jaar="2025")
        self.assertEqual(rows[0], ("WK034403", 2025))
        self.assertEqual(self.rows("Wijk 03 Overvecht", jaar="2025")[0], [("WK034403", 2025)])

    def test_the_api_reads_the_same_words(self):
        response = self.client.get(reverse("api:areas"), {"q": "Overvecht Utrecht"})
        codes = {(item["code"], item["boundary_year"]) for item in response.json()["results"]}
        self.assertEqual(codes, {("WK034403", 2024), ("BU03440343", 2021), ("WK034403", 2025), ("WK034403", 2021),
                                 ("BU03440343", 2025)})

    def test_a_wijk_page_lists_its_buurten_also_when_its_year_has_none(self):
        response = self.client.get(reverse("atlas:area-detail", args=["WK034403"]) + "?jaar=2025")
        self.assertEqual({child.code for child in response.context["children"]}, {"BU03440343", "BU03440331"})
        # 2024 has no buurten: the wijk lists those of its code in the year where they have figures (2021).
        response = self.client.get(reverse("atlas:area-detail", args=["WK034403"]) + "?jaar=2024")
        self.assertEqual([(child.code, child.boundary_year) for child in response.context["children"]],
                         [("BU03440343", 2021)])
        self.assertContains(response, "these are the buurten of this wijk in the boundaries of 2021")
        self.assertContains(response, 'href="/gebieden/BU03440343/?jaar=2021">Poldergebied Overvecht</a>')


class OneRowPerAreaTests(BaseTestCase):
    """A year without figures is left out of the search only when the same area has figures in another year."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        deurne = {year: make_area("GM0762", "Deurne", year=year) for year in (2022, 2025)}
        cls.liessel = make_area("WK076202", "Wijk 02 Liessel", parent=deurne[2022], year=2022)
        # CBS reused the code: in 2025 WK076202 is Heiakker, another neighbourhood.
        cls.heiakker = make_area("WK076202", "Wijk 02 Heiakker", parent=deurne[2025], year=2025)
        observe(cls.liessel, "INK_GEM", 28.0, run=make_run(year=2022), period="2022")

    def setUp(self):
        cache.clear()

    def codes(self, query: str, **params):
        page = self.client.get(URL, {"q": query, **params}).context["page"]
        return [(area.code, area.boundary_year) for area in page]

    def test_a_reused_code_keeps_the_row_of_the_other_area(self):
        self.assertEqual(self.codes("WK076202"), [("WK076202", 2022), ("WK076202", 2025)])
        self.assertEqual(self.codes("Heiakker"), [("WK076202", 2025)])

    def test_choosing_a_year_lists_that_year_even_without_figures(self):
        make_area("WK076202", "Wijk 02 Liessel", year=2024)
        self.assertEqual(self.codes("Liessel"), [("WK076202", 2022)])
        self.assertEqual(self.codes("Liessel", jaar=2024), [("WK076202", 2024)])
