"""The PDF of a published knowledge product (WeasyPrint), checked by its text (pypdf)."""

import io
import re
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.publications import pdf
from dubbelslag.publications.enums import VersionStatus
from testing.base import make_experiment
from testing.factories.publications import make_product, make_record, make_version

from .test_api import SLUG, OpenDataTestCase


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Text without line breaks and hyphenation, to find phrases across lines."""
    return re.sub(r"\s+", " ", text.replace("-\n", "").replace("\u00ad", ""))


class PdfTestCase(OpenDataTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp(prefix="pdf-test-")
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        overridden = override_settings(MEDIA_ROOT=self.media, SITE_URL="https://kennis.example.org")
        overridden.enable()
        self.addCleanup(overridden.disable)

    def fetch(self, slug=SLUG, language="en", **params):
        self.client.cookies["django_language"] = language
        response = self.client.get(reverse("public:product-pdf", args=[slug]), params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return response, b"".join(response.streaming_content)


class PdfContentTests(PdfTestCase):
    def test_pdf_holds_the_product(self):
        response, content = self.fetch()
        self.assertTrue(content.startswith(b"%PDF-"))
        self.assertEqual(response["Content-Disposition"], f'inline; filename="{SLUG}-v2.pdf"')
        text = flat(text_of(content))
        self.assertIn("Living room gas-free", text)  # title, in English
        self.assertIn("The living room worked.", text)  # a section's text
        self.assertIn("Begin bij de portemonnee", text)  # a cited record's title
        self.assertIn(f"https://kennis.example.org/kennisbank/bevindingen/{self.lesson.pk}/", text.replace(" ", ""))
        self.assertIn("CC BY 4.0", text)  # the licence
        self.assertIn("A. Auteur (Platform31)", text)
        self.assertIn("Source not available.", text)
        self.assertIn("1 / ", text)  # page numbers

    def test_citation_of_record_no_longer_public_is_left_out(self):
        _response, content = self.fetch(language="nl")
        text = flat(text_of(content))
        self.assertIn("Huiskamer aardgasvrij", text)
        self.assertIn("laagdrempelig loket", text)
        self.assertNotIn("hoekwoningen", text)
        self.assertNotIn(f"bevindingen/{self.withdrawn_record.pk}/", text.replace(" ", ""))

    def test_pdf_metadata(self):
        _response, content = self.fetch()
        reader = PdfReader(io.BytesIO(content))
        info = reader.metadata
        self.assertEqual(info.title, "Living room gas-free")
        self.assertIn("A. Auteur (Platform31)", info.author)
        self.assertIn("K01", info.get("/Keywords", ""))
        self.assertEqual(str(reader.trailer["/Root"].get("/Lang")), "en")
        self.assertEqual(len(reader.pages[0].mediabox), 4)
        self.assertAlmostEqual(float(reader.pages[0].mediabox.width), 595.3, delta=1)  # A4

    def test_figure_with_its_source(self):
        _response, content = self.fetch()
        text = flat(text_of(content))
        self.assertIn("Figure 1", text)
        self.assertIn("85337NED", text)

    def test_earlier_published_version(self):
        response, content = self.fetch(versie="1", language="nl")
        self.assertEqual(response["Content-Disposition"], f'inline; filename="{SLUG}-v1.pdf"')
        self.assertIn("Eerste tekst.", flat(text_of(content)))
        _response, current = self.fetch(versie="2", language="nl")
        self.assertIn("laagdrempelig", flat(text_of(current)))


class PdfLeakTests(PdfTestCase):
    def test_only_published_content_in_the_pdf(self):
        """A private experiment, a programme-level record cited by the new draft, the draft's own text and the
        superseded version's text stay out of the current version's PDF."""
        private = make_experiment(programme=self.programme, gemeente=self.zoetermeer, title="Iridium-proef")
        self.version.experiments.add(private)
        self.version.knowledge_questions.add(KnowledgeQuestion.objects.create(
            programme=self.programme, experiment=private, title="Osmium-vraag van de proef"))
        hidden = make_record(programme=self.programme, title="Molybdeen-inzicht", status="validated",
                             confidentiality="programme")
        make_version(self.product, number=3, status=VersionStatus.DRAFT, title="Palladium-herziening",
                     body="Palladium nieuwe tekst.", records=[hidden])
        for language in ("nl", "en"):
            with self.subTest(language=language):
                _response, content = self.fetch(language=language)
                text = flat(text_of(content)).lower()
                self.assertIn("huiskamer aardgasvrij", text)
                for word in ("iridium", "osmium", "molybdeen", "palladium", "eerste tekst", "hoekwoningen"):
                    self.assertNotIn(word, text)


class PdfCacheTests(PdfTestCase):
    def test_cached_per_version_and_language(self):
        self.fetch(language="nl")
        self.fetch(language="en")
        files = sorted(path.name for path in (Path(self.media) / "publications" / "pdf").glob("*.pdf"))
        self.assertEqual(len(files), 2)
        self.assertTrue(files[0].startswith(f"{self.version.pk}-en-"))
        self.assertTrue(files[1].startswith(f"{self.version.pk}-nl-"))
        with mock.patch.object(pdf, "write_pdf", wraps=pdf.write_pdf) as writer:
            _response, again = self.fetch(language="nl")
            writer.assert_not_called()
        self.assertIn("laagdrempelig", flat(text_of(again)))

    def test_new_file_when_the_content_around_it_changes(self):
        self.fetch(language="nl")
        self.lesson.status, self.lesson.confidentiality = "validated", "programme"
        self.lesson.save()
        with mock.patch.object(pdf, "write_pdf", wraps=pdf.write_pdf) as writer:
            _response, content = self.fetch(language="nl")
            writer.assert_called_once()
        self.assertNotIn("portemonnee", flat(text_of(content)))
        # The stale file is gone: one file per version and language.
        self.assertEqual(len(list((Path(self.media) / "publications" / "pdf").glob("*-nl-*.pdf"))), 1)

    def test_no_network_fetch(self):
        """Only the print files are readable; anything else (the network, other files) is refused."""
        fetcher = pdf._url_fetcher()
        for url in ("https://example.org/x.png", "http://127.0.0.1/", "file:///etc/passwd",
                    (pdf.TEMPLATE_DIR / ".." / ".." / ".." / "models.py").resolve().as_uri()):
            with self.subTest(url=url), self.assertRaises(ValueError):
                fetcher(url)
        self.assertIsNotNone(pdf._allowed_file(pdf.STYLESHEET.as_uri()))


class PdfAccessTests(PdfTestCase):
    def test_not_published_is_404(self):
        draft = make_product(self.programme, slug="concept", status=VersionStatus.DRAFT, title="Geheim concept")
        in_review = make_product(self.programme, slug="in-review", status=VersionStatus.IN_REVIEW)
        withdrawn = make_product(self.programme, slug="offline", status=VersionStatus.WITHDRAWN, number=2)
        make_version(withdrawn, number=1, status=VersionStatus.SUPERSEDED)
        make_version(self.product, number=3, status=VersionStatus.DRAFT, title="Nieuwe versie")
        for product, params in ((draft, {}), (in_review, {}), (withdrawn, {}), (withdrawn, {"versie": "1"}),
                                (withdrawn, {"versie": "2"}), (self.product, {"versie": "3"}),
                                (self.product, {"versie": "9"}), (self.product, {"versie": "-1"}),
                                (self.product, {"versie": "één"})):
            with self.subTest(slug=product.slug, params=params):
                url = reverse("public:product-pdf", args=[product.slug])
                self.assertEqual(self.client.get(url, params).status_code, 404)
        self.assertFalse((Path(self.media) / "publications" / "pdf").exists())

    def test_get_only(self):
        url = reverse("public:product-pdf", args=[SLUG])
        self.assertEqual(self.client.post(url).status_code, 405)


class LongPdfTests(PdfTestCase):
    def test_a_long_product_flows_over_many_pages(self):
        """A product of some ten pages: every section long, with lists, a table and citations. (Its build time is
        measured in bench/pdf_bench.py, never here.)"""
        paragraph = ("De huiskamer in Pendrecht werd een plek waar bewoners zonder afspraak binnenliepen met vragen "
                     "over hun energierekening, hun woning en hun buurt. Energiecoaches en buurtwerkers werkten "
                     "samen aan één tafel, zodat een vraag over isolatie ook een gesprek over schulden kon worden. ")
        body = "\n\n".join([paragraph * 3] * 6 + ["- eerste punt\n- tweede punt\n- derde punt",
                                                   "| a | b |\n|---|---|\n| 1 | 2 |"])
        version = self.version
        for section in version.sections.all():
            section.body_nl = f"{body} [@R{self.lesson.pk}]"
            section.save()
        _response, content = self.fetch(language="nl")
        reader = PdfReader(io.BytesIO(content))
        self.assertGreaterEqual(len(reader.pages), 8)
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        self.assertEqual(text.count("derde punt"), version.sections.count())  # no section lost on the way
        self.assertIn(self.lesson.title, text)
