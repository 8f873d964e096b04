"""Uploading to the image library: the checks (each a clear message, nothing stored: no row, no file), the stripping
of metadata and the variants."""

import io
import shutil
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation
from PIL import Image as PillowImage

from dubbelslag.core.models import AuditEvent
from dubbelslag.images import services
from dubbelslag.images.enums import Consent, ImageLicence
from dubbelslag.images.models import Image
from dubbelslag.images.storage import variant_path
from testing.base import BaseTestCase
from testing.factories.images import jpeg_with_gps, png, upload

METADATA = {"alt_nl": "Bewoners bekijken een warmtepomp", "credit": "Foto: Anna de Vries",
            "licence": ImageLicence.CC_BY}


class ImageTestCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        # The services' messages are read in English here; the pages' tests read them in Dutch.
        self.enterContext(translation.override("en"))

    def stored_files(self) -> list[Path]:
        return [path for path in Path(self.media).rglob("*") if path.is_file()]


class UploadTests(ImageTestCase):
    def test_a_photograph_with_gps_tags_is_stored_without_any_metadata(self):
        image = services.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()), **METADATA)
        self.assertEqual([v["name"] for v in image.variants], ["print.jpg", "w1280.jpg", "w640.jpg", "w320.jpg"])
        self.assertEqual((image.width, image.height), (1600, 1200))
        for variant in image.variants:
            data = variant_path(image.token, variant["name"]).read_bytes()
            self.assertNotIn(b"Exif", data)
            self.assertNotIn(b"CAMERA-SERIAL", data)
            self.assertNotIn(b"IMG_0042", data)
            served = PillowImage.open(io.BytesIO(data))
            self.assertEqual(dict(served.getexif()), {})
            self.assertNotIn("exif", served.info)
            self.assertEqual(served.width, variant["width"])
        self.assertEqual(len(self.stored_files()), 4)
        self.assertNotIn("IMG_0042", str(self.stored_files()))
        event = AuditEvent.objects.get(object_id=str(image.pk), content_type__model="image")
        self.assertEqual(event.changes["alt_nl"], [None, METADATA["alt_nl"]])

    def test_the_orientation_is_applied_before_the_metadata_goes(self):
        image = services.upload_image(self.programme, by=self.coordinator,
                                      file=upload(jpeg_with_gps((1200, 800), orientation=6)), **METADATA)
        self.assertEqual((image.width, image.height), (800, 1200))

    def test_a_large_photograph_is_reduced_to_the_print_width(self):
        image = services.upload_image(self.programme, by=self.coordinator,
                                      file=upload(jpeg_with_gps((5472, 3648))), **METADATA)
        self.assertEqual((image.width, image.height), (2000, 1333))

    def test_a_transparent_png_stays_png_and_a_small_image_is_not_enlarged(self):
        image = services.upload_image(self.programme, by=self.coordinator, file=upload(png((300, 200), "RGBA"),
                                                                                      "logo.png"), **METADATA)
        self.assertEqual(image.extension, "png")
        self.assertEqual([(v["name"], v["width"]) for v in image.variants], [("print.png", 300), ("w300.png", 300)])

    def assert_refused(self, field: str, message_part: str, **kwargs):
        arguments = {**METADATA, "file": upload(jpeg_with_gps()), **kwargs}
        with self.assertRaises(ValidationError) as caught:
            services.upload_image(self.programme, by=self.coordinator, **arguments)
        self.assertIn(field, caught.exception.message_dict)
        self.assertIn(message_part, " ".join(caught.exception.message_dict[field]))
        self.assertFalse(Image.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_a_file_that_is_not_an_image_is_refused(self):
        self.assert_refused("file", "not a JPEG, PNG or WebP", file=upload(b"%PDF-1.7 not an image", "foto.jpg"))

    def test_a_gif_is_refused(self):
        self.assert_refused("file", "not a JPEG, PNG or WebP", file=upload(b"GIF89a" + b"\x00" * 40, "a.gif"))

    def test_a_damaged_image_is_refused(self):
        self.assert_refused("file", "could not be read", file=upload(jpeg_with_gps()[:300]))

    def test_an_image_over_the_size_limit_is_refused(self):
        with override_settings(IMAGE_MAX_BYTES=1000):
            self.assert_refused("file", "the limit is 0.0 MB")

    def test_an_image_over_the_pixel_limit_is_refused(self):
        with override_settings(IMAGE_MAX_PIXELS=1_000_000):
            self.assert_refused("file", "1.9 megapixels; the limit is 1.0 megapixels")

    def test_a_missing_alternative_text_is_refused(self):
        self.assert_refused("alt_nl", "Describe what the image shows", alt_nl="  ")

    def test_a_missing_credit_is_refused(self):
        self.assert_refused("credit", "photographer or the source", credit="")

    def test_a_missing_consent_for_a_recognisable_person_is_refused(self):
        self.assert_refused("consent", "say whether they consented", recognisable_people=True, consent="")

    def test_no_consent_cannot_be_the_experiments_picture(self):
        self.assert_refused("on_experiment_page", "without their consent", recognisable_people=True,
                            consent=Consent.NONE, experiment=self.experiment, on_experiment_page=True)

    def test_only_the_programme_team_uploads(self):
        for user in (self.editor, self.reader, self.outsider):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.upload_image(self.programme, by=user, file=upload(jpeg_with_gps()), **METADATA)
        self.assertEqual(self.stored_files(), [])


class UpdateTests(ImageTestCase):
    def test_edit_metadata_and_the_experiment_picture_moves(self):
        first = services.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()),
                                      experiment=self.experiment, on_experiment_page=True, **METADATA)
        second = services.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()),
                                       **METADATA)
        services.update_image(second, by=self.researcher, expected_edit_version=second.edit_version,
                              experiment=self.experiment, on_experiment_page=True, alt_en="Residents look")
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.on_experiment_page, second.on_experiment_page, second.alt_en),
                         (False, True, "Residents look"))

    def test_a_stale_edit_is_refused(self):
        image = services.upload_image(self.programme, by=self.coordinator, file=upload(jpeg_with_gps()), **METADATA)
        with self.assertRaises(ValidationError):
            services.update_image(image, by=self.coordinator, expected_edit_version=image.edit_version - 1,
                                  alt_nl="Anders")
        image.refresh_from_db()
        self.assertEqual(image.alt_nl, METADATA["alt_nl"])
