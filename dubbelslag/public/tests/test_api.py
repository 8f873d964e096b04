"""The read API of the knowledge base: /api/v1/products… and /api/v1/records…"""

from datetime import UTC, datetime

from django.test import override_settings
from django.urls import reverse
from jsonschema import Draft202012Validator

from dubbelslag.api.base import document as openapi_document
from dubbelslag.indicators.models import Indicator
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Theme
from dubbelslag.publications.enums import ProductType, VersionStatus
from dubbelslag.publications.figures import take_snapshot
from dubbelslag.publications.models import Figure
from dubbelslag.research.models import HarvestRecord
from testing.base import BaseTestCase
from testing.factories.atlas import make_run, observe
from testing.factories.publications import make_product, make_record, make_version

SLUG = "huiskamer-aardgasvrij-pendrecht"


class OpenDataTestCase(BaseTestCase):
    """A published best practice (version 2, English too, an earlier version 1 superseded) that cites two
    published records and one record that was unpublished after publication; a published factsheet; a public
    experiment and a private one."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.experiment.is_public = True
        cls.experiment.save()
        cls.poverty = Theme.objects.get(slug="armoede-schulden")
        cls.k01 = Koppelkans.objects.get(code="K01")
        cls.lesson = make_record(programme=cls.programme, kind="lesson", title="Begin bij de portemonnee",
                                 summary="Bewoners willen eerst weten wat het **kost**.",
                                 themes=[cls.poverty], koppelkansen=[cls.k01], experiments=[cls.experiment])
        cls.lesson.published_at = datetime(2024, 5, 1, tzinfo=UTC)
        cls.lesson.save()
        cls.insight = make_record(programme=cls.programme, kind="insight", title="Vertrouwen groeit in de huiskamer",
                                  experiments=[cls.experiment, cls.other_experiment])
        # Cited while public, unpublished since: cited without its title.
        cls.withdrawn_record = make_record(programme=cls.programme, title="Ingetrokken inzicht over hoekwoningen")
        cls.product = make_product(
            cls.programme, slug=SLUG, number=2, title="Huiskamer aardgasvrij", title_en="Living room gas-free",
            subtitle_nl="Een huiskamer als energieloket in Pendrecht", lead_en="Lead in English.",
            body="De huiskamer werkte als laagdrempelig loket.",
            records=[cls.lesson, cls.insight, cls.withdrawn_record], change_note="Resultaten bijgewerkt.",
            period="2019–2021", funding="PAW", project_status="completed", evidence_level="described",
            authors="A. Auteur (Platform31)\nB. Schrijver (Gemeente Rotterdam)")
        cls.version = cls.product.published_version
        cls.version.themes.set([cls.poverty])
        cls.version.koppelkansen.set([cls.k01])
        cls.version.experiments.set([cls.experiment, cls.other_experiment])
        cls.version.areas.set([cls.pendrecht])
        section = cls.version.sections.get(position=0)
        section.body_en = f"The living room worked. [@R{cls.lesson.pk}]"
        section.save()
        cls.version.knowledge_questions.set([KnowledgeQuestion.objects.create(
            programme=cls.programme, title="Hoe bereik je bewoners die niet komen?")])
        gas = Indicator.objects.get(code="ET_HOOFDVERW_GAS")
        observe(cls.pendrecht, "ET_HOOFDVERW_GAS", 82.0, run=make_run())
        Figure.objects.create(version=cls.version, number=1, area=cls.pendrecht, indicator=gas,
                              caption_nl="Aandeel gas", snapshot=take_snapshot(area=cls.pendrecht, indicator=gas))
        cls.old_version = make_version(cls.product, number=1, status=VersionStatus.SUPERSEDED,
                                       title="Huiskamer aardgasvrij (eerste versie)", body="Eerste tekst.")
        HarvestRecord.objects.filter(pk=cls.withdrawn_record.pk).update(status="validated",
                                                                         confidentiality="programme")
        cls.factsheet = make_product(cls.programme, slug="factsheet-warmtenet", product_type=ProductType.FACTSHEET,
                                     title="Factsheet warmtenet", body="Een warmtenet in Palenstein.",
                                     licence="CC0-1.0")


class ApiTestMixin:
    def get(self, name, *args, **params):
        response = self.client.get(reverse(f"api:{name}", args=args), params)
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()

    def problem(self, name, *args, status=400, **params):
        response = self.client.get(reverse(f"api:{name}", args=args), params)
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/problem+json")
        return response.json()

    def validate(self, body, schema_name):
        document = openapi_document()
        Draft202012Validator({"$ref": f"#/components/schemas/{schema_name}",
                              "components": document["components"]}).validate(body)


class ProductApiTests(ApiTestMixin, OpenDataTestCase):
    def test_list_gives_published_products_with_licence(self):
        body = self.get("products")
        self.assertEqual(body["count"], 2)
        by_slug = {item["slug"]: item for item in body["results"]}
        self.assertEqual(set(by_slug), {SLUG, "factsheet-warmtenet"})
        item = by_slug[SLUG]
        self.assertEqual((item["title_nl"], item["title_en"], item["version"]),
                         ("Huiskamer aardgasvrij", "Living room gas-free", 2))
        self.assertEqual(item["languages"], ["nl", "en"])
        self.assertEqual(item["authors"], ["A. Auteur (Platform31)", "B. Schrijver (Gemeente Rotterdam)"])
        self.assertEqual(item["themes"], [{"slug": "armoede-schulden", "name_nl": self.poverty.name_nl,
                                           "name_en": self.poverty.name_en}])
        self.assertEqual([k["code"] for k in item["koppelkansen"]], ["K01"])
        self.assertEqual((item["licence"], item["licence_url"]),
                         ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"))
        self.assertIn("A. Auteur (Platform31); B. Schrijver (Gemeente Rotterdam)", item["attribution"])
        self.assertIn("CC BY 4.0", item["attribution"])
        self.assertEqual(item["url"], f"http://testserver/api/v1/products/{SLUG}")
        self.assertEqual(item["pdf_url"], f"http://testserver/kennisbank/producten/{SLUG}/pdf/")
        self.assertEqual(by_slug["factsheet-warmtenet"]["licence"], "CC0-1.0")
        self.assertIn("attribution", body)
        self.assertIn("licence_note", body)
        self.validate(body["results"][0], "ProductSummary")

    def test_filters(self):
        cases = {
            (("type", "factsheet"),): {"factsheet-warmtenet"},
            (("type", "best_practice"),): {SLUG},
            (("theme", "armoede-schulden"),): {SLUG},
            (("theme", "koppelthemas"),): {SLUG},  # the parent theme finds its sub-themes
            (("theme", "werk"),): set(),
            (("koppelkans", "k01"),): {SLUG},
            (("gemeente", "GM0599"),): {SLUG},
            (("gemeente", "GM0637"),): set(),  # only a private experiment is in Zoetermeer
            (("q", "laagdrempelig"),): {SLUG},
            (("q", "warmtenet"),): {"factsheet-warmtenet"},
            (("q", "eerste tekst"),): set(),  # the superseded version's text is not searched
            (("q", "!!"),): {SLUG, "factsheet-warmtenet"},
        }
        for params, expected in cases.items():
            with self.subTest(params=params):
                body = self.get("products", **dict(params))
                self.assertEqual({item["slug"] for item in body["results"]}, expected)
                self.assertEqual(body["count"], len(expected))

    def test_bad_parameters_are_problems(self):
        for params in ({"type": "novel"}, {"theme": "a b"}, {"koppelkans": "X1"}, {"gemeente": "GM12"},
                       {"limit": "0"}, {"offset": "-1"}, {"limit": "x"}):
            with self.subTest(params=params):
                body = self.problem("products", **params)
                self.assertEqual(body["status"], 400)
                self.assertEqual(body["invalid_params"][0]["name"], next(iter(params)))

    def test_pagination(self):
        first = self.get("products", limit=1)
        self.assertEqual((first["count"], len(first["results"]), first["previous"]), (2, 1, None))
        second = self.client.get(first["next"]).json()
        self.assertEqual(len(second["results"]), 1)
        self.assertNotEqual(first["results"][0]["slug"], second["results"][0]["slug"])

    def test_detail(self):
        body = self.get("product", SLUG)
        self.validate(body, "Product")
        self.assertEqual(body["version"], 2)
        self.assertEqual(body["at_a_glance"]["period"], "2019–2021")
        self.assertEqual(body["at_a_glance"]["project_status"], "completed")
        self.assertEqual(body["change_note"], "Resultaten bijgewerkt.")
        self.assertEqual([q["title"] for q in body["knowledge_questions"]], ["Hoe bereik je bewoners die niet komen?"])
        # Only the public experiment is named.
        self.assertEqual([e["title"] for e in body["experiments"]], ["Huiskamer Aardgasvrij"])
        self.assertEqual(body["areas"], [{"code": "BU05991577", "name": "Pendrecht", "level": "buurt",
                                          "boundary_year": 2025}])
        first = body["sections"][0]
        self.assertEqual(first["key"], "context")
        self.assertIn("laagdrempelig loket", first["markdown_nl"])
        self.assertIn("laagdrempelig loket", first["html_nl"])
        self.assertIn('href="#bron-1"', first["html_nl"])
        self.assertIn("The living room worked.", first["html_en"])
        self.assertEqual(first["heading_en"], "Context: the neighbourhood and its tasks")

    def test_detail_citations(self):
        citations = self.get("product", SLUG)["citations"]
        self.assertEqual([c["number"] for c in citations], [1, 2, 3])
        self.assertEqual(citations[0]["record"], self.lesson.pk)
        self.assertEqual(citations[0]["title"], "Begin bij de portemonnee")
        self.assertEqual(citations[0]["url"], f"http://testserver/api/v1/records/{self.lesson.pk}")
        self.assertTrue(citations[0]["available"])
        # The record unpublished after publication: number only.
        self.assertEqual(citations[2], {"number": 3, "available": False, "record": None, "title": None,
                                        "kind": None, "url": None, "page_url": None})

    def test_detail_figures_and_earlier_versions(self):
        body = self.get("product", SLUG)
        self.assertEqual(body["figures"][0]["indicator"], "ET_HOOFDVERW_GAS")
        self.assertEqual(body["figures"][0]["snapshot"]["value"], 82.0)
        self.assertEqual([(v["version"], v["pdf_url"]) for v in body["earlier_versions"]],
                         [(1, f"http://testserver/kennisbank/producten/{SLUG}/pdf/?versie=1")])

    def test_unknown_is_404_problem(self):
        for slug in ("bestaat-niet", "a b", "ü"):
            with self.subTest(slug=slug):
                self.assertEqual(self.problem("product", slug, status=404)["status"], 404)

    def test_get_and_head_only(self):
        url = reverse("api:products")
        self.assertEqual(self.client.head(url).status_code, 200)
        response = self.client.post(url)
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")
        self.assertEqual(response["Content-Type"], "application/problem+json")

    def test_problems_in_the_requests_language(self):
        self.client.cookies["django_language"] = "en"
        self.assertEqual(self.problem("products", type="x")["title"], "Bad request parameter")
        self.assertEqual(self.problem("product", "nope", status=404)["title"], "Not found")

    def test_query_count_does_not_grow_with_products(self):
        for n in range(3):
            make_product(self.programme, slug=f"extra-{n}", title=f"Extra {n}")
        with self.assertNumQueries(4):
            self.client.get(reverse("api:products"))


class RecordApiTests(ApiTestMixin, OpenDataTestCase):
    def test_list(self):
        body = self.get("records")
        self.assertEqual({item["id"] for item in body["results"]}, {self.lesson.pk, self.insight.pk})
        self.validate(body["results"][0], "Record")
        lesson = next(item for item in body["results"] if item["id"] == self.lesson.pk)
        self.assertEqual(lesson["kind"], "lesson")
        self.assertEqual(lesson["summary"], "Bewoners willen eerst weten wat het **kost**.")
        self.assertIn("<strong>kost</strong>", lesson["summary_html"])
        self.assertEqual([t["slug"] for t in lesson["themes"]], ["armoede-schulden"])
        self.assertEqual(lesson["evidence"], {"log_entries": 0, "excerpts": 0})
        self.assertEqual(lesson["licence"], "CC-BY-4.0")
        self.assertIn("Begin bij de portemonnee", lesson["attribution"])
        self.assertEqual([p["slug"] for p in lesson["cited_by"]], [SLUG])
        self.assertEqual(lesson["published_at"], "2024-05-01T00:00:00+00:00")

    def test_public_experiments_only(self):
        insight = self.get("record", self.insight.pk)
        self.assertEqual([e["title"] for e in insight["experiments"]], ["Huiskamer Aardgasvrij"])

    def test_filters(self):
        cases = {
            (("kind", "lesson"),): {self.lesson.pk},
            (("kind", "challenge"),): set(),
            (("theme", "armoede-schulden"),): {self.lesson.pk},
            (("koppelkans", "K01"),): {self.lesson.pk},
            (("gemeente", "GM0599"),): {self.lesson.pk, self.insight.pk},
            (("gemeente", "GM0637"),): set(),
            (("q", "portemonnee"),): {self.lesson.pk},
            (("evidence_level", "described"),): {self.lesson.pk, self.insight.pk},
        }
        for params, expected in cases.items():
            with self.subTest(params=params):
                body = self.get("records", **dict(params))
                self.assertEqual({item["id"] for item in body["results"]}, expected)

    def test_not_public_record_is_404(self):
        for pk in (self.withdrawn_record.pk, 999999, "abc"):
            with self.subTest(pk=pk):
                self.problem("record", pk, status=404)

    def test_evidence_counts_not_evidence(self):
        from dubbelslag.research.models import LogEntry

        entry = LogEntry.objects.create(experiment=self.experiment, title="Gesprek met mevrouw Jansen",
                                        text="Vertrouwelijk verslag")
        self.lesson.evidence_entries.add(entry)
        body = self.get("record", self.lesson.pk)
        self.assertEqual(body["evidence"], {"log_entries": 1, "excerpts": 0})
        self.assertNotIn("Jansen", str(body))

    def test_query_count_does_not_grow_with_records(self):
        for n in range(3):
            make_record(programme=self.programme, title=f"Extra {n}", experiments=[self.experiment])
        with self.assertNumQueries(6):
            self.client.get(reverse("api:records"))


@override_settings(SITE_URL="https://kennis.example.org")
class OpenApiTests(ApiTestMixin, OpenDataTestCase):
    def test_document_describes_the_knowledge_base(self):
        from openapi_spec_validator import validate

        document = self.client.get(reverse("api:openapi")).json()
        validate(document)
        for name in ("products", "records"):
            self.assertIn(reverse(f"api:{name}"), document["paths"])
        self.assertIn("/api/v1/products/{slug}", document["paths"])
        self.assertIn("/api/v1/records/{id}", document["paths"])

    def test_documented_examples_answer_as_documented(self):
        """Every public path with all its documented example parameters: 200 valid against the schema, or the
        documented 404 for a path example that names content absent from this database."""
        from urllib.parse import urlencode

        document = openapi_document()
        PATHS = {path: operations for path, operations in document["paths"].items()  # noqa: N806
                 if path.startswith(("/api/v1/products", "/api/v1/records"))}
        self.assertEqual(len(PATHS), 4)
        components = document["components"]
        for path, operations in PATHS.items():
            operation = operations["get"]
            url, query = path, {}
            for parameter in operation["parameters"]:
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", str(parameter["example"]))
                else:
                    query[parameter["name"]] = parameter["example"]
            for params in ({}, query):
                with self.subTest(path=path, params=params):
                    response = self.client.get(url + ("?" + urlencode(params) if params else ""))
                    self.assertIn(str(response.status_code), operation["responses"])
                    content = operation["responses"][str(response.status_code)]["content"]
                    schema = next(iter(content.values()))["schema"]
                    Draft202012Validator({**schema, "components": components}).validate(response.json())
                    if "{" not in path:
                        self.assertEqual(response.status_code, 200)
