"""The public monitoring pages (part E of issue 15): the programme totals of the public shared indicators, each
indicator's page, the public experiment's approved values; nothing private, cached and fresh after an approval."""

from decimal import Decimal

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from dubbelslag.monitoring import services
from dubbelslag.monitoring.models import Update
from testing.base import BaseTestCase, make_experiment
from testing.factories.monitoring_exports import adopt, approved, make_periods, make_public_monitoring, make_shared

LEAKS = ["55", "77", "44", "45", "66", "30", "Intern cijfer", "Nog niet openbaar", "Verhalen ophalen in Palenstein",
         "2020-K3"]


def cells(response) -> str:
    return response.content.decode()



def sum_rule() -> str:
    """The rule in words as the page says it (part R's text, in whatever the catalogue makes of it), escaped."""
    from django.utils import translation
    from django.utils.html import escape

    from dubbelslag.monitoring import rollup
    from dubbelslag.monitoring.selectors import rule_description

    with translation.override("nl"):
        return escape(rule_description(rollup.SharedIndicator(rule=rollup.Rule.SUM, cumulative=True)))


class PublicMonitoringPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_public_monitoring(cls)

    def setUp(self):
        cache.clear()

    def assert_no_leaks(self, response):
        text = cells(response)
        for leaked in LEAKS:
            self.assertNotIn(f">{leaked}<", text)
            if not leaked.isdigit():
                self.assertNotIn(leaked, text)

    def test_the_list_shows_the_programme_total_per_public_period(self):
        response = self.client.get(reverse("public:monitoring"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Woningen aardgasvrij gemaakt")
        self.assertContains(response, "Verduurzaming Kwetsbare Wijken")
        self.assertContains(response, '<tr><th scope="row">2020-K1</th>\n      <td>12</td>\n      <td><span>'
                                      'Huiskamer Aardgasvrij</span></td></tr>', html=False)
        # Cumulative: 2020-K2's total is the latest approved value so far; the submitted 20 does not count.
        self.assertContains(response, '<tr><th scope="row">2020-K2</th>\n      <td>12</td>', html=False)
        self.assertContains(response, sum_rule())
        self.assert_no_leaks(response)

    def test_the_side_filter(self):
        self.assertNotContains(self.client.get(reverse("public:monitoring"), {"kant": "livability"}),
                               "Woningen aardgasvrij gemaakt")
        response = self.client.get(reverse("public:monitoring"), {"kant": "maan"})
        self.assertContains(response, "Woningen aardgasvrij gemaakt")
        self.assertContains(response, "niet begrepen en daarom weggelaten: kant")

    def test_the_indicator_page_shows_the_series_and_the_experiments_values(self):
        response = self.client.get(reverse("public:monitoring-indicator", args=[self.shared.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Woningen aardgasvrij gemaakt</h1>", html=True)
        self.assertContains(response, f'href="{reverse("public:experiment-detail", args=[self.experiment.pk])}"')
        self.assertContains(response, "12 (vanaf 2020-K1)")
        self.assert_no_leaks(response)

    def test_a_private_or_unknown_indicator_has_no_page(self):
        for pk in (self.private_shared.pk, self.homes.pk, self.public_own.pk, 999999, 2**64):
            with self.subTest(pk=pk):
                self.assertEqual(self.client.get(f"/kennisbank/monitoring/{pk}/").status_code, 404)

    def test_the_public_experiment_page_shows_its_public_approved_values(self):
        response = self.client.get(reverse("public:experiment-detail", args=[self.experiment.pk]))
        self.assertContains(response, "Monitoring: goedgekeurde waarden")
        self.assertContains(response, f'href="{reverse("public:monitoring-indicator", args=[self.shared.pk])}"')
        self.assertContains(response, "Twaalf woningen van het gas.")
        self.assertContains(response, "12 woningen")
        self.assertNotContains(response, "20 woningen")
        self.assertNotContains(response, "Buurtavonden")  # public, but nothing approved
        self.assert_no_leaks(response)

    def test_the_pages_are_in_the_sitemap(self):
        text = cells(self.client.get(reverse("public:sitemap")))
        self.assertIn("/kennisbank/monitoring/</loc>", text)
        self.assertIn(f"/kennisbank/monitoring/{self.shared.pk}/</loc>", text)
        self.assertNotIn(f"/kennisbank/monitoring/{self.private_shared.pk}/</loc>", text)

    @override_settings(PUBLIC_PAGE_CACHE_SECONDS=300)
    def test_an_approval_shows_at_once_on_the_cached_pages(self):
        urls = [reverse("public:monitoring"), reverse("public:monitoring-indicator", args=[self.shared.pk])]
        for url in urls:
            self.assertNotContains(self.client.get(url), ">20<")
            self.assertNotContains(self.client.get(url), ">20<")  # now from the cache
        services.approve_update(Update.objects.get(pk=self.submitted.pk), by=self.coordinator)
        self.assertContains(self.client.get(urls[0]), '<tr><th scope="row">2020-K2</th>\n      <td>20</td>',
                            html=False)
        self.assertContains(self.client.get(urls[1]), "20")


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
class PublicMonitoringQueryCountTests(BaseTestCase):
    def build(self, size):
        self.experiment.is_public = True
        self.experiment.save()
        periods = make_periods(self.programme, size, is_public=True)
        experiments = [self.experiment] + [make_experiment(programme=self.programme, gemeente=self.rotterdam,
                                                           title=f"Extra {n}", is_public=True)
                                           for n in range(size - 1)]
        shared = []
        for number in range(size):
            shared.append(make_shared(self.programme, title_nl=f"Gedeeld {number}"))
            for experiment in experiments:
                adoption = adopt(shared[-1], experiment)
                for period in periods:
                    approved(adoption, period, value=Decimal(number + 1))
        return shared[0]

    def check(self, size):
        first = self.build(size)
        pages = [(reverse("public:monitoring"), QUERIES["list"]),
                 (reverse("public:monitoring-indicator", args=[first.pk]), QUERIES["indicator"]),
                 (reverse("public:experiment-detail", args=[self.experiment.pk]), QUERIES["experiment"])]
        for url, queries in pages:
            with self.subTest(url=url), self.assertNumQueries(queries):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_one(self):
        self.check(1)

    def test_three(self):
        self.check(3)


# The list: the programmes, then shared_rollups per programme; the indicator page: the indicator, then
# shared_rollups; the experiment page: its own reads plus one for the public values.
# The experiment page: 10 since the page shows its picture (one query, images.selectors.experiment_picture).
QUERIES = {"list": 12, "indicator": 13, "experiment": 10}
