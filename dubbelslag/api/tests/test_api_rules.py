"""The rules every path of /api/v1/ keeps, whichever router serves it (dubbelslag.api.base)."""

import json

from django.test import Client
from django.urls import reverse

from dubbelslag.api.base import document
from testing.base import BaseTestCase
from testing.factories.atlas import make_2021_areas


def operation_urls() -> list[str]:
    """Every documented path, with its path parameters filled by their examples."""
    urls = []
    for path, operations in document()["paths"].items():
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "path":
                path = path.replace("{" + parameter["name"] + "}", str(parameter["example"]))
        urls.append(path)
    return urls


class ApiRulesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)

    def test_every_path_refuses_writes_with_a_problem_and_allow(self):
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(len(operation_urls()), 15)
        for url in operation_urls():
            for method in ("post", "put", "patch", "delete", "options"):
                with self.subTest(url=url, method=method):
                    response = getattr(client, method)(url)
                    self.assertEqual((response.status_code, response["Allow"], response["Content-Type"]),
                                     (405, "GET, HEAD", "application/problem+json"))
                    self.assertEqual(response.json()["status"], 405)
                    self.assertEqual(response["API-Version"], "1.0.0")

    def test_head_is_answered_like_get_without_a_body(self):
        for url in (reverse("api:areas"), reverse("api:openapi")):
            with self.subTest(url=url):
                response = self.client.head(url)
                self.assertEqual((response.status_code, response["Content-Type"], response.content),
                                 (200, "application/json", b""))
                self.assertEqual(response["Access-Control-Allow-Origin"], "*")

    def test_no_trailing_slash_variants(self):
        self.assertEqual(self.client.get(reverse("api:areas") + "/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/openapi.json/").status_code, 404)

    def test_path_parameters_ninja_cannot_read_are_404_problems_not_422(self):
        self.client.cookies["django_language"] = "en"
        for url in ("/api/v1/records/abc", "/api/v1/records/0", "/api/v1/records/99999999999999999999999",
                    "/api/v1/products/a%20b", "/api/v1/products/" + "x" * 121):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/problem+json"))
                self.assertEqual(response.json()["title"], "Not found")

    def test_the_api_root_is_a_404_problem(self):
        response = self.client.get("/api/v1/")
        self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/problem+json"))

    def test_unknown_query_parameters_are_ignored(self):
        plain = self.client.get(reverse("api:areas"), {"year": 2021}).json()
        extra = self.client.get(reverse("api:areas"), {"year": 2021, "colour": "blue", "thema": "x"}).json()
        self.assertEqual(extra["count"], plain["count"])
        self.assertEqual([area["code"] for area in extra["results"]], [area["code"] for area in plain["results"]])

    def test_json_keeps_non_ascii_characters(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("api:areas"), {"limit": "é"})
        self.assertIn("“é” is not a whole number.", response.content.decode("utf-8"))
        self.assertNotIn("\\u201c", response.content.decode("utf-8"))

    def test_problems_are_in_dutch_by_default(self):
        body = self.client.get(reverse("api:areas"), {"limit": "0"}).json()
        self.assertEqual(body["invalid_params"], [{"name": "limit", "reason": "moet minstens 1 zijn."}])

    def test_served_document_is_the_generated_one(self):
        served = self.client.get(reverse("api:openapi"))
        self.assertEqual(served.json(), document())
        self.assertEqual(json.loads(served.content)["info"]["version"], served["API-Version"])
        self.assertNotIn("OPENAPI_PARTS", dir(__import__("django.conf").conf.settings))


class NinjaValidationTests(BaseTestCase):
    """Ninja's 422 never reaches a client (the handler in dubbelslag.api.base)."""

    def handle(self, errors):
        from django.test import RequestFactory
        from ninja.errors import ValidationError

        from dubbelslag.api.base import api

        return api.on_exception(RequestFactory().get("/api/v1/x"), ValidationError(errors))

    def test_a_path_parameter_is_a_404_problem(self):
        response = self.handle([{"loc": ("path", "id"), "msg": "Input should be a valid integer", "type": "x"}])
        self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/problem+json"))

    def test_a_query_parameter_is_a_400_problem_naming_it(self):
        response = self.handle([{"loc": ("query", "limit"), "msg": "Input should be a valid integer", "type": "x"}])
        self.assertEqual((response.status_code, response["Content-Type"]), (400, "application/problem+json"))
        body = json.loads(response.content)
        self.assertEqual((body["status"], body["invalid_params"][0]["name"]), (400, "limit"))
