"""Every page's frame: the NL Design System CSS and the Dubbelslag theme served by us, a favicon, the menu that folds
away on phones, and a glossary link."""

import re

from django.contrib.staticfiles import finders
from django.test import TestCase
from django.urls import reverse

from dubbelslag.core.middleware import CONTENT_SECURITY_POLICY


class BaseTemplateTests(TestCase):
    def test_a_page_loads_the_component_css_theme_favicon_and_menu_script_from_our_own_origin(self):
        html = self.client.get(reverse("public:accessibility")).content.decode()
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        self.assertEqual(stylesheets[:3], ["/static/vendor/utrecht/component-library-css/index.css",
                                           "/static/css/theme.css", "/static/css/app.css"])
        self.assertIn('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">', html)
        self.assertIn('<script src="/static/js/site.js" defer></script>', html)
        for path in ["css/theme.css", "css/app.css", "favicon.svg", "js/site.js"]:
            self.assertIsNotNone(finders.find(path), path)
        self.assertIn('class="utrecht-document utrecht-document--surface dubbelslag-theme"', html)
        # No inline script or style anywhere: the CSP allows neither.
        self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)|<style|\sstyle=")
        self.assertIn("script-src 'self'", CONTENT_SECURITY_POLICY)

    def test_the_menu_button_controls_the_menu_and_is_hidden_until_the_script_runs(self):
        html = self.client.get(reverse("public:home")).content.decode()
        button = re.search(r'<button type="button"[^>]*menu-toggle[^>]*>', html).group(0)
        self.assertIn('aria-expanded="false"', button)
        self.assertIn('aria-controls="site-menu"', button)
        self.assertIn(" hidden", button)
        self.assertRegex(html, r'<div class="site-menu" id="site-menu">\s*<nav aria-label="Hoofdmenu">')

    def test_every_page_links_the_glossary(self):
        html = self.client.get(reverse("public:home")).content.decode()
        self.assertIn(f'<a href="{reverse("public:glossary")}">Begrippenlijst</a>', html)


class GlossaryTests(TestCase):
    def test_the_glossary_names_the_kept_dutch_terms_in_both_languages(self):
        url = reverse("public:glossary")
        dutch = self.client.get(url)
        self.assertContains(dutch, "<h1 id=\"glossary-title\">Begrippenlijst</h1>", html=False)
        self.client.cookies["django_language"] = "en"
        english = self.client.get(url).content.decode()
        self.assertIn('<h1 id="glossary-title">Glossary</h1>', english)
        kept = re.findall(r'<dt lang="nl"(?: id="[a-z]+")?>([^<]+)</dt>', english)
        self.assertEqual(kept, ["gemeente", "wijk", "buurt", "Kennislab", "dubbelslag"])
        self.assertIn("coupling opportunity", english)

    def test_the_glossary_refuses_a_post(self):
        response = self.client.post(reverse("public:glossary"))
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")
