"""The public knowledge base's pages: what each shows, the filters and their counts, bad parameters, the query
counts of the lists, and the links a signed-in member gets on top."""

import json
import re
from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.publications.enums import ProductType, VersionStatus
from dubbelslag.publications.models import KnowledgeProduct
from dubbelslag.research.enums import RecordStatus
from testing.base import make_area, make_experiment
from testing.factories.publications import make_product, make_version
from testing.public import KnowledgeBaseTestCase, link, record


def slugs(response) -> list[str]:
    return [product.slug for product in response.context["page"].object_list]


class HomeTests(KnowledgeBaseTestCase):
    url = reverse("public:home")

    def test_shows_latest_products_search_and_browse_entry_points(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        self.assertContains(response, "<h1", count=1)
        self.assertContains(response, "Dubbelslag knowledge base")
        self.assertEqual([p.slug for p in response.context["latest"]], ["factsheet-zoetermeer", "huiskamer-pendrecht"])
        self.assertContains(response, reverse("public:product-detail", args=["huiskamer-pendrecht"]))
        self.assertContains(response, 'role="search"')
        self.assertContains(response, '<label for="home-q">')
        product_list = reverse("public:product-list")
        for query in ("thema=armoede-schulden", "thema=ontmoeting-eenzaamheid", "koppelkans=K08",
                      f"kennisvraag={self.question.pk}", "wijktype=postwar", "gemeente=GM0599", "gemeente=GM0637",
                      "type=best_practice", "type=factsheet"):
            self.assertContains(response, f'href="{product_list}?{query}"')
        self.assertContains(response, "Standing knowledge questions")
        self.assertEqual((response.context["total"], response.context["record_total"],
                          response.context["experiment_total"]), (2, 1, 1))

    def test_query_count_does_not_grow_with_the_products(self):
        with CaptureQueriesContext(connection) as two:
            self.client.get(self.url)
        for number in range(4):
            link(make_product(self.programme, slug=f"extra-{number}", title=f"Extra {number}"),
                 themes=[self.poverty, self.meeting], koppelkansen=[self.k08], experiments=[self.experiment],
                 areas=[self.charlois, self.palenstein], knowledge_questions=[self.question])
        with self.assertNumQueries(len(two.captured_queries)):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["latest"]), 5)

    def test_empty_knowledge_base(self):
        KnowledgeProduct.objects.update(published_version=None)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        self.assertContains(response, "No knowledge products have been published yet.")
        self.assertNotContains(response, "Huiskamer aardgasvrij")

    def test_post_is_not_allowed(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)


