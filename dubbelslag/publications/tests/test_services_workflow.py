"""The editorial workflow services: who may take each step, every rule and refusal, the audit trail (exactly one
event per step) and that a refusal writes nothing."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.programme.models import Theme
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
from testing.base import BaseTestCase, make_experiment, make_programme
from testing.factories.publications import make_record


def state() -> tuple:
    """Everything the services write, to assert that a refusal wrote nothing."""
    return (
        AuditEvent.objects.count(),
        list(KnowledgeProduct.objects.order_by("pk").values_list(
            "pk", "slug", "published_version", "withdrawn_reason", "first_published_at")),
        list(ProductVersion.objects.order_by("pk").values_list("pk", "status", "edit_version", "title_nl",
                                                               "lead_nl", "published_at")),
        list(Section.objects.order_by("pk").values_list("pk", "body_nl", "body_en")),
        list(Citation.objects.order_by("pk").values_list("version", "record", "number")),
        list(Figure.objects.order_by("pk").values_list("pk", "number", "snapshot")),
        list(ReviewComment.objects.order_by("pk").values_list("pk", "resolved_at")),
        list(ProductSearchEntry.objects.order_by("pk").values_list("product", "title")),
        list(ProductVersion.themes.through.objects.order_by("pk").values_list("productversion", "theme")),
    )


class WorkflowTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.published_record = make_record(programme=cls.programme, title="Begin bij de portemonnee")
        cls.validated_record = make_record(programme=cls.programme, title="Huiskamer werkt als loket",
                                           status="validated", confidentiality="programme")
        cls.draft_record = make_record(programme=cls.programme, title="Nog in concept", status="draft",
                                       confidentiality="experiment")
        cls.other_programme = make_programme(name="Ander programma", slug="ander")
        cls.foreign_record = make_record(programme=cls.other_programme, title="Elders gevonden")

    def assertRefused(self, call, exception=ValidationError, *, contains=()):
        before = state()
        with translation.override("en"), self.assertRaises(exception) as caught:
            call()
        self.assertEqual(state(), before, "a refusal wrote something")
        text = " ".join(caught.exception.messages) if isinstance(caught.exception, ValidationError) else ""
        for fragment in contains:
            self.assertIn(fragment, text)
        return caught.exception

    def assertOneEvent(self, call, *, action=None):
        before = AuditEvent.objects.count()
        result = call()
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        if action:
            self.assertEqual(AuditEvent.objects.order_by("-pk").first().action, action)
        return result

    def new_product(self, *, slug="huiskamer", by=None, **fields):
        return workflow.create_product(programme=self.programme, product_type=ProductType.BEST_PRACTICE, slug=slug,
                                       title_nl="Huiskamer aardgasvrij", authors="A. Auteur", by=by or self.researcher,
                                       **fields)

    def write(self, version, *, by=None, text="De huiskamer.", **kwargs):
        version.refresh_from_db()
        kwargs.setdefault("lead_nl", "Een huiskamer in Pendrecht.")
        return workflow.update_version(version, by=by or self.researcher, expected_edit_version=version.edit_version,
                                       sections={SectionKey.CONTEXT: (text, "")}, **kwargs)

    def in_review(self, *, slug="huiskamer", records=()):
        product = self.new_product(slug=slug)
        markers = " ".join(f"[@R{record.pk}]" for record in records)
        version = self.write(product.versions.get(), text=f"Tekst {markers}")
        return workflow.submit_for_review(version, by=self.researcher)

    def published(self, *, slug="huiskamer", records=()):
        version = self.in_review(slug=slug, records=records or [self.published_record])
        return workflow.publish_version(version, by=self.coordinator)


class CreateProductTests(WorkflowTestCase):
    def test_creates_version_one_draft_with_template_sections(self):
        product = self.assertOneEvent(lambda: self.new_product(subtitle_nl="In Rotterdam"),
                                      action=AuditAction.CREATE)
        version = product.versions.get()
        self.assertEqual((version.number, version.status, version.subtitle_nl), (1, VersionStatus.DRAFT,
                                                                               "In Rotterdam"))
        self.assertEqual(list(version.sections.values_list("key", flat=True)), TEMPLATES[ProductType.BEST_PRACTICE])
        self.assertEqual(product.created_by, self.researcher)
        self.assertIsNone(product.published_version)
        self.assertEqual(AuditEvent.objects.for_object(product).count(), 1)

    def test_empty_slug_is_made_from_the_title(self):
        self.new_product(slug="huiskamer-aardgasvrij")
        product = self.new_product(slug="")
        self.assertEqual(product.slug, "huiskamer-aardgasvrij-2")

    def test_bad_slug_refused(self):
        self.assertRefused(lambda: self.new_product(slug="Huis kamer!"), contains=["lower-case letters"])
        self.assertRefused(lambda: self.new_product(slug="nieuw"), contains=["already in use"])

    def test_taken_slug_refused_with_suggestion(self):
        self.new_product(slug="huiskamer")
        self.assertRefused(lambda: self.new_product(slug="huiskamer"), contains=["“huiskamer”", "“huiskamer-2”"])

    def test_only_the_programme_team_creates(self):
        for user in (self.editor, self.reader, self.outsider):
            self.assertRefused(lambda user=user: self.new_product(by=user), PermissionDenied)
        self.new_product(by=self.coordinator)

    def test_unknown_type_refused(self):
        self.assertRefused(lambda: workflow.create_product(
            programme=self.programme, product_type="podcast", slug="p", title_nl="T", authors="A",
            by=self.researcher))


class UpdateVersionTests(WorkflowTestCase):
    def setUp(self):
        self.product = self.new_product()
        self.version = self.product.versions.get()

    def test_sections_fields_links_and_citations(self):
        theme = Theme.objects.create(slug="armoede-wf", name_nl="Armoede", name_en="Poverty")
        self.version = self.assertOneEvent(lambda: workflow.update_version(
            self.version, by=self.researcher, expected_edit_version=1, title_en="Living room", themes=[theme],
            experiments=[self.experiment], areas=[self.pendrecht],
            sections={
                SectionKey.CONTEXT: (f"Eerst [@R{self.validated_record.pk}] `[@R{self.draft_record.pk}]`", ""),
                SectionKey.APPROACH: (f"Dan [@R{self.published_record.pk}] en [@R{self.validated_record.pk}]",
                                      "Then"),
            }), action=AuditAction.CHANGE)
        self.assertEqual(self.version.edit_version, 2)
        self.assertEqual(self.version.title_en, "Living room")
        self.assertEqual(list(self.version.themes.all()), [theme])
        self.assertEqual(list(self.version.citations.values_list("number", "record")),
                         [(1, self.validated_record.pk), (2, self.published_record.pk)])
        self.assertEqual(self.version.sections.get(key=SectionKey.APPROACH).body_en, "Then")
        event = AuditEvent.objects.order_by("-pk").first()
        self.assertEqual(event.parent_object_id, str(self.product.pk))
        self.assertIn("section approach (en)", event.changes)
        self.assertIn("citations", event.changes)

    def test_citation_refusals(self):
        for record, fragment in (
            (self.draft_record, "still a draft"),
            (self.foreign_record, "another programme"),  # published, so readable, but not of this programme
        ):
            self.assertRefused(lambda record=record: self.write(self.version, text=f"Zie [@R{record.pk}]"),
                               contains=[fragment])
        self.assertRefused(lambda: self.write(self.version, text="Zie [@R999999]"),
                           contains=["no harvest record 999999"])

    def test_record_not_readable_by_writer_refused(self):
        # Not readable: the title is not repeated back to the writer.
        hidden = make_record(programme=self.other_programme, title="Verborgen", status="validated",
                             confidentiality="experiment")
        error = self.assertRefused(lambda: self.write(self.version, text=f"[@R{hidden.pk}]"),
                                   contains=["you may read"])
        self.assertNotIn("Verborgen", " ".join(error.messages))

    def test_unknown_figure_refused(self):
        self.assertRefused(lambda: self.write(self.version, text="[[figuur 3]]"), contains=["figure 3"])

    def test_stale_edit_names_who_and_when(self):
        self.write(self.version, by=self.coordinator, text="Eerste versie")
        self.assertRefused(lambda: workflow.update_version(
            self.version, by=self.researcher, expected_edit_version=1, sections={SectionKey.CONTEXT: ("B", "")}),
            contains=["Carla Coördinator changed this version on"])

    def test_only_drafts_and_only_the_team(self):
        for user in (self.editor, self.reader, self.outsider):
            self.assertRefused(lambda user=user: self.write(self.version, by=user), PermissionDenied)
        self.write(self.version)
        workflow.submit_for_review(self.version, by=self.researcher)
        self.assertRefused(lambda: self.write(self.version), contains=["in review"])

    def test_wrong_links_and_section_refused(self):
        other = make_experiment(programme=self.other_programme, gemeente=self.rotterdam)
        self.assertRefused(lambda: self.write(self.version, experiments=[other]))
        self.assertRefused(lambda: workflow.update_version(
            self.version, by=self.researcher, expected_edit_version=1, sections={SectionKey.STEPS: ("x", "")}))
        self.assertRefused(lambda: self.write(self.version, evidence_level="proven"))

    def test_no_change_writes_no_event(self):
        self.write(self.version)
        before = AuditEvent.objects.count()
        self.write(self.version)
        self.assertEqual(AuditEvent.objects.count(), before)


class FigureServiceTests(WorkflowTestCase):
    def setUp(self):
        self.version = self.new_product().versions.get()
        self.indicator = Indicator.objects.create(code="WF_TEST", name_nl="Testcijfer", name_en="Test figure",
                                                  domain="energie", unit="%", source_table="85984NED")
        run = ImportRun.objects.create(source="cbs_csv", table_id="85984NED")
        Observation.objects.create(area=self.pendrecht, indicator=self.indicator, period="2021", value=41.5,
                                   import_run=run)

    def test_add_and_remove(self):
        figure = self.assertOneEvent(lambda: workflow.add_figure(
            self.version, by=self.researcher, area=self.pendrecht, indicator=self.indicator, caption_nl="Gas"),
            action=AuditAction.CREATE)
        self.assertEqual((figure.number, figure.snapshot["value"], figure.snapshot["period"]), (1, 41.5, "2021"))
        second = workflow.add_figure(self.version, by=self.researcher, area=self.pendrecht,
                                     indicator=self.indicator, period="2021")
        self.assertEqual(second.number, 2)
        self.write(self.version, text="[[figuur 2]]")
        self.assertRefused(lambda: workflow.remove_figure(second, by=self.researcher), contains=["[[figure 2]]"])
        self.assertRefused(lambda: workflow.remove_figure(figure, by=self.editor), PermissionDenied)
        self.assertOneEvent(lambda: workflow.remove_figure(figure, by=self.researcher), action=AuditAction.DELETE)
        self.assertEqual(list(self.version.figures.values_list("number", flat=True)), [2])

    def test_adding_bumps_edit_version(self):
        workflow.add_figure(self.version, by=self.researcher, area=self.pendrecht, indicator=self.indicator)
        self.version.refresh_from_db()
        self.assertEqual(self.version.edit_version, 2)
        self.assertRefused(lambda: workflow.add_figure(self.version, by=self.outsider, area=self.pendrecht,
                                                       indicator=self.indicator), PermissionDenied)


class ReviewTests(WorkflowTestCase):
    def test_submit_needs_a_complete_draft(self):
        version = self.new_product().versions.get()
        self.assertRefused(lambda: workflow.submit_for_review(version, by=self.researcher),
                           contains=["a lead", "the text of at least one section"])
        self.write(version)
        version = self.assertOneEvent(lambda: workflow.submit_for_review(version, by=self.researcher),
                                      action=AuditAction.TRANSITION)
        self.assertEqual((version.status, version.submitted_by), (VersionStatus.IN_REVIEW, self.researcher))
        event = AuditEvent.objects.order_by("-pk").first()
        # The audit trail is written in the default language (Dutch), whoever made the change.
        self.assertEqual(event.changes["status"], ["concept", "ter beoordeling"])
        self.assertIn("concept → ter beoordeling", event.note)
        self.assertRefused(lambda: workflow.submit_for_review(version, by=self.researcher), contains=["in review"])

    def test_submit_rights(self):
        version = self.new_product().versions.get()
        self.write(version)
        for user in (self.editor, self.reader, self.outsider):
            self.assertRefused(lambda user=user: workflow.submit_for_review(version, by=user), PermissionDenied)

    def test_request_changes_needs_a_reason(self):
        version = self.in_review()
        self.assertRefused(lambda: workflow.request_changes(version, by=self.coordinator, reason=" "),
                           contains=["Give a reason"])
        self.assertRefused(lambda: workflow.request_changes(version, by=self.editor, reason="x"), PermissionDenied)
        version = self.assertOneEvent(lambda: workflow.request_changes(version, by=self.coordinator,
                                                                       reason="Lead te lang"))
        self.assertEqual(version.status, VersionStatus.DRAFT)
        self.assertEqual(AuditEvent.objects.order_by("-pk").first().changes["reason"], [None, "Lead te lang"])

    def test_comments(self):
        version = self.in_review()
        version.experiments.set([self.experiment])
        comment = self.assertOneEvent(lambda: workflow.add_review_comment(
            version, by=self.editor, section_key=SectionKey.CONTEXT, text="Klopt dit cijfer?"))
        self.assertEqual((comment.author, comment.section_key), (self.editor, SectionKey.CONTEXT))
        workflow.add_review_comment(version, by=self.coordinator, section_key="", text="Mooi stuk")
        self.assertRefused(lambda: workflow.add_review_comment(version, by=self.outsider, section_key="", text="x"),
                           PermissionDenied)
        self.assertRefused(lambda: workflow.add_review_comment(version, by=self.editor, section_key="steps",
                                                               text="x"))
        self.assertRefused(lambda: workflow.add_review_comment(version, by=self.editor, section_key="", text=" "))
        self.assertRefused(lambda: workflow.resolve_comment(comment, by=self.reader), PermissionDenied)
        comment = self.assertOneEvent(lambda: workflow.resolve_comment(comment, by=self.researcher))
        self.assertEqual(comment.resolved_by, self.researcher)
        self.assertRefused(lambda: workflow.resolve_comment(comment, by=self.researcher), contains=["already"])

    def test_no_comments_on_a_draft(self):
        version = self.new_product().versions.get()
        self.assertRefused(lambda: workflow.add_review_comment(version, by=self.coordinator, section_key="",
                                                               text="x"))


class PublishTests(WorkflowTestCase):
    def test_publish(self):
        version = self.in_review(records=[self.published_record])
        self.assertRefused(lambda: workflow.publish_version(version, by=self.researcher), PermissionDenied)
        version = self.assertOneEvent(lambda: workflow.publish_version(version, by=self.coordinator),
                                      action=AuditAction.TRANSITION)
        product = version.product
        product.refresh_from_db()
        self.assertEqual((version.status, version.published_by), (VersionStatus.PUBLISHED, self.coordinator))
        self.assertEqual(product.published_version, version)
        self.assertIsNotNone(product.first_published_at)
        self.assertEqual(list(KnowledgeProduct.objects.published()), [product])
        self.assertEqual(ProductSearchEntry.objects.get().product, product)

    def test_refused_while_a_cited_record_is_not_published(self):
        version = self.in_review(records=[self.published_record, self.validated_record])
        self.assertRefused(lambda: workflow.publish_version(version, by=self.coordinator), contains=[
            "[2] “Huiskamer werkt als loket” is not published: publish it in the harvest register or remove the "
            "citation."])
        self.assertNotIn("Begin bij de portemonnee", " ".join(self.assertRefused(
            lambda: workflow.publish_version(version, by=self.coordinator)).messages))
        self.validated_record.status, self.validated_record.confidentiality = "published", "public"
        self.validated_record.save()
        workflow.publish_version(version, by=self.coordinator)

    def test_only_in_review_is_published(self):
        version = self.new_product().versions.get()
        self.write(version)
        self.assertRefused(lambda: workflow.publish_version(version, by=self.coordinator), contains=["“draft”"])

    def test_new_version_copies_and_public_keeps_the_published(self):
        v1 = self.published()
        product = v1.product
        theme = Theme.objects.create(slug="wf-theme", name_nl="Werk", name_en="Work")
        v1.themes.set([theme])
        v1.experiments.set([self.experiment])
        Figure.objects.create(version=v1, number=1, area=self.pendrecht,
                              indicator=Indicator.objects.create(code="WF_COPY", name_nl="X", name_en="X",
                                                                 domain="energie"),
                              snapshot={"value": 1.0, "status": "ok"})
        v2 = self.assertOneEvent(lambda: workflow.start_new_version(product, by=self.researcher),
                                 action=AuditAction.CREATE)
        self.assertEqual((v2.number, v2.status, v2.title_nl), (2, VersionStatus.DRAFT, v1.title_nl))
        self.assertEqual(list(v2.themes.all()), [theme])
        self.assertEqual(list(v2.experiments.all()), [self.experiment])
        self.assertEqual(list(v2.sections.values_list("key", "body_nl")), list(v1.sections.values_list("key",
                                                                                                       "body_nl")))
        self.assertEqual(list(v2.citations.values_list("number", "record")),
                         list(v1.citations.values_list("number", "record")))
        self.assertEqual(list(v2.figures.values_list("number", "snapshot")), [(1, {"value": 1.0, "status": "ok"})])
        product.refresh_from_db()
        self.assertEqual(product.published_version, v1)
        self.assertRefused(lambda: workflow.start_new_version(product, by=self.researcher), contains=["draft"])
        self.assertRefused(lambda: workflow.start_new_version(product, by=self.editor), PermissionDenied)
        # Publishing version 2 supersedes version 1.
        self.write(v2, text="Nieuwe tekst", change_note="Resultaten bijgewerkt")
        workflow.submit_for_review(v2, by=self.researcher)
        v2 = workflow.publish_version(v2, by=self.coordinator)
        v1.refresh_from_db()
        product.refresh_from_db()
        self.assertEqual((v1.status, product.published_version), (VersionStatus.SUPERSEDED, v2))
        self.assertIn("Nieuwe tekst", ProductSearchEntry.objects.get(product=product).body)
        # Superseding is a step of its own in the product's history, taken with the publication of version 2.
        superseded = AuditEvent.objects.for_object(v1).order_by("-pk").first()
        self.assertEqual((superseded.actor, superseded.parent_object_id, superseded.changes["status"]),
                         (self.coordinator, str(product.pk), ["gepubliceerd", "vervangen"]))

    def test_unpublish(self):
        version = self.published()
        product = version.product
        self.assertRefused(lambda: workflow.unpublish_product(product, by=self.researcher, reason="x"),
                           PermissionDenied)
        self.assertRefused(lambda: workflow.unpublish_product(product, by=self.coordinator, reason=""),
                           contains=["Give a reason"])
        self.assertOneEvent(lambda: workflow.unpublish_product(product, by=self.coordinator,
                                                               reason="Bevat een herleidbaar citaat"))
        product.refresh_from_db()
        version.refresh_from_db()
        self.assertEqual((product.published_version, version.status), (None, VersionStatus.WITHDRAWN))
        self.assertEqual((product.withdrawn_by, product.withdrawn_reason),
                         (self.coordinator, "Bevat een herleidbaar citaat"))
        self.assertFalse(ProductSearchEntry.objects.exists())
        self.assertEqual(list(KnowledgeProduct.objects.published()), [])
        self.assertRefused(lambda: workflow.unpublish_product(product, by=self.coordinator, reason="x"),
                           contains=["not published"])
        # A new version can be written and published again.
        v2 = workflow.start_new_version(product, by=self.researcher)
        self.write(v2, text="Zonder citaat")
        workflow.submit_for_review(v2, by=self.researcher)
        workflow.publish_version(v2, by=self.coordinator)
        product.refresh_from_db()
        self.assertEqual((product.published_version, product.withdrawn_reason), (v2, ""))

    def test_every_step_is_in_the_products_history(self):
        version = self.published()
        actions = list(AuditEvent.objects.for_object(version.product).order_by("pk").values_list("action",
                                                                                                  flat=True))
        # create, update, submit, publish
        self.assertEqual(actions, [AuditAction.CREATE, AuditAction.CHANGE, AuditAction.TRANSITION,
                                   AuditAction.TRANSITION])

    def test_system_actor(self):
        product = workflow.create_product(programme=self.programme, product_type=ProductType.FACTSHEET, slug="",
                                          title_nl="Factsheet", authors="Team", by=None)
        version = product.versions.get()
        workflow.update_version(version, by=None, expected_edit_version=1, lead_nl="Lead",
                                sections={SectionKey.CONTEXT: ("Tekst", "")})
        workflow.submit_for_review(version, by=None)
        workflow.publish_version(version, by=None)
        self.assertEqual(AuditEvent.objects.order_by("-pk").first().actor_label, "system")
        self.assertEqual(date.today().year, version.published_at.year)
