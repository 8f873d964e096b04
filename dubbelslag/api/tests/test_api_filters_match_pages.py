"""A list page and its API filter alike: the same query on /kennisbank/producten/ and /api/v1/products (and on
/kennisbank/bevindingen/ and /api/v1/records) finds exactly the same items, for every shared filter and for values
whose answers differ: a parent theme and its sub-themes, several gemeenten, published versus unpublished versus
confidential items, public versus private experiments."""

import re

from django.urls import reverse

from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.programme.models import Theme
from dubbelslag.public.filters import PRODUCT_FILTERS, RECORD_FILTERS
from dubbelslag.publications.enums import ProductType, VersionStatus
from dubbelslag.research.models import HarvestRecord
from testing.base import BaseTestCase, make_area, make_experiment
from testing.factories.labs import make_question
from testing.factories.publications import make_product, make_record

PRODUCT_LINK = re.compile(r'href="/kennisbank/producten/([-a-z0-9]+)/"')
RECORD_LINK = re.compile(r'href="/kennisbank/bevindingen/(\d+)/"')


class FiltersMatchPagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        programme = cls.programme
        cls.experiment.is_public, cls.experiment.neighbourhood_type = True, "postwar"
        cls.experiment.save()  # in Rotterdam
        cls.other_experiment.is_public, cls.other_experiment.neighbourhood_type = True, "prewar"
        cls.other_experiment.save()  # in Zoetermeer
        cls.delft = make_area("GM0503", "Delft")
        cls.private = make_experiment(programme=programme, gemeente=cls.delft, title="Besloten proef",
                                      is_public=False, neighbourhood_type="postwar")
        theme = Theme.objects.get
        cls.poverty, cls.work, cls.parent = theme(slug="armoede-schulden"), theme(slug="werk"), theme(
            slug="koppelthemas")
        k01, k02 = Koppelkans.objects.get(code="K01"), Koppelkans.objects.get(code="K02")

        cls.wide_question = make_question(programme=programme, title="Hoe betalen bewoners niet mee?")
        cls.public_question = make_question(programme=programme, title="Wat werkt in Pendrecht?",
                                            experiment=cls.experiment)
        cls.private_question = make_question(programme=programme, title="Besloten vraag", experiment=cls.private)

        def product(slug, *, themes=(), koppelkansen=(), areas=(), experiments=(), status=VersionStatus.PUBLISHED,
                    questions=(), **fields):
            made = make_product(programme, slug=slug, status=status, **fields)
            version = made.versions.get()
            version.knowledge_questions.set(questions)
            version.themes.set(themes)
            version.koppelkansen.set(koppelkansen)
            version.areas.set(areas)
            version.experiments.set(experiments)
            return made

        product("armoede-pendrecht", themes=[cls.poverty], koppelkansen=[k01], areas=[cls.pendrecht],
                experiments=[cls.experiment], questions=[cls.public_question, cls.wide_question],
                body="Een huiskamer tegen schulden.")
        product("werk-zoetermeer", themes=[cls.work], koppelkansen=[k02], experiments=[cls.other_experiment],
                questions=[cls.wide_question],
                product_type=ProductType.FACTSHEET, title="Werk in Palenstein", body="Scholing in de buurt.")
        product("koppelthemas-algemeen", themes=[cls.parent], koppelkansen=[k01, k02], areas=[cls.palenstein],
                product_type=ProductType.GUIDE, body="Een handreiking voor de huiskamer.")
        # Only a private experiment ties this one to Delft: it must not be found for Delft.
        product("besloten-delft", themes=[cls.work], experiments=[cls.private], questions=[cls.private_question],
                body="Huiskamer in Delft.")
        # Unpublished, matching every filter: never found.
        for slug, status in (("concept-armoede", VersionStatus.DRAFT), ("review-armoede", VersionStatus.IN_REVIEW),
                             ("ingetrokken-armoede", VersionStatus.WITHDRAWN)):
            product(slug, status=status, themes=[cls.poverty, cls.parent], koppelkansen=[k01, k02],
                    areas=[cls.pendrecht, cls.palenstein], experiments=[cls.experiment], body="Huiskamer schulden.",
                    questions=[cls.public_question, cls.wide_question, cls.private_question])

        def record(title, **links):
            return make_record(programme=programme, title=title, **links)

        cls.lesson = record("Schulden eerst", kind="lesson", themes=[cls.poverty], koppelkansen=[k01],
                            experiments=[cls.experiment])
        cls.solution = record("Werk via de huiskamer", kind="solution", themes=[cls.work], koppelkansen=[k02],
                              experiments=[cls.other_experiment, cls.private])
        cls.insight = record("Koppelen loont", kind="insight", themes=[cls.parent], experiments=[cls.private])
        HarvestRecord.objects.filter(pk=cls.insight.pk).update(evidence_level="substantiated")
        for title, status, confidentiality in (("Concept schulden", "draft", "experiment"),
                                               ("Vertrouwelijk schulden", "validated", "programme")):
            record(title, kind="lesson", status=status, confidentiality=confidentiality,
                   themes=[cls.poverty, cls.parent], koppelkansen=[k01, k02], experiments=[cls.experiment])

    def page_items(self, url, params, link):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return set(link.findall(response.content.decode()))

    def api_items(self, name, params, key):
        response = self.client.get(reverse(name), {**params, "limit": 1000})
        self.assertEqual(response.status_code, 200, response.content[:300])
        return {str(item[key]) for item in response.json()["results"]}


