"""The PDF progress report (part E): a PDF whose text holds the figures and narratives, for those who may read the
experiment, in a fixed number of queries."""

import io
from decimal import Decimal

from django.urls import reverse
from pypdf import PdfReader

from dubbelslag.monitoring.enums import UpdateStatus
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import BaseTestCase, make_programme, make_user
from testing.factories.monitoring import make_period, make_update
from testing.factories.monitoring_exports import (
    adopt,
    approved,
    baseline,
    make_periods,
    make_qualitative,
    make_shared,
    split,
    target,
)


def pdf_text(response) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(response.content)).pages)


class ReportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_user("other-editor@example.org")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)
        cls.q1, cls.q2, cls.q3 = make_periods(cls.programme, 3)
        cls.homes = adopt(make_shared(cls.programme), cls.experiment)
        baseline(cls.homes, Decimal("3"), source="Woningcorporatie")
        target(cls.homes, cls.q2, Decimal("30"))
        split(approved(cls.homes, cls.q1, value=Decimal("12.50"), narrative="Twaalf woningen van het gas."),
              owner=4, corporation=6)
        make_update(cls.homes, cls.q2, status=UpdateStatus.SUBMITTED, value=Decimal("27"),
                    narrative="Blok aan de Plein­straat volgt.")
        approved(cls.homes, cls.q3, value=Decimal("99"), narrative="Na de periode.")
        cls.support = make_qualitative(cls.experiment)
        approved(cls.support, cls.q2, value=None, score=3, narrative="De klankbordgroep draagt het plan.")

    def url(self, period=None, experiment=None):
        return reverse("monitoring:report-pdf", args=[(experiment or self.experiment).pk, (period or self.q2).pk])

    def test_the_report_is_a_pdf_with_the_figures_and_narratives_up_to_the_period(self):
        self.login(self.reader)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))
        text = pdf_text(response)
        for expected in ["VOORTGANGSRAPPORTAGE", "Huiskamer Aardgasvrij", "Rotterdam", "Pendrecht", "2020-K2",
                         "Woningen aardgasvrij gemaakt", "12,50", "27,00", "30,00", "Woningcorporatie",
                         "Twaalf woningen van het gas.", "De klankbordgroep draagt het plan.", "hoog",
                         "niet goedgekeurd: ingediend", "Draagvlak voor het wijkplan", "2020-K1"]:
            self.assertIn(expected, text)
        # A later period is not in a report on 2020-K2.
        self.assertNotIn("Na de periode.", text)
        self.assertNotIn("99,00", text)

    def test_the_disaggregated_values_of_the_period_are_in_the_report(self):
        self.login(self.editor)
        text = pdf_text(self.client.get(self.url(self.q1)))
        self.assertIn("koopwoning", text)
        self.assertIn("huur corporatie", text)
        self.assertIn("Uitgesplitste waarden", text)

    def test_who_may_read_the_report(self):
        for user, status in [(self.reader, 200), (self.editor, 200), (self.researcher, 200),
                             (self.coordinator, 200), (self.outsider, 404), (self.other_editor, 404)]:
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url())
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertIn("Twaalf woningen van het gas.", pdf_text(response))
        self.client.logout()
        self.assertRedirects(self.client.get(self.url()), reverse("accounts:login") + "?next=" + self.url(),
                             fetch_redirect_response=False)

    def test_a_period_of_another_programme_or_a_wrong_pk_is_404(self):
        elsewhere = make_period(make_programme(slug="elders", name="Elders"))
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url(elsewhere)).status_code, 404)
        self.assertEqual(self.client.get(reverse("monitoring:report-pdf", args=[self.experiment.pk, 999999]))
                         .status_code, 404)
        self.assertEqual(self.client.post(self.url()).status_code, 405)


class ReportQueryCountTests(BaseTestCase):
    def build(self, size):
        periods = make_periods(self.programme, size)
        for number in range(size):
            adoption = adopt(make_shared(self.programme, title_nl=f"Gedeeld {number}"), self.experiment)
            for period in periods:
                split(approved(adoption, period, value=5, narrative="Verhaal."), owner=2)
        return periods[-1]

    def count(self, size):
        period = self.build(size)
        self.login(self.coordinator)
        # session, user, the gate (experiment, role), the period, seven framework reads, the focus areas
        with self.assertNumQueries(13):
            response = self.client.get(reverse("monitoring:report-pdf", args=[self.experiment.pk, period.pk]))
        self.assertEqual(response.status_code, 200)

    def test_one(self):
        self.count(1)

    def test_three(self):
        self.count(3)
