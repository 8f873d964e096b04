"""The programme dashboard: only for the programme team; the roll-up per shared indicator with its rule (a summary
row on the dashboard, the distribution on the indicator's drill-down page), who has not reported, what awaits approval
and what was returned (counts per experiment, the oldest listed, all on a paginated page); both languages; query
counts that do not grow."""

import re
from decimal import Decimal

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dubbelslag.monitoring.enums import RollupRule, UpdateStatus
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import BaseTestCase, make_area, make_experiment, make_user
from testing.factories.monitoring import make_goal, make_indicator, make_update
from testing.factories.monitoring_results import (
    adopt,
    categories,
    disaggregate,
    make_quarters,
    make_target,
    observe_area,
    split,
)

S = UpdateStatus


class DashboardFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_user("other-editor@example.org", name="Otto Ander")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)
        cls.q1, cls.q2, cls.q3 = make_quarters(cls.programme, 3)
        cls.goal = make_goal(cls.programme, title_nl="Aardgasvrij", title_en="Gas-free")
        cls.homes = make_indicator(cls.goal, title_nl="Woningen aardgasvrij", title_en="Homes made gas-free",
                                   cumulative=True)
        disaggregate(cls.homes)
        make_target(cls.homes, 100)
        cls.a, cls.b = adopt(cls.homes, cls.experiment), adopt(cls.homes, cls.other_experiment)
        tenure = categories(cls.a)
        make_update(cls.a, cls.q1, status=S.APPROVED, value=10)
        split(make_update(cls.a, cls.q2, status=S.APPROVED, value=25), {tenure["owner"]: 20})
        make_update(cls.b, cls.q1, status=S.APPROVED, value=8)
        cls.awaiting = make_update(cls.b, cls.q2, status=S.SUBMITTED, value=444)
        cls.rating = make_indicator(cls.goal, title_nl="Rapportcijfer", rollup_rule=RollupRule.WEIGHTED_BY_HOUSEHOLDS)
        observe_area("BEV_HUISHOUDENS", cls.charlois, {"2023": 1200})
        make_update(adopt(cls.rating, cls.experiment), cls.q2, status=S.APPROVED, value=7)
        cls.returned = make_update(adopt(cls.rating, cls.other_experiment), cls.q2, status=S.RETURNED, value=6,
                                   return_reason="Welke enquête?")
        cls.url = reverse("monitoring:dashboard", args=[cls.programme.slug])

    def get(self, user, **params):
        self.login(user)
        return self.client.get(self.url, params)


