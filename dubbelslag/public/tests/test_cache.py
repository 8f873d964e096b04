"""The whole-page cache of the public knowledge base (``public.cache``): served to anonymous visitors only, never
stale after a change made through the application, never carrying a visitor's token or cookie."""

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.publications.services.workflow import unpublish_product
from dubbelslag.research.services.harvest import unpublish_record
from testing.public import KnowledgeBaseTestCase


class AnonymousPageCacheTests(KnowledgeBaseTestCase):
    def setUp(self):
        self.url = reverse("public:product-detail", args=[self.product.slug])

    def test_a_repeat_visit_is_served_from_the_cache_with_one_query(self):
        first = self.client.get(self.url)
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get(self.url)
        self.assertEqual(len(queries), 1, [query["sql"] for query in queries])  # the data version only
        self.assertEqual(second.content, first.content)
        self.assertContains(second, "Huiskamer aardgasvrij in Pendrecht")
        self.assertIn("Cookie", second.headers["Vary"])

    def test_unpublishing_takes_the_page_away_at_once(self):
        self.assertEqual(self.client.get(self.url).status_code, 200)
        unpublish_product(self.product, by=self.coordinator, reason="Bevat een adres.")
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Huiskamer aardgasvrij in Pendrecht", status_code=404)

    def test_a_record_taken_back_disappears_from_the_cited_product_at_once(self):
        self.assertContains(self.client.get(self.url), "Begin bij de portemonnee")
        unpublish_record(self.record, by=self.coordinator, reason="Te herleidbaar.")
        self.assertNotContains(self.client.get(self.url), "Begin bij de portemonnee")

    def test_languages_are_cached_apart(self):
        self.client.get(self.url)
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(self.url), "Living room gas-free in Pendrecht")

    def test_signed_in_visitors_are_never_served_the_anonymous_page(self):
        self.client.get(self.url)
        self.login(self.coordinator)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertGreater(len(queries), 3)
        self.assertContains(response, reverse("publications:product-detail", args=[self.product.slug]))
        self.client.logout()
        self.assertNotContains(self.client.get(self.url),
                               reverse("publications:product-detail", args=[self.product.slug]))

    def test_a_cached_page_carries_no_token_or_cookie_and_its_language_switch_works(self):
        client = Client(enforce_csrf_checks=True)
        client.get(self.url)
        cached = client.get(self.url)
        self.assertNotContains(cached, "csrfmiddlewaretoken")
        self.assertFalse(cached.cookies)
        response = client.post(reverse("set-language"), {"language": "en", "next": self.url})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.cookies["django_language"].value, "en")
        self.assertContains(client.get(self.url), "Living room gas-free in Pendrecht")

    @override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
    def test_the_cache_can_be_switched_off(self):
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        self.assertGreater(len(queries), 3)
