"""The image library's pages and the version's image page: the happy paths and the access grid (anonymous →
sign-in, outsider and experiment members → 404, wrong method → 405)."""

from django.urls import reverse
from django.utils import translation

from dubbelslag.images.enums import ImageLicence
from dubbelslag.images.models import Image
from dubbelslag.publications.enums import ProductType
from dubbelslag.publications.services import workflow
from testing.factories.images import jpeg_with_gps, upload

from .test_services_image import METADATA, ImageTestCase


class LibraryViewTests(ImageTestCase):
    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("nl"))
        self.list_url = reverse("images:image-list", args=[self.programme.slug])
        self.upload_url = reverse("images:image-upload", args=[self.programme.slug])

    def post_upload(self, **overrides):
        data = {**METADATA, "file": upload(jpeg_with_gps()), **overrides}
        return self.client.post(self.upload_url, data)

    def test_upload_then_list_and_edit(self):
        self.client.force_login(self.researcher)
        response = self.post_upload(alt_en="Residents look at a heat pump")
        image = Image.objects.get()
        self.assertRedirects(response, reverse("images:image-update", args=[self.programme.slug, image.pk]))
        page = self.client.get(self.list_url).content.decode()
        self.assertIn(METADATA["alt_nl"], page)
        self.assertIn(reverse("images:file", args=[image.token, "w640.jpg"]), page)
        edit_url = reverse("images:image-update", args=[self.programme.slug, image.pk])
        response = self.client.post(edit_url, {**METADATA, "credit": "Foto: Bram", "edit_version": image.edit_version})
        self.assertRedirects(response, self.list_url)
        image.refresh_from_db()
        self.assertEqual(image.credit, "Foto: Bram")
        served = self.client.get(reverse("images:file", args=[image.token, "w320.jpg"]))
        self.assertEqual((served.status_code, served["Cache-Control"]), (200, "private, no-store"))

    def test_bad_input_shows_its_message_and_stores_nothing(self):
        self.client.force_login(self.coordinator)
        cases = {"not an image": ({"file": upload(b"%PDF-1.4", "a.jpg")}, "geen JPEG-, PNG- of WebP-afbeelding"),
                 "no alt text": ({"alt_nl": ""}, "Beschrijf in het Nederlands wat de afbeelding laat zien"),
                 "no consent": ({"recognisable_people": "on", "consent": ""}, "geef aan of ze toestemming gaven")}
        for label, (overrides, message) in cases.items():
            with self.subTest(label):
                response = self.post_upload(**overrides)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(Image.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_access_grid(self):
        image = Image.objects.create(programme=self.programme, token="t" * 20, extension="jpg", width=10, height=10,
                                     variants=[{"name": "w10.jpg", "width": 10, "height": 10, "size": 1}],
                                     alt_nl="x", credit="y", licence=ImageLicence.CC0)
        urls = [self.list_url, self.upload_url, reverse("images:image-update", args=[self.programme.slug, image.pk]),
                reverse("images:library")]
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 302, url)
        for user in (self.outsider, self.editor, self.reader):
            self.client.force_login(user)
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 404, (user.email, url))
            self.assertEqual(self.client.get(reverse("images:file", args=[image.token, "w10.jpg"])).status_code, 404)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.delete(self.list_url).status_code, 405)
        self.assertRedirects(self.client.get(reverse("images:library")), self.list_url)
        # The experiment's members see its image (the picture of its internal page), not the others.
        image.experiment = self.experiment
        image.save()
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(reverse("images:file", args=[image.token, "w10.jpg"])).status_code, 404)


class VersionImagesViewTests(ImageTestCase):
    def test_place_as_cover_and_in_the_text(self):
        image = helpers_upload(self)
        product = workflow.create_product(programme=self.programme, product_type=ProductType.BEST_PRACTICE,
                                          slug="p", title_nl="P", authors="A", by=self.researcher)
        url = reverse("publications:version-images", args=["p", 1])
        self.client.force_login(self.researcher)
        response = self.client.post(url, {"action": "add", "image": image.pk, "is_cover": "on"})
        self.assertRedirects(response, url)
        placement = product.versions.get().images.get()
        self.assertEqual((placement.number, placement.is_cover, placement.snapshot["credit"]),
                         (1, True, METADATA["credit"]))
        page = self.client.get(url).content.decode()
        self.assertIn(reverse("publications:version-image", args=["p", 1, image.token, "w640.jpg"]), page)
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"action": "add", "image": image.pk}).status_code, 404)


def helpers_upload(case):
    from dubbelslag.images import services

    return services.upload_image(case.programme, by=case.coordinator, file=upload(jpeg_with_gps()), **METADATA)
