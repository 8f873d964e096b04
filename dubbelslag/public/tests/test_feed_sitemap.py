"""The Atom feed (first publications and new versions) and sitemap.xml, with absolute addresses on SITE_URL."""

from datetime import timedelta
from xml.etree import ElementTree

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dubbelslag.publications.enums import VersionStatus
from testing.base import make_area, make_experiment
from testing.factories.publications import make_version
from testing.public import KnowledgeBaseTestCase

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://kennis.example"


@override_settings(SITE_URL=SITE + "/")
class FeedTests(KnowledgeBaseTestCase):
    def entries(self) -> list[dict]:
        response = self.client.get(reverse("public:feed"))
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        root = ElementTree.fromstring(response.content)
        self.feed = root
        return [{"title": entry.findtext(f"{ATOM}title"), "id": entry.findtext(f"{ATOM}id"),
                 "link": entry.find(f"{ATOM}link").get("href"), "summary": entry.findtext(f"{ATOM}summary"),
                 "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")]}
                for entry in root.findall(f"{ATOM}entry")]

    def test_new_products_with_absolute_links(self):
        entries = self.entries()
        self.assertEqual([entry["title"] for entry in entries], ["Factsheet Palenstein",
                                                                  "Huiskamer aardgasvrij in Pendrecht"])
        huiskamer = entries[1]
        self.assertEqual(huiskamer["link"], f"{SITE}/kennisbank/producten/huiskamer-pendrecht/")
        self.assertEqual(huiskamer["id"], f"{SITE}/kennisbank/producten/huiskamer-pendrecht/versie/1/")
        self.assertEqual(huiskamer["summary"], "Een huiskamer als energieloket.")
        self.assertEqual(huiskamer["categories"], ["Armoede en schulden"])
        links = {link.get("rel"): link.get("href") for link in self.feed.findall(f"{ATOM}link")}
        self.assertEqual(links, {"alternate": f"{SITE}/kennisbank/", "self": f"{SITE}/kennisbank/feed.atom"})

    def test_a_new_version_is_an_entry_of_its_own(self):
        first = self.product.published_version
        first.status = VersionStatus.SUPERSEDED
        first.published_at = timezone.now() - timedelta(days=60)
        first.save()
        second = make_version(self.product, number=2, status=VersionStatus.PUBLISHED, title="Huiskamer, herzien",
                              change_note="Cijfers van 2021.")
        self.product.published_version = second
        self.product.save()
        make_version(self.product, number=3, status=VersionStatus.DRAFT, title="Derde concept")
        self.client.cookies["django_language"] = "en"
        entries = self.entries()
        self.assertEqual([entry["title"] for entry in entries],
                         ["Huiskamer, herzien (version 2)", "Factsheet Palenstein",
                          "Living room gas-free in Pendrecht"])
        self.assertEqual(entries[0]["link"], f"{SITE}/kennisbank/producten/huiskamer-pendrecht/")
        self.assertIn("What changed: Cijfers van 2021.", entries[0]["summary"])
        self.assertEqual(entries[2]["link"], f"{SITE}/kennisbank/producten/huiskamer-pendrecht/versie/1/")

    def test_query_count_does_not_grow(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as two:
            self.client.get(reverse("public:feed"))
        from testing.factories.publications import make_product

        for number in range(3):
            make_product(self.programme, slug=f"extra-{number}").published_version.themes.set([self.poverty])
        with self.assertNumQueries(len(two.captured_queries)):
            self.assertEqual(len(self.entries()), 5)


@override_settings(SITE_URL=SITE + "/")
class SitemapTests(KnowledgeBaseTestCase):
    def locations(self) -> list[str]:
        response = self.client.get(reverse("public:sitemap"))
        self.assertEqual(response.status_code, 200)
        root = ElementTree.fromstring(response.content)
        return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]

    def test_lists_the_public_pages_with_absolute_addresses(self):
        first = self.product.published_version
        first.status = VersionStatus.SUPERSEDED
        first.save()
        second = make_version(self.product, number=2, status=VersionStatus.PUBLISHED, title="Herzien")
        self.product.published_version = second
        self.product.save()
        old_focus = make_area("BU05991501", "Oude buurt", year=2021)
        self.experiment.focus_areas.add(old_focus)
        locations = self.locations()
        expected = {
            "/kennisbank/", "/kennisbank/producten/", "/kennisbank/bevindingen/", "/kennisbank/experimenten/",
            "/toegankelijkheid/", "/privacy/", "/kennisbank/monitoring/",
            "/kennisbank/producten/huiskamer-pendrecht/", "/kennisbank/producten/factsheet-zoetermeer/",
            "/kennisbank/producten/huiskamer-pendrecht/versie/1/",
            f"/kennisbank/bevindingen/{self.record.pk}/",
            f"/kennisbank/experimenten/{self.experiment.pk}/",
            "/gebieden/GM0599/?jaar=2025", "/gebieden/WK059915/?jaar=2025", "/gebieden/BU05991501/?jaar=2021",
        }
        self.assertEqual(set(locations), {SITE + path for path in expected})
        self.assertEqual(len(locations), len(set(locations)))

    def test_query_count_does_not_grow(self):
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # both counts with the years with figures not yet cached (read once per import)
        with CaptureQueriesContext(connection) as one:
            self.locations()
        for number in range(3):
            experiment = make_experiment(programme=self.programme, gemeente=self.zoetermeer, is_public=True,
                                         title=f"Experiment {number}")
            experiment.focus_areas.set([self.palenstein])
        cache.clear()
        with self.assertNumQueries(len(one.captured_queries)):
            self.assertIn(SITE + "/gebieden/WK063703/?jaar=2025", self.locations())