class ProductListTests(KnowledgeBaseTestCase):
    url = reverse("public:product-list")

    def facet(self, response, name) -> dict[str, int]:
        facet = next(facet for facet in response.context["listing"].facets if facet.name == name)
        return {option.value: option.count for option in facet.options}

    def test_lists_published_products_with_counts(self):
        response = self.client.get(self.url)
        self.assertEqual(slugs(response), ["factsheet-zoetermeer", "huiskamer-pendrecht"])
        self.assertEqual(self.facet(response, "thema"), {"armoede-schulden": 1, "ontmoeting-eenzaamheid": 1})
        self.assertEqual(self.facet(response, "koppelkans"), {"K08": 1})
        self.assertEqual(self.facet(response, "kennisvraag"), {str(self.question.pk): 1})
        self.assertEqual(self.facet(response, "wijktype"), {"postwar": 1})
        self.assertEqual(self.facet(response, "gemeente"), {"GM0599": 1, "GM0637": 1})
        self.assertEqual(self.facet(response, "type"), {"best_practice": 1, "factsheet": 1})
        self.assertContains(response, '<label for="filter-thema">')
        self.assertContains(response, "Huiskamer aardgasvrij in Pendrecht")

    def test_each_filter(self):
        cases = {
            "thema": ("armoede-schulden", ["huiskamer-pendrecht"]),
            "koppelkans": ("k08", ["huiskamer-pendrecht"]),  # codes are case-insensitive
            "kennisvraag": (str(self.question.pk), ["huiskamer-pendrecht"]),
            "wijktype": ("postwar", ["huiskamer-pendrecht"]),
            "gemeente": ("GM0637", ["factsheet-zoetermeer"]),  # via the wijk WK063703
            "type": ("factsheet", ["factsheet-zoetermeer"]),
        }
        for name, (value, expected) in cases.items():
            with self.subTest(name):
                response = self.client.get(self.url, {name: value})
                self.assertEqual(slugs(response), expected)
                self.assertEqual(response.context["listing"].filters.ignored, [])

    def test_gemeente_through_a_public_experiment(self):
        # No area on the product: the public experiment's gemeente counts.
        self.product.published_version.areas.clear()
        response = self.client.get(self.url, {"gemeente": "GM0599"})
        self.assertEqual(slugs(response), ["huiskamer-pendrecht"])

    def test_a_private_experiment_does_not_count_for_wijktype_or_gemeente(self):
        self.experiment.is_public = False
        self.experiment.save()
        self.product.published_version.areas.clear()
        response = self.client.get(self.url)
        self.assertEqual(self.facet(response, "wijktype"), {})
        self.assertNotIn("GM0599", self.facet(response, "gemeente"))
        self.assertEqual(slugs(self.client.get(self.url, {"wijktype": "postwar"})), [])

    def test_filters_combine_and_counts_keep_other_values_choosable(self):
        response = self.client.get(self.url, {"thema": "armoede-schulden", "type": "best_practice"})
        self.assertEqual(slugs(response), ["huiskamer-pendrecht"])
        # The theme facet counts with the type filter only: the other theme is not a best practice.
        self.assertEqual(self.facet(response, "thema"), {"armoede-schulden": 1})
        # The type facet counts with the theme filter only.
        self.assertEqual(self.facet(response, "type"), {"best_practice": 1})
        response = self.client.get(self.url, {"thema": "armoede-schulden"})
        self.assertEqual(self.facet(response, "thema"), {"armoede-schulden": 1, "ontmoeting-eenzaamheid": 1})
        response = self.client.get(self.url, {"thema": "armoede-schulden", "type": "factsheet"})
        self.assertEqual(slugs(response), [])
        self.assertEqual(self.facet(response, "type"), {"best_practice": 1, "factsheet": 0})
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url, {"thema": "armoede-schulden", "type": "factsheet"})
        self.assertContains(response, "No knowledge product fits all these choices.")

    def test_bad_parameters_fall_back_with_a_notice(self):
        self.client.cookies["django_language"] = "en"
        for params in ({"thema": "nonsense"}, {"koppelkans": "K99"}, {"kennisvraag": "abc"},
                       {"kennisvraag": "99999999999999999999"}, {"kennisvraag": "²"}, {"wijktype": "castle"},
                       {"gemeente": "<script>"}, {"gemeente": "GM9999"}, {"type": "novel"}, {"thema": "x" * 5000}):
            with self.subTest(params):
                response = self.client.get(self.url, params)
                self.assertEqual(slugs(response), ["factsheet-zoetermeer", "huiskamer-pendrecht"])
                self.assertEqual(len(response.context["listing"].filters.ignored), 1)
                self.assertContains(response, "We did not understand this filter and left it out")
                self.assertNotContains(response, "<script>")
        response = self.client.get(self.url, {"page": "abc"})
        self.assertEqual(len(slugs(response)), 2)

    def test_a_question_only_a_draft_answers_is_not_a_filter(self):
        draft = make_product(self.programme, slug="concept", status=VersionStatus.DRAFT)
        hidden = KnowledgeQuestion.objects.create(programme=self.programme, title="Interne vraag")
        link(draft, knowledge_questions=[hidden])
        response = self.client.get(self.url, {"kennisvraag": hidden.pk})
        self.assertEqual(response.context["listing"].filters.kennisvraag, None)
        self.assertEqual(len(response.context["listing"].filters.ignored), 1)
        self.assertNotContains(response, "Interne vraag")

    def test_pagination(self):
        for number in range(25):
            make_product(self.programme, slug=f"product-{number:02d}", title=f"Product {number}")
        first = self.client.get(self.url)
        self.assertEqual(len(slugs(first)), 20)
        second = self.client.get(self.url, {"page": 2})
        self.assertEqual(len(slugs(second)), 7)
        self.assertEqual(set(slugs(first)) & set(slugs(second)), set())
        self.assertContains(first, "page=2")

    def test_query_count_does_not_grow_with_the_products(self):
        def make(number):
            product = make_product(self.programme, slug=f"extra-{number}", title=f"Extra {number}")
            link(product, themes=[self.poverty, self.meeting], koppelkansen=[self.k08],
                 experiments=[self.experiment], areas=[self.charlois], knowledge_questions=[self.question])

        make(1)
        params = {"thema": "armoede-schulden", "gemeente": "GM0599"}
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.url, params)
        make(2)
        make(3)
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(self.url, params)
        self.assertEqual(len(slugs(response)), 4)
        with CaptureQueriesContext(connection) as plain:
            self.client.get(self.url)
        make(4)
        with self.assertNumQueries(len(plain.captured_queries)):
            self.client.get(self.url)


