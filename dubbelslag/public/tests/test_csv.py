"""CSV downloads of the knowledge base: published products and published public records."""

import csv
import io

from django.test import override_settings
from django.urls import reverse

from .test_api import SLUG, OpenDataTestCase


@override_settings(SITE_URL="https://kennis.example.org")
class CsvTests(OpenDataTestCase):
    def download(self, name, language="nl", **params):
        self.client.cookies["django_language"] = language
        response = self.client.get(reverse(f"public:{name}"), params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment; filename=", response["Content-Disposition"])
        content = response.content.decode("utf-8")
        self.assertTrue(content.startswith("\ufeff"))
        rows = list(csv.DictReader(io.StringIO(content[1:]), delimiter=";" if language == "nl" else ","))
        return rows

    def test_products_one_row_per_published_product(self):
        rows = self.download("products-csv")
        self.assertEqual({row["slug"] for row in rows}, {SLUG, "factsheet-warmtenet"})
        row = next(row for row in rows if row["slug"] == SLUG)
        self.assertEqual((row["title_nl"], row["title_en"], row["version"]),
                         ("Huiskamer aardgasvrij", "Living room gas-free", "2"))
        self.assertEqual(row["authors"], "A. Auteur (Platform31); B. Schrijver (Gemeente Rotterdam)")
        self.assertEqual(row["themes"], "armoede-schulden")
        self.assertEqual(row["koppelkansen"], "K01")
        self.assertEqual(row["experiments"], "Huiskamer Aardgasvrij")  # the private experiment is not named
        self.assertEqual(row["areas"], "BU05991577")
        # The record unpublished since is not listed among the public citations.
        self.assertEqual(row["citations_public"], f"R{self.lesson.pk}; R{self.insight.pk}")
        self.assertEqual(row["page_url"], f"https://kennis.example.org/kennisbank/producten/{SLUG}/")
        self.assertEqual(row["pdf_url"], f"https://kennis.example.org/kennisbank/producten/{SLUG}/pdf/")
        self.assertEqual(row["api_url"], f"https://kennis.example.org/api/v1/products/{SLUG}")
        self.assertEqual((row["licence"], row["licence_url"]),
                         ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"))
        self.assertIn("“Huiskamer aardgasvrij”", row["attribution"])
        self.assertIn("CC BY 4.0", row["attribution"])

    def test_english_uses_commas(self):
        rows = self.download("products-csv", language="en")
        self.assertEqual(len(rows), 2)
        self.assertIn("slug", rows[0])

    def test_filters_apply_and_bad_ones_fall_back(self):
        self.assertEqual([row["slug"] for row in self.download("products-csv", type="factsheet")],
                         ["factsheet-warmtenet"])
        self.assertEqual(len(self.download("products-csv", type="novel")), 2)

    def test_records_one_row_per_published_record(self):
        rows = self.download("records-csv")
        self.assertEqual({row["id"] for row in rows}, {str(self.lesson.pk), str(self.insight.pk)})
        row = next(row for row in rows if row["id"] == str(self.lesson.pk))
        self.assertEqual((row["kind"], row["title"], row["themes"], row["koppelkansen"]),
                         ("lesson", "Begin bij de portemonnee", "armoede-schulden", "K01"))
        self.assertEqual((row["evidence_log_entries"], row["evidence_excerpts"]), ("0", "0"))
        self.assertEqual(row["cited_by"], SLUG)
        self.assertEqual(row["licence"], "CC-BY-4.0")
        self.assertIn("Begin bij de portemonnee", row["attribution"])
        insight = next(row for row in rows if row["id"] == str(self.insight.pk))
        self.assertEqual(insight["experiments"], "Huiskamer Aardgasvrij")

    def test_cells_are_formula_safe(self):
        self.lesson.title = "=HYPERLINK(\"http://evil\")"
        self.lesson.summary = "+31 6 1234"
        self.lesson.save()
        row = next(row for row in self.download("records-csv") if row["id"] == str(self.lesson.pk))
        self.assertEqual(row["title"], "'=HYPERLINK(\"http://evil\")")
        self.assertEqual(row["summary"], "'+31 6 1234")

    def test_get_only(self):
        self.assertEqual(self.client.post(reverse("public:products-csv")).status_code, 405)
        self.assertEqual(self.client.head(reverse("public:records-csv")).status_code, 200)
