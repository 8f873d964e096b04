"""Public search: products and records in two groups, highlighted snippets, Dutch compounds, input that can never
become query syntax, the browse entry points for an empty query, and paging per group."""

from django.urls import reverse

from dubbelslag.public import search as public_search
from testing.factories.publications import make_product
from testing.public import KnowledgeBaseTestCase, link, record

URL = reverse("public:search")


class SearchFunctionTests(KnowledgeBaseTestCase):
    def product_slugs(self, query, **kwargs) -> list[str]:
        return [hit.product.slug for hit in public_search.search(query, **kwargs).products.hits]

    def record_ids(self, query) -> list[int]:
        return [hit.pk for hit in public_search.search(query).records.hits]

    def test_finds_products_by_title_body_and_metadata(self):
        self.assertEqual(self.product_slugs("Pendrecht"), ["huiskamer-pendrecht"])
        self.assertEqual(self.product_slugs("schuldhulpverlening"), ["huiskamer-pendrecht"])
        self.assertEqual(self.product_slugs("Palenstein"), ["factsheet-zoetermeer"])
        # Theme names in both languages are indexed.
        self.assertEqual(self.product_slugs("loneliness"), ["factsheet-zoetermeer"])
        # English title.
        self.assertEqual(self.product_slugs("living room"), ["huiskamer-pendrecht"])

    def test_a_word_finds_the_compounds_it_starts(self):
        self.assertEqual(self.product_slugs("warmte"), ["huiskamer-pendrecht"])
        self.assertEqual(self.product_slugs("schuld"), ["huiskamer-pendrecht"])

    def test_title_matches_rank_first(self):
        make_product(self.programme, slug="pendrecht-titel", title="Pendrecht aan zet", body="Een verhaal.")
        make_product(self.programme, slug="pendrecht-tekst", title="Iets anders",
                     body="Ergens in de tekst staat Pendrecht.")
        slugs = self.product_slugs("Pendrecht")
        self.assertEqual(set(slugs), {"huiskamer-pendrecht", "pendrecht-titel", "pendrecht-tekst"})
        self.assertEqual(slugs[-1], "pendrecht-tekst")

    def test_snippet_highlights_the_match_and_escapes_the_text(self):
        product = make_product(self.programme, slug="escape", title="Escape",
                               body="Een <script>alert(1)</script> en een zonneboiler [@R999] in de tekst.")
        hits = public_search.search("zonneboiler").products.hits
        self.assertEqual([hit.product for hit in hits], [product])
        snippet = str(hits[0].snippet)
        self.assertIn("<mark>zonneboiler</mark>", snippet)
        # Escaped on SQLite ("&lt;script&gt;"), dropped by PostgreSQL's ts_headline: never a tag.
        self.assertNotIn("<script>", snippet)
        self.assertNotIn("</script>", snippet)
        self.assertNotIn("@R999", snippet)

    def test_finds_published_records(self):
        self.assertEqual(self.record_ids("portemonnee"), [self.record.pk])
        self.assertEqual(self.record_ids("geldzorgen"), [self.record.pk])
        hit = public_search.search("portemonnee").records.hits[0]
        self.assertEqual(hit.url, reverse("public:record-detail", args=[self.record.pk]))
        self.assertIn("<mark>", str(public_search.search("geldzorgen").records.hits[0].snippet))

    def test_nothing_typed_can_become_query_syntax(self):
        for query in ('NEAR(warmtenet', '"', '"""', "*", "warmte*", "title:warmtenet", "-", "- -", "OR", "AND",
                      "warmtenet OR", "NOT warmtenet", "^warmtenet", "(", ")", "{}", "'; DROP TABLE x; --",
                      "\x00", "a" * 5000, "😀", "é", "warmte-net", "@R1", "[[figuur 1]]"):
            with self.subTest(query=query):
                results = public_search.search(query)
                self.assertIsInstance(results.count, int)

    def test_empty_queries(self):
        for query in ("", "   ", "-warmtenet", '""', "!!!"):
            with self.subTest(query=query):
                results = public_search.search(query)
                self.assertTrue(results.is_empty_query)
                self.assertEqual(results.count, 0)

    def test_paging_of_one_group(self):
        for number in range(12):
            make_product(self.programme, slug=f"zon-{number}", title=f"Zonnepanelen {number}")
        first = public_search.search("zonnepanelen", records=False, limit=5)
        self.assertTrue(first.products.has_more)
        second = public_search.search("zonnepanelen", records=False, limit=5, product_offset=10)
        self.assertEqual(len(second.products.hits), 2)
        self.assertFalse(second.products.has_more)
        all_slugs = {hit.product.slug for offset in (0, 5, 10)
                     for hit in public_search.search("zonnepanelen", limit=5, product_offset=offset).products.hits}
        self.assertEqual(len(all_slugs), 12)


