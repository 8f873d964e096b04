"""Every list endpoint of /api/v1/ runs the same number of queries for 1 item as for 3 (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from testing.base import BaseTestCase, make_area
from testing.factories.atlas import make_run, observe
from testing.factories.publications import make_product, make_record


class ListQueryCountTests(BaseTestCase):
    def queries(self, name, params) -> tuple[int, int]:
        """(number of queries, number of results) of one request."""
        with CaptureQueriesContext(connection) as captured:
            body = self.client.get(reverse(name), params).json()
        return len(captured), len(body["results"])

    def assert_same_for_one_and_three(self, name, params, make):
        make(0)
        one, found = self.queries(name, params)
        self.assertEqual(found, 1)
        make(1)
        make(2)
        three, found = self.queries(name, params)
        self.assertEqual((three, found), (one, 3))

    def test_areas(self):
        self.assert_same_for_one_and_three(
            "api:areas", {"year": 2019},
            lambda n: make_area(f"BU0599{n:04d}", f"Buurt {n}", parent=self.charlois, year=2019))

    def test_observations(self):
        run = make_run()
        self.assert_same_for_one_and_three(
            "api:observations", {"indicator": "ET_HOOFDVERW_GAS"},
            lambda n: observe(make_area(f"BU0599{n:04d}", f"Buurt {n}", year=2021), "ET_HOOFDVERW_GAS", 50.0 + n,
                              run=run))

    def test_products(self):
        def product(n):
            made = make_product(self.programme, slug=f"product-{n}", title=f"Product {n}")
            made.published_version.experiments.set([self.experiment])

        self.assert_same_for_one_and_three("api:products", {}, product)

    def test_records(self):
        self.assert_same_for_one_and_three(
            "api:records", {}, lambda n: make_record(programme=self.programme, title=f"Les {n}",
                                                     experiments=[self.experiment, self.other_experiment]))
