import re
from datetime import UTC, datetime

from django.urls import reverse

from dubbelslag.core import audit
from dubbelslag.indicators.catalogue import INDICATOR_AUDIT_FIELDS
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from testing.base import BaseTestCase, make_area

ALL_PERSONAS = ["anonymous", "outsider", "reader", "editor", "researcher", "coordinator"]


def holding_rows(response) -> list[list[str]]:
    """The cells of the "figures we hold" table, one list per row."""
    table = re.search(r'<table class="table holdings">.*?</table>', response.content.decode(), flags=re.S).group(0)
    body = table.split("<tbody>")[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]


class IndicatorDetailTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.get(code="INK_LAAG")
        cls.url = reverse("indicators:indicator-detail", args=["INK_LAAG"])
        cls.run_2024 = ImportRun.objects.create(
            source="cbs_odata", table_id="85984NED", boundary_year=2025, by=cls.researcher,
            retrieved_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC), rows_read=4, rows_created=4)
        cls.run_2021 = ImportRun.objects.create(source="cbs_csv", table_id="85039NED", file_name="kwb_2021.csv",
                                                boundary_year=2021, rows_read=1, rows_created=1)
        for area, value, status in [(cls.rotterdam, 10.0, "ok"), (cls.zoetermeer, 15.0, "ok"),
                                    (cls.charlois, None, "suppressed"), (cls.palenstein, None, "unknown")]:
            Observation.objects.create(area=area, indicator=cls.indicator, period="2024", value=value, status=status,
                                       import_run=cls.run_2024)
        old_rotterdam = make_area("GM0599", "Rotterdam", year=2021)
        Observation.objects.create(area=old_rotterdam, indicator=cls.indicator, period="2021", value=11.0,
                                   import_run=cls.run_2021)

    def get(self, persona: str, url: str | None = None):
        self.client.logout()
        if persona != "anonymous":
            self.login(getattr(self, persona))
        return self.client.get(url or self.url)

    def test_reference_sheet_is_public(self):
        for persona in ALL_PERSONAS:
            with self.subTest(persona=persona):
                response = self.get(persona)
                for text in ["INK_LAAG", self.indicator.name_nl, self.indicator.name_en, self.indicator.definition_nl,
                             "HuishoudensMetEenLaagInkomen", "CC BY 4.0",
                             'href="https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85984NED/table"']:
                    self.assertContains(response, text)
                # The command that fetches more is for the programme team only; public pages show no shell command.
                if persona in ("coordinator", "researcher"):
                    self.assertContains(response, "python manage.py import_cbs_odata 85984NED")
                    self.assertContains(response, reverse("indicators:data-overview"))
                else:
                    self.assertNotContains(response, "manage.py")

    def test_direction_and_domain_in_words(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        self.assertContains(response, "<dd>Higher is worse</dd>", html=True)
        self.assertContains(response, "<dd>Socio-economic</dd>", html=True)

    def test_figures_we_hold_per_boundary_year_period_and_level(self):
        rows = holding_rows(self.client.get(self.url))
        # Boundary year, period, level, with a value, suppressed, unknown, min, median, max (Dutch number format).
        self.assertEqual(rows, [
            ["2025", "2024", "gemeente", "2", "0", "0", "10", "12,50", "15"],
            ["2025", "2024", "wijk", "0", "1", "1", "–", "–", "–"],
            ["2021", "2021", "gemeente", "1", "0", "0", "11", "11", "11"],
        ])

    def test_import_runs_that_brought_the_figures_are_linked_with_their_counts(self):
        content = self.client.get(self.url).content.decode()
        runs = re.findall(r'href="/indicatoren/importen/(\d+)/".*?<td class="num">(\d+)</td>', content, flags=re.S)
        self.assertEqual(runs, [(str(self.run_2021.pk), "1"), (str(self.run_2024.pk), "4")])

    def test_person_who_imported_is_shown_only_to_the_programme_team(self):
        for persona in ALL_PERSONAS:
            with self.subTest(persona=persona):
                response = self.get(persona)
                shown = persona in {"researcher", "coordinator"}
                self.assertEqual("Rob Onderzoeker" in response.content.decode(), shown)
                self.assertNotContains(response, "researcher@example.org")

    def test_edit_link_and_audit_trail_only_for_the_programme_team(self):
        before = audit.snapshot(self.indicator, INDICATOR_AUDIT_FIELDS)
        self.indicator.unit = "procent"
        self.indicator.save()
        audit.record_change(self.indicator, by=self.coordinator, before=before, fields=INDICATOR_AUDIT_FIELDS)
        edit = reverse("indicators:indicator-update", args=["INK_LAAG"])
        for persona in ALL_PERSONAS:
            with self.subTest(persona=persona):
                response = self.get(persona)
                team = persona in {"researcher", "coordinator"}
                self.assertEqual(f'href="{edit}"' in response.content.decode(), team)
                self.assertEqual('id="audit-heading"' in response.content.decode(), team)
                self.assertEqual("<del>%</del>" in response.content.decode(), team)

    def test_third_party_table_links_to_the_third_party_portal(self):
        response = self.client.get(reverse("indicators:indicator-detail", args=["GEZ_EENZ"]))
        self.assertContains(response, 'href="https://dataderden.cbs.nl/ODataApi/odata/50120NED"')
        self.assertNotContains(response, "--base-url")
        self.login(self.coordinator)
        response = self.client.get(reverse("indicators:indicator-detail", args=["GEZ_EENZ"]))
        self.assertNotContains(response, "statline/#/CBS/nl/dataset/50120NED")
        self.assertContains(response, "--base-url https://dataderden.cbs.nl/ODataApi/odata/")

    def test_own_measurement_without_figures_says_so_and_shows_the_team_the_upload_command(self):
        response = self.client.get(reverse("indicators:indicator-detail", args=["BP_BOB"]))
        self.assertContains(response, "We hebben nog geen cijfers van deze indicator.")
        self.assertNotContains(response, "manage.py")
        self.login(self.coordinator)
        response = self.client.get(reverse("indicators:indicator-detail", args=["BP_BOB"]))
        self.assertContains(response, "python manage.py import_observations")
        self.assertNotContains(response, 'class="table holdings"')
        self.assertNotContains(response, "statline")
        self.assertEqual(response.context["holdings"], [])

    def test_unknown_code_is_404(self):
        for code in ["NOPE", "ink_laag"]:
            with self.subTest(code=code):
                self.assertEqual(self.client.get(reverse("indicators:indicator-detail", args=[code])).status_code,
                                 404)

    def test_post_is_not_allowed(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)