class ProductFiltersMatchTests(FiltersMatchPagesTestCase):
    CASES = {
        # (page parameter, API parameter): {value: expected slugs}
        ("thema", "theme"): {
            "armoede-schulden": {"armoede-pendrecht"},
            "werk": {"werk-zoetermeer", "besloten-delft"},
            # A parent theme finds what is tagged with it and with each of its sub-themes.
            "koppelthemas": {"armoede-pendrecht", "werk-zoetermeer", "koppelthemas-algemeen", "besloten-delft"},
            "gezondheid": set(),
        },
        ("koppelkans", "koppelkans"): {
            "K01": {"armoede-pendrecht", "koppelthemas-algemeen"},
            "k02": {"werk-zoetermeer", "koppelthemas-algemeen"},
            "K03": set(),
        },
        ("gemeente", "gemeente"): {
            "GM0599": {"armoede-pendrecht"},  # through a buurt
            "GM0637": {"werk-zoetermeer", "koppelthemas-algemeen"},  # a public experiment; a wijk
            "GM0503": set(),  # only a private experiment is in Delft
        },
        ("kennisvraag", "knowledge_question"): {
            "wide_question": {"armoede-pendrecht", "werk-zoetermeer"},
            "public_question": {"armoede-pendrecht"},
        },
        ("wijktype", "neighbourhood_type"): {
            "postwar": {"armoede-pendrecht"},  # the private experiment's product is not found
            "prewar": {"werk-zoetermeer"},
            "village": set(),
        },
        ("type", "type"): {
            "best_practice": {"armoede-pendrecht", "besloten-delft"},
            "factsheet": {"werk-zoetermeer"},
            "guide": {"koppelthemas-algemeen"},
            "report": set(),
        },
        ("q", "q"): {
            "huiskamer": {"armoede-pendrecht", "koppelthemas-algemeen", "besloten-delft"},
            "scholing": {"werk-zoetermeer"},
            "onbekendwoord": set(),
        },
    }

    def test_the_cases_cover_every_shared_filter(self):
        shared = {(item.page, item.api) for item in PRODUCT_FILTERS.filters if item.page and item.api}
        self.assertEqual(set(self.CASES), shared)

    def test_every_shared_filter_finds_the_same_products_on_the_page_and_in_the_api(self):
        for (page_name, api_name), values in self.CASES.items():
            for value, expected in values.items():
                if value.endswith("_question"):
                    value = str(getattr(self, value).pk)
                with self.subTest(filter=api_name, value=value):
                    page = self.page_items(reverse("public:product-list"), {page_name: value}, PRODUCT_LINK)
                    api = self.api_items("api:products", {api_name: value}, "slug")
                    self.assertEqual(page, expected)
                    self.assertEqual(api, expected)

    def test_combined_filters_match(self):
        page = self.page_items(reverse("public:product-list"), {"thema": "koppelthemas", "koppelkans": "K02",
                                                                 "gemeente": "GM0637"}, PRODUCT_LINK)
        api = self.api_items("api:products", {"theme": "koppelthemas", "koppelkans": "K02", "gemeente": "GM0637"},
                             "slug")
        self.assertEqual(page, api)
        self.assertEqual(api, {"werk-zoetermeer", "koppelthemas-algemeen"})

    def test_the_csv_filters_alike(self):
        response = self.client.get(reverse("public:products-csv"), {"theme": "koppelthemas", "type": "guide"})
        self.assertEqual([line.split(";")[0] for line in response.content.decode("utf-8-sig").splitlines()[1:]],
                         ["koppelthemas-algemeen"])

    def test_a_private_knowledge_question_narrows_to_nothing(self):
        """An experiment's private question is never named publicly, though a published product answers it: the
        API finds nothing for it and the page drops it as not understood, so neither confirms the link."""
        self.client.cookies["django_language"] = "en"
        pk = str(self.private_question.pk)
        self.assertEqual(self.api_items("api:products", {"knowledge_question": pk}, "slug"), set())
        response = self.client.get(reverse("public:product-list"), {"kennisvraag": pk})
        self.assertEqual(response.context["listing"].filters.ignored, ["knowledge question"])
        self.assertNotContains(response, "Besloten vraag")

    def test_the_page_drops_what_the_api_refuses(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:product-list"), {"thema": "a b", "gemeente": "GM12"})
        self.assertEqual(response.context["listing"].filters.ignored, ["theme", "gemeente"])
        self.assertEqual(self.page_items(reverse("public:product-list"), {"thema": "a b"}, PRODUCT_LINK),
                         {"armoede-pendrecht", "werk-zoetermeer", "koppelthemas-algemeen", "besloten-delft"})
        for name, value in (("theme", "a b"), ("gemeente", "GM12")):
            body = self.client.get(reverse("api:products"), {name: value}).json()
            self.assertEqual((body["status"], body["invalid_params"][0]["name"]), (400, name))


class RecordFiltersMatchTests(FiltersMatchPagesTestCase):
    def cases(self):
        lesson, solution, insight = str(self.lesson.pk), str(self.solution.pk), str(self.insight.pk)
        return {
            ("soort", "kind"): {"lesson": {lesson}, "solution": {solution}, "challenge": set()},
            ("thema", "theme"): {"armoede-schulden": {lesson}, "werk": {solution},
                                 "koppelthemas": {lesson, solution, insight}, "gezondheid": set()},
            ("koppelkans", "koppelkans"): {"K01": {lesson}, "K02": {solution}, "K03": set()},
            ("gemeente", "gemeente"): {"GM0599": {lesson}, "GM0637": {solution}, "GM0503": set()},
            ("bewijs", "evidence_level"): {"described": {lesson, solution}, "substantiated": {insight}},
            ("q", "q"): {"schulden": {lesson}, "huiskamer": {solution}, "onbekendwoord": set()},
        }

    def test_the_cases_cover_every_shared_filter(self):
        shared = {(item.page, item.api) for item in RECORD_FILTERS.filters if item.page and item.api}
        self.assertEqual(set(self.cases()), shared)

    def test_every_shared_filter_finds_the_same_records_on_the_page_and_in_the_api(self):
        for (page_name, api_name), values in self.cases().items():
            for value, expected in values.items():
                with self.subTest(filter=api_name, value=value):
                    page = self.page_items(reverse("public:record-list"), {page_name: value}, RECORD_LINK)
                    api = self.api_items("api:records", {api_name: value}, "id")
                    self.assertEqual(page, expected)
                    self.assertEqual(api, expected)

    def test_unfiltered_lists_match_and_hold_published_public_records_only(self):
        page = self.page_items(reverse("public:record-list"), {}, RECORD_LINK)
        self.assertEqual(page, self.api_items("api:records", {}, "id"))
        self.assertEqual(page, {str(self.lesson.pk), str(self.solution.pk), str(self.insight.pk)})


AREA_LINK = re.compile(r'href="/gebieden/([A-Z0-9]+)/\?jaar=(\d{4})"')
INDICATOR_LINK = re.compile(r'<a class="code" href="/indicatoren/([A-Z0-9_]+)/">')


class AreaFiltersMatchTests(BaseTestCase):
    """/gebieden/ and /api/v1/areas. The page shows the current boundaries while neither a year nor a text is given
    (a presentation default, not a filter), so every case names one of them."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from testing.factories.atlas import make_2021_areas

        make_2021_areas(cls)

    def test_every_shared_filter_finds_the_same_areas_on_the_page_and_in_the_api(self):
        cases = [
            ({"q": "pendrecht"}, {("WK059915", "2025"), ("BU05991577", "2025"), ("WK059915", "2021"),
                                  ("BU05991577", "2021")}),
            ({"q": "BU0637"}, {(f"BU063703{n:02d}", "2021") for n in (1, 2, 3)}),
            ({"q": "pendrecht", "level": "buurt"}, {("BU05991577", "2025"), ("BU05991577", "2021")}),
            ({"year": "2021", "level": "gemeente"}, {("GM0599", "2021"), ("GM0637", "2021")}),
            ({"year": "2021", "gemeente": "GM0637", "level": "wijk"}, {("WK063703", "2021")}),
            ({"year": "2025", "gemeente": "gm0599"}, {("GM0599", "2025"), ("WK059915", "2025"),
                                                      ("BU05991577", "2025")}),
            ({"q": "zuidrand"}, set()),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                page_params = {("jaar" if name == "year" else name): value for name, value in params.items()}
                page = set(AREA_LINK.findall(self.client.get(reverse("atlas:area-search"), page_params)
                                             .content.decode()))
                body = self.client.get(reverse("api:areas"), {**params, "limit": 1000}).json()
                api = {(area["code"], str(area["boundary_year"])) for area in body["results"]}
                self.assertEqual(page, expected)
                self.assertEqual(api, expected)


class IndicatorFiltersMatchTests(BaseTestCase):
    def test_domain_and_text_find_the_same_indicators_on_the_page_and_in_the_api(self):
        from dubbelslag.indicators.models import Indicator

        cases = [{"domain": "energie"}, {"domain": "leefbaarheid"}, {"q": "gas"},
                 {"q": "WOZ", "domain": "woningvoorraad"},
                 {"q": "geen-indicator-heet-zo"}]
        answers = set()
        for params in cases:
            with self.subTest(params=params):
                page = set(INDICATOR_LINK.findall(self.client.get(reverse("indicators:indicator-list"), params)
                                                  .content.decode()))
                api = {item["code"] for item in self.client.get(reverse("api:indicators"), params).json()["results"]}
                self.assertEqual(page, api)
                expected = Indicator.objects.filter(domain=params.get("domain", "")) if "domain" in params else \
                    Indicator.objects.all()
                if "q" in params:
                    expected = [i for i in expected if params["q"].lower() in " ".join(
                        (i.code, i.name_nl, i.name_en, i.source_key_stem, i.source_table)).lower()]
                self.assertEqual(api, {indicator.code for indicator in expected})
                answers.add(frozenset(api))
        self.assertEqual(len(answers), len(cases))  # every case has its own answer: none is vacuous
