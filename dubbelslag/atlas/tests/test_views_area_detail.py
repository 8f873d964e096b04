import statistics
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from dubbelslag.indicators.models import Observation
from testing.base import BaseTestCase, make_area
from testing.factories.atlas import make_2021_areas, make_run, observe

GAS = "ET_HOOFDVERW_GAS"
DISTRICT_HEATING = "ET_HOOFDVERW_STVW"


def percentile_rank(values, value):
    """Mid-rank percentile, computed the plain way: share below plus half the share equal."""
    below = sum(1 for other in values if other < value)
    equal = sum(1 for other in values if other == value)
    return 100 * (below + equal / 2) / len(values)


class AreaProfileTests(BaseTestCase):
    """Pendrecht (2021) with real indicators from the catalogue and figures made up for the test."""

    rotterdam_gas = [82.0, 90.0, 70.0, 95.0]  # Pendrecht first
    zoetermeer_gas = [10.0, 20.0, 30.0]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        cls.import_run = make_run()
        for area, value in zip(cls.rotterdam_buurten + cls.zoetermeer_buurten,
                               cls.rotterdam_gas + cls.zoetermeer_gas, strict=True):
            observe(area, GAS, value, run=cls.import_run)
        # A suppressed figure elsewhere takes no part in any median.
        secret = make_area("BU05991574", "Geheim", parent=cls.charlois_2021, year=2021)
        observe(secret, GAS, None, run=cls.import_run, status="suppressed")
        # District heating: the gemeente has its own figure, which is the reference then (not a median).
        for area, value in zip(cls.rotterdam_buurten, [17.0, 5.0, 3.0, 1.0], strict=True):
            observe(area, DISTRICT_HEATING, value, run=cls.import_run)
        observe(cls.rotterdam_2021, DISTRICT_HEATING, 12.5, run=cls.import_run)
        observe(cls.pendrecht_2021, "ET_HOOFDVERW_ZONDERGAS", None, run=cls.import_run, status="suppressed")
        observe(cls.pendrecht_2021, "ET_HOOFDVERW_ONB", None, run=cls.import_run, status="unknown")
        cls.url = reverse("atlas:area-detail", args=["BU05991577"]) + "?jaar=2021"

    def setUp(self):
        cache.clear()
        self.client.cookies["django_language"] = "en"

    def figures(self, response) -> dict:
        return {figure.indicator.code: figure for side in response.context["sides"] for figure in side.figures}

    def test_figure_with_gemeente_and_nl_medians(self):
        response = self.client.get(self.url)
        self.assertEqual(response.context["area"], self.pendrecht_2021)
        figure = self.figures(response)[GAS]
        self.assertEqual(figure.observation.value, 82.0)
        self.assertEqual(figure.gemeente.kind, "gemeente_median")
        self.assertEqual(figure.gemeente.value, statistics.median(self.rotterdam_gas))
        self.assertEqual(figure.gemeente.count, 4)
        self.assertEqual(figure.gemeente.label, "Rotterdam (median of 4 buurten)")
        everywhere = self.rotterdam_gas + self.zoetermeer_gas
        self.assertEqual(figure.nl.value, statistics.median(everywhere))
        self.assertEqual(figure.nl.count, 7)
        self.assertEqual(figure.nl.label, "Netherlands (median of 7 buurten)")
        self.assertAlmostEqual(figure.percentile, percentile_rank(everywhere, 82.0))
        self.assertContains(response, "Rotterdam (median of 4 buurten)")
        self.assertContains(response, '<strong class="value">82 %</strong>', html=True)
        self.assertContains(response, "Source: CBS, table 85337NED, CC BY 4.0")
        self.assertContains(response, "retrieved 5 March 2024")

    def test_gemeente_own_figure_is_the_reference_when_present(self):
        figure = self.figures(self.client.get(self.url))[DISTRICT_HEATING]
        self.assertEqual((figure.gemeente.kind, figure.gemeente.value, figure.gemeente.label),
                         ("gemeente", 12.5, "Rotterdam"))
        self.assertEqual(figure.nl.value, statistics.median([17.0, 5.0, 3.0, 1.0]))

    def test_gemeente_profile_compares_with_the_netherlands_only(self):
        response = self.client.get(reverse("atlas:area-detail", args=["GM0599"]) + "?jaar=2021")
        figure = self.figures(response)[DISTRICT_HEATING]
        self.assertIsNone(figure.gemeente)
        self.assertEqual((figure.nl.value, figure.nl.count), (12.5, 1))

    def test_bar_chart_draws_area_gemeente_and_nl(self):
        response = self.client.get(self.url)
        chart = self.figures(response)[GAS].chart
        self.assertEqual([(bar.kind, bar.value) for bar in chart.bars],
                         [("area", 82.0), ("gemeente", 86.0), ("nl", 70.0)])
        # Shares keep the 0–100 scale: the bar of 82 % is 0.82 of the plot width.
        self.assertAlmostEqual(chart.bars[0].width / chart.bars[1].width, 82 / 86, places=2)
        self.assertContains(response, '<svg class="bar-chart"')
        self.assertNotContains(response, "style=")

    def test_suppressed_and_unknown_are_said_in_words_never_zero(self):
        response = self.client.get(self.url)
        figures = self.figures(response)
        self.assertIsNone(figures["ET_HOOFDVERW_ZONDERGAS"].chart)
        self.assertIsNone(figures["ET_HOOFDVERW_ZONDERGAS"].percentile)
        self.assertContains(response, "Suppressed by CBS")
        self.assertContains(response, "Unknown")
        html = response.content.decode()
        section = html[html.index('id="figure-ET_HOOFDVERW_ZONDERGAS"'):]
        section = section[:section.index("</article>")]
        self.assertNotIn(">0", section)

    def test_missing_figures_are_said_in_words_and_the_team_gets_the_data_page(self):
        response = self.client.get(self.url)
        missing = {missing.indicator.code for side in response.context["sides"] for missing in side.missing}
        self.assertIn("INK_LAAG", missing)
        self.assertContains(response, "Low-income households</a>: no figure for this buurt yet")
        # A public page shows no shell command; the programme team is pointed to its data page.
        self.assertNotContains(response, "manage.py")
        self.assertNotContains(response, reverse("indicators:data-overview"))
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.url), reverse("indicators:data-overview") + "?jaar=2021")
        self.client.logout()
        self.client.cookies["django_language"] = "en"  # logging out empties the cookie jar
        # Gemeente-level (debts) and wijk-level (process survey) indicators have no figures per buurt.
        self.assertNotIn("SCHULD_PROB", missing)
        self.assertNotIn("BP_VERTROUWEN", missing)
        self.assertNotIn(GAS, missing)
        gemeente = self.client.get(reverse("atlas:area-detail", args=["GM0599"]) + "?jaar=2021")
        gemeente_missing = {missing.indicator.code for side in gemeente.context["sides"] for missing in side.missing}
        self.assertTrue({"SCHULD_PROB", "BP_VERTROUWEN", "INK_LAAG"} <= gemeente_missing)
        self.assertContains(gemeente, "no figure for this gemeente yet")

    def test_sides_hold_their_domains(self):
        sides = {side.key: {group.domain for group in side.domains}
                 for side in self.client.get(self.url).context["sides"]}
        self.assertEqual(sides, {"energy": {"energie", "woningvoorraad", "energiearmoede"},
                                 "livability": {"sociaal-economisch", "leefbaarheid", "proces"}})

    def test_other_boundary_years_are_listed_and_only_those_with_figures_linked(self):
        response = self.client.get(self.url)
        self.assertEqual(response.context["other_years"], [2025])
        # 2025 has no figures for the code, so it is named but not linked.
        self.assertNotContains(response, 'href="/gebieden/BU05991577/?jaar=2025"')
        self.assertContains(response, "2025 (no figures yet)")
        self.assertContains(response, "Codes are only comparable within one boundary year")

    def test_code_alone_means_the_latest_boundary_year_with_figures(self):
        # Pendrecht has figures in the 2021 boundaries only: a bare code shows those, and names 2025 as the other.
        response = self.client.get(reverse("atlas:area-detail", args=["BU05991577"]))
        self.assertEqual(response.context["area"], self.pendrecht_2021)
        self.assertEqual(response.context["other_years"], [2025])
        for year in ("nonsense", "²⁰²¹"):  # the second is digits to str.isdigit(), not to int()
            self.assertEqual(self.client.get(reverse("atlas:area-detail", args=["bu05991577"]) + f"?jaar={year}")
                             .context["area"], self.pendrecht_2021)
        # Without figures in any year, the latest year that has the code.
        Observation.objects.filter(area=self.pendrecht_2021).delete()
        response = self.client.get(reverse("atlas:area-detail", args=["BU05991577"]))
        self.assertEqual(response.context["area"], self.pendrecht)

    def test_the_years_with_figures_are_pointed_out(self):
        response = self.client.get(reverse("atlas:area-detail", args=["BU05991577"]) + "?jaar=2025")
        self.assertEqual(response.context["other_years"], [2021])
        self.assertContains(response, 'href="/gebieden/BU05991577/?jaar=2021">2021</a> (with figures)')

    def test_parents_and_children_are_linked(self):
        response = self.client.get(self.url)
        self.assertEqual(response.context["breadcrumbs"], [self.rotterdam_2021, self.charlois_2021])
        self.assertContains(response, 'href="/gebieden/GM0599/?jaar=2021"')
        self.assertContains(response, 'href="/gebieden/WK059915/?jaar=2021"')
        wijk = self.client.get(reverse("atlas:area-detail", args=["WK059915"]) + "?jaar=2021")
        self.assertEqual({child.code for child in wijk.context["children"]},
                         {"BU05991577", "BU05991571", "BU05991572", "BU05991573", "BU05991574"})
        self.assertContains(wijk, 'href="/gebieden/BU05991573/?jaar=2021"')
        gemeente = self.client.get(reverse("atlas:area-detail", args=["GM0599"]) + "?jaar=2021")
        self.assertEqual([child.code for child in gemeente.context["children"]], ["WK059915"])

    def test_unknown_code_or_year_is_404(self):
        self.assertEqual(self.client.get(reverse("atlas:area-detail", args=["BU99999999"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("atlas:area-detail", args=["nonsense"])).status_code, 404)
        self.assertEqual(self.client.get(self.url.replace("2021", "2019")).status_code, 404)
        self.assertEqual(self.client.get("/gebieden/BU%00/").status_code, 404)

    def test_attribution_and_csv_link(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Source: CBS, CC BY 4.0")
        self.assertContains(response, reverse("atlas:area-csv", args=["BU05991577"]) + "?jaar=2021")

    def test_scan_link_when_the_scan_exists(self):
        response = self.client.get(self.url)
        try:
            scan_url = reverse("scan:scan")
        except NoReverseMatch:
            self.assertNotContains(response, "niveau=buurt&amp;jaar=")
        else:
            # The scan parameter is niveau, and the year the one with the scan's figures for Rotterdam's buurten.
            self.assertContains(response, f'href="{scan_url}?gemeente=GM0599&amp;niveau=buurt&amp;jaar=2021"')
            pendrecht_2025 = self.client.get(reverse("atlas:area-detail", args=["BU05991577"]) + "?jaar=2025")
            self.assertContains(pendrecht_2025, f'href="{scan_url}?gemeente=GM0599&amp;niveau=buurt&amp;jaar=2021"')

    def test_experiments_in_the_area_only_for_who_may_see_them(self):
        url = reverse("atlas:area-detail", args=["WK059915"]) + "?jaar=2025"
        for user, expected in [(self.editor, ["Huiskamer Aardgasvrij"]), (self.coordinator, ["Huiskamer Aardgasvrij"]),
                               (self.outsider, [])]:
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(url)
                self.assertEqual([experiment.title for experiment in response.context["experiments"]], expected)
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.context["experiments"], [])
        self.assertNotContains(response, "Huiskamer Aardgasvrij")
        self.login(self.coordinator)
        gemeente = self.client.get(reverse("atlas:area-detail", args=["GM0637"]))
        self.assertEqual([experiment.title for experiment in gemeente.context["experiments"]],
                         ["Verhalen ophalen in Palenstein"])
        self.assertContains(gemeente, f'href="{self.other_experiment.get_absolute_url()}"')

    def test_koppelkansen_suggestions_are_included_once_the_app_provides_them(self):
        from dubbelslag.atlas import views

        response = self.client.get(self.url)
        if views.suggestions_for is None:
            self.assertIsNone(response.context["suggestions"])
        else:
            self.assertEqual(response.context["suggestions"], views.suggestions_for(self.pendrecht_2021))
            self.assertTemplateUsed(response, views.SUGGESTIONS_TEMPLATE)
        with mock.patch("dubbelslag.atlas.views.suggestions_for", None):
            response = self.client.get(self.url)
        self.assertIsNone(response.context["suggestions"])
        self.assertTemplateNotUsed(response, views.SUGGESTIONS_TEMPLATE)
        self.assertEqual(response.status_code, 200)

    def test_wrong_method(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)


@mock.patch("dubbelslag.atlas.views.suggestions_for", None)
class AreaProfileQueryCountTests(BaseTestCase):
    """The profile's own queries; the koppelkansen suggestions (another app's reads) are left out here."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        cls.import_run = make_run()
        cls.url = reverse("atlas:area-detail", args=["BU05991577"]) + "?jaar=2021"

    def count_queries(self) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return len(queries.captured_queries)

    def test_queries_do_not_grow_with_figures(self):
        observe(self.pendrecht_2021, GAS, 80.0, run=self.import_run)
        observe(self.rotterdam_buurten[1], GAS, 70.0, run=self.import_run)
        one = self.count_queries()
        codes = ["ET_HOOFDVERW_CV", "ET_HOOFDVERW_BLOK", "ET_HOOFDVERW_STVW", "ET_HOOFDVERW_ELEK", "ET_HOOFDVERW_ONB"]
        for code in codes:
            for area in self.rotterdam_buurten + self.zoetermeer_buurten:
                observe(area, code, 10.0, run=self.import_run)
            observe(self.rotterdam_2021, code, 11.0, run=self.import_run)
        observe(self.pendrecht_2021, "ET_HOOFDVERW_ZONDERGAS", None, run=self.import_run, status="suppressed")
        many = self.count_queries()
        self.assertEqual(one, many)
        self.assertEqual(len([figure for side in self.client.get(self.url).context["sides"]
                              for figure in side.figures]), 7)
        # With the distributions and the years with figures cached, two queries less: the national figures and the
        # codes with figures are not read again.
        with CaptureQueriesContext(connection) as warm:
            self.client.get(self.url)
        self.assertEqual(len(warm.captured_queries), many - 2)

    def test_signed_in_adds_only_the_session_user_and_experiments(self):
        anonymous = self.count_queries()
        self.login(self.coordinator)
        # The session, the user, the experiments, whether the user is on the programme team (the data page link),
        # the header's unread-notification count and its "Monitoring" menu entry.
        self.assertLessEqual(self.count_queries(), anonymous + 6)


class AmsterdamCodeTests(BaseTestCase):
    def test_codes_with_letters_open_their_profile(self):
        amsterdam = make_area("GM0363", "Amsterdam")
        centrum = make_area("WK0363SE", "Centrum-West", parent=amsterdam)
        make_area("BU0363AA01", "Kop Zeedijk", parent=centrum)
        for code, name in (("WK0363SE", "Centrum-West"), ("bu0363aa01", "Kop Zeedijk")):
            with self.subTest(code=code):
                self.assertContains(self.client.get(reverse("atlas:area-detail", args=[code])), name)
        self.assertEqual(self.client.get(reverse("atlas:area-detail", args=["WK0363S"])).status_code, 404)
