"""The results page of an experiment: who sees it, what it shows (approved values in the chart, every value in the
table), the links for reporters, both languages and a query count that does not grow."""

import re
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dubbelslag.indicators.models import Indicator
from dubbelslag.monitoring.enums import IndicatorKind, Side, UpdateStatus
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import BaseTestCase, make_user
from testing.factories.monitoring import make_goal, make_indicator, make_update
from testing.factories.monitoring_results import (
    adopt,
    categories,
    disaggregate,
    make_baseline,
    make_quarters,
    make_target,
    observe_area,
    split,
)

S = UpdateStatus


class ResultsPageFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_user("other-editor@example.org", name="Otto Ander")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)
        cls.q1, cls.q2, cls.q3, cls.q4 = make_quarters(cls.programme, 4)
        cls.energy = make_goal(cls.programme, side=Side.ENERGY, title_nl="Aardgasvrij wonen", title_en="Gas-free")
        cls.process = make_goal(cls.programme, side=Side.PROCESS, title_nl="Bewoners doen mee")
        shared = make_indicator(cls.energy, title_nl="Woningen aardgasvrij", title_en="Homes made gas-free",
                                cumulative=True,
                                catalogue_indicator=Indicator.objects.get(code="ET_HOOFDVERW_ZONDERGAS"))
        disaggregate(shared)
        cls.homes = adopt(shared, cls.experiment)
        make_baseline(cls.homes, 0, source="Corporatie")
        make_target(cls.homes, 100)
        make_target(cls.homes, 30, period=cls.q2)
        tenure = categories(cls.homes)
        make_update(cls.homes, cls.q1, status=S.APPROVED, value=Decimal("12.5"))
        cls.q2_update = make_update(cls.homes, cls.q2, status=S.APPROVED, value=31, narrative="Flat A klaar.")
        split(cls.q2_update, {tenure["owner"]: 10, tenure["corporation"]: 15})
        cls.unapproved = make_update(cls.homes, cls.q3, status=S.SUBMITTED, value=777)
        cls.say = make_indicator(cls.process, experiment=cls.experiment, title_nl="Zeggenschap bewoners",
                                 kind=IndicatorKind.QUALITATIVE, score_labels=["weinig", "redelijk", "veel"])
        make_update(cls.say, cls.q1, status=S.APPROVED, value=None, score=2, narrative="Bewonersraad opgericht.")
        cls.returned = make_update(cls.say, cls.q2, status=S.RETURNED, value=None, score=3,
                                   return_reason="Noem wie er in de raad zitten.")
        observe_area("ET_HOOFDVERW_ZONDERGAS", cls.charlois, {"2023": 4.5})
        cls.url = reverse("monitoring:results", args=[cls.experiment.pk])

    def get(self, user, url=None):
        if user is not None:
            self.login(user)
        return self.client.get(url or self.url)


class PermissionGridTests(ResultsPageFixtures):
    def test_anonymous_is_sent_to_log_in(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}", fetch_redirect_response=False)

    def test_who_sees_the_page_and_who_gets_the_reporting_links(self):
        report_link = reverse("monitoring:update-edit", args=[self.homes.pk, self.q4.pk])
        grid = [  # user, status, may report (links and the return reason)
            ("outsider", 404, None), ("other_editor", 404, None),
            ("reader", 200, False), ("researcher", 200, False),
            ("editor", 200, True), ("coordinator", 200, True),
        ]
        for name, status, reports in grid:
            with self.subTest(user=name):
                response = self.get(getattr(self, name))
                self.assertEqual(response.status_code, status)
                if status == 404:
                    self.assertNotContains(response, "Woningen aardgasvrij", status_code=404)
                    continue
                self.assertContains(response, "Woningen aardgasvrij")
                self.assertContains(response, reverse("monitoring:update-detail", args=[self.q2_update.pk]))
                self.assertEqual(report_link in response.content.decode(), reports)
                self.assertEqual("Noem wie er in de raad zitten." in response.content.decode(), reports)

    def test_only_reads(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_a_wrong_experiment_is_404(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("monitoring:results", args=[999999])).status_code, 404)


