import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from testing.base import BaseTestCase


def observation_counts(response) -> dict[str, int]:
    """Indicator code → the observation count rendered in its row of the catalogue."""
    rows = re.findall(r'<a class="code" href="/indicatoren/([A-Z0-9_]+)/">.*?data-observations="(\d+)"',
                      response.content.decode(), flags=re.S)
    return {code: int(count) for code, count in rows}


class IndicatorListTests(BaseTestCase):
    url = reverse("indicators:indicator-list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.import_run = ImportRun.objects.create(source="cbs_csv", table_id="85984NED", file_name="kwb.csv")
        cls.inwoners = Indicator.objects.get(code="BEV_INWONERS")
        cls.woz = Indicator.objects.get(code="ET_WOZ")
        for area, value, status in [(cls.rotterdam, 655468, "ok"), (cls.zoetermeer, 127000, "ok"),
                                    (cls.charlois, None, "suppressed")]:
            Observation.objects.create(area=area, indicator=cls.inwoners, period="2024", value=value, status=status,
                                       import_run=cls.import_run)
        Observation.objects.create(area=cls.pendrecht, indicator=cls.woz, period="2023", value=182.0,
                                   import_run=cls.import_run)

    def test_every_visitor_sees_the_whole_catalogue_with_observation_counts(self):
        for user in [None, self.outsider, self.reader, self.editor, self.researcher, self.coordinator]:
            with self.subTest(user=user):
                self.client.logout()
                if user:
                    self.login(user)
                response = self.client.get(self.url)
                counts = observation_counts(response)
                self.assertEqual(set(counts), set(Indicator.objects.values_list("code", flat=True)))
                self.assertEqual(counts["BEV_INWONERS"], 3)
                self.assertEqual(counts["ET_WOZ"], 1)
                self.assertEqual({code for code, count in counts.items() if count}, {"BEV_INWONERS", "ET_WOZ"})

    def test_row_shows_name_unit_direction_source_and_level(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        row = re.search(r"<tr>\s*<th scope=\"row\"><a class=\"code\" href=\"/indicatoren/ET_WOZ/\">.*?</tr>",
                        response.content.decode(), flags=re.S).group(0)
        self.assertIn(self.woz.name_en, row)
        self.assertIn(self.woz.unit, row)
        self.assertIn("context (not normative)", row)
        self.assertIn("<td>buurt</td>", row)
        self.assertIn("85984NED", row)
        self.assertIn("GemiddeldeWOZWaardeVanWoningen", row)
        own = re.search(r"/indicatoren/BP_BOB/\">.*?</tr>", response.content.decode(), flags=re.S).group(0)
        self.assertIn("own measurement", own)

    def test_grouped_by_domain_in_the_domains_order(self):
        response = self.client.get(self.url)
        headings = re.findall(r'<h2 id="heading-([a-z-]+)">', response.content.decode())
        self.assertEqual(headings, ["energie", "woningvoorraad", "sociaal-economisch", "leefbaarheid",
                                    "energiearmoede", "proces"])

    def test_filter_by_domain_and_text(self):
        cases = {
            "?domain=proces": set(Indicator.objects.filter(domain="proces").values_list("code", flat=True)),
            "?q=woz": {"ET_WOZ"},
            "?q=GemiddeldeWOZ": {"ET_WOZ"},
            "?q=bev_inw": {"BEV_INWONERS"},
            "?q=50120NED&domain=leefbaarheid": {"GEZ_EENZ", "GEZ_EENZ_ERN", "GEZ_ERVAREN"},
            "?q=50120NED&domain=sociaal-economisch": {"GEZ_RONDKOMEN"},
            "?q=nothing-like-this": set(),
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(set(observation_counts(self.client.get(self.url + query))), expected)

    def test_unknown_domain_shows_everything(self):
        response = self.client.get(self.url + "?domain=<script>&q=" + "x" * 500)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>")
        self.assertEqual(response.context["domain"], "")
        self.assertEqual(len(response.context["q"]), 100)

    def test_new_indicator_button_only_for_the_programme_team(self):
        create = reverse("indicators:indicator-create")
        for user, shown in [(None, False), (self.outsider, False), (self.reader, False), (self.editor, False),
                            (self.researcher, True), (self.coordinator, True)]:
            with self.subTest(user=user):
                self.client.logout()
                if user:
                    self.login(user)
                response = self.client.get(self.url)
                self.assertEqual(f'href="{create}"' in response.content.decode(), shown)

    def test_post_is_not_allowed(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_query_count_does_not_grow_with_indicators_or_observations(self):
        with CaptureQueriesContext(connection) as before:
            self.assertNotIn("TST_EXTRA", observation_counts(self.client.get(self.url)))
        for n in range(2):
            extra = Indicator.objects.create(code=f"TST_EXTRA{n}", name_nl="Extra", name_en="Extra", domain="proces")
            Observation.objects.create(area=self.rotterdam, indicator=extra, period="2024", value=1,
                                       import_run=self.import_run)
        with self.assertNumQueries(len(before.captured_queries)):
            counts = observation_counts(self.client.get(self.url))
        self.assertEqual((counts["TST_EXTRA0"], counts["TST_EXTRA1"]), (1, 1))
