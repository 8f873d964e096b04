"""The framework exports (part E): who may download which, what the files hold, and a fixed number of queries."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import openpyxl
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dubbelslag.monitoring.enums import UpdateStatus
from dubbelslag.monitoring.models import DisaggregationValue
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import BaseTestCase, make_experiment, make_user
from testing.factories.monitoring import make_update
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


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def sheet_rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


class ExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_user("other-editor@example.org", name="Otto Ander")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)
        cls.q1, cls.q2 = make_periods(cls.programme, 2)
        cls.shared = make_shared(cls.programme)
        target(cls.shared, cls.q2, Decimal("50"))
        cls.homes = adopt(cls.shared, cls.experiment)
        baseline(cls.homes, Decimal("3"))
        target(cls.homes, cls.q1, Decimal("10"))
        target(cls.homes, None, Decimal("40"))
        cls.q1_update = approved(cls.homes, cls.q1, value=Decimal("12.50"), by=cls.coordinator,
                                 submitted_by=cls.editor, narrative="Twaalf woningen van het gas.")
        split(cls.q1_update, owner=4, corporation=6)
        cls.q2_update = make_update(cls.homes, cls.q2, status=UpdateStatus.RETURNED, value=Decimal("20"),
                                    return_reason="Bron ontbreekt.")
        cls.support = make_qualitative(cls.experiment)
        make_update(cls.support, cls.q1, status=UpdateStatus.SUBMITTED, value=None, score=2,
                    narrative="Bewoners praten mee in de klankbordgroep.")
        cls.other_homes = adopt(cls.shared, cls.other_experiment)
        approved(cls.other_homes, cls.q1, value=Decimal("7"), narrative="Zeven in Palenstein.")

    def experiment_url(self, fmt="xlsx", experiment=None):
        return reverse("monitoring:experiment-export", args=[(experiment or self.experiment).pk, fmt])

    def programme_url(self, fmt="xlsx"):
        return reverse("monitoring:programme-export", args=[self.programme.slug, fmt])


class ExperimentExportTests(ExportTestCase):
    def test_the_main_sheet_has_a_row_per_indicator_and_period_with_numbers_as_numbers(self):
        self.login(self.reader)
        response = self.client.get(self.experiment_url())
        self.assertEqual(response.status_code, 200)
        book = workbook(response)
        self.assertEqual(book.sheetnames, ["raamwerk", "indicatoren", "streefwaarden per categorie"])
        rows = sheet_rows(book["raamwerk"])
        self.assertEqual(rows[0][:6], ["indicator-id", "experiment", "kant", "indicator", "periode", "streefwaarde"])
        body = [(row[0], row[3], row[4]) for row in rows[1:]]
        self.assertEqual(body, [(self.homes.pk, "Woningen aardgasvrij gemaakt", "2020-K1"),
                                (self.homes.pk, "Woningen aardgasvrij gemaakt", "2020-K2"),
                                (self.support.pk, "Draagvlak voor het wijkplan", "2020-K1"),
                                (self.support.pk, "Draagvlak voor het wijkplan", "2020-K2")])
        q1 = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual((q1["experiment"], q1["kant"]), ("Huiskamer Aardgasvrij", "energie"))
        self.assertEqual(q1["waarde"], 12.5)
        self.assertEqual(q1["streefwaarde"], 10)
        self.assertEqual(q1["status"], "goedgekeurd")
        self.assertEqual((q1["gerapporteerd door"], q1["goedgekeurd door"]), ("Eva Editor", "Carla Coördinator"))
        self.assertEqual(q1["toelichting"], "Twaalf woningen van het gas.")
        q2 = dict(zip(rows[0], rows[2], strict=True))
        self.assertEqual((q2["status"], q2["reden van terugsturen"], q2["waarde"]),
                         ("teruggestuurd voor herziening", "Bron ontbreekt.", 20))
        qualitative = dict(zip(rows[0], rows[3], strict=True))
        self.assertEqual((qualitative["score"], qualitative["scorelabel"], qualitative["toelichting"]),
                         (2, "redelijk", "Bewoners praten mee in de klankbordgroep."))
        empty = dict(zip(rows[0], rows[4], strict=True))
        self.assertEqual((empty["status"], empty["waarde"], empty["periode"]), (None, None, "2020-K2"))
        # The other experiment's figures are not in this experiment's file.
        self.assertNotIn("Zeven in Palenstein.", {cell for sheet in book for row in sheet_rows(sheet)
                                                  for cell in row})

    def test_the_indicators_sheet_gives_each_definition_once_by_the_id_the_main_sheet_names(self):
        self.login(self.reader)
        book = workbook(self.client.get(self.experiment_url()))
        rows = sheet_rows(book["indicatoren"])
        self.assertEqual(rows[0][:6], ["indicator-id", "experiment", "doel", "kant", "indicator",
                                       "gedeeld, overgenomen of eigen"])
        self.assertEqual([row[0] for row in rows[1:]], [self.homes.pk, self.support.pk])
        homes = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(homes["gedeeld, overgenomen of eigen"], "overgenomen")
        self.assertEqual(homes["nulmeting waarde"], 3)
        self.assertEqual(homes["nulmeting datum"], datetime(2019, 12, 31))
        self.assertEqual(homes["eindstreefwaarde"], 40)
        self.assertIs(homes["cumulatief"], True)
        support = dict(zip(rows[0], rows[2], strict=True))
        self.assertEqual(support["gedeeld, overgenomen of eigen"], "eigen")
        # Every id the main sheet names is defined here, once.
        self.assertEqual({row[0] for row in sheet_rows(book["raamwerk"])[1:]}, {row[0] for row in rows[1:]})

    def test_the_csv_repeats_the_definition_on_each_row(self):
        self.login(self.reader)
        rows = csv_rows(self.client.get(self.experiment_url("csv")))
        q1 = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual((q1["experiment"], q1["gedeeld, overgenomen of eigen"], q1["nulmeting waarde"],
                          q1["nulmeting datum"], q1["streefwaarde"], q1["eindstreefwaarde"], q1["cumulatief"],
                          q1["periode"], q1["waarde"]),
                         ("Huiskamer Aardgasvrij", "overgenomen", "3.00", "2019-12-31", "10.00", "40.00", "True",
                          "2020-K1", "12.50"))

    def test_the_main_sheet_has_a_column_per_category_and_the_second_their_targets(self):
        category = DisaggregationValue.objects.get(disaggregation__indicator=self.homes, code="corporation")
        category.target = Decimal(15)
        category.save()
        self.login(self.editor)
        book = workbook(self.client.get(self.experiment_url()))
        rows = sheet_rows(book["raamwerk"])
        self.assertEqual(rows[0][-3:], ["eigendomsvorm: koopwoning", "eigendomsvorm: huur corporatie",
                                        "eigendomsvorm: particuliere huur"])
        self.assertEqual(rows[1][-3:], [4, 6, None])  # 2020-K1: two of the three categories reported
        self.assertEqual(rows[2][-3:], [None, None, None])
        self.assertEqual(sheet_rows(book["streefwaarden per categorie"]), [
            ["experiment", "indicator", "dimensie", "categorie", "streefwaarde categorie"],
            ["Huiskamer Aardgasvrij", "Woningen aardgasvrij gemaakt", "eigendomsvorm", "koopwoning", None],
            ["Huiskamer Aardgasvrij", "Woningen aardgasvrij gemaakt", "eigendomsvorm", "huur corporatie", 15],
            ["Huiskamer Aardgasvrij", "Woningen aardgasvrij gemaakt", "eigendomsvorm", "particuliere huur", None],
        ])

    def test_the_csv_has_a_column_per_category(self):
        self.login(self.researcher)
        response = self.client.get(self.experiment_url("csv"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = csv_rows(response)
        self.assertEqual(rows[0][-3:], ["eigendomsvorm: koopwoning", "eigendomsvorm: huur corporatie",
                                        "eigendomsvorm: particuliere huur"])
        self.assertEqual(rows[1][-3:], ["4.00", "6.00", ""])
        self.assertEqual(rows[1][rows[0].index("waarde")], "12.50")
        self.assertEqual(len(rows), 5)

    def test_the_file_is_named_for_the_experiment_and_the_day(self):
        self.login(self.coordinator)
        response = self.client.get(self.experiment_url("csv"))
        self.assertEqual(response["Content-Disposition"],
                         f'attachment; filename="monitoring-{self.experiment.pk}-huiskamer-aardgasvrij-'
                         f'{timezone.localdate():%Y%m%d}.csv"')

    def test_who_may_download(self):
        cases = [(self.reader, 200), (self.editor, 200), (self.researcher, 200), (self.coordinator, 200),
                 (self.outsider, 404), (self.other_editor, 404)]
        for user, status in cases:
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.experiment_url())
                self.assertEqual(response.status_code, status)
                if status == 200:
                    rows = sheet_rows(workbook(response).active)
                    self.assertIn("Twaalf woningen van het gas.", {row[rows[0].index("toelichting")] for row in rows})
        self.client.logout()
        response = self.client.get(self.experiment_url())
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.experiment_url(),
                             fetch_redirect_response=False)

    def test_an_unknown_format_or_experiment_is_404_and_writes_405(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.experiment_url("pdf")).status_code, 404)
        self.assertEqual(self.client.get(reverse("monitoring:experiment-export", args=[999999, "csv"])).status_code,
                         404)
        self.assertEqual(self.client.post(self.experiment_url()).status_code, 405)


class ProgrammeExportTests(ExportTestCase):
    def test_the_programme_file_holds_the_shared_indicator_and_every_experiment(self):
        self.login(self.researcher)
        response = self.client.get(self.programme_url())
        self.assertEqual(response["Content-Disposition"],
                         f'attachment; filename="monitoring-kwetsbare-wijken-{timezone.localdate():%Y%m%d}.xlsx"')
        book = workbook(response)
        rows = sheet_rows(book["raamwerk"])
        self.assertEqual([(row[1], row[3], row[4]) for row in rows[1:]], [
            (None, "Woningen aardgasvrij gemaakt", "2020-K1"),
            (None, "Woningen aardgasvrij gemaakt", "2020-K2"),
            ("Huiskamer Aardgasvrij", "Woningen aardgasvrij gemaakt", "2020-K1"),
            ("Huiskamer Aardgasvrij", "Woningen aardgasvrij gemaakt", "2020-K2"),
            ("Huiskamer Aardgasvrij", "Draagvlak voor het wijkplan", "2020-K1"),
            ("Huiskamer Aardgasvrij", "Draagvlak voor het wijkplan", "2020-K2"),
            ("Verhalen ophalen in Palenstein", "Woningen aardgasvrij gemaakt", "2020-K1"),
            ("Verhalen ophalen in Palenstein", "Woningen aardgasvrij gemaakt", "2020-K2"),
        ])
        self.assertEqual(rows[2][5], 50)  # the shared indicator's target for 2020-K2
        kinds = {row[0]: row[5] for row in sheet_rows(book["indicatoren"])[1:]}
        self.assertEqual(kinds, {self.shared.pk: "gedeeld", self.homes.pk: "overgenomen", self.support.pk: "eigen",
                                 self.other_homes.pk: "overgenomen"})

    def test_only_the_programme_team_may_download(self):
        for user, status in [(self.coordinator, 200), (self.researcher, 200), (self.editor, 404),
                             (self.reader, 404), (self.outsider, 404), (self.other_editor, 404)]:
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.programme_url("csv"))
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertIn("Zeven in Palenstein.", {cell for row in csv_rows(response) for cell in row})
        self.client.logout()
        self.assertEqual(self.client.get(self.programme_url()).status_code, 302)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.programme_url("json")).status_code, 404)
        self.assertEqual(self.client.get(reverse("monitoring:programme-export", args=["nope", "csv"])).status_code,
                         404)


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
class ExportQueryCountTests(BaseTestCase):
    """The same number of queries for one experiment × one indicator × one period as for three of each."""

    def build(self, size):
        from testing.factories.monitoring_exports import make_periods

        periods = make_periods(self.programme, size)
        experiments = [self.experiment, self.other_experiment] + [
            make_experiment(programme=self.programme, gemeente=self.rotterdam, title=f"Extra {n}")
            for n in range(size - 1)]
        for number in range(size):
            shared = make_shared(self.programme, title_nl=f"Gedeeld {size}-{number}")
            for experiment in experiments[:size + 1]:
                adoption = adopt(shared, experiment)
                for period in periods:
                    split(approved(adoption, period, value=9, narrative="Verhaal."), owner=3)

    def count(self, url, size):
        self.build(size)
        self.login(self.coordinator)
        with self.assertNumQueries(QUERIES[url]):
            response = self.client.get(reverse(url, args=[self.programme.slug, "xlsx"]) if url.startswith(
                "monitoring:programme") else reverse(url, args=[self.experiment.pk, "csv"]))
        self.assertEqual(response.status_code, 200)

    def test_programme_export_one(self):
        self.count("monitoring:programme-export", 1)

    def test_programme_export_three(self):
        self.count("monitoring:programme-export", 3)

    def test_experiment_export_one(self):
        self.count("monitoring:experiment-export", 1)

    def test_experiment_export_three(self):
        self.count("monitoring:experiment-export", 3)


# session + user, the gate (programme + role, or experiment + role), then the seven reads of exports.framework_export
QUERIES = {"monitoring:programme-export": 11, "monitoring:experiment-export": 11}