@override_settings(LANGUAGE_CODE="nl")
class ContentTests(ResultsPageFixtures):
    def chart(self, html, indicator):
        match = re.search(rf'<svg class="line-chart"[^>]*aria-labelledby="chart-{indicator.pk}".*?</svg>', html, re.S)
        self.assertIsNotNone(match)
        return match.group(0)

    def test_the_chart_draws_approved_values_only_and_the_table_marks_the_rest(self):
        html = self.get(self.editor).content.decode()
        chart = self.chart(html, self.homes)
        self.assertEqual(re.findall(r'class="point-value"[^>]*>([^<]*)<', chart), ["12,5", "31"])
        self.assertNotIn("777", chart)
        self.assertEqual(len(re.findall(r'<rect class="target"', chart)), 1)  # the period target of Q2
        self.assertIn('class="end-target"', chart)
        self.assertIn('class="baseline"', chart)
        self.assertNotRegex(chart, r'(x|y|cx|cy|x1|x2|y1|y2)="[0-9]+,[0-9]')  # no Dutch commas in coordinates
        table = re.search(r'<table class="table results-table">.*?</table>', html, re.S).group(0)
        self.assertRegex(table, r"777.*?niet goedgekeurd")
        self.assertIn("ingediend", table)
        self.assertIn("niet gerapporteerd", table)

    def test_parts_narrative_scores_open_statistics_and_links(self):
        html = self.get(self.editor).content.decode()
        self.assertIn("Onvolledig", html)
        self.assertIn("particuliere huur ontbreekt (6 niet verdeeld)", html)
        self.assertIn("Flat A klaar.", html)
        self.assertIn("2 · redelijk", html)
        self.assertIn("Bewonersraad opgericht.", html)
        self.assertRegex(html, r"Pendrecht</th><td data-label=\"Jaar\">2023</td><td data-label=\"Waarde\">4,5 %</td>")
        for url in (reverse("monitoring:framework", args=[self.experiment.pk]),
                    reverse("monitoring:experiment-export", args=[self.experiment.pk, "xlsx"]),
                    reverse("monitoring:experiment-export", args=[self.experiment.pk, "csv"]),
                    reverse("monitoring:report-pdf", args=[self.experiment.pk, self.q2.pk]),
                    reverse("monitoring:update-edit", args=[self.say.pk, self.q2.pk])):
            self.assertIn(url, html)
        # The returned update's reason is shown at the top, before the first goal.
        self.assertLess(html.index("Noem wie er in de raad zitten."), html.index("Aardgasvrij wonen"))

    def test_in_english(self):
        self.client.cookies["django_language"] = "en"
        with translation.override("en"):
            html = self.get(self.editor).content.decode()
        self.assertIn("Results of Huiskamer Aardgasvrij", html)
        self.assertIn("Homes made gas-free", html)
        self.assertIn("not approved", html)
        self.assertIn("private rental missing (6 not split)", html)
        self.assertIn("Returned for revision", html)
        chart = self.chart(html, self.homes)
        self.assertEqual(re.findall(r'class="point-value"[^>]*>([^<]*)<', chart), ["12.5", "31"])

    def test_the_experiment_page_links_here(self):
        response = self.get(self.reader, reverse("programme:experiment-detail", args=[self.experiment.pk]))
        self.assertContains(response, f'href="{self.url}"')


class QueryCountTests(ResultsPageFixtures):
    def test_the_query_count_does_not_grow_with_indicators_or_periods(self):
        self.login(self.editor)
        # Session, user, experiment, role (2), periods, focus areas, indicators with their targets,
        # disaggregations, categories, updates and their parts, the open statistics; the menu and the header; the
        # data version of the cached content (monitoring/cache.py).
        with self.assertNumQueries(17) as small:
            self.assertEqual(self.client.get(self.url).status_code, 200)
        more = make_quarters(self.programme, 4, first_year=2021)
        for number in range(5):
            indicator = make_indicator(self.energy, experiment=self.experiment, title_nl=f"Eigen {number}",
                                       catalogue_indicator=Indicator.objects.get(code="ET_KOOP"))
            make_target(indicator, 5)
            disaggregate(indicator)
            for period in (self.q1, self.q2, self.q3, *more):
                make_update(indicator, period, status=S.APPROVED, value=number, narrative="Tekst.")
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url)
        self.assertContains(response, "Eigen 4")

    @override_settings(MONITORING_CACHE_SECONDS=300)
    def test_the_content_is_kept_until_a_figure_changes(self):
        self.login(self.editor)
        def page():  # the page without its form tokens, which differ per response
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", self.client.get(self.url).content.decode())

        with self.assertNumQueries(17):
            first = page()
        # Kept: the read models' nine reads do not run again (the gate's, the header's and the data version remain).
        with self.assertNumQueries(8):
            self.assertEqual(page(), first)
        # Any changed figure makes a new version: an update saved through a service, or a row written directly.
        indicator = make_indicator(self.energy, experiment=self.experiment, title_nl="Nieuw na de cache")
        make_update(indicator, self.q1, status=S.APPROVED, value=7)
        response = self.client.get(self.url)
        self.assertContains(response, "Nieuw na de cache")
        report = reverse("monitoring:update-edit", args=[indicator.pk, self.q2.pk])
        self.assertContains(response, f'href="{report}"')
        # A reader gets the content rendered for readers, never the editor's kept one.
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertContains(response, "Nieuw na de cache")
        self.assertNotContains(response, f'href="{report}"')
