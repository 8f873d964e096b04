"""/api/v1/monitoring/…: only public indicators of public experiments, only approved values in public periods, and
the programme totals rolled up from those alone."""


from django.core.cache import cache
from django.urls import reverse

from dubbelslag.api.base import document
from testing.base import BaseTestCase, make_experiment
from testing.factories.monitoring_exports import (
    adopt,
    approved,
    make_periods,
    make_public_monitoring,
    make_qualitative,
    make_shared,
)


class MonitoringApiData(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_public_monitoring(cls)

    def get(self, name, **params):
        cache.clear()
        response = self.client.get(reverse(f"api:{name}"), params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()


class MonitoringApiTests(MonitoringApiData):
    def test_only_approved_values_of_public_indicators_in_public_periods_of_public_experiments(self):
        body = self.get("monitoring-values")
        self.assertEqual([(row["indicator"], row["experiment"]["id"], row["period"]["label"], row["value"])
                          for row in body["results"]], [(self.homes.pk, self.experiment.pk, "2020-K1", "12.00")])
        self.assertEqual(body["count"], 1)
        text = str(body)
        for leaked in ["55.00", "77.00", "44.00", "45.00", "30.00", "66.00", "Intern cijfer", "Verhalen ophalen"]:
            self.assertNotIn(leaked, text)

    def test_the_public_indicators(self):
        body = self.get("monitoring-indicators")
        self.assertEqual({row["id"] for row in body["results"]}, {self.shared.pk, self.homes.pk, self.public_own.pk})
        shared = next(row for row in body["results"] if row["id"] == self.shared.pk)
        self.assertEqual((shared["experiment"], shared["rollup_rule"], shared["cumulative"], shared["side"]),
                         (None, "sum", True, "energy"))
        adoption = next(row for row in body["results"] if row["id"] == self.homes.pk)
        self.assertEqual((adoption["shared_indicator"], adoption["experiment"]["id"]),
                         (self.shared.pk, self.experiment.pk))
        self.assertEqual({row["id"] for row in self.get("monitoring-indicators", scope="shared")["results"]},
                         {self.shared.pk})
        self.assertEqual({row["id"] for row in self.get("monitoring-indicators", side="livability")["results"]},
                         {self.public_own.pk})

    def test_a_hidden_indicator_is_not_found(self):
        for indicator in (self.private_own, self.hidden, self.private_shared):
            with self.subTest(indicator=indicator.title_nl):
                response = self.client.get(reverse("api:monitoring-indicator", args=[indicator.pk]))
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(self.client.get(reverse("api:monitoring-indicator", args=[self.homes.pk])).json()["id"],
                         self.homes.pk)

    def test_the_totals_roll_up_only_public_values(self):
        body = self.get("monitoring-totals")
        rows = [(row["indicator"], row["period"]["label"], row["total"],
                 [item["id"] for item in row["experiments_counted"]], row["experiments_left_out"])
                for row in body["results"]]
        # Cumulative: in 2020-K2 the experiment's latest public approved value (2020-K1's 12) counts; the
        # submitted 20, the 30 of a private period and the private experiment's 55 never do.
        self.assertEqual(rows, [(self.shared.pk, "2020-K1", "12.00", [self.experiment.pk], 0),
                                (self.shared.pk, "2020-K2", "12.00", [self.experiment.pk], 0)])
        self.assertEqual(self.get("monitoring-totals", period="2020-K2")["count"], 1)

    def test_filters(self):
        self.assertEqual(self.get("monitoring-values", indicator=self.shared.pk)["count"], 1)
        self.assertEqual(self.get("monitoring-values", period="2020-K2")["count"], 0)
        self.assertEqual(self.get("monitoring-values", side="process")["count"], 0)
        self.assertEqual(self.get("monitoring-values", programme="kwetsbare-wijken")["count"], 1)
        self.assertEqual(self.get("monitoring-values", experiment=self.other_experiment.pk)["count"], 0)
        response = self.client.get(reverse("api:monitoring-values"), {"side": "moon"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["invalid_params"][0]["name"], "side")

    def test_the_operations_are_in_the_openapi_document(self):
        paths = document()["paths"]
        for path in ("/api/v1/monitoring/indicators", "/api/v1/monitoring/indicators/{id}",
                     "/api/v1/monitoring/values", "/api/v1/monitoring/totals"):
            self.assertIn(path, paths)
        names = {parameter["name"] for parameter in paths["/api/v1/monitoring/values"]["get"]["parameters"]}
        self.assertEqual(names, {"programme", "side", "experiment", "indicator", "period", "limit", "offset"})


class MonitoringApiQueryCountTests(BaseTestCase):
    def build(self, size):
        self.experiment.is_public = True
        self.experiment.save()
        periods = make_periods(self.programme, size, is_public=True)
        experiments = [self.experiment] + [make_experiment(programme=self.programme, gemeente=self.rotterdam,
                                                           title=f"Extra {n}", is_public=True)
                                           for n in range(size - 1)]
        for number in range(size):
            shared = make_shared(self.programme, title_nl=f"Gedeeld {number}")
            for experiment in experiments:
                adoption = adopt(shared, experiment)
                for period in periods:
                    approved(adoption, period, value=3)
            make_qualitative(self.experiment, title_nl=f"Kwalitatief {number}", is_public=True)

    def check(self, size):
        self.build(size)
        for name, queries in (("monitoring-values", 2), ("monitoring-indicators", 2)):
            with self.subTest(name=name), self.assertNumQueries(queries):
                self.assertEqual(self.client.get(reverse(f"api:{name}")).status_code, 200)

    def test_one(self):
        self.check(1)

    def test_three(self):
        self.check(3)
