"""Nothing unpublished reaches the open data: API, CSV and PDF addresses.

Next to published content, every state that could leak is created, each with a distinctive word: a draft product, one
in review, a withdrawn one, the superseded version of a withdrawn product, a new draft of a published product, a
validated programme-level record, a validated experiment-level record, a draft record, a record unpublished after
it was cited, a private experiment and its knowledge question. None of those words or ids may appear anywhere.
"""

import json

from django.urls import reverse

from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Experiment
from dubbelslag.publications.enums import VersionStatus
from dubbelslag.research.models import HarvestRecord
from testing.base import BaseTestCase, make_experiment
from testing.factories.publications import make_product, make_record, make_version

SECRET_WORDS = ["Zwavelzuur", "Kwikzilver", "Wolfraam", "Cadmium", "Palladium", "Molybdeen", "Vanadium", "Rhodium",
                "Iridium", "Osmium", "Thallium"]


class OpenDataLeakTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        programme = cls.programme
        cls.experiment.is_public = True
        cls.experiment.save()
        cls.private_experiment = make_experiment(programme=programme, gemeente=cls.zoetermeer,
                                                 title="Iridium-proef in Palenstein", is_public=False)
        # Published and public: may appear.
        cls.public_record = make_record(programme=programme, title="Openbare les over de huiskamer",
                                        experiments=[cls.experiment, cls.private_experiment])
        # Not public: must not.
        cls.programme_record = make_record(programme=programme, title="Molybdeen-inzicht", status="validated",
                                           confidentiality="programme", experiments=[cls.experiment])
        cls.experiment_record = make_record(programme=programme, title="Vanadium-les", status="validated",
                                            confidentiality="experiment", experiments=[cls.experiment])
        cls.draft_record = make_record(programme=programme, title="Rhodium-oplossing", status="draft",
                                       confidentiality="experiment")
        cls.unpublished_record = make_record(programme=programme, title="Thallium-knelpunt")
        cls.hidden_records = [cls.programme_record, cls.experiment_record, cls.draft_record,
                              cls.unpublished_record]

        cls.published = make_product(programme, slug="openbaar-product", title="Openbare huiskamer",
                                     body="Openbare tekst over de huiskamer.",
                                     records=[cls.public_record, cls.unpublished_record])
        HarvestRecord.objects.filter(pk=cls.unpublished_record.pk).update(status="validated",
                                                                           confidentiality="programme")
        version = cls.published.published_version
        version.experiments.set([cls.experiment, cls.private_experiment])
        version.knowledge_questions.set([KnowledgeQuestion.objects.create(
            programme=programme, experiment=cls.private_experiment, title="Osmium-vraag van de proef")])
        # A new draft of the published product.
        make_version(cls.published, number=2, status=VersionStatus.DRAFT, title="Palladium-herziening",
                     body="Palladium nieuwe tekst.", records=[cls.programme_record])

        cls.draft = make_product(programme, slug="zwavelzuur-concept", status=VersionStatus.DRAFT,
                                 title="Zwavelzuur concept", body="Zwavelzuur tekst.",
                                 records=[cls.experiment_record])
        cls.in_review = make_product(programme, slug="kwikzilver-review", status=VersionStatus.IN_REVIEW,
                                     title="Kwikzilver in review", body="Kwikzilver tekst.",
                                     records=[cls.draft_record])
        cls.withdrawn = make_product(programme, slug="wolfraam-offline", status=VersionStatus.WITHDRAWN, number=2,
                                     title="Wolfraam offline", body="Wolfraam tekst.")
        make_version(cls.withdrawn, number=1, status=VersionStatus.SUPERSEDED, title="Cadmium eerste versie",
                     body="Cadmium tekst.")
        cls.hidden_slugs = ["zwavelzuur-concept", "kwikzilver-review", "wolfraam-offline"]

    def responses(self):
        """Every open-data response an anonymous visitor can get, with filters and both languages."""
        urls = [
            reverse("api:products"), reverse("api:products") + "?limit=1000",
            reverse("api:products") + "?q=tekst", reverse("api:products") + "?gemeente=GM0637",
            reverse("api:product", args=["openbaar-product"]),
            reverse("api:records"), reverse("api:records") + "?gemeente=GM0637",
            reverse("api:records") + "?q=les",
            reverse("api:record", args=[self.public_record.pk]),
            reverse("public:products-csv"), reverse("public:records-csv"),
            reverse("api:openapi"),
        ]
        for language in ("nl", "en"):
            self.client.cookies["django_language"] = language
            for url in urls:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                yield url, response

    def test_no_secret_word_anywhere(self):
        for url, response in self.responses():
            text = response.content.decode("utf-8")
            for word in SECRET_WORDS:
                with self.subTest(url=url, word=word):
                    self.assertNotIn(word.lower(), text.lower())
            for slug in self.hidden_slugs:
                self.assertNotIn(slug, text)

    def test_published_content_is_there(self):
        """The same responses do carry the published product and record (the test above is not vacuous)."""
        texts = {url: response.content.decode("utf-8") for url, response in self.responses()}
        self.assertIn("Openbare huiskamer", texts[reverse("api:products")])
        self.assertIn("Openbare les over de huiskamer", texts[reverse("public:records-csv")])
        self.assertIn("openbaar-product", texts[reverse("public:products-csv")])

    def test_no_hidden_record_id(self):
        hidden = {record.pk for record in self.hidden_records}
        records = self.client.get(reverse("api:records"), {"limit": 1000}).json()
        self.assertEqual({item["id"] for item in records["results"]}, {self.public_record.pk})
        product = self.client.get(reverse("api:product", args=["openbaar-product"])).json()
        cited = [citation["record"] for citation in product["citations"]]
        self.assertEqual(cited, [self.public_record.pk, None])
        self.assertFalse(hidden & set(cited))
        for record in self.hidden_records:
            self.assertNotIn(f"/api/v1/records/{record.pk}", json.dumps(product))
            self.assertNotIn(f"/kennisbank/bevindingen/{record.pk}/", json.dumps(product))
        csv_text = self.client.get(reverse("public:products-csv")).content.decode()
        for record in self.hidden_records:
            self.assertNotIn(f"R{record.pk};", csv_text + ";")
            self.assertNotIn(f"R{record.pk}\r", csv_text)

    def test_private_experiment_not_named_or_counted(self):
        record = self.client.get(reverse("api:record", args=[self.public_record.pk])).json()
        self.assertEqual([e["id"] for e in record["experiments"]], [self.experiment.pk])
        product = self.client.get(reverse("api:product", args=["openbaar-product"])).json()
        self.assertEqual([e["id"] for e in product["experiments"]], [self.experiment.pk])
        self.assertEqual(product["knowledge_questions"], [])
        self.assertTrue(Experiment.objects.filter(pk=self.private_experiment.pk, is_public=False).exists())

    def test_published_product_shows_its_published_version_only(self):
        product = self.client.get(reverse("api:product", args=["openbaar-product"])).json()
        self.assertEqual(product["version"], 1)
        self.assertEqual(product["earlier_versions"], [])

    def test_detail_addresses_of_hidden_things_are_404(self):
        for slug in self.hidden_slugs:
            with self.subTest(slug=slug):
                response = self.client.get(reverse("api:product", args=[slug]))
                self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/problem+json"))
                self.assertNotIn(slug.split("-")[0].title(), response.content.decode())
                self.assertEqual(self.client.get(reverse("public:product-pdf", args=[slug])).status_code, 404)
        for record in self.hidden_records:
            with self.subTest(record=record.title):
                response = self.client.get(reverse("api:record", args=[record.pk]))
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(record.title, response.content.decode())
        pdf = reverse("public:product-pdf", args=["openbaar-product"])
        # The open draft (version 2) of the published product, and the superseded version of a withdrawn one.
        for url in (pdf + "?versie=2", pdf + "?versie=x", reverse("public:product-pdf", args=["wolfraam-offline"])
                    + "?versie=1"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_signed_in_users_get_the_same_open_data(self):
        """The open data never depends on who asks: the coordinator sees no more than anonymous."""
        self.login(self.coordinator)
        for url, response in self.responses():
            text = response.content.decode("utf-8").lower()
            for word in SECRET_WORDS:
                with self.subTest(url=url, word=word):
                    self.assertNotIn(word.lower(), text)
