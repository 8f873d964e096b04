from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.areas.models import Area
from testing.base import BaseTestCase, make_area
from testing.factories.atlas import make_2021_areas


class AreaSearchTests(BaseTestCase):
    url = reverse("atlas:area-search")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)

    def rows(self, response):
        return [(area.code, area.boundary_year) for area in response.context["page"]]

    def test_default_lists_current_gemeenten_alphabetically(self):
        make_area("GM0363", "Amsterdam")
        response = self.client.get(self.url)
        self.assertEqual(self.rows(response), [("GM0363", 2025), ("GM0599", 2025), ("GM0637", 2025)])
        self.assertContains(response, 'href="/gebieden/GM0363/?jaar=2025"')

    def test_search_by_name_in_every_level_and_year(self):
        response = self.client.get(self.url, {"q": "pendrecht"})
        # Exact names first; the 2025 wijk is called Pendrecht too in the fixtures.
        self.assertEqual(set(self.rows(response)), {("WK059915", 2025), ("BU05991577", 2025),
                                                    ("WK059915", 2021), ("BU05991577", 2021)})
        self.assertContains(response, "<td>Rotterdam</td>", html=True)

    def test_search_by_code_prefix_and_filters(self):
        cases = {
            (("q", "BU0637"),): {("BU06370301", 2021), ("BU06370302", 2021), ("BU06370303", 2021)},
            (("q", "wk0599"), ("jaar", "2021")): {("WK059915", 2021)},
            (("q", "pendrecht"), ("level", "buurt")): {("BU05991577", 2025), ("BU05991577", 2021)},
            (("level", "wijk"),): {("WK059915", 2025), ("WK063703", 2025)},
            (("level", "gemeente"), ("jaar", "2021")): {("GM0599", 2021), ("GM0637", 2021)},
        }
        for params, expected in cases.items():
            with self.subTest(params=params):
                self.assertEqual(set(self.rows(self.client.get(self.url, dict(params)))), expected)

    def test_exact_and_prefix_matches_come_first(self):
        make_area("BU05991579", "Oud Pendrecht", parent=self.charlois_2021, year=2021)
        make_area("BU05991578", "Pendrecht-Oost", parent=self.charlois_2021, year=2021)
        codes = [code for code, _year in self.rows(self.client.get(self.url, {"q": "pendrecht", "jaar": "2021"}))]
        # Both exact names first, the wijk before the buurt (ranked by level), then the prefix match, then the rest.
        self.assertEqual(codes, ["WK059915", "BU05991577", "BU05991578", "BU05991579"])

    def test_bad_parameters_fall_back_to_defaults(self):
        response = self.client.get(self.url, {"level": "provincie", "jaar": "twintig", "page": "999"})
        self.assertEqual(self.rows(response), [("GM0599", 2025), ("GM0637", 2025)])

    def test_pagination(self):
        Area.objects.bulk_create([Area(code=f"GM{n:04d}", name=f"Gemeente {n:03d}", level="gemeente",
                                       boundary_year=2025) for n in range(1, 61)])
        first = self.client.get(self.url)
        self.assertEqual(len(first.context["page"]), 50)
        self.assertEqual(first.context["page"].paginator.count, 62)
        second = self.client.get(self.url, {"page": 2})
        self.assertEqual(len(second.context["page"]), 12)
        self.assertEqual(second.context["page"][11].code, "GM0637")

    def test_query_count_does_not_grow_with_results(self):
        cache.clear()
        with CaptureQueriesContext(connection) as one:
            self.assertEqual(len(self.rows(self.client.get(self.url, {"q": "Palenstein", "jaar": "2025"}))), 1)
        make_area("BU06370399", "Palenstein-Zuid", parent=self.palenstein, year=2025)
        make_area("BU06370398", "Palenstein-Noord", parent=self.palenstein, year=2025)
        cache.clear()  # both counts with the years with figures not yet cached (read once per import)
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(self.url, {"q": "Palenstein", "jaar": "2025"})
        self.assertEqual(len(self.rows(response)), 3)

    def test_anonymous_may_search_and_post_is_refused(self):
        self.assertContains(self.client.get(self.url), "GM0599")
        self.assertEqual(self.client.post(self.url).status_code, 405)
