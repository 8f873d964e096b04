import re
from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from testing.base import BaseTestCase

ALL_PERSONAS = ["anonymous", "outsider", "reader", "editor", "researcher", "coordinator"]
CHECKSUM = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


class ImportRunTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.inwoners = Indicator.objects.get(code="BEV_INWONERS")
        cls.voorraad = Indicator.objects.get(code="WON_VOORRAAD")
        cls.odata_run = ImportRun.objects.create(
            source="cbs_odata", table_id="85984NED", boundary_year=2025, by=cls.researcher,
            retrieved_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC), checksum=CHECKSUM, rows_read=6, rows_created=3,
            rows_updated=1, rows_unchanged=1, rows_suppressed=1, rows_rejected=1,
            note="line 7: WK999999 is not a CBS area of 2025")
        for area, value, status in [(cls.rotterdam, 655468, "ok"), (cls.zoetermeer, 127000, "ok"),
                                    (cls.charlois, None, "suppressed")]:
            Observation.objects.create(area=area, indicator=cls.inwoners, period="2024", value=value, status=status,
                                       import_run=cls.odata_run)
        Observation.objects.create(area=cls.rotterdam, indicator=cls.voorraad, period="2024", value=330000,
                                   import_run=cls.odata_run)
        cls.upload_run = ImportRun.objects.create(
            source="long_format", file_name="burgerpeiling.xlsx", boundary_year=2025, by=cls.coordinator,
            rows_read=2, rows_created=2)
        Observation.objects.create(area=cls.palenstein, indicator=Indicator.objects.get(code="BP_BOB"), period="2024",
                                   value=6.1, import_run=cls.upload_run)

    def get(self, persona: str, url: str):
        self.client.logout()
        if persona != "anonymous":
            self.login(getattr(self, persona))
        return self.client.get(url)


class ImportRunListTests(ImportRunTestCase):
    url = reverse("indicators:import-run-list")

    def run_ids(self, response) -> list[int]:
        return [int(pk) for pk in re.findall(r'<th scope="row"><a href="/indicatoren/importen/(\d+)/">',
                                             response.content.decode())]

    def test_public_list_newest_first_with_counts(self):
        for persona in ALL_PERSONAS:
            with self.subTest(persona=persona):
                response = self.get(persona, self.url)
                self.assertEqual(self.run_ids(response), [self.upload_run.pk, self.odata_run.pk])
                content = response.content.decode()
                row = re.search(rf'importen/{self.odata_run.pk}/".*?</tr>', content, flags=re.S).group(0)
                cells = re.findall(r'<td class="num">(\d+)</td>', row)
                self.assertEqual(cells, ["6", "3", "1", "1", "1", "1"])
                self.assertIn("85984NED", row)
                self.assertIn("burgerpeiling.xlsx", content)

    def test_person_is_named_only_for_the_programme_team(self):
        for persona in ALL_PERSONAS:
            with self.subTest(persona=persona):
                content = self.get(persona, self.url).content.decode()
                team = persona in {"researcher", "coordinator"}
                # Each team member sees the other's name in the list; their own is in the page header anyway.
                other = "Carla Coördinator" if persona == "researcher" else "Rob Onderzoeker"
                self.assertEqual(other in content, team)
                if not team:
                    self.assertNotIn("Carla Coördinator", content)
                    self.assertNotIn("Onderzoeker", content)
                    self.assertNotIn("@example.org", content)

    def test_paginated(self):
        ImportRun.objects.bulk_create([ImportRun(source="cbs_csv", file_name=f"f{n}.csv") for n in range(30)])
        first = self.client.get(self.url)
        self.assertEqual(len(self.run_ids(first)), 25)
        second = self.client.get(self.url + "?page=2")
        self.assertEqual(len(self.run_ids(second)), 7)
        self.assertEqual(set(self.run_ids(first)) & set(self.run_ids(second)), set())
        self.assertEqual(self.run_ids(self.client.get(self.url + "?page=nonsense")), self.run_ids(first))

    def test_empty(self):
        Observation.objects.all().delete()
        ImportRun.objects.all().delete()
        self.assertEqual(self.run_ids(self.client.get(self.url)), [])

    def test_query_count_does_not_grow_with_runs(self):
        self.upload_run.observations.all().delete()
        self.upload_run.delete()
        self.login(self.coordinator)
        with CaptureQueriesContext(connection) as one:
            self.assertEqual(len(self.run_ids(self.client.get(self.url))), 1)
        for user in [self.coordinator, None]:
            ImportRun.objects.create(source="cbs_csv", file_name="x.csv", by=user)
        with self.assertNumQueries(len(one.captured_queries)):
            self.assertEqual(len(self.run_ids(self.client.get(self.url))), 3)

    def test_post_is_not_allowed(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)


class ImportRunDetailTests(ImportRunTestCase):
    def url(self, run) -> str:
        return reverse("indicators:import-run-detail", args=[run.pk])

    def test_provenance_sheet_is_public(self):
        for persona in ALL_PERSONAS:
            with self.subTest(persona=persona):
                response = self.get(persona, self.url(self.odata_run))
                for text in ["85984NED", CHECKSUM, "line 7: WK999999 is not a CBS area of 2025", "2025", "CC BY 4.0",
                             'href="https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85984NED/table"']:
                    self.assertContains(response, text)

    def test_shows_the_counts(self):
        content = self.client.get(self.url(self.odata_run)).content.decode()
        counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', content))
        self.assertEqual(counts, {"read": "6", "created": "3", "updated": "1", "unchanged": "1", "suppressed": "1",
                                  "rejected": "1"})

    def test_indicators_it_provides_with_counts_by_status(self):
        content = self.client.get(self.url(self.odata_run)).content.decode()
        cell = r'\s*<td class="num"[^>]*>(\d+)</td>'
        rows = re.findall(r'href="/indicatoren/([A-Z_]+)/">.*?</td>' + cell * 4, content, flags=re.S)
        self.assertEqual(rows, [("BEV_INWONERS", "3", "2", "1", "0"), ("WON_VOORRAAD", "1", "1", "0", "0")])
        self.assertNotIn("BP_BOB", content)

    def test_attribution_names_cbs_for_cbs_tables_only(self):
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(self.url(self.odata_run)), "Statistics Netherlands (CBS)")
        upload = self.client.get(self.url(self.upload_run))
        self.assertNotContains(upload, "Statistics Netherlands (CBS)")
        self.assertContains(upload, "VNG Burgerpeiling")
        self.assertContains(upload, "burgerpeiling.xlsx")

    def test_person_is_named_only_for_the_programme_team(self):
        for persona in ALL_PERSONAS:
            with self.subTest(persona=persona):
                content = self.get(persona, self.url(self.odata_run)).content.decode()
                self.assertEqual("Rob Onderzoeker" in content, persona == "coordinator" or persona == "researcher")
                if persona not in {"researcher", "coordinator"}:
                    self.assertNotIn("Onderzoeker", content)
                    self.assertNotIn("researcher@example.org", content)

    def test_run_without_current_figures_says_so(self):
        run = ImportRun.objects.create(source="cbs_csv", table_id="85984NED", rows_read=3, rows_unchanged=3)
        response = self.client.get(self.url(run))
        self.assertEqual(response.context["touched"], [])
        self.assertContains(response, 'data-count="unchanged">3<')

    def test_unknown_run_is_404(self):
        self.assertEqual(self.client.get(reverse("indicators:import-run-detail", args=[999999])).status_code, 404)

    def test_post_is_not_allowed(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url(self.odata_run)).status_code, 405)
