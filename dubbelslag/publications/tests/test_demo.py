"""seed_demo_publications: the demo's knowledge products, written through the workflow services on the demo harvest
records: three published (best practice with figures and English, factsheet in two versions, inspiration example),
one in review with a reviewer's comment, one draft that cannot be published yet; idempotent; the published ones cite
published public records only, and the public site shows them and nothing else."""

from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.programme.demo import content
from dubbelslag.programme.models import Membership
from dubbelslag.publications import demo_content
from dubbelslag.publications.demo import Seeder
from dubbelslag.publications.enums import TEMPLATES, ProductType, SectionKey, VersionStatus
from dubbelslag.publications.models import (
    Citation,
    Figure,
    KnowledgeProduct,
    ProductSearchEntry,
    ProductVersion,
    ReviewComment,
    Section,
)
from dubbelslag.publications.services import workflow
from dubbelslag.research.enums import Confidentiality, RecordStatus
from dubbelslag.research.models import HarvestRecord
from testing.base import make_area, make_experiment, make_programme, make_user

MODELS = [KnowledgeProduct, ProductVersion, Section, Citation, Figure, ReviewComment, ProductSearchEntry, AuditEvent]
COORDINATOR, RESEARCHER = demo_content.COORDINATOR, demo_content.RESEARCHER


def seed(command: str = "seed_demo_publications") -> str:
    out = StringIO()
    with translation.override("en"):
        call_command(command, stdout=out, stderr=out)
    return out.getvalue()


def build_demo(*, research: bool = True) -> dict:
    """The demo programme as seed_demo leaves it (areas kept to the places the figures need), its knowledge questions
    and action research, and the shipped open data behind the best practice's two figures. Also used by the browser
    tests."""
    programme = make_programme(**{key: value for key, value in content.PROGRAMME.items() if key != "description"},
                               is_demo=True)
    rotterdam = make_area("GM0599", "Rotterdam")
    make_area("WK059915", "Charlois", parent=rotterdam)
    experiments = {}
    for spec in content.EXPERIMENTS:
        experiments[spec["title"]] = make_experiment(
            programme=programme, gemeente=rotterdam, title=spec["title"], is_public=spec["is_public"],
            summary=spec["summary"], neighbourhood_type=spec["neighbourhood_type"])
    users = {}
    for email, name, _organisation, role, experiment in content.USERS:
        users[email] = make_user(email, name=name)
        if role:
            Membership.objects.create(user=users[email], programme=programme, role=role,
                                      experiment=experiments.get(experiment))
    run = ImportRun.objects.create(source="cbs_csv", table_id="85039NED", file_name="kwb-2021.csv",
                                   boundary_year=2021)
    pendrecht = make_area("BU05991577", "Pendrecht", year=2021)
    rotterdam_2023 = make_area("GM0599", "Rotterdam", year=2023)
    Observation.objects.create(area=pendrecht, indicator=Indicator.objects.get(code="ET_HOOFDVERW_BLOK"),
                               period="2021", value=13.0, status="ok", import_run=run)
    Observation.objects.create(area=rotterdam_2023, indicator=Indicator.objects.get(code="INK_SOCMIN"),
                               period="2021", value=13.5, status="ok", import_run=run)
    seed("seed_demo_labs")
    if research:
        seed("seed_demo_research")
    return {"programme": programme, "experiments": experiments, "users": users}


class DemoProgrammeMixin:
    @classmethod
    def make_demo(cls, *, research: bool = True):
        demo = build_demo(research=research)
        cls.programme, cls.experiments, cls.users = demo["programme"], demo["experiments"], demo["users"]


