"""The demo's generated illustrations and where the demo puts them."""

from django.test import TestCase

from dubbelslag.images import demo
from dubbelslag.images.enums import ImageLicence
from dubbelslag.images.models import Image
from dubbelslag.publications.models import KnowledgeProduct
from dubbelslag.publications.rendering import render_version
from dubbelslag.publications.tests.test_demo import build_demo, seed
from testing.base import BaseTestCase


class IllustrationTests(BaseTestCase):
    def test_the_same_seed_draws_the_same_street(self):
        self.assertEqual(demo.draw_street("a"), demo.draw_street("a"))
        self.assertNotEqual(demo.draw_street("a"), demo.draw_street("b"))

    def test_an_illustration_is_a_cc0_demo_image_made_once(self):
        first = demo.illustration(self.programme, seed="x", alt_nl="Getekende straat", alt_en="Drawn street")
        again = demo.illustration(self.programme, seed="x", alt_nl="Getekende straat", alt_en="Drawn street")
        self.assertEqual(first.pk, again.pk)
        self.assertEqual((first.is_demo, first.licence, first.width), (True, ImageLicence.CC0, 1280))


class DemoSeedTests(TestCase):
    def test_published_demo_products_and_public_experiments_have_their_pictures(self):
        build_demo()
        seed()
        published = list(KnowledgeProduct.objects.published())
        self.assertTrue(published)
        for product in published:
            rendered = render_version(product.published_version, public=True)
            self.assertIsNotNone(rendered.cover, product.slug)
            self.assertIn('id="afbeelding-1"', rendered.sections[0].html, product.slug)
        public = [experiment for experiment in Image.objects.filter(on_experiment_page=True, is_demo=True)
                  if experiment.experiment.is_public]
        self.assertTrue(public)
