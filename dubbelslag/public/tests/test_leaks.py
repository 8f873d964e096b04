"""Nothing unpublished reaches the public site.

Next to the published knowledge base, the setup CREATES everything that could leak, each with a word of its own:
a draft, a product in review, a withdrawn product, a superseded version of a withdrawn product, a new draft of a
published product with a review comment, a validated programme-level record, an experiment-level record, a draft
record, a record that was published and then unpublished again while a published product cites it, a private
experiment linked to published content, and the research material behind a published record. Then every public
page, the search, the feed and the sitemap are read, anonymously and signed in, and only the published may appear.
"""

from xml.etree import ElementTree

from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse

from dubbelslag.areas.models import Area
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Theme
from dubbelslag.public import search as public_search
from dubbelslag.public.selectors import facets
from dubbelslag.publications.enums import VersionStatus
from dubbelslag.publications.models import ReviewComment
from dubbelslag.research.enums import Confidentiality, RecordStatus
from dubbelslag.research.models import HarvestRecord
from dubbelslag.research.search import search as research_search
from dubbelslag.research.services.search_index import index_record
from testing.base import make_area, make_experiment
from testing.factories.publications import make_product, make_version
from testing.public import KnowledgeBaseTestCase, link, record

SITE = "https://kennis.example"
# Every piece of unpublished content carries one of these words; none may ever reach a public page.
SECRETS = ["Xylofoon", "Quokka", "Narwal", "Okapi", "Tapir", "Lemur", "Pangolin", "Axolotl", "Dodo", "Wombat",
           "Capybara", "Quetzal", "Jansen", "betalingsachterstand"]
# In every product body and record summary, published or not: searching it must find exactly the published.
SHARED = "Gedeeldwoord"