class PermissionGridTests(DashboardFixtures):
    def test_anonymous_is_sent_to_log_in(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}", fetch_redirect_response=False)

    def test_only_the_programme_team_sees_the_dashboard(self):
        for name, status in (("outsider", 404), ("reader", 404), ("editor", 404), ("other_editor", 404),
                             ("researcher", 200), ("coordinator", 200)):
            with self.subTest(user=name):
                response = self.get(getattr(self, name), periode=self.q2.pk)
                self.assertEqual(response.status_code, status)
                self.assertEqual("Woningen aardgasvrij" in response.content.decode(), status == 200)

    def test_only_reads_and_an_unknown_programme_is_404(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        self.assertEqual(self.client.get(reverse("monitoring:dashboard", args=["bestaat-niet"])).status_code, 404)


@override_settings(LANGUAGE_CODE="nl")
class ContentTests(DashboardFixtures):
    def rollup(self, html, indicator):
        return re.search(rf'<tr class="rollup" id="rollup-{indicator.pk}">.*?</tr>', html, re.S).group(0)

    def article(self, indicator, **params):
        self.login(self.researcher)
        url = reverse("monitoring:dashboard-indicator", args=[self.programme.slug, indicator.pk])
        html = self.client.get(url, params).content.decode()
        return re.search(rf'<article class="rollup" aria-labelledby="rollup-{indicator.pk}">.*?</article>', html,
                         re.S).group(0), html

    def test_totals_by_the_rule_with_who_counts_and_who_is_left_out(self):
        html = self.get(self.researcher, periode=self.q2.pk).content.decode()
        homes = self.rollup(html, self.homes)
        self.assertIn("<strong>33</strong>", homes)  # A's 25 (Q2) and B's 8 (Q1): cumulative, latest approved
        self.assertIn("Cumulatief", homes)
        self.assertIn("voortgang: 33% van de weg vanaf de nulmeting", homes)
        self.assertIn("Onvolledig naar eigendomsvorm: 13 niet verdeeld", homes)
        self.assertIn("2 experimenten tellen mee", homes)
        self.assertIn("8 · 16,5 · 25", homes)  # lowest, median, highest of the counted experiments
        drill_down = reverse("monitoring:dashboard-indicator", args=[self.programme.slug, self.homes.pk])
        self.assertIn(f'href="{drill_down}?periode={self.q2.pk}"', homes)
        self.assertNotIn("444", homes)
        rating = self.rollup(html, self.rating)
        self.assertIn("<strong>7</strong>", rating)
        self.assertIn("1 weggelaten", rating)
        self.assertIn("huishoudens", rating)

    def test_the_drill_down_shows_the_distribution_who_is_left_out_and_every_period(self):
        homes, html = self.article(self.homes, periode=self.q2.pk)
        self.assertIn("<strong>33</strong>", homes)
        self.assertIn("Onvolledig naar eigendomsvorm: 13 niet verdeeld", homes)
        self.assertRegex(homes, r"Huiskamer Aardgasvrij: huur corporatie, particuliere huur ontbreken")
        bars = re.search(r'<svg class="bar-chart".*?</svg>', homes, re.S).group(0)
        self.assertEqual(re.findall(r'class="bar-value"[^>]*>([^<]*)<', bars), ["25", "8"])
        self.assertNotIn("444", homes)
        periods = re.search(r'aria-labelledby="periods-heading">.*?</section>', html, re.S).group(0)
        self.assertEqual(re.findall(r"</a></th>\s*<td>([^<]*?)[ <]", periods), ["18", "33", "33"])  # Q1, Q2, Q3
        rating, _html = self.article(self.rating, periode=self.q2.pk)
        self.assertIn("<strong>7</strong>", rating)
        self.assertIn("weggelaten: geen goedgekeurde waarde", rating)

    def test_the_drill_down_is_only_for_the_team_and_only_for_a_shared_indicator(self):
        url = reverse("monitoring:dashboard-indicator", args=[self.programme.slug, self.homes.pk])
        for name, status in (("outsider", 404), ("editor", 404), ("researcher", 200)):
            with self.subTest(user=name):
                self.login(getattr(self, name))
                self.assertEqual(self.client.get(url).status_code, status)
        self.login(self.coordinator)
        self.assertEqual(self.client.post(url).status_code, 405)
        adoption = reverse("monitoring:dashboard-indicator", args=[self.programme.slug, self.a.pk])
        self.assertEqual(self.client.get(adoption).status_code, 404)
        self.client.logout()
        response = self.client.get(url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={url}", fetch_redirect_response=False)

    def test_who_has_not_reported_what_awaits_approval_and_what_was_returned(self):
        html = self.get(self.coordinator, periode=self.q2.pk).content.decode()
        missing = re.search(r'aria-labelledby="missing-heading">.*?</section>', html, re.S).group(0)
        self.assertNotIn("Verhalen ophalen", missing.split("Eerdere perioden")[0])  # B submitted or was returned
        self.assertIn("Huiskamer Aardgasvrij", missing.split("Eerdere perioden")[1])  # Q1: A's rating missing
        self.assertIn(reverse("monitoring:results", args=[self.experiment.pk]), missing)
        awaiting = re.search(r'aria-labelledby="awaiting-heading">.*?</section>', html, re.S).group(0)
        self.assertIn(reverse("monitoring:update-detail", args=[self.awaiting.pk]), awaiting)
        returned = re.search(r'aria-labelledby="returned-heading">.*?</section>', html, re.S).group(0)
        self.assertIn(reverse("monitoring:update-detail", args=[self.returned.pk]), returned)
        self.assertIn("Welke enquête?", returned)
        pending = re.search(r'aria-labelledby="pending-heading">.*?</section>', html, re.S).group(0)
        other = reverse("monitoring:results", args=[self.other_experiment.pk])
        # Each count names its column, which a phone shows beside it (the header row is hidden there).
        self.assertRegex(pending, rf'<a href="{other}">[^<]*</a></th><td data-label="Wacht op goedkeuring">1</td>'
                                  r'<td data-label="Teruggestuurd, nog niet opnieuw ingediend">1</td>')
        self.assertNotIn(reverse("monitoring:results", args=[self.experiment.pk]), pending)

    def test_the_dashboard_lists_the_oldest_updates_and_links_to_all(self):
        goal = make_goal(self.programme, title_nl="Meer")
        waiting = [make_update(make_indicator(goal, experiment=self.experiment, title_nl=f"Los {number:02d}"),
                               self.q1, status=S.SUBMITTED, value=number) for number in range(21)]
        html = self.get(self.coordinator, periode=self.q2.pk).content.decode()
        awaiting = re.search(r'aria-labelledby="awaiting-heading">.*?</section>', html, re.S).group(0)
        listed = set(re.findall(r'href="/monitoring/rapportage/(\d+)/"', awaiting))
        self.assertEqual(len(listed), 20)
        full = reverse("monitoring:dashboard-updates", args=[self.programme.slug, "awaiting"])
        self.assertIn(f'href="{full}?periode={self.q2.pk}"', awaiting)
        self.assertIn("De oudste 20 van 22", awaiting)
        response = self.client.get(full, {"periode": self.q2.pk})
        page = re.findall(r'href="/monitoring/rapportage/(\d+)/"', response.content.decode())
        self.assertEqual({int(pk) for pk in page}, {update.pk for update in [*waiting, self.awaiting]})
        returned = self.client.get(reverse("monitoring:dashboard-updates", args=[self.programme.slug, "returned"]),
                                   {"periode": self.q2.pk})
        self.assertContains(returned, "Welke enquête?")
        self.assertEqual(self.client.get(reverse("monitoring:dashboard-updates",
                                                 args=[self.programme.slug, "other"])).status_code, 404)
        self.login(self.editor)
        self.assertEqual(self.client.get(full).status_code, 404)

    def test_the_period_chooser_defaults_to_the_current_or_latest_period(self):
        response = self.get(self.coordinator)
        self.assertEqual(response.context["period"], self.q3)  # every quarter of 2020 has passed
        self.assertContains(response, f'<option value="{self.q3.pk}" selected>')
        response = self.get(self.coordinator, periode="x")
        self.assertEqual(response.context["period"], self.q3)
        self.assertContains(self.get(self.coordinator, periode=self.q1.pk), "<strong>18</strong>")

    def test_in_english(self):
        self.client.cookies["django_language"] = "en"
        with translation.override("en"):
            html = self.get(self.coordinator, periode=self.q2.pk).content.decode()
        self.assertIn("Homes made gas-free", html)
        self.assertIn("Sum of the experiments", html)
        self.assertIn("Who has not reported, 2020-K2", html)
        self.assertIn("Awaiting approval", html)

    def test_the_menu_leads_the_team_here_and_members_to_their_results(self):
        self.assertContains(self.get(self.researcher), f'<a href="{self.url}">Monitoring</a>')
        reader_page = self.get(self.reader, **{})
        self.assertEqual(reader_page.status_code, 404)
        response = self.client.get(reverse("programme:dashboard"))
        self.assertContains(response, f'<a href="{reverse("monitoring:results", args=[self.experiment.pk])}">'
                                      "Monitoring</a>")
        self.login(self.outsider)
        self.assertNotContains(self.client.get(reverse("programme:dashboard")), ">Monitoring</a>")


class QueryCountTests(DashboardFixtures):
    def test_the_query_count_does_not_grow_with_experiments_indicators_or_periods(self):
        self.login(self.coordinator)
        with self.assertNumQueries(27) as small:
            self.assertEqual(self.client.get(self.url, {"periode": self.q2.pk}).status_code, 200)
        more = make_quarters(self.programme, 5, first_year=2021)
        for number in range(3):
            experiment = make_experiment(programme=self.programme, gemeente=make_area(f"GM09{number:02d}", "G"),
                                         title=f"Extra {number}")
            for indicator in (self.homes, self.rating, make_indicator(self.goal, title_nl=f"Nieuw {number}")):
                adoption = adopt(indicator, experiment)
                for period in (self.q1, self.q2, *more):
                    make_update(adoption, period, status=S.APPROVED, value=Decimal(number))
                make_update(make_indicator(self.goal, experiment=experiment, title_nl="Eigen"), self.q2,
                            status=S.SUBMITTED, value=1)
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(self.url, {"periode": self.q2.pk})
        self.assertContains(response, "Extra 2")

    def test_the_drill_down_and_the_full_lists_do_not_grow_either(self):
        self.login(self.coordinator)
        pages = {"drill-down": reverse("monitoring:dashboard-indicator", args=[self.programme.slug, self.homes.pk]),
                 "awaiting": reverse("monitoring:dashboard-updates", args=[self.programme.slug, "awaiting"])}
        small = {}
        for name, url in pages.items():
            with self.assertNumQueries(19 if name == "drill-down" else 9) as queries:
                self.client.get(url, {"periode": self.q2.pk})
            small[name] = len(queries.captured_queries)
        for number in range(3):
            experiment = make_experiment(programme=self.programme, gemeente=make_area(f"GM08{number:02d}", "G"),
                                         title=f"Extra {number}")
            adoption = adopt(self.homes, experiment)
            make_update(adoption, self.q1, status=S.APPROVED, value=Decimal(number))
            make_update(adoption, self.q2, status=S.SUBMITTED, value=Decimal(number))
        for name, url in pages.items():
            with self.subTest(page=name), self.assertNumQueries(small[name]):
                response = self.client.get(url, {"periode": self.q2.pk})
            self.assertContains(response, "Extra 2")
