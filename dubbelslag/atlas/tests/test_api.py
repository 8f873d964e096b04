from django.urls import reverse

from dubbelslag.indicators.models import Indicator
from testing.base import BaseTestCase
from testing.factories.atlas import make_2021_areas, make_run, observe


class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        cls.import_run = make_run()
        for area, value in zip(cls.rotterdam_buurten + cls.zoetermeer_buurten,
                               [82.0, 90.0, 70.0, 95.0, 10.0, 20.0, 30.0], strict=True):
            observe(area, "ET_HOOFDVERW_GAS", value, run=cls.import_run)
        observe(cls.pendrecht_2021, "ET_HOOFDVERW_ZONDERGAS", None, run=cls.import_run, status="suppressed")
        cls.kwb_run = make_run(table_id="85984NED", year=2025)
        observe(cls.rotterdam, "BEV_INWONERS", 670610.0, run=cls.kwb_run, period="2024")

    def get(self, name, *args, **params):
        response = self.client.get(reverse(f"api:{name}", args=args), params)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()

    def problem(self, name, *args, status=400, **params):
        response = self.client.get(reverse(f"api:{name}", args=args), params)
        self.assertEqual(response.status_code, status)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        return response.json()


class AreasApiTests(ApiTestCase):
    def codes(self, body):
        return {(area["code"], area["boundary_year"]) for area in body["results"]}

    def test_filters(self):
        cases = {
            (("level", "gemeente"),): {("GM0599", 2021), ("GM0637", 2021), ("GM0599", 2025), ("GM0637", 2025)},
            (("level", "wijk"), ("year", "2025")): {("WK059915", 2025), ("WK063703", 2025)},
            (("gemeente", "GM0637"), ("year", "2021")): {("GM0637", 2021), ("WK063703", 2021), ("BU06370301", 2021),
                                                         ("BU06370302", 2021), ("BU06370303", 2021)},
            (("gemeente", "gm0637"), ("level", "buurt"), ("q", "zbuurt 2")): {("BU06370302", 2021)},
            (("q", "BU0599157"), ("year", "2021")): {(f"BU0599157{n}", 2021) for n in (1, 2, 3, 7)},
        }
        for params, expected in cases.items():
            with self.subTest(params=params):
                body = self.get("areas", **dict(params))
                self.assertEqual(self.codes(body), expected)
                self.assertEqual(body["count"], len(expected))

    def test_item(self):
        body = self.get("areas", q="BU05991577", year=2021)
        self.assertEqual(body["results"], [{
            "code": "BU05991577", "name": "Pendrecht", "level": "buurt", "boundary_year": 2021,
            "parent": "WK059915", "gemeente": "GM0599",
            "url": "http://testserver/api/v1/areas/BU05991577?year=2021",
            "profile_url": "http://testserver/gebieden/BU05991577/?jaar=2021",
        }])

    def test_pagination(self):
        first = self.get("areas", year=2021, limit=3)
        self.assertEqual((first["count"], first["limit"], first["offset"], len(first["results"])), (11, 3, 0, 3))
        self.assertIsNone(first["previous"])
        self.assertEqual(first["next"], "http://testserver/api/v1/areas?limit=3&offset=3&year=2021")
        last = self.get("areas", year=2021, limit=5, offset=10)
        self.assertEqual(len(last["results"]), 1)
        self.assertIsNone(last["next"])
        self.assertEqual(last["previous"], "http://testserver/api/v1/areas?limit=5&offset=5&year=2021")
        codes = [area["code"] for offset in range(0, 11, 3)
                 for area in self.get("areas", year=2021, limit=3, offset=offset)["results"]]
        self.assertEqual(len(set(codes)), 11)

    def test_bad_parameters_are_400_with_a_message(self):
        self.client.cookies["django_language"] = "en"
        cases = [
            ({"limit": "abc"}, "limit"), ({"limit": "0"}, "limit"), ({"limit": "1001"}, "limit"),
            ({"offset": "-1"}, "offset"), ({"year": "twenty"}, "year"), ({"year": "99999999999"}, "year"),
            ({"level": "provincie"}, "level"), ({"gemeente": "Rotterdam"}, "gemeente"),
        ]
        for params, name in cases:
            with self.subTest(params=params):
                body = self.problem("areas", **params)
                self.assertEqual(body["status"], 400)
                self.assertEqual(body["invalid_params"][0]["name"], name)
                self.assertTrue(body["detail"].startswith(f"{name}: "))
        self.assertEqual(self.problem("areas", limit="0")["detail"], "limit: must be at least 1.")

    def test_detail(self):
        body = self.get("area", "BU05991577", year=2021)
        self.assertEqual((body["code"], body["boundary_year"], body["other_boundary_years"], body["children"]),
                         ("BU05991577", 2021, [2025], []))
        self.assertEqual(body["observations_url"], "http://testserver/api/v1/observations?area=BU05991577&year=2021")
        latest = self.get("area", "bu05991577")
        self.assertEqual((latest["boundary_year"], latest["other_boundary_years"]), (2025, [2021]))
        self.assertEqual(self.get("area", "WK059915", year=2021)["children"],
                         ["BU05991571", "BU05991572", "BU05991573", "BU05991577"])

    def test_detail_unknown(self):
        self.assertEqual(self.problem("area", "BU00000000", status=404)["status"], 404)
        self.assertEqual(self.problem("area", "BU05991577", status=404, year=2019)["status"], 404)
        self.assertEqual(self.problem("area", "BU05991577", year="x")["invalid_params"][0]["name"], "year")
        self.assertEqual(self.client.get("/api/v1/areas/GM%00").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/indicators/A%00").status_code, 404)
        self.assertEqual(self.get("areas", q="Pen\x00drecht")["count"], 4)


class IndicatorsApiTests(ApiTestCase):
    def test_list_and_filter(self):
        body = self.get("indicators")
        self.assertEqual(body["count"], Indicator.objects.count())
        self.assertEqual({item["code"] for item in body["results"]}, set(Indicator.objects.values_list("code",
                                                                                                       flat=True)))
        energy = self.get("indicators", domain="energie")
        self.assertEqual({item["domain"] for item in energy["results"]}, {"energie"})
        self.assertEqual(self.problem("indicators", domain="weer")["invalid_params"][0]["name"], "domain")

    def test_detail(self):
        body = self.get("indicator", "ET_HOOFDVERW_GAS")
        self.assertEqual({key: body[key] for key in ["code", "domain", "unit", "source_table", "spatial_level",
                                                     "licence", "is_own_measurement", "name_en"]},
                         {"code": "ET_HOOFDVERW_GAS", "domain": "energie", "unit": "%", "source_table": "85337NED",
                          "spatial_level": "buurt", "licence": "CC BY 4.0", "is_own_measurement": False,
                          "name_en": "Dwellings heated with natural gas"})
        self.assertEqual(self.problem("indicator", "NOPE", status=404)["status"], 404)


class ObservationsApiTests(ApiTestCase):
    def keys(self, body):
        return {(item["indicator"], item["area"], item["period"]) for item in body["results"]}

    def test_filters(self):
        rotterdam_gas = {("ET_HOOFDVERW_GAS", f"BU0599157{n}", "2021") for n in (1, 2, 3, 7)}
        cases = {
            (("indicator", "ET_HOOFDVERW_GAS"), ("gemeente", "GM0599")): rotterdam_gas,
            (("indicator", "et_hoofdverw_gas,ET_HOOFDVERW_ZONDERGAS"), ("area", "BU05991577")): {
                ("ET_HOOFDVERW_GAS", "BU05991577", "2021"), ("ET_HOOFDVERW_ZONDERGAS", "BU05991577", "2021")},
            (("year", "2025"),): {("BEV_INWONERS", "GM0599", "2024")},
            (("period", "2024"), ("level", "gemeente")): {("BEV_INWONERS", "GM0599", "2024")},
            (("level", "buurt"), ("year", "2021"), ("gemeente", "GM0637")): {
                ("ET_HOOFDVERW_GAS", f"BU0637030{n}", "2021") for n in (1, 2, 3)},
            (("period", "2019"),): set(),
        }
        for params, expected in cases.items():
            with self.subTest(params=params):
                self.assertEqual(self.keys(self.get("observations", **dict(params))), expected)

    def test_item_carries_status_provenance_and_licence(self):
        body = self.get("observations", area="BU05991577", indicator="ET_HOOFDVERW_ZONDERGAS")
        self.assertEqual(body["results"], [{
            "area": "BU05991577", "boundary_year": 2021, "indicator": "ET_HOOFDVERW_ZONDERGAS", "period": "2021",
            "value": None, "value_class": None, "status": "suppressed", "unit": "%",
            "import_run": {"id": self.import_run.pk, "source": "bundled", "table_id": "85337NED",
                           "file_name": "sample.csv", "retrieved_at": "2024-03-05T10:00:00+00:00",
                           "checksum": "ab" * 32},
            "licence": "CC BY 4.0",
        }])

    def test_pagination(self):
        body = self.get("observations", indicator="ET_HOOFDVERW_GAS", limit=4, offset=4)
        self.assertEqual((body["count"], len(body["results"]), body["next"]), (7, 3, None))

    def test_bad_parameters(self):
        self.client.cookies["django_language"] = "en"
        for params, name in [({"indicator": "ONBEKEND"}, "indicator"), ({"indicator": "bad code!"}, "indicator"),
                             ({"area": "Pendrecht"}, "area"), ({"year": "2021a"}, "year"),
                             ({"level": "land"}, "level"), ({"gemeente": "GM59"}, "gemeente"),
                             ({"period": "2021/2022"}, "period"), ({"limit": "5000"}, "limit"),
                             ({"area": ",".join(["BU05991577"] * 51)}, "area")]:
            with self.subTest(params=params):
                self.assertEqual(self.problem("observations", **params)["invalid_params"][0]["name"], name)
        self.assertEqual(self.problem("observations", indicator="ONBEKEND")["detail"],
                         "indicator: unknown indicator: ONBEKEND.")


class ApiMethodTests(ApiTestCase):
    def test_only_get_and_head(self):
        urls = [reverse("api:areas"), reverse("api:area", args=["GM0599"]),
                reverse("api:indicators"), reverse("api:indicator", args=["ET_HOOFDVERW_GAS"]),
                reverse("api:observations"), reverse("api:openapi")]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.head(url).status_code, 200)
                for method in ("post", "put", "patch", "delete"):
                    response = getattr(self.client, method)(url)
                    self.assertEqual(response.status_code, 405)
                    self.assertEqual(response["Allow"], "GET, HEAD")
                    self.assertEqual(response.json()["status"], 405)

    def test_post_is_405_even_with_csrf_checks(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        self.assertEqual(client.post(reverse("api:areas")).status_code, 405)

    def test_open_to_anyone_and_versioned(self):
        response = self.client.get(reverse("api:areas"))
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(response["API-Version"], "1.0.0")
        self.assertNotIn("Set-Cookie", response)

    def test_error_messages_follow_the_language(self):
        self.client.cookies["django_language"] = "en"
        english = self.problem("areas", limit="x")
        self.assertEqual(english["title"], "Bad request parameter")
        self.client.cookies["django_language"] = "nl"
        dutch = self.client.get(reverse("api:areas"), {"limit": "x"})
        self.assertEqual(dutch["Content-Language"], "nl")


class ApiDocsTests(ApiTestCase):
    def test_docs_page_lists_every_documented_path(self):
        from dubbelslag.api.base import document as openapi_document

        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("api:docs"))
        for path in openapi_document()["paths"]:
            self.assertContains(response, path)
        self.assertContains(response, "CC BY 4.0")
        self.assertContains(response, 'href="/api/v1/openapi.json"')
        self.assertEqual(self.client.post(reverse("api:docs")).status_code, 405)