@override_settings(SITE_URL=SITE + "/")
class LeakTests(KnowledgeBaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        programme = cls.programme
        werk = Theme.objects.get(slug="werk")
        k01 = Koppelkans.objects.get(code="K01")
        amsterdam = make_area("GM0363", "Amsterdam")
        cls.secret_question = KnowledgeQuestion.objects.create(programme=programme, title="Quetzalvraag?")
        # A public experiment that only unpublished content points at, and the private experiment.
        cls.village = make_experiment(programme=programme, gemeente=cls.zoetermeer, title="Dorpsexperiment",
                                      is_public=True, neighbourhood_type="village")
        cls.other_experiment.title = "Capybara in Palenstein"
        cls.other_experiment.neighbourhood_type = "prewar"
        cls.other_experiment.save()
        leaky = {"themes": [werk], "koppelkansen": [k01], "knowledge_questions": [cls.secret_question],
                 "experiments": [cls.village, cls.experiment], "areas": [amsterdam]}

        # Records that are not published.
        cls.hidden_records = [
            record(programme=programme, title="Pangolin programmabreed", summary=f"Pangolin {SHARED}",
                   status=RecordStatus.VALIDATED, confidentiality=Confidentiality.PROGRAMME,
                   experiments=[cls.experiment], themes=[werk]),
            record(programme=programme, title="Axolotl binnen het experiment", summary=f"Axolotl {SHARED}",
                   status=RecordStatus.VALIDATED, confidentiality=Confidentiality.EXPERIMENT,
                   experiments=[cls.experiment], themes=[werk]),
            record(programme=programme, title="Dodo concept", summary=f"Dodo {SHARED}", status=RecordStatus.DRAFT,
                   confidentiality=Confidentiality.PUBLIC, experiments=[cls.experiment], themes=[werk]),
        ]
        # Published, cited by a published product, then unpublished again.
        cls.wombat = record(programme=programme, title="Wombat teruggetrokken", summary=f"Wombat {SHARED}",
                            experiments=[cls.experiment], themes=[werk])
        cls.citing = make_product(programme, slug="met-bronnen", title="Met twee bronnen",
                                  body=f"Een tekst met bronnen. {SHARED}", records=[cls.record, cls.wombat])
        cls.wombat.status = RecordStatus.VALIDATED
        cls.wombat.save()
        index_record(cls.wombat)
        cls.hidden_records.append(cls.wombat)
        # The shared word in the published record and products too.
        cls.record.summary += f" {SHARED}"
        cls.record.save()
        index_record(cls.record)
        # The private experiment on published content.
        # (Its question carries a word of its own, checked in test_private_experiment_question_is_not_named.)
        cls.private_question = KnowledgeQuestion.objects.create(programme=programme, experiment=cls.other_experiment,
                                                                title="Kiwivraag van het besloten experiment?")
        link(cls.product, experiments=[cls.experiment, cls.other_experiment],
             knowledge_questions=[cls.question, cls.private_question])
        cls.record.experiments.add(cls.other_experiment)
        for product in (cls.product, cls.factsheet):
            section = product.published_version.sections.first()
            section.body_nl += f" {SHARED}"
            section.save()
            link(product)

        # Products that are not published.
        cls.draft = link(make_product(programme, slug="concept-xylofoon", status=VersionStatus.DRAFT,
                                      title="Xylofoon concept", body=f"Xylofoon {SHARED}", records=[cls.wombat]),
                         **leaky)
        cls.in_review = link(make_product(programme, slug="review-quokka", status=VersionStatus.IN_REVIEW,
                                          title="Quokka in review", body=f"Quokka {SHARED}"), **leaky)
        cls.withdrawn = link(make_product(programme, slug="offline-narwal", status=VersionStatus.WITHDRAWN,
                                          title="Narwal offline", body=f"Narwal {SHARED}"), **leaky)
        cls.gone = make_product(programme, slug="weg-okapi", status=VersionStatus.SUPERSEDED, title="Okapi eerst",
                                body=f"Okapi {SHARED}")
        link(cls.gone, **leaky)
        make_version(cls.gone, number=2, status=VersionStatus.WITHDRAWN, title="Okapi daarna",
                     body=f"Okapi twee {SHARED}")
        # A published product with an earlier published version (public) and a new draft (not public).
        cls.revised = make_product(programme, slug="herzien", status=VersionStatus.SUPERSEDED,
                                   title="Ibis eerste versie", body=f"Ibis {SHARED}")
        second = make_version(cls.revised, number=2, status=VersionStatus.PUBLISHED, title="Ibis tweede versie",
                              body=f"Ibis twee {SHARED}")
        cls.revised.published_version = second
        cls.revised.first_published_at = cls.revised.versions.get(number=1).published_at
        cls.revised.save()
        link(cls.revised)
        cls.open_version = make_version(cls.revised, number=3, status=VersionStatus.DRAFT, title="Tapir derde",
                                        body=f"Tapir {SHARED}", records=[cls.hidden_records[0]])
        for name, values in leaky.items():
            getattr(cls.open_version, name).set(values)
        ReviewComment.objects.create(version=second, author=cls.coordinator, text="Lemur: klopt dit cijfer?")
        ReviewComment.objects.create(version=cls.open_version, author=cls.coordinator, text="Lemur twee")

        cls.published_slugs = {"huiskamer-pendrecht", "factsheet-zoetermeer", "met-bronnen", "herzien"}

    # --- helpers ---------------------------------------------------------------------------------------------

    def public_urls(self) -> list[str]:
        """Every public page, with the filters and searches a visitor could use."""
        urls = [reverse(name) for name in ("public:home", "public:product-list", "public:record-list",
                                           "public:experiment-list", "public:search", "public:feed",
                                           "public:sitemap", "public:accessibility", "public:privacy",
                                           "programme:home")]
        urls += [reverse("public:product-detail", args=[slug]) for slug in self.published_slugs]
        urls.append(reverse("public:product-version", args=["herzien", 1]))
        urls += [reverse("public:record-detail", args=[pk])
                 for pk in HarvestRecord.objects.published().values_list("pk", flat=True)]
        urls += [reverse("public:experiment-detail", args=[pk]) for pk in (self.experiment.pk, self.village.pk)]
        product_list = reverse("public:product-list")
        urls += [f"{product_list}?{query}" for query in (
            "thema=werk", "koppelkans=K01", f"kennisvraag={self.secret_question.pk}", "wijktype=village",
            "wijktype=prewar", "gemeente=GM0363", "type=best_practice")]
        urls += [f"{reverse('public:record-list')}?thema=werk"]
        search = reverse("public:search")
        # Searching a secret word echoes it in the search box; test_search_finds_only_the_published covers those.
        urls += [f"{search}?q={word}" for word in (SHARED, "huiskamer", "Pendrecht", "Palenstein")]
        urls += [f"{search}?q={SHARED}&groep={group}" for group in ("producten", "bevindingen")]
        return urls

    def assert_no_secrets(self, user=None):
        if user:
            self.login(user)
        for url in self.public_urls():
            with self.subTest(url=url, user=str(user)):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                content = response.content.decode()
                for word in SECRETS:
                    self.assertNotIn(word.lower(), content.lower(), f"{word} leaked on {url}")

    # --- the pages ---------------------------------------------------------------------------------------------

    def test_no_page_shows_unpublished_content_to_anyone(self):
        self.assert_no_secrets()
        for user in (self.coordinator, self.editor, self.reader):
            self.assert_no_secrets(user)

    def test_the_english_pages_too(self):
        self.client.cookies["django_language"] = "en"
        self.assert_no_secrets()

    def test_unpublished_things_are_404(self):
        for slug in ("concept-xylofoon", "review-quokka", "offline-narwal", "weg-okapi"):
            with self.subTest(slug):
                self.assertEqual(self.client.get(reverse("public:product-detail", args=[slug])).status_code, 404)
                for number in (1, 2):
                    url = reverse("public:product-version", args=[slug, number])
                    self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.get(reverse("public:product-pdf", args=[slug])).status_code, 404)
        self.assertEqual(self.client.get(reverse("public:product-version", args=["herzien", 3])).status_code, 404)
        for hidden in self.hidden_records:
            with self.subTest(hidden.title):
                url = reverse("public:record-detail", args=[hidden.pk])
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("public:experiment-detail", args=[self.other_experiment.pk])).status_code, 404)
        # Signed in makes no difference on the public site.
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("public:product-detail", args=["concept-xylofoon"])).status_code,
                         404)

    def test_unpublished_again_citation_shows_as_unavailable(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:product-detail", args=["met-bronnen"]))
        self.assertContains(response, "Begin bij de portemonnee")
        self.assertContains(response, "Source not available.")
        self.assertNotContains(response, reverse("public:record-detail", args=[self.wombat.pk]))
        self.assertNotContains(response, reverse("research:record-detail", args=[self.wombat.pk]))

    def test_lists_hold_exactly_the_published(self):
        response = self.client.get(reverse("public:product-list"))
        self.assertEqual({p.slug for p in response.context["page"].object_list}, self.published_slugs)
        response = self.client.get(reverse("public:record-list"))
        self.assertEqual({r.pk for r in response.context["page"].object_list}, {self.record.pk})
        response = self.client.get(reverse("public:experiment-list"))
        self.assertEqual({e.pk for e in response.context["experiments"]}, {self.experiment.pk, self.village.pk})
        counts = {e.pk: (e.product_count, e.record_count) for e in response.context["experiments"]}
        self.assertEqual(counts, {self.experiment.pk: (1, 1), self.village.pk: (0, 0)})
        response = self.client.get(reverse("public:experiment-detail", args=[self.village.pk]))
        self.assertEqual((response.context["products"], response.context["records"]), ([], []))
        response = self.client.get(reverse("public:record-detail", args=[self.record.pk]))
        self.assertEqual({p.slug for p in response.context["products"]}, {"huiskamer-pendrecht", "met-bronnen"})

    def test_facets_count_only_published_products(self):
        values = {facet.name: {option.value for option in facet.options} for facet in facets()}
        self.assertNotIn("werk", values["thema"])
        self.assertNotIn("K01", values["koppelkans"])
        self.assertEqual(values["kennisvraag"], {str(self.question.pk)})
        self.assertEqual(values["wijktype"], {"postwar"})  # not the village of the drafts, not the private prewar
        self.assertNotIn("GM0363", values["gemeente"])
        self.assertEqual(sum(option.count for facet in facets() if facet.name == "type" for option in facet.options),
                         4)
        # A filter on what only drafts have is not understood (the question) or finds nothing.
        response = self.client.get(reverse("public:product-list"), {"kennisvraag": self.secret_question.pk})
        self.assertEqual(response.context["listing"].filters.kennisvraag, None)
        for params in ({"thema": "werk"}, {"koppelkans": "K01"}, {"wijktype": "village"}, {"wijktype": "prewar"}):
            response = self.client.get(reverse("public:product-list"), params)
            self.assertEqual(list(response.context["page"].object_list), [], params)

    # --- search, feed, sitemap ---------------------------------------------------------------------------------

    def test_search_finds_only_the_published(self):
        results = public_search.search(SHARED, limit=50)
        self.assertEqual({hit.product.slug for hit in results.products.hits}, self.published_slugs)
        self.assertEqual({hit.pk for hit in results.records.hits}, {self.record.pk})
        for word in SECRETS:
            if word == "Capybara":
                continue  # test_private_experiment_title_is_not_searchable
            with self.subTest(word):
                results = public_search.search(word)
                self.assertEqual((results.products.hits, results.records.hits), ([], []))
        # The hidden records are in research's index: the team finds them, the public search does not.
        self.assertTrue(research_search(self.coordinator, "Pangolin").hits)
        self.assertFalse(research_search(AnonymousUser(), "Pangolin").hits)

    def test_private_experiment_title_is_not_searchable(self):
        # Needs publications.services.search_index.version_text to index public experiments' titles only.
        results = public_search.search("Capybara")
        self.assertEqual((results.products.hits, results.records.hits), ([], []))

    def test_private_experiment_question_is_not_named(self):
        values = {facet.name: {option.label for option in facet.options} for facet in facets()}
        self.assertNotIn("Kiwivraag van het besloten experiment?", values["kennisvraag"])
        response = self.client.get(reverse("public:product-list"), {"kennisvraag": self.private_question.pk})
        self.assertEqual(response.context["listing"].filters.kennisvraag, None)
        # Also the product page (its metadata block comes from publications.rendering).
        for url in (reverse("public:product-detail", args=["huiskamer-pendrecht"]), reverse("public:home")):
            self.assertNotContains(self.client.get(url), "Kiwivraag")

    def test_a_stale_index_row_is_not_shown(self):
        # Even if the index still held a row of a product that is no longer published, the search does not show it.
        from dubbelslag.publications.models import ProductSearchEntry

        ProductSearchEntry.objects.create(product=self.withdrawn, title="Narwal", body=f"Narwal {SHARED}",
                                          published_at=self.product.published_version.published_at)
        self.assertEqual(public_search.search("Narwal").products.hits, [])
        self.assertNotIn("offline-narwal",
                         {hit.product.slug for hit in public_search.search(SHARED, limit=50).products.hits})

    def test_feed_has_exactly_the_published_versions(self):
        root = ElementTree.fromstring(self.client.get(reverse("public:feed")).content)
        ids = {entry.findtext("{http://www.w3.org/2005/Atom}id")
               for entry in root.findall("{http://www.w3.org/2005/Atom}entry")}
        expected = {f"{SITE}/kennisbank/producten/{slug}/versie/1/" for slug in self.published_slugs}
        expected.add(f"{SITE}/kennisbank/producten/herzien/versie/2/")
        self.assertEqual(ids, expected)

    def test_sitemap_has_exactly_the_public_pages(self):
        root = ElementTree.fromstring(self.client.get(reverse("public:sitemap")).content)
        locations = {url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
                     for url in root.findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")}
        paths = {location.removeprefix(SITE) for location in locations}

        def under(prefix):
            return {path for path in paths if path.startswith(prefix) and path != prefix}

        self.assertEqual(under("/kennisbank/producten/"),
                         {f"/kennisbank/producten/{slug}/" for slug in self.published_slugs}
                         | {"/kennisbank/producten/herzien/versie/1/"})
        self.assertEqual(under("/kennisbank/bevindingen/"), {f"/kennisbank/bevindingen/{self.record.pk}/"})
        self.assertEqual(under("/kennisbank/experimenten/"), {f"/kennisbank/experimenten/{self.experiment.pk}/",
                                                               f"/kennisbank/experimenten/{self.village.pk}/"})
        areas = under("/gebieden/")
        self.assertEqual(areas, {"/gebieden/GM0599/?jaar=2025", "/gebieden/WK059915/?jaar=2025",
                                 "/gebieden/GM0637/?jaar=2025"})
        self.assertFalse(Area.objects.filter(code="GM0363", focus_of_experiments__isnull=False).exists())
