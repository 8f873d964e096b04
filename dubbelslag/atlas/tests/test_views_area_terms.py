"""One English term per concept (docs/domain.md, "Terms in English"): in English the area pages keep gemeente, wijk
and buurt, and the first one links to its meaning in the glossary; the menu says "Coupling opportunities", never
"Koppelkansen"."""

import re

from django.test import TestCase
from django.urls import reverse

from testing.base import make_area


class EnglishAreaTermsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.utrecht = make_area("GM0344", "Utrecht", year=2021)
        cls.overvecht = make_area("WK034406", "Overvecht", parent=cls.utrecht, year=2021)
        cls.buurt = make_area("BU03440610", "Zambesidreef", parent=cls.overvecht, year=2021)

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def test_an_area_profile_names_its_level_with_the_kept_term_linked_to_the_glossary(self):
        glossary = reverse("public:glossary")
        for area, level in ((self.utrecht, "gemeente"), (self.overvecht, "wijk"), (self.buurt, "buurt")):
            html = self.client.get(reverse("atlas:area-detail", args=[area.code]) + "?jaar=2021").content.decode()
            self.assertIn(f'<dt>Level</dt><dd><a href="{glossary}#{level}" lang="nl">{level}</a></dd>', html)
        html = self.client.get(reverse("atlas:area-detail", args=[self.buurt.code]) + "?jaar=2021").content.decode()
        self.assertIn("<dt>Gemeente</dt>", html)
        self.assertNotIn("Municipality", html)
        self.assertNotIn("neighbourhood</", html)

    def test_in_dutch_the_level_link_needs_no_language_attribute(self):
        self.client.cookies["django_language"] = "nl"
        html = self.client.get(reverse("atlas:area-detail", args=[self.buurt.code]) + "?jaar=2021").content.decode()
        self.assertIn(f'<dd><a href="{reverse("public:glossary")}#buurt">buurt</a></dd>', html)

    def test_the_area_search_links_the_kept_terms_to_the_glossary_and_lists_levels_with_them(self):
        html = self.client.get(reverse("atlas:area-search") + "?q=Overvecht").content.decode()
        self.assertIn(f'<a href="{reverse("public:glossary")}#gemeente">What gemeente, wijk and buurt mean</a>', html)
        self.assertIn('<option value="buurt">buurt</option>', html)
        self.assertIn('<th scope="col">Gemeente</th>', html)

    def test_the_glossary_has_an_anchor_for_each_kept_level_term(self):
        html = self.client.get(reverse("public:glossary")).content.decode()
        self.assertEqual(re.findall(r'<dt lang="nl" id="([a-z]+)">', html), ["gemeente", "wijk", "buurt"])

    def test_the_english_menu_and_catalogue_say_coupling_opportunities(self):
        html = self.client.get(reverse("koppelkansen:koppelkans-list")).content.decode()
        self.assertIn(f'<a href="{reverse("koppelkansen:koppelkans-list")}">Coupling opportunities</a>', html)
        self.assertIn("<h1>Coupling opportunities</h1>", html)
        self.assertNotIn(">Koppelkansen<", html)
        self.assertNotIn("Koppelkans<", html)
