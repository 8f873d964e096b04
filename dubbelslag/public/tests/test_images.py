"""Images on the public site, end to end through the services: a photograph with GPS tags placed as cover and in a
section, published, and seen anonymously on the product page (srcset, lazy loading, credit), in the list, the feed
(enclosure), the schema.org metadata and the PDF, without metadata in the served file. And the leaks: a draft's
image, a library image, a private experiment's picture and a withdrawn product's images are never served in public;
a recognisable person without consent blocks publication; a published version keeps its frozen text."""

import io
import json
import re
import shutil
import tempfile

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PillowImage

from dubbelslag.images import services as images
from dubbelslag.images.enums import Consent, ImageLicence
from dubbelslag.publications.enums import ProductType, SectionKey, VersionStatus
from dubbelslag.publications.services import workflow
from testing.base import BaseTestCase
from testing.factories.images import jpeg_with_gps, upload

SITE = "https://kennis.example"
PHOTO = {"alt_nl": "Bewoners bekijken een warmtepomp in de huiskamer", "alt_en": "Residents look at a heat pump",
         "credit": "Foto: Anna de Vries", "licence": ImageLicence.CC_BY, "recognisable_people": True,
         "consent": Consent.WRITTEN}


def served_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


class ImageCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.photo = images.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()), **PHOTO)
        self.product, self.version = self.draft("huiskamer", "Huiskamer Aardgasvrij")

    def draft(self, slug, title, *, image=None, text="Zo zag het eruit:\n\n[[afbeelding 1]]\n\nEinde."):
        product = workflow.create_product(programme=self.programme, product_type=ProductType.BEST_PRACTICE,
                                          slug=slug, title_nl=title, authors="Rob (Hogeschool)", by=self.researcher,
                                          lead_nl="Een huiskamer als energieloket.")
        version = product.versions.get()
        workflow.add_image(version, by=self.researcher, image=image or self.photo, is_cover=True)
        version.refresh_from_db()
        version = workflow.update_version(version, by=self.researcher, expected_edit_version=version.edit_version,
                                          sections={SectionKey.WHAT_WORKED: (text, "")})
        return product, version

    def publish(self, version):
        workflow.submit_for_review(version, by=self.researcher)
        return workflow.publish_version(version, by=self.coordinator)

    def image_urls(self, html: str) -> list[str]:
        return re.findall(r'src="([^"]+)"', html)



@override_settings(SITE_URL=SITE + "/", PUBLIC_PAGE_CACHE_SECONDS=0)
class PublishedImageTests(ImageCase):
    def test_an_anonymous_visitor_sees_the_photograph_everywhere_without_its_metadata(self):
        self.publish(self.version)
        page = self.client.get(reverse("public:product-detail", args=["huiskamer"])).content.decode()
        self.assertIn('loading="lazy"', page)
        self.assertIn("srcset=", page)
        self.assertRegex(page, r'w320\.jpg 320w, [^"]+w640\.jpg 640w, [^"]+w1280\.jpg 1280w')
        self.assertIn('alt="Bewoners bekijken een warmtepomp in de huiskamer"', page)
        self.assertIn('width="1280" height="960"', page)
        self.assertIn("Foto: Anna de Vries", page)
        self.assertEqual(page.count('id="afbeelding-1"'), 1)
        urls = [url for url in self.image_urls(page) if "/afbeeldingen/" in url]
        self.assertTrue(urls)
        self.assertTrue(all(url.startswith(f"/kennisbank/producten/huiskamer/afbeeldingen/{self.photo.token}/")
                            for url in urls))
        for url in set(urls):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], "image/jpeg")
            data = served_bytes(response)
            self.assertNotIn(b"Exif", data)
            self.assertNotIn(b"CAMERA-SERIAL", data)
            self.assertEqual(dict(PillowImage.open(io.BytesIO(data)).getexif()), {})
        # schema.org
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
        self.assertEqual(ld["image"]["creditText"], "Foto: Anna de Vries")
        self.assertTrue(ld["image"]["url"].startswith(SITE + "/kennisbank/producten/huiskamer/afbeeldingen/"))
        # the list and the home page: the cover as a thumbnail, with its credit
        for name in ("public:product-list", "public:home"):
            listing = self.client.get(reverse(name)).content.decode()
            self.assertIn('class="image-thumbnail"', listing, name)
            self.assertIn(f"/kennisbank/producten/huiskamer/afbeeldingen/{self.photo.token}/w320.jpg", listing)
            self.assertIn("Foto: Anna de Vries", listing)
        # the feed: an enclosure
        feed = self.client.get(reverse("public:feed")).content.decode()
        self.assertRegex(feed, r'<link[^>]+rel="enclosure"[^>]*>')
        self.assertIn(f"{SITE}/kennisbank/producten/huiskamer/afbeeldingen/{self.photo.token}/w1280.jpg", feed)

    def test_the_pdf_holds_the_print_variant(self):
        from pypdf import PdfReader

        self.publish(self.version)
        response = self.client.get(reverse("public:product-pdf", args=["huiskamer"]))
        self.assertEqual(response.status_code, 200)
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                      else response.content))
        sizes = [(image.image.width, image.image.height) for page in reader.pages for image in page.images]
        self.assertIn((1600, 1200), sizes)
        self.assertIn("Foto: Anna de Vries", "".join(page.extract_text() for page in reader.pages))

    def test_a_published_version_keeps_its_frozen_text(self):
        self.publish(self.version)
        images.update_image(self.photo, by=self.coordinator, expected_edit_version=self.photo.edit_version,
                            alt_nl="Een andere beschrijving", credit="Foto: iemand anders")
        page = self.client.get(reverse("public:product-detail", args=["huiskamer"])).content.decode()
        self.assertIn("Foto: Anna de Vries", page)
        self.assertNotIn("iemand anders", page)

    def test_recognisable_people_without_consent_block_publication(self):
        unconsented = images.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()),
                                          **{**PHOTO, "consent": Consent.NONE})
        _product, version = self.draft("zonder-toestemming", "Zonder toestemming", image=unconsented)
        workflow.submit_for_review(version, by=self.researcher)
        with self.assertRaises(ValidationError) as caught:
            workflow.publish_version(version, by=self.coordinator)
        self.assertIn("herkenbare mensen zonder hun toestemming", " ".join(caught.exception.messages))
        version.refresh_from_db()
        self.assertEqual(version.status, VersionStatus.IN_REVIEW)

    def test_withdrawn_consent_takes_the_image_off_the_public_site_at_once(self):
        self.publish(self.version)
        url = reverse("public:product-image", args=["huiskamer", self.photo.token, "w640.jpg"])
        self.assertEqual(self.client.get(url).status_code, 200)
        images.update_image(self.photo, by=self.coordinator, expected_edit_version=self.photo.edit_version,
                            consent=Consent.NONE)
        self.assertEqual(self.client.get(url).status_code, 404)
        page = self.client.get(reverse("public:product-detail", args=["huiskamer"])).content.decode()
        self.assertNotIn(self.photo.token, page)


