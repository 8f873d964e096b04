from urllib.parse import urlencode

from django.urls import Resolver404, resolve, reverse
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from dubbelslag.api.base import document as openapi_document

from .test_api import ApiTestCase

ATLAS_TAGS = {"areas", "indicators", "observations", "meta"}


def atlas_paths(document) -> dict:
    """The atlas's part of the document: the operations tagged areas, indicators, observations and meta."""
    return {path: operations for path, operations in document["paths"].items()
            if set(operations["get"].get("tags", [])) & ATLAS_TAGS}


class OpenApiDocumentTests(ApiTestCase):
    def setUp(self):
        self.document = self.client.get(reverse("api:openapi")).json()

    def test_served_document_is_valid_openapi_3_1(self):
        self.assertEqual(self.document["openapi"], "3.1.0")
        self.assertEqual(self.document, openapi_document())
        validate(self.document)

    def test_atlas_paths_are_all_there(self):
        self.assertEqual(set(atlas_paths(self.document)), {
            reverse("api:areas"), reverse("api:area", args=["X"]).replace("X", "{code}"),
            reverse("api:indicators"), reverse("api:indicator", args=["X"]).replace("X", "{code}"),
            reverse("api:observations"), reverse("api:openapi"),
        })

    def test_every_documented_path_is_routed(self):
        for path in self.document["paths"]:
            with self.subTest(path=path):
                try:
                    resolve(path.replace("{", "").replace("}", ""))
                except Resolver404:
                    self.fail(f"{path} is documented but not served")

    def test_every_atlas_path_answers_its_documented_parameters_as_documented(self):
        """Call each path with every documented parameter set to its example, and check the answer against the
        documented response schema."""
        components = self.document["components"]
        for path, operations in atlas_paths(self.document).items():
            operation = operations["get"]
            url = path
            query = {}
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", str(parameter["example"]))
                else:
                    query[parameter["name"]] = parameter["example"]
            self.assertTrue(all("example" in parameter for parameter in operation.get("parameters", [])), path)
            for params in ({}, query) if query else ({},):
                with self.subTest(path=path, params=params):
                    response = self.client.get(url + ("?" + urlencode(params) if params else ""))
                    self.assertEqual(response.status_code, 200, response.content[:300])
                    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
                    Draft202012Validator({**schema, "components": components}).validate(response.json())
            with self.subTest(path=path, error=400):
                bad = self.client.get(url + "?limit=x&year=x&level=x&domain=x")
                if bad.status_code == 400:
                    self.assertIn("400", operation["responses"])
                    Draft202012Validator({**components["schemas"]["Problem"], "components": components}).validate(
                        bad.json())

    def test_example_parameters_find_the_example_data(self):
        # The documented examples are real: with Pendrecht's figures present they return them.
        body = self.client.get(reverse("api:observations"),
                               {"indicator": "ET_HOOFDVERW_GAS", "area": "BU05991577", "year": 2021}).json()
        self.assertEqual([item["value"] for item in body["results"]], [82.0])
