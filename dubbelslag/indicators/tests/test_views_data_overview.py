"""The programme team's data page (/indicatoren/gegevens/): per boundary year and level what is loaded, what is
missing and the commands that fetch it; and the links every page makes to an area in a year with figures."""

from __future__ import annotations

from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse

from dubbelslag.indicators.catalogue import data_overview
from dubbelslag.indicators.selectors import link_year
from testing.base import BaseTestCase, make_area
from testing.factories.atlas import make_2021_areas, make_run, observe

URL = reverse("indicators:data-overview")


class DataOverviewTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        run = make_run()
        for area in cls.rotterdam_buurten[:3]:
            observe(area, "ET_HOOFDVERW_GAS", 80.0, run=run)
        observe(cls.rotterdam_buurten[3], "ET_HOOFDVERW_GAS", None, run=run, status="suppressed")

    def setUp(self):
        cache.clear()
        self.client.cookies["django_language"] = "en"

    def test_per_year_and_level_what_is_loaded_and_missing(self):
        years = {item.boundary_year: item for item in data_overview()}
        self.assertEqual(list(years), [2025, 2021])
        self.assertFalse(years[2025].has_figures)
        levels = {level.level: level for level in years[2021].levels}
        self.assertEqual(list(levels), ["gemeente", "wijk", "buurt"])
        buurt = levels["buurt"]
        self.assertEqual(buurt.areas, 7)
        # Suppressed counts as loaded: CBS has answered for that area.
        self.assertEqual([(loaded.indicator.code, loaded.areas) for loaded in buurt.loaded], [("ET_HOOFDVERW_GAS", 4)])
        missing = {indicator.code for indicator in buurt.missing}
        self.assertIn("INK_LAAG", missing)
        self.assertNotIn("ET_HOOFDVERW_GAS", missing)
        self.assertNotIn("SCHULD_PROB", missing)  # a gemeente-level indicator has no buurt figures to fetch
        self.assertIn("python manage.py import_cbs_odata 85039NED", buurt.commands)  # KWB of 2021
        self.assertEqual(len(buurt.commands), len(set(buurt.commands)))
        self.assertEqual(years[2021].command, "python manage.py fetch_cbs_year 2021")
        self.assertEqual([item.boundary_year for item in data_overview(boundary_year=2021)], [2021])

    def test_the_page_is_for_the_programme_team_only(self):
        self.assertRedirects(self.client.get(URL), reverse("accounts:login") + "?next=" + URL,
                             fetch_redirect_response=False)
        for persona in ("outsider", "reader", "editor"):
            with self.subTest(persona=persona):
                self.login(getattr(self, persona))
                self.assertEqual(self.client.get(URL).status_code, 403)
        self.login(self.researcher)
        response = self.client.get(URL + "?jaar=2021")
        self.assertContains(response, "python manage.py fetch_cbs_year 2021")
        self.assertNotContains(response, "fetch_cbs_year 2025")
        self.assertContains(response, "Dwellings heated with natural gas")
        self.assertContains(response, "4 / 7")
        self.assertEqual(self.client.post(URL).status_code, 405)

    def test_links_open_the_year_with_figures(self):
        pendrecht_2025 = self.pendrecht  # the personas' experiment area, in the 2025 boundaries
        self.assertEqual(link_year("BU05991577", 2025), 2021)
        self.assertEqual(link_year("BU05991577", 2021), 2021)
        self.assertEqual(link_year("GM0599", 2025), 2025)  # no figures anywhere: its own year
        rendered = Template("{% load area_links %}{% area_url area %}").render(Context({"area": pendrecht_2025}))
        self.assertEqual(rendered, "/gebieden/BU05991577/?jaar=2021")
        # A new import is seen at once.
        observe(make_area("BU05991578", "Nieuw", year=2025), "ET_HOOFDVERW_GAS", 1.0, run=make_run(year=2025))
        observe(pendrecht_2025, "ET_HOOFDVERW_GAS", 1.0, run=make_run(year=2025))
        self.assertEqual(link_year("BU05991577", 2025), 2025)