class SearchPageTests(KnowledgeBaseTestCase):
    def test_two_result_groups(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(URL, {"q": "huiskamer"})
        self.assertContains(response, "<h1", count=1)
        self.assertContains(response, 'value="huiskamer"')
        self.assertContains(response, '<h2 id="product-results">Knowledge products</h2>', html=False)
        self.assertContains(response, '<h2 id="record-results">Findings from practice</h2>', html=False)
        self.assertContains(response, reverse("public:product-detail", args=["huiskamer-pendrecht"]))
        self.assertContains(response, "<mark>")
        response = self.client.get(URL, {"q": "portemonnee"})
        self.assertContains(response, reverse("public:record-detail", args=[self.record.pk]))
        self.assertContains(response, "No knowledge products found.")

    def test_nothing_found(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(URL, {"q": "onvindbaarwoord"})
        self.assertContains(response, "Nothing found for “onvindbaarwoord”.")

    def test_empty_query_shows_the_browse_entry_points(self):
        self.client.cookies["django_language"] = "en"
        for params in ({}, {"q": ""}, {"q": "-"}):
            with self.subTest(params):
                response = self.client.get(URL, params)
                self.assertContains(response, "Browse the knowledge products")
                self.assertContains(response, f'{reverse("public:product-list")}?thema=armoede-schulden')
                self.assertNotContains(response, 'id="product-results"')

    def test_hostile_input_never_errors(self):
        for query in ('NEAR("', "*", '"warmte', "<script>alert(1)</script>", "\x00warmte", "x" * 10000):
            with self.subTest(query=query[:20]):
                response = self.client.get(URL, {"q": query, "groep": "???", "page": "-1"})
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>alert")

    def test_more_results_of_one_group(self):
        self.client.cookies["django_language"] = "en"
        for number in range(12):
            make_product(self.programme, slug=f"zon-{number}", title=f"Zonnepanelen {number}")
        response = self.client.get(URL, {"q": "zonnepanelen"})
        self.assertEqual(len(response.context["results"].products.hits), 10)
        self.assertContains(response, "groep=producten")
        response = self.client.get(URL, {"q": "zonnepanelen", "groep": "producten"})
        self.assertEqual(len(response.context["results"].products.hits), 12)
        self.assertNotContains(response, 'id="record-results"')
        response = self.client.get(URL, {"q": "zonnepanelen", "groep": "producten", "page": "2"})
        self.assertEqual(len(response.context["results"].products.hits), 0)
        self.assertContains(response, "Previous product results")

    def test_english_title_in_english(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(URL, {"q": "Pendrecht"})
        self.assertContains(response, "Living room gas-free in Pendrecht")

    def test_records_group_links_to_public_pages(self):
        linked = record(programme=self.programme, title="Portemonnee als ingang", summary="Tweede les.")
        response = self.client.get(URL, {"q": "portemonnee", "groep": "bevindingen"})
        self.assertEqual({hit.pk for hit in response.context["results"].records.hits}, {self.record.pk, linked.pk})
        self.assertNotContains(response, "/onderzoek/")

    def test_reindexed_metadata_is_found(self):
        link(self.factsheet, themes=[self.poverty])
        self.assertIn("factsheet-zoetermeer",
                      [hit.product.slug for hit in public_search.search("armoede").products.hits])