class SeedDemoPublicationsTests(DemoProgrammeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_demo()
        cls.output = seed()

    def version(self, slug: str) -> ProductVersion:
        return ProductVersion.objects.filter(product__slug=slug).order_by("-number").first()

    def test_three_published_one_in_review_one_draft(self):
        self.assertIn("knowledge products: 5", self.output)
        published = KnowledgeProduct.objects.published()
        self.assertEqual(
            {(product.slug, product.product_type) for product in published},
            {(demo_content.BEST_PRACTICE.slug, ProductType.BEST_PRACTICE),
             (demo_content.FACTSHEET.slug, ProductType.FACTSHEET),
             (demo_content.INSPIRATION.slug, ProductType.INSPIRATION)})
        open_versions = {version.product.slug: version.status for version in ProductVersion.objects.open()}
        self.assertEqual(open_versions, {demo_content.IN_REVIEW.slug: VersionStatus.IN_REVIEW,
                                         demo_content.DRAFT.slug: VersionStatus.DRAFT})
        self.assertFalse(KnowledgeProduct.objects.filter(slug__in=open_versions, published_version__isnull=False)
                         .exists())
        self.assertEqual(ProductSearchEntry.objects.count(), 3)

    def test_the_factsheet_was_revised_and_keeps_both_versions(self):
        product = KnowledgeProduct.objects.get(slug=demo_content.FACTSHEET.slug)
        self.assertEqual(list(product.versions.order_by("number").values_list("number", "status")),
                         [(1, VersionStatus.SUPERSEDED), (2, VersionStatus.PUBLISHED)])
        self.assertEqual(product.published_version.number, 2)
        self.assertIn("Resultaten aangevuld", product.published_version.change_note)
        self.assertIn("vijf kwartier", product.published_version.sections.get(key=SectionKey.RESULTS).body_nl)

    def test_the_best_practice_is_complete_in_dutch_and_english(self):
        version = KnowledgeProduct.objects.get(slug=demo_content.BEST_PRACTICE.slug).published_version
        self.assertEqual((version.title_nl, version.title_en),
                         ("Huiskamer Aardgasvrij Pendrecht", "Living Room Gas-Free Pendrecht"))
        self.assertTrue(version.lead_nl and version.lead_en and version.subtitle_en)
        sections = list(version.sections.order_by("position"))
        self.assertEqual([section.key for section in sections], list(TEMPLATES[ProductType.BEST_PRACTICE]))
        for section in sections:
            with self.subTest(section=section.key):
                self.assertGreater(len(section.body_nl), 300)
                self.assertGreater(len(section.body_en), 300)
        # At a glance and metadata.
        self.assertEqual(len(version.author_list()), 2)
        self.assertTrue(all("(" in author for author in version.author_list()))
        self.assertTrue(version.period and version.partners and version.funding and version.scale and version.contact)
        self.assertEqual(version.evidence_level, "first_indications")
        self.assertEqual(set(version.themes.values_list("slug", flat=True)),
                         {"draagvlak-betrokkenheid-vertrouwen", "ontmoeting-eenzaamheid", "armoede-schulden"})
        self.assertEqual(set(version.koppelkansen.values_list("code", flat=True)), {"K08", "K01", "K11"})
        self.assertEqual(version.knowledge_questions.count(), 2)
        self.assertEqual([experiment.title for experiment in version.experiments.all()],
                         ["Huiskamer Aardgasvrij Pendrecht"])
        self.assertEqual({area.code for area in version.areas.all()}, {"GM0599", "WK059915"})
        # Citations: the Pendrecht lesson and insight first, records of other experiments too.
        titles = [citation.record.title for citation in version.citations.order_by("number")]
        self.assertGreaterEqual(len(titles), 5)
        self.assertEqual(titles[:2], ["Een laagdrempelige plek maakt geldzorgen bespreekbaar",
                                      "Begin het warmtegesprek bij de portemonnee, niet bij de techniek"])

    def test_the_best_practice_embeds_two_figures_from_the_open_data(self):
        version = KnowledgeProduct.objects.get(slug=demo_content.BEST_PRACTICE.slug).published_version
        figures = list(version.figures.order_by("number").select_related("area", "indicator"))
        self.assertEqual([(figure.number, figure.indicator.code, figure.area.code, figure.area.boundary_year)
                          for figure in figures],
                         [(1, "ET_HOOFDVERW_BLOK", "BU05991577", 2021), (2, "INK_SOCMIN", "GM0599", 2023)])
        self.assertEqual([figure.snapshot.get("value") for figure in figures], [13.0, 13.5])
        context = version.sections.get(key=SectionKey.CONTEXT)
        self.assertIn("[[figuur 1]]", context.body_nl)
        self.assertIn("[[figuur 2]]", context.body_nl)
        self.assertIn("[[figure 2]]", context.body_en)

    def test_published_products_cite_only_published_public_records(self):
        for product in KnowledgeProduct.objects.published():
            for version in product.versions.filter(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED]):
                with self.subTest(product=product.slug, version=version.number):
                    records = [citation.record for citation in version.citations.select_related("record")]
                    self.assertTrue(records)
                    self.assertTrue(all(record.status == RecordStatus.PUBLISHED
                                        and record.confidentiality == Confidentiality.PUBLIC for record in records))
        # Markers in the text and citation rows agree.
        for citation in Citation.objects.select_related("version"):
            self.assertTrue(citation.version.sections.filter(body_nl__contains=f"[@R{citation.record_id}]").exists())

    def test_the_product_in_review_has_a_comment_on_a_section(self):
        version = self.version(demo_content.IN_REVIEW.slug)
        comment = version.review_comments.get()
        self.assertEqual((comment.section_key, comment.author.email, comment.resolved_at),
                         (SectionKey.STEPS, COORDINATOR, None))
        self.assertEqual(version.submitted_by.email, RESEARCHER)
        # The coordinator can publish it: it cites published records only.
        self.assertTrue(all(citation.record.status == RecordStatus.PUBLISHED for citation in version.citations.all()))

    def test_the_draft_cites_validated_records_that_block_publication(self):
        version = self.version(demo_content.DRAFT.slug)
        records = [citation.record for citation in version.citations.all()]
        self.assertEqual({(record.status, record.confidentiality) for record in records},
                         {(RecordStatus.VALIDATED, Confidentiality.PROGRAMME)})
        coordinator = self.users[COORDINATOR]
        workflow.submit_for_review(version, by=self.users[RESEARCHER])
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            workflow.publish_version(version, by=coordinator)
        message = " ".join(refused.exception.messages)
        self.assertIn("Vocht en kou zijn een gezondheidsvraag", message)
        self.assertFalse(KnowledgeProduct.objects.filter(slug=demo_content.DRAFT.slug, published_version__isnull=False)
                         .exists())

    def test_the_drafts_publish_checklist_names_the_records_that_block_it(self):
        version = self.version(demo_content.DRAFT.slug)
        self.client.force_login(self.users[COORDINATOR])
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("publications:version-detail", args=[version.product.slug, 1]))
        self.assertContains(response, "Cited records that are not public yet")
        self.assertContains(response, "Vocht en kou zijn een gezondheidsvraag, niet alleen een energievraag")
        self.assertContains(response, "Eén vertrouwd gezicht aan de keukentafel, de ander op verzoek")

    def test_the_audit_trail_names_the_demo_users(self):
        product = KnowledgeProduct.objects.get(slug=demo_content.BEST_PRACTICE.slug)
        events = AuditEvent.objects.for_object(product)
        actors = {event.actor.email for event in events if event.actor}
        self.assertEqual(actors, {COORDINATOR, RESEARCHER})
        self.assertTrue(events.filter(action="create", actor__email=RESEARCHER).exists())
        self.assertTrue(events.filter(action="transition", actor__email=COORDINATOR).exists())
        version = product.published_version
        self.assertEqual((version.published_by.email, version.created_by.email), (COORDINATOR, RESEARCHER))

    def test_is_idempotent(self):
        before = {model.__name__: model.objects.count() for model in MODELS}
        output = seed()
        self.assertEqual({model.__name__: model.objects.count() for model in MODELS}, before)
        self.assertIn("added nothing", output)

    def test_the_public_site_shows_the_published_products_only(self):
        best_practice = KnowledgeProduct.objects.get(slug=demo_content.BEST_PRACTICE.slug)
        response = self.client.get(reverse("public:product-detail", args=[best_practice.slug]))
        self.assertContains(response, "Huiskamer Aardgasvrij Pendrecht")
        self.assertContains(response, "Begin het warmtegesprek bij de portemonnee")
        for slug in (demo_content.IN_REVIEW.slug, demo_content.DRAFT.slug):
            self.assertEqual(self.client.get(reverse("public:product-detail", args=[slug])).status_code, 404)
        results = self.client.get(reverse("public:search"), {"q": "huiskamer"})
        self.assertContains(results, reverse("public:product-detail", args=[best_practice.slug]))
        self.assertNotContains(results, "Samen warm aan de keukentafel")
        # The inspiration example names an experiment that is not public: the public page does not.
        inspiration = self.client.get(reverse("public:product-detail", args=[demo_content.INSPIRATION.slug]))
        self.assertContains(inspiration, "Een kruisje op een kaartje")
        self.assertNotContains(inspiration, "Energiecoaches en schuldhulpmaatjes in Smitsveen")

    def test_the_english_page_reads_in_english(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("public:product-detail", args=[demo_content.BEST_PRACTICE.slug]))
        self.assertContains(response, "Living Room Gas-Free Pendrecht")
        self.assertContains(response, "Start with the wallet")


