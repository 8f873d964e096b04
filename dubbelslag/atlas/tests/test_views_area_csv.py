import csv
import io

from django.core.cache import cache
from django.urls import reverse

from testing.base import BaseTestCase
from testing.factories.atlas import make_2021_areas, make_run, observe


class AreaCsvTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        cls.import_run = make_run()
        for area, value in zip(cls.rotterdam_buurten + cls.zoetermeer_buurten,
                               [82.5, 90.0, 70.0, 95.0, 10.0, 20.0, 30.0], strict=True):
            observe(area, "ET_HOOFDVERW_GAS", value, run=cls.import_run)
        observe(cls.pendrecht_2021, "ET_HOOFDVERW_ZONDERGAS", None, run=cls.import_run, status="suppressed")
        observe(cls.pendrecht_2021, "ET_HOOFDVERW_GAS", 88.0, run=cls.import_run, period="2019")
        cls.url = reverse("atlas:area-csv", args=["BU05991577"]) + "?jaar=2021"

    def setUp(self):
        cache.clear()

    def read(self, response, delimiter):
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('filename="BU05991577_2021.csv"', response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel")
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))

    def test_english_csv_has_every_period_with_references_and_provenance(self):
        self.client.cookies["django_language"] = "en"
        rows = self.read(self.client.get(self.url), ",")
        self.assertEqual([(row["indicator_code"], row["period"]) for row in rows],
                         [("ET_HOOFDVERW_GAS", "2019"), ("ET_HOOFDVERW_GAS", "2021"),
                          ("ET_HOOFDVERW_ZONDERGAS", "2021")])
        gas = rows[1]
        self.assertEqual({key: gas[key] for key in ["area_code", "area_name", "boundary_year", "value", "status",
                                                    "unit", "domain", "gemeente_reference",
                                                    "gemeente_reference_kind", "nl_median", "nl_percentile",
                                                    "source_table", "import_run_id", "licence"]},
                         {"area_code": "BU05991577", "area_name": "Pendrecht", "boundary_year": "2021",
                          "value": "82.5", "status": "ok", "unit": "%", "domain": "energie",
                          "gemeente_reference": "86.25", "gemeente_reference_kind": "gemeente_median",
                          "nl_median": "70", "nl_percentile": "64.3", "source_table": "85337NED",
                          "import_run_id": str(self.import_run.pk), "licence": "CC BY 4.0"})
        self.assertEqual(gas["indicator_name"], "Dwellings heated with natural gas")
        self.assertEqual(gas["retrieved_at"], "2024-03-05T10:00:00+00:00")
        self.assertEqual(gas["attribution"], "Source: CBS, table 85337NED, CC BY 4.0")
        suppressed = rows[2]
        self.assertEqual((suppressed["value"], suppressed["status"], suppressed["nl_median"]), ("", "suppressed", ""))

    def test_dutch_csv_uses_semicolons_and_decimal_commas(self):
        rows = self.read(self.client.get(self.url), ";")
        self.assertEqual((rows[1]["value"], rows[1]["gemeente_reference"]), ("82,5", "86,25"))

    def test_unknown_code_is_404_and_post_is_refused(self):
        self.assertEqual(self.client.get(reverse("atlas:area-csv", args=["BU00000000"])).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 405)