class ProductDetailTests(KnowledgeBaseTestCase):
    url = reverse("public:product-detail", args=["huiskamer-pendrecht"])

    def test_shows_the_published_version_with_its_metadata(self):
        response = self.client.get(self.url)
        html = response.content.decode()
        self.assertEqual(html.count("<h1"), 1)
        self.assertContains(response, "Huiskamer aardgasvrij in Pendrecht")
        self.assertContains(response, "De huiskamer combineert het warmtenet met schuldhulpverlening.")
        # The citation leads to the public record page.
        self.assertContains(response, 'href="#bron-1"')
        self.assertContains(response, reverse("public:record-detail", args=[self.record.pk]))
        self.assertContains(response, "Begin bij de portemonnee")
        # Dublin Core and JSON-LD in the head.
        head = html[:html.index("</head>")]
        self.assertIn('<meta name="DC.title" content="Huiskamer aardgasvrij in Pendrecht">', head)
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
        self.assertEqual(data["name"], "Huiskamer aardgasvrij in Pendrecht")
        self.assertEqual(data["license"], "https://creativecommons.org/licenses/by/4.0/")
        # Licence, links to the experiment and the area pages.
        self.assertContains(response, 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"')
        self.assertContains(response, reverse("public:experiment-detail", args=[self.experiment.pk]))
        self.assertContains(response, reverse("atlas:area-detail", args=["WK059915"]) + "?jaar=2025")
        self.assertContains(response, reverse("public:product-list") + "?thema=armoede-schulden")
        pdf = reverse("public:product-pdf", args=["huiskamer-pendrecht"])
        self.assertContains(response, f'href="{pdf}"')

    @override_settings(SITE_URL="https://kennis.example/")
    def test_version_line_and_how_to_cite(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        version = self.product.published_version
        published = timezone.localtime(version.published_at)
        self.assertContains(response, f"Version 1, published <time datetime=\"{published:%Y-%m-%d}\">")
        # The metadata name the day the page shows, in the site's time zone.
        self.assertContains(response, f'<meta name="DCTERMS.issued" content="{published:%Y-%m-%d}">')
        self.assertContains(response, f'"datePublished": "{published:%Y-%m-%d}"')
        self.assertContains(response, "How to cite")
        self.assertContains(response, f"A. Auteur (Platform31) ({version.published_at:%Y}). <cite>")
        self.assertContains(response, "https://kennis.example/kennisbank/producten/huiskamer-pendrecht/")
        self.assertNotContains(response, "This knowledge product is only available in Dutch.")
        self.assertContains(response, "Living room gas-free in Pendrecht")

    def test_language_note_when_english_is_missing(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:product-detail", args=["factsheet-zoetermeer"]))
        self.assertContains(response, "This knowledge product is only available in Dutch.")
        self.assertContains(response, '<h1 id="product-title" lang="nl">Factsheet Palenstein</h1>', html=False)

    def test_private_experiment_is_not_named(self):
        link(self.product, experiments=[self.experiment, self.other_experiment])
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        self.assertNotContains(response, self.other_experiment.title)
        self.assertContains(response, "an experiment in the programme")

    def test_editorial_link_for_the_programme_team_only(self):
        editorial = reverse("publications:product-detail", args=["huiskamer-pendrecht"])
        self.assertNotContains(self.client.get(self.url), f'href="{editorial}"')
        for user in (self.reader, self.editor, self.outsider):
            self.login(user)
            self.assertNotContains(self.client.get(self.url), f'href="{editorial}"')
        self.login(self.researcher)
        self.assertContains(self.client.get(self.url), f'href="{editorial}"')

    def test_not_published_is_404(self):
        make_product(self.programme, slug="concept", status=VersionStatus.DRAFT)
        make_product(self.programme, slug="in-review", status=VersionStatus.IN_REVIEW)
        make_product(self.programme, slug="offline", status=VersionStatus.WITHDRAWN)
        for slug in ("concept", "in-review", "offline", "bestaat-niet"):
            with self.subTest(slug):
                self.assertEqual(self.client.get(reverse("public:product-detail", args=[slug])).status_code, 404)


class ProductVersionTests(KnowledgeBaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        product = cls.product
        first = product.published_version
        first.status = VersionStatus.SUPERSEDED
        first.published_at = timezone.now() - timedelta(days=30)
        first.save()
        cls.second = make_version(product, number=2, status=VersionStatus.PUBLISHED, title="Huiskamer, herzien",
                                  body="Nieuwe tekst over de huiskamer.", change_note="Resultaten van 2021 erbij.")
        product.published_version = cls.second
        product.save()
        make_version(product, number=3, status=VersionStatus.DRAFT, title="Huiskamer, derde concept",
                     body="Nog niet af.")

    def test_the_product_page_shows_the_current_version_and_links_the_earlier_one(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:product-detail", args=["huiskamer-pendrecht"]))
        self.assertContains(response, "Huiskamer, herzien")
        self.assertContains(response, "Nieuwe tekst over de huiskamer.")
        self.assertContains(response, "Version 2, published")
        self.assertContains(response, reverse("public:product-version", args=["huiskamer-pendrecht", 1]))
        self.assertContains(response, "Resultaten van 2021 erbij.")
        self.assertNotContains(response, "Nog niet af.")
        self.assertNotContains(response, reverse("public:product-version", args=["huiskamer-pendrecht", 3]))

    def test_an_earlier_version_is_marked_as_not_current(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:product-version", args=["huiskamer-pendrecht", 1]))
        self.assertContains(response, "This is version 1, an earlier version. It is not the current text.")
        self.assertContains(response, "De huiskamer combineert het warmtenet met schuldhulpverlening.")
        self.assertContains(response, "Read the current version (version 2)")
        self.assertNotContains(response, "Nieuwe tekst over de huiskamer.")
        pdf = reverse("public:product-pdf", args=["huiskamer-pendrecht"])
        self.assertContains(response, f'href="{pdf}?versie=1"')

    def test_the_current_number_redirects_to_the_product_page(self):
        response = self.client.get(reverse("public:product-version", args=["huiskamer-pendrecht", 2]))
        self.assertRedirects(response, reverse("public:product-detail", args=["huiskamer-pendrecht"]))

    def test_open_and_unknown_versions_are_404(self):
        for number in (3, 4, 99999999999):
            with self.subTest(number):
                response = self.client.get(reverse("public:product-version", args=["huiskamer-pendrecht", number]))
                self.assertEqual(response.status_code, 404)

    def test_a_withdrawn_product_shows_no_version(self):
        self.second.status = VersionStatus.WITHDRAWN
        self.second.save()
        KnowledgeProduct.objects.filter(pk=self.product.pk).update(published_version=None)
        for number in (1, 2):
            response = self.client.get(reverse("public:product-version", args=["huiskamer-pendrecht", number]))
            self.assertEqual(response.status_code, 404)


class RecordTests(KnowledgeBaseTestCase):
    def test_list_shows_published_records_and_filters_by_kind(self):
        insight = record(programme=self.programme, kind="insight", title="Vertrouwen groeit langzaam")
        record(programme=self.programme, title="Nog een concept", status=RecordStatus.DRAFT,
               confidentiality="experiment")
        url = reverse("public:record-list")
        response = self.client.get(url)
        self.assertEqual({r.pk for r in response.context["page"].object_list}, {self.record.pk, insight.pk})
        self.assertContains(response, "Vertrouwen groeit langzaam")
        self.assertNotContains(response, "Nog een concept")
        response = self.client.get(url, {"soort": "insight"})
        self.assertEqual([r.pk for r in response.context["page"].object_list], [insight.pk])
        response = self.client.get(url, {"thema": "armoede-schulden"})
        self.assertEqual([r.pk for r in response.context["page"].object_list], [self.record.pk])
        self.client.cookies["django_language"] = "en"
        response = self.client.get(url, {"soort": "poem", "thema": "???"})
        self.assertEqual(len(response.context["page"].object_list), 2)
        self.assertContains(response, "We did not understand this filter and left it out: kind, theme.")

    @override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)  # measure the rendering, not the anonymous page cache
    def test_list_query_count_does_not_grow(self):
        url = reverse("public:record-list")
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for number in range(3):
            record(programme=self.programme, title=f"Les {number}", themes=[self.poverty, self.meeting])
        with self.assertNumQueries(len(one.captured_queries)):
            self.client.get(url)

    def test_detail_shows_the_record_its_links_and_evidence_counts(self):
        self.client.cookies["django_language"] = "en"
        self.record.experiments.add(self.other_experiment)
        response = self.client.get(reverse("public:record-detail", args=[self.record.pk]))
        self.assertContains(response, "<h1", count=1)
        self.assertContains(response, "Begin bij de portemonnee")
        self.assertContains(response, "<strong>geldzorgen</strong>", html=False)
        self.assertContains(response, "Poverty and debts")
        self.assertContains(response, reverse("koppelkansen:koppelkans-detail", args=["K08"]))
        self.assertContains(response, reverse("public:experiment-detail", args=[self.experiment.pk]))
        self.assertNotContains(response, self.other_experiment.title)
        self.assertContains(response, "an experiment in the programme")
        self.assertContains(response, "This finding rests on 2 log entries")
        self.assertContains(response, "and 1 marked excerpt from the research material.")
        # The evidence itself is not public.
        self.assertNotContains(response, "Jansen")
        self.assertNotContains(response, "betalingsachterstand")
        # The products citing it.
        self.assertContains(response, reverse("public:product-detail", args=["huiskamer-pendrecht"]))
        self.assertNotContains(response, reverse("research:record-detail", args=[self.record.pk]))

    def test_a_member_who_may_read_the_record_gets_the_evidence_link(self):
        internal = reverse("research:record-detail", args=[self.record.pk])
        for user in (self.coordinator, self.editor, self.reader):
            self.login(user)
            self.assertContains(self.client.get(reverse("public:record-detail", args=[self.record.pk])),
                                f'href="{internal}#evidence"')

    def test_unpublished_records_are_404(self):
        validated = record(programme=self.programme, title="Gevalideerd", status=RecordStatus.VALIDATED,
                           confidentiality="public")
        draft = record(programme=self.programme, title="Concept", status=RecordStatus.DRAFT)
        for pk in (validated.pk, draft.pk, 999999, 99999999999999999999):
            with self.subTest(pk):
                self.assertEqual(self.client.get(f"/kennisbank/bevindingen/{pk}/").status_code, 404)


class ExperimentTests(KnowledgeBaseTestCase):
    def test_list_shows_public_experiments_only(self):
        response = self.client.get(reverse("public:experiment-list"))
        self.assertEqual([e.pk for e in response.context["experiments"]], [self.experiment.pk])
        self.assertNotContains(response, self.other_experiment.title)
        self.assertContains(response, "<caption")
        self.assertContains(response, 'scope="col"')
        experiment = response.context["experiments"][0]
        self.assertEqual((experiment.product_count, experiment.record_count), (1, 1))

    @override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)  # measure the rendering, not the anonymous page cache
    def test_list_query_count_does_not_grow(self):
        url = reverse("public:experiment-list")
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for number in range(3):
            experiment = make_experiment(programme=self.programme, gemeente=self.zoetermeer, is_public=True,
                                         title=f"Experiment {number}")
            experiment.themes.set([self.poverty])
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["experiments"]), 4)

    def test_detail_shows_what_the_experiment_published(self):
        self.client.cookies["django_language"] = "en"
        self.experiment.themes.set([self.poverty])
        make_product(self.programme, slug="concept", status=VersionStatus.DRAFT, title="Concept over de huiskamer")
        response = self.client.get(reverse("public:experiment-detail", args=[self.experiment.pk]))
        self.assertContains(response, "<h1", count=1)
        self.assertContains(response, "Huiskamer Aardgasvrij")
        self.assertContains(response, "Een huiskamer als energieloket.")
        self.assertContains(response, "<strong>warmtenet</strong>", html=False)
        self.assertContains(response, f'{reverse("atlas:area-detail", args=["GM0599"])}?jaar=2025')
        self.assertContains(response, f'{reverse("atlas:area-detail", args=["WK059915"])}?jaar=2025')
        self.assertContains(response, "Post-war neighbourhood (1945–1975)")
        self.assertContains(response, "Exploring")
        self.assertContains(response, "Poverty and debts")
        self.assertContains(response, reverse("koppelkansen:koppelkans-detail", args=["K08"]))
        self.assertNotContains(response, "Interne notitie")
        self.assertEqual([p.slug for p in response.context["products"]], ["huiskamer-pendrecht"])
        self.assertEqual([r.pk for r in response.context["records"]], [self.record.pk])
        self.assertNotContains(response, "Concept over de huiskamer")

    def test_focus_area_of_another_boundary_year(self):
        old = make_area("WK059901", "Oud-Charlois", year=2021)
        self.experiment.focus_areas.add(old)
        response = self.client.get(reverse("public:experiment-detail", args=[self.experiment.pk]))
        self.assertContains(response, f'{reverse("atlas:area-detail", args=["WK059901"])}?jaar=2021')

    def test_private_experiment_is_404(self):
        for pk in (self.other_experiment.pk, 999999):
            self.assertEqual(self.client.get(reverse("public:experiment-detail", args=[pk])).status_code, 404)


class StatementTests(KnowledgeBaseTestCase):
    def test_accessibility_statement(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:accessibility"))
        self.assertContains(response, "<h1", count=1)
        for text in ("EN 301 549", "WCAG 2.1", "axe-core", "Known limitations", "mailto:", "partly meets",
                     "This statement was last checked on"):
            self.assertContains(response, text)

    def test_privacy_statement(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:privacy"))
        self.assertContains(response, "<h1", count=1)
        for text in ("No names or addresses of residents", "Small numbers are hidden", "tracking cookies",
                     "language cookie", "session cookie", "Statistics Netherlands (CBS)", "mailto:"):
            self.assertContains(response, text)


class ProgrammeHomeBlockTests(KnowledgeBaseTestCase):
    def test_latest_three_products_and_a_link(self):
        for number in range(3):
            make_product(self.programme, slug=f"nieuw-{number}", title=f"Nieuw product {number}",
                         product_type=ProductType.INSPIRATION)
        make_product(self.programme, slug="concept", status=VersionStatus.DRAFT, title="Geheim concept")
        response = self.client.get(reverse("programme:home"))
        for number in range(3):
            self.assertContains(response, reverse("public:product-detail", args=[f"nieuw-{number}"]))
        self.assertNotContains(response, reverse("public:product-detail", args=["huiskamer-pendrecht"]))
        self.assertNotContains(response, "Geheim concept")
        self.assertContains(response, f'href="{reverse("public:home")}"')