class SeedWithoutResearchTests(DemoProgrammeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_demo(research=False)

    def test_without_the_records_it_skips_the_products_and_says_so(self):
        output = seed()
        self.assertFalse(KnowledgeProduct.objects.exists())
        self.assertIn("skipped: 5", output)
        self.assertIn("huiskamer-aardgasvrij-pendrecht: missing", output)

    def test_without_the_demo_programme_it_does_nothing(self):
        self.programme.is_demo = False
        self.programme.save()
        output = seed()
        self.assertFalse(KnowledgeProduct.objects.exists())
        self.assertIn("seed_demo", output)


class DemoTextTests(TestCase):
    def test_a_figure_without_data_goes_with_its_line(self):
        seeder = Seeder.__new__(Seeder)
        seeder.records = {"huiskamer": HarvestRecord(pk=7)}
        text = "Eerst.\n\n[[figuur 1]]\n\nDan [@huiskamer].\n\n[[figuur 2]]\n\nEinde."
        self.assertEqual(seeder.text(text, {2: 1}), "Eerst.\n\nDan [@R7].\n\n[[figuur 1]]\n\nEinde.")
        self.assertEqual(seeder.text(text, {}), "Eerst.\n\nDan [@R7].\n\nEinde.")

    def test_the_published_products_cite_records_the_research_demo_publishes(self):
        from dubbelslag.research.demo_content import RECORDS

        published = {spec.title for spec in RECORDS if spec.status == RecordStatus.PUBLISHED}
        known = {spec.title for spec in RECORDS}
        seeder = Seeder.__new__(Seeder)
        for spec in demo_content.PRODUCTS:
            keys = seeder.cited_keys(spec)
            with self.subTest(product=spec.slug):
                self.assertTrue(keys)
                self.assertTrue({demo_content.RECORDS[key] for key in keys} <= known)
                if spec.status in (VersionStatus.PUBLISHED, VersionStatus.IN_REVIEW):
                    self.assertTrue({demo_content.RECORDS[key] for key in keys} <= published)
