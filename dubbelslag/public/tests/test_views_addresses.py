"""Absolute addresses (issue 14): permanent addresses, citations, the feed, the sitemap, the API's links and the PDF's
links are on SITE_URL when it is set, and otherwise on the host (and port) the request came in on, never on a fixed
127.0.0.1:8000 (``core.addresses``)."""

import io
import json
import re
import shutil
import tempfile
from xml.etree import ElementTree

from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from dubbelslag.core.addresses import FALLBACK_ROOT, absolute_url, site_root

from .test_api import SLUG, OpenDataTestCase

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "testserver:8123"


class AddressTestCase(OpenDataTestCase):
    root = ""  # the expected root of every address

    def setUp(self):
        self.media = tempfile.mkdtemp(prefix="addresses-test-")
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        overridden = override_settings(MEDIA_ROOT=self.media)
        overridden.enable()
        self.addCleanup(overridden.disable)

    def get(self, url, **params):
        response = self.client.get(url, params, HTTP_HOST=HOST)
        self.assertEqual(response.status_code, 200, url)
        return response

    def feed_links(self) -> list[str]:
        root = ElementTree.fromstring(self.get(reverse("public:feed")).content)
        return [link.get("href") for link in root.iter(f"{ATOM}link")] + [e.text for e in root.iter(f"{ATOM}id")]

    def sitemap_locations(self) -> list[str]:
        root = ElementTree.fromstring(self.get("/sitemap.xml").content)
        return [loc.text for loc in root.iter(f"{SITEMAP}loc")]

    def product_page(self) -> str:
        self.client.cookies["django_language"] = "en"
        return self.get(reverse("public:product-detail", args=[SLUG])).content.decode()

    def pdf_text(self) -> str:
        self.client.cookies["django_language"] = "en"
        response = self.get(reverse("public:product-pdf", args=[SLUG]))
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")

    def check_everything_is_on(self, root: str):
        product_path = reverse("public:product-detail", args=[SLUG])
        links = self.feed_links()
        self.assertIn(root + product_path, links)
        self.assertEqual([link for link in links if not link.startswith(root + "/")], [])
        locations = self.sitemap_locations()
        self.assertIn(root + product_path, locations)
        self.assertEqual([loc for loc in locations if not loc.startswith(root + "/")], [])
        page = self.product_page()
        # The citation line and the JSON-LD metadata of the product page.
        citation = re.search(r'<p class="kb-citation">(.*?)</p>', page, re.S).group(1)
        self.assertTrue(citation.rstrip().endswith(root + product_path), citation)
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
        self.assertIn(root + reverse("public:record-detail", args=[self.lesson.pk]), data["citation"])
        # The API's links, the PDF link among them.
        item = self.get(reverse("api:product", args=[SLUG])).json()
        self.assertEqual(item["pdf_url"], root + reverse("public:product-pdf", args=[SLUG]))
        self.assertEqual(item["page_url"], root + product_path)
        # The PDF prints its sources' addresses in full.
        self.assertIn(root + reverse("public:record-detail", args=[self.lesson.pk]), self.pdf_text())
        self.assertNotIn("127.0.0.1", page + "".join(links + locations))


@override_settings(SITE_URL="https://kennis.example.org/")
class SiteUrlTests(AddressTestCase):
    def test_every_address_is_on_site_url_whatever_the_request_host(self):
        self.check_everything_is_on("https://kennis.example.org")


@override_settings(SITE_URL="")
class RequestHostTests(AddressTestCase):
    def test_without_site_url_every_address_is_on_the_request_host_and_port(self):
        self.check_everything_is_on(f"http://{HOST}")

    def test_the_cached_public_page_of_one_host_is_not_served_on_another(self):
        path = reverse("public:product-detail", args=[SLUG])
        self.client.cookies["django_language"] = "en"
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300):
            first = self.client.get(path, HTTP_HOST=HOST).content.decode()
            other = self.client.get(path, HTTP_HOST="localhost:9000").content.decode()
        self.assertIn(f"http://{HOST}{path}", first)
        self.assertIn(f"http://localhost:9000{path}", other)
        self.assertNotIn(HOST, other)

    def test_a_host_outside_allowed_hosts_is_refused(self):
        response = self.client.get(reverse("public:feed"), HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(b"evil.example", response.content)


class HelperTests(OpenDataTestCase):
    @override_settings(SITE_URL="")
    def test_outside_a_request_the_fallback_root(self):
        self.assertEqual(site_root(), FALLBACK_ROOT)
        self.assertEqual(absolute_url(None, "/kennisbank/"), FALLBACK_ROOT + "/kennisbank/")

    @override_settings(SITE_URL="https://kennis.example.org/")
    def test_site_url_and_addresses_that_are_already_absolute(self):
        self.assertEqual(absolute_url(None, "/kennisbank/"), "https://kennis.example.org/kennisbank/")
        self.assertEqual(absolute_url(None, "https://cbs.nl/x"), "https://cbs.nl/x")
        self.assertEqual(absolute_url(None, ""), "")