@override_settings(SITE_URL=SITE + "/", PUBLIC_PAGE_CACHE_SECONDS=0)
class ImageLeakTests(ImageCase):
    """What could leak is created first, then fetched anonymously (and by an outsider)."""

    def test_nothing_unpublished_is_served(self):
        self.publish(self.version)
        secret = images.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()),
                                     **{**PHOTO, "alt_nl": "Okapi"})
        self.draft("concept", "Concept", image=secret)
        private = images.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()),
                                      experiment=self.other_experiment, on_experiment_page=True,
                                      **{**PHOTO, "alt_nl": "Wombat"})
        denied = [
            reverse("public:product-image", args=["concept", secret.token, "w640.jpg"]),
            reverse("public:product-image", args=["huiskamer", secret.token, "w640.jpg"]),
            reverse("public:experiment-image", args=[self.other_experiment.pk, private.token, "w640.jpg"]),
            reverse("public:product-image", args=["huiskamer", self.photo.token, "w640.jpg"]).replace(
                "w640.jpg", "..%2F..%2Fsettings.py"),
            reverse("public:product-image", args=["huiskamer", self.photo.token, "original.jpg"]),
        ]
        for url in denied:
            self.assertEqual(self.client.get(url).status_code, 404, url)
        # The library's and the editorial side's own addresses: sign-in first, 404 for an outsider.
        internal = [reverse("images:file", args=[secret.token, "w640.jpg"]),
                    reverse("publications:version-image", args=["concept", 1, secret.token, "w640.jpg"])]
        for url in internal:
            self.assertEqual(self.client.get(url).status_code, 302, url)
        self.client.force_login(self.outsider)
        for url in [*internal, *denied]:
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.client.force_login(self.coordinator)
        for url in internal:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        self.client.logout()
        for name in ("public:home", "public:product-list", "public:feed", "public:experiment-list"):
            content = self.client.get(reverse(name)).content.decode()
            self.assertNotIn(secret.token, content, name)
            self.assertNotIn(private.token, content, name)
        # A private experiment's picture appears once the experiment is listed publicly.
        self.other_experiment.is_public = True
        self.other_experiment.save()
        self.assertEqual(self.client.get(denied[2]).status_code, 200)

    def test_a_withdrawn_products_images_leave_at_once(self):
        self.publish(self.version)
        url = reverse("public:product-image", args=["huiskamer", self.photo.token, "w1280.jpg"])
        self.assertEqual(self.client.get(url).status_code, 200)
        workflow.unpublish_product(self.product, by=self.coordinator, reason="Foto vervangen")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotIn(self.photo.token, self.client.get(reverse("public:feed")).content.decode())
        self.assertNotIn(self.photo.token, self.client.get(reverse("public:product-list")).content.decode())
