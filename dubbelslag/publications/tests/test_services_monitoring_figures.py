"""A knowledge product embeds a public monitoring figure (part E of issue 15): an experiment's approved value or a
shared indicator's programme total, refused when not public, frozen at publication."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from dubbelslag.monitoring import services as monitoring
from dubbelslag.monitoring.models import Update
from dubbelslag.publications.enums import ProductType, SectionKey
from dubbelslag.publications.models import Figure
from dubbelslag.publications.rendering import render_version
from dubbelslag.publications.services import workflow
from testing.base import BaseTestCase
from testing.factories.monitoring_exports import make_public_monitoring
from testing.factories.publications import make_record


def sum_rule() -> str:
    """The rule in words as the page says it (part R's text, in whatever the catalogue makes of it), escaped."""
    from django.utils import translation
    from django.utils.html import escape

    from dubbelslag.monitoring import rollup
    from dubbelslag.monitoring.selectors import rule_description

    with translation.override("nl"):
        return escape(rule_description(rollup.SharedIndicator(rule=rollup.Rule.SUM, cumulative=True)))


class MonitoringFigureTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_public_monitoring(cls)
        cls.record = make_record(programme=cls.programme)

    def setUp(self):
        self.product = workflow.create_product(programme=self.programme, product_type=ProductType.FACTSHEET,
                                               slug="aardgasvrij", title_nl="Aardgasvrij", authors="A. Auteur",
                                               by=self.researcher)
        self.version = self.product.versions.get()

    def html(self, version, *, public=True):
        with translation.override("nl"):
            return str(render_version(version, viewer=None if public else self.researcher,
                                      public=public).sections[0].html)

    def place(self, version):
        version.refresh_from_db()
        workflow.update_version(version, by=self.researcher, expected_edit_version=version.edit_version,
                                lead_nl="Lead", sections={SectionKey.CONTEXT: (
                                    f"Zie [@R{self.record.pk}].\n\n[[figuur 1]]", "")})

    def test_an_experiments_approved_value_with_its_source(self):
        figure = workflow.add_monitoring_figure(self.version, by=self.researcher, result_indicator=self.homes,
                                                reporting_period=self.q1, caption_nl="Woningen in Pendrecht")
        self.assertEqual((figure.snapshot["value"], figure.snapshot["value_exact"], figure.snapshot["status"],
                          figure.snapshot["period"], figure.snapshot["experiment"]),
                         (12.0, "12.00", "ok", "2020-K1", "Huiskamer Aardgasvrij"))
        self.place(self.version)
        html = self.html(self.version, public=False)
        self.assertIn("monitoring van het experiment Huiskamer Aardgasvrij, goedgekeurde waarden", html)
        self.assertIn("Woningen aardgasvrij gemaakt · Huiskamer Aardgasvrij · 2020-K1", html)

    def test_a_shared_indicators_programme_total_counts_public_values_only(self):
        figure = workflow.add_monitoring_figure(self.version, by=self.researcher, result_indicator=self.shared,
                                                reporting_period=self.q1)
        # 12 from the public experiment; the private experiment's approved 55 is not counted.
        self.assertEqual((figure.snapshot["value_exact"], figure.snapshot["experiments_counted"]),
                         ("12.00", ["Huiskamer Aardgasvrij"]))
        self.place(self.version)
        html = self.html(self.version, public=False)
        self.assertIn("monitoring van het programma Verduurzaming Kwetsbare Wijken: totaal van de goedgekeurde "
                      "waarden van Huiskamer Aardgasvrij", html)
        self.assertIn(sum_rule(), html)

    def test_an_indicator_or_period_that_is_not_public_is_refused_and_nothing_is_written(self):
        cases = [(self.private_own, self.q1, "result_indicator", "is not public"),
                 (self.private_shared, self.q1, "result_indicator", "is not public"),
                 (self.hidden, self.q1, "result_indicator", "is not public"),  # of the private experiment
                 (self.homes, self.q3, "reporting_period", "2020-K3 is not public")]
        for indicator, period, field, message in cases:
            with self.subTest(indicator=indicator.title_nl, period=period.label), translation.override("en"):
                with self.assertRaises(ValidationError) as refused:
                    workflow.add_monitoring_figure(self.version, by=self.researcher, result_indicator=indicator,
                                                   reporting_period=period)
                self.assertIn(message, " ".join(refused.exception.message_dict[field]))
        self.assertFalse(Figure.objects.filter(version=self.version).exists())

    def test_a_later_approval_does_not_change_a_published_product(self):
        workflow.add_monitoring_figure(self.version, by=self.researcher, result_indicator=self.shared,
                                       reporting_period=self.q2)
        self.place(self.version)
        workflow.submit_for_review(self.version, by=self.researcher)
        version = workflow.publish_version(self.version, by=self.coordinator)
        self.assertEqual(version.figures.get().snapshot["value_exact"], "12.00")

        monitoring.approve_update(Update.objects.get(pk=self.submitted.pk), by=self.coordinator)
        html = self.html(version)
        self.assertIn('<span class="product-figure-number">12,0 woningen</span>', html)
        self.assertNotIn('<span class="product-figure-number">20,0 woningen</span>', html)
        self.assertEqual(version.figures.get().snapshot["value_exact"], "12.00")
        # A new draft's preview shows the total as it is now: 20, the approved 2020-K2 value.
        draft = workflow.start_new_version(self.product, by=self.researcher)
        self.assertIn('<span class="product-figure-number">20,0 woningen</span>', self.html(draft, public=False))
        self.assertIn('<span class="product-figure-number">12,0 woningen</span>', self.html(version))


class MonitoringFigureViewTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_public_monitoring(cls)

    def setUp(self):
        self.product = workflow.create_product(programme=self.programme, product_type=ProductType.FACTSHEET,
                                               slug="aardgasvrij", title_nl="Aardgasvrij", authors="A. Auteur",
                                               by=self.researcher)
        self.url = reverse("publications:version-figures", args=[self.product.slug, 1])
        self.login(self.researcher)

    def post(self, indicator, period):
        return self.client.post(self.url, {"action": "add-monitoring", "monitoring-result_indicator": indicator.pk,
                                           "monitoring-reporting_period": period.pk})

    def test_adding_a_monitoring_figure(self):
        self.assertRedirects(self.post(self.homes, self.q1), self.url)
        figure = Figure.objects.get(version__product=self.product)
        self.assertEqual((figure.result_indicator, figure.reporting_period, figure.number), (self.homes, self.q1, 1))
        page = self.client.get(self.url)
        self.assertContains(page, "monitoring van het experiment Huiskamer Aardgasvrij, goedgekeurde waarden")

    def test_a_private_indicator_gets_the_message_next_to_the_field(self):
        response = self.post(self.private_own, self.q1)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Intern cijfer” is niet openbaar")
        self.assertContains(response, 'href="#id_monitoring-result_indicator"')
        self.assertFalse(Figure.objects.exists())

    def test_a_reader_may_not_add_one(self):
        self.login(self.reader)
        self.assertIn(self.post(self.homes, self.q1).status_code, (403, 404))
        self.assertFalse(Figure.objects.exists())
