"""The harvest register's services: who may create, edit, validate, publish, unpublish and return a record; the
link rules; every legal and illegal status step; the audit trail and the search index; and that a refusal changes
nothing."""


from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership, Theme
from dubbelslag.research.enums import Confidentiality, RecordKind, RecordStatus
from dubbelslag.research.models import Code, HarvestRecord, SearchEntry, SearchKind
from dubbelslag.research.services import harvest
from testing.base import BaseTestCase, make_experiment, make_programme, make_user
from testing.factories.koppelkansen import make_koppelkans
from testing.factories.labs import make_question
from testing.factories.research import make_entry, make_excerpt, make_record


class HarvestFixtures(BaseTestCase):
    """Evidence in both experiments, and one record of each kind in `experiment`."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.code = Code.objects.filter(is_codable=True).order_by("pk").first()
        cls.theme, cls.other_theme = Theme.objects.filter(parent__isnull=False).order_by("pk")[:2]
        cls.entry = make_entry(cls.experiment, title="Huiskamergesprek Pendrecht",
                               text="De buurvrouw zei: de huiskamer voelt als thuis. Daarna kwam ze vaker.")
        cls.excerpt = make_excerpt(cls.entry, "de huiskamer voelt als thuis", codes=[cls.code], coder=cls.researcher)
        cls.other_entry = make_entry(cls.other_experiment, title="Geheim gesprek Palenstein",
                                     text="Vertrouwelijk: de corporatie stelt de renovatie uit.")
        cls.other_excerpt = make_excerpt(cls.other_entry, "de corporatie stelt de renovatie uit")
        cls.challenge = make_record(programme=cls.programme, title="Opkomst bij bewonersavonden",
                                    experiments=[cls.experiment], themes=[cls.theme], created_by=cls.editor)
        cls.insight = make_record(programme=cls.programme, kind=RecordKind.INSIGHT, title="Huiskamer werkt",
                                  experiments=[cls.experiment])

    def make_other_editor(self):
        user = make_user("other-editor@example.org")
        Membership.objects.create(user=user, programme=self.programme, experiment=self.other_experiment,
                                  role=MembershipRole.EDITOR)
        return user

    def create(self, by, **overrides):
        fields = {"programme": self.programme, "kind": RecordKind.CHALLENGE, "title": "Nieuwe knelpunt",
                  "summary": "Het **knelpunt**.", "experiments": [self.experiment]}
        fields.update(overrides)
        return harvest.create_record(by=by, **fields)

    def edit_kwargs(self, record, **overrides):
        fields = {"version": record.version, "kind": record.kind, "title": record.title, "summary": record.summary,
                  "confidentiality": record.confidentiality, "evidence_level": record.evidence_level,
                  "confidence": record.confidence}
        for name in harvest.LINK_FIELDS:
            fields[name] = list(getattr(record, name).all())
        fields.update(overrides)
        return fields

    def audit_rows(self, record, action=None):
        rows = AuditEvent.objects.for_object(record)
        return rows.filter(action=action) if action else rows


class CreateRecordTests(HarvestFixtures):
    def test_an_editor_creates_a_draft_of_their_experiment_with_evidence_and_audit_row_and_index(self):
        record = self.create(self.editor, evidence_excerpts=[self.excerpt], evidence_entries=[self.entry],
                             themes=[self.theme], outcome="Meer bewoners bij de huiskamer.")
        record.refresh_from_db()
        self.assertEqual((record.status, record.created_by, record.confidentiality),
                         (RecordStatus.DRAFT, self.editor, Confidentiality.EXPERIMENT))
        self.assertEqual(set(record.experiments.all()), {self.experiment})
        self.assertEqual(set(record.evidence_excerpts.all()), {self.excerpt})
        self.assertEqual(record.outcome, "Meer bewoners bij de huiskamer.")
        event = self.audit_rows(record, AuditAction.CREATE).get()
        self.assertEqual(event.actor, self.editor)
        self.assertEqual(event.changes["title"], [None, "Nieuwe knelpunt"])
        index = SearchEntry.objects.get(kind=SearchKind.RECORD, object_id=record.pk)
        self.assertEqual((index.status, index.record_kind), (RecordStatus.DRAFT, RecordKind.CHALLENGE))
        self.assertIn("Meer bewoners", index.body)

    def test_the_programme_team_may_record_without_an_experiment(self):
        record = self.create(self.researcher, experiments=[])
        self.assertEqual(record.experiments.count(), 0)
        empty = make_programme(name="Nog leeg", slug="nog-leeg")
        Membership.objects.create(user=self.researcher, programme=empty, role=MembershipRole.RESEARCHER)
        self.assertEqual(self.create(self.researcher, programme=empty, experiments=[]).programme, empty)

    def test_refused_for_reader_outsider_and_nothing_written(self):
        for user in (self.reader, self.outsider):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                self.create(user)
        self.assertFalse(HarvestRecord.objects.filter(title="Nieuwe knelpunt").exists())
        self.assertFalse(SearchEntry.objects.filter(title="Nieuwe knelpunt").exists())

    def test_an_editor_must_link_an_experiment_they_write(self):
        with self.assertRaises(ValidationError) as caught:
            self.create(self.editor, experiments=[])
        self.assertIn("experiments", caught.exception.error_dict)
        with self.assertRaises(ValidationError) as caught:
            self.create(self.editor, experiments=[self.experiment, self.other_experiment])
        self.assertIn("Verhalen ophalen in Palenstein", caught.exception.messages[0])
        self.assertFalse(HarvestRecord.objects.filter(title="Nieuwe knelpunt").exists())

    def test_experiments_of_another_programme_are_refused_even_for_the_team(self):
        programme = make_programme(name="Ander programma", slug="ander")
        foreign = make_experiment(programme=programme, gemeente=self.rotterdam, title="Elders")
        with self.assertRaises(ValidationError) as caught:
            self.create(self.coordinator, experiments=[foreign])
        self.assertEqual(caught.exception.message_dict["experiments"],
                         ["Link only experiments of the record's programme."])

    def test_evidence_the_actor_may_not_read_is_refused(self):
        for field, value in (("evidence_entries", self.other_entry), ("evidence_excerpts", self.other_excerpt)):
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.create(self.editor, **{field: [value]})
            self.assertIn("only evidence you may read", caught.exception.message_dict[field][0])
        self.assertFalse(HarvestRecord.objects.filter(title="Nieuwe knelpunt").exists())
        # The programme team reads both experiments, so it may cite both.
        record = self.create(self.researcher, evidence_entries=[self.other_entry],
                             evidence_excerpts=[self.other_excerpt])
        self.assertEqual(set(record.evidence_entries.all()), {self.other_entry})

    def test_evidence_of_another_programme_is_refused(self):
        programme = make_programme(name="Ander programma", slug="ander")
        foreign = make_experiment(programme=programme, gemeente=self.rotterdam, title="Elders")
        Membership.objects.create(user=self.researcher, programme=programme, role=MembershipRole.RESEARCHER)
        entry = make_entry(foreign, title="Elders gezien")
        with self.assertRaises(ValidationError) as caught:
            self.create(self.researcher, evidence_entries=[entry])
        self.assertEqual(caught.exception.message_dict["evidence_entries"],
                         ["Cite only log entries of the experiments of the record's programme."])

    def test_a_solution_answers_only_challenges_and_a_lesson_draws_only_on_insights(self):
        solution = self.create(self.editor, kind=RecordKind.SOLUTION, title="Huiskamer", responds_to=[self.challenge])
        self.assertEqual(set(solution.responds_to.all()), {self.challenge})
        self.assertEqual(set(self.challenge.solutions.all()), {solution})
        lesson = self.create(self.editor, kind=RecordKind.LESSON, title="Les", draws_on=[self.insight])
        self.assertEqual(set(self.insight.lessons.all()), {lesson})
        cases = [
            ({"kind": RecordKind.SOLUTION, "responds_to": [self.insight]}, "responds_to",
             "A solution can answer only challenges: “Huiskamer werkt” is not one."),
            ({"kind": RecordKind.LESSON, "draws_on": [self.challenge]}, "draws_on",
             "A lesson can draw only on insights: “Opkomst bij bewonersavonden” is not one."),
            ({"kind": RecordKind.INSIGHT, "responds_to": [self.challenge]}, "responds_to",
             "Only a solution answers challenges."),
            ({"kind": RecordKind.CHALLENGE, "draws_on": [self.insight]}, "draws_on",
             "Only a lesson draws on insights."),
        ]
        for overrides, field, message in cases:
            with self.subTest(field=field, kind=overrides["kind"]), self.assertRaises(ValidationError) as caught:
                self.create(self.editor, title="Fout", **overrides)
            self.assertEqual(caught.exception.message_dict[field], [message])
        self.assertFalse(HarvestRecord.objects.filter(title="Fout").exists())

    def test_records_the_actor_may_not_read_cannot_be_linked(self):
        hidden = make_record(programme=self.programme, title="Conceptknelpunt elders",
                             experiments=[self.other_experiment])
        with self.assertRaises(ValidationError) as caught:
            self.create(self.editor, kind=RecordKind.SOLUTION, responds_to=[hidden])
        self.assertEqual(caught.exception.message_dict["responds_to"], ["You may link only records you may read."])

    def test_knowledge_questions_must_be_readable_and_of_the_programme(self):
        hidden = make_question(programme=self.programme, experiment=self.other_experiment, title="Geheime vraag")
        with self.assertRaises(ValidationError) as caught:
            self.create(self.editor, knowledge_questions=[hidden])
        self.assertIn("knowledge_questions", caught.exception.error_dict)
        own = make_question(programme=self.programme, experiment=self.experiment, title="Eigen vraag")
        record = self.create(self.editor, knowledge_questions=[own], koppelkansen=[make_koppelkans("K91")])
        self.assertEqual(set(record.knowledge_questions.all()), {own})

    def test_bad_choices_are_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.create(self.editor, kind="rumour", confidentiality="secret")
        self.assertEqual(set(caught.exception.error_dict), {"kind", "confidentiality"})

    def test_the_system_may_create_without_an_actor(self):
        record = self.create(None, evidence_entries=[self.other_entry])
        self.assertIsNone(record.created_by)
        self.assertEqual(self.audit_rows(record, AuditAction.CREATE).get().actor_label, "system")


class UpdateRecordTests(HarvestFixtures):
    def test_an_editor_changes_their_record_with_an_audit_row_and_reindex(self):
        record = self.challenge
        harvest.update_record(record, by=self.editor, **self.edit_kwargs(
            record, title="Lage opkomst", evidence_excerpts=[self.excerpt], outcome="Opkomst verdubbeld."))
        record.refresh_from_db()
        self.assertEqual((record.title, record.version, record.outcome), ("Lage opkomst", 2, "Opkomst verdubbeld."))
        event = self.audit_rows(record, AuditAction.CHANGE).get()
        self.assertEqual(event.changes["title"], ["Opkomst bij bewonersavonden", "Lage opkomst"])
        self.assertIn("evidence_excerpts", event.changes)
        self.assertEqual(SearchEntry.objects.get(kind=SearchKind.RECORD, object_id=record.pk).title, "Lage opkomst")

    def test_a_stale_version_is_refused_and_nothing_changes(self):
        record = self.challenge
        kwargs = self.edit_kwargs(record, title="Eerste")
        harvest.update_record(record, by=self.researcher, **kwargs)
        with self.assertRaises(ValidationError) as caught:
            harvest.update_record(record, by=self.editor, **{**kwargs, "title": "Tweede"})
        self.assertEqual(caught.exception.code, "stale")
        self.assertIn("Someone else changed this record while you were editing it", caught.exception.messages[0])
        record.refresh_from_db()
        self.assertEqual(record.title, "Eerste")
        self.assertEqual(self.audit_rows(record, AuditAction.CHANGE).count(), 1)

    def test_refused_for_reader_and_editor_of_another_experiment(self):
        for user in (self.reader, self.make_other_editor()):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                harvest.update_record(self.challenge, by=user, **self.edit_kwargs(self.challenge, title="Weg"))
        self.challenge.refresh_from_db()
        self.assertEqual(self.challenge.title, "Opkomst bij bewonersavonden")

    def test_a_record_cannot_refer_to_itself(self):
        solution = make_record(programme=self.programme, kind=RecordKind.SOLUTION, experiments=[self.experiment])
        with self.assertRaises(ValidationError) as caught:
            harvest.update_record(solution, by=self.researcher, **self.edit_kwargs(
                solution, kind=RecordKind.CHALLENGE, responds_to=[solution]))
        self.assertEqual(caught.exception.message_dict["responds_to"], ["A record cannot refer to itself."])

    def test_a_published_record_cannot_be_made_non_public(self):
        record = make_record(programme=self.programme, status=RecordStatus.PUBLISHED,
                             confidentiality=Confidentiality.PUBLIC, experiments=[self.experiment])
        with self.assertRaises(ValidationError) as caught:
            harvest.update_record(record, by=self.coordinator, **self.edit_kwargs(
                record, confidentiality=Confidentiality.PROGRAMME))
        self.assertIn("Unpublish it first", caught.exception.message_dict["confidentiality"][0])
        record.refresh_from_db()
        self.assertEqual((record.confidentiality, record.version), (Confidentiality.PUBLIC, 1))

    def test_links_the_editor_may_not_see_are_kept(self):
        record = make_record(programme=self.programme, experiments=[self.experiment, self.other_experiment],
                             evidence_entries=[self.entry, self.other_entry],
                             evidence_excerpts=[self.other_excerpt])
        # What the editor's form submits: only what they can see, with the own entry removed.
        harvest.update_record(record, by=self.editor, **self.edit_kwargs(
            record, experiments=[self.experiment], evidence_entries=[], evidence_excerpts=[self.excerpt]))
        self.assertEqual(set(record.experiments.all()), {self.experiment, self.other_experiment})
        self.assertEqual(set(record.evidence_entries.all()), {self.other_entry})
        self.assertEqual(set(record.evidence_excerpts.all()), {self.excerpt, self.other_excerpt})

    def test_an_editor_may_not_add_another_experiment(self):
        with self.assertRaises(ValidationError):
            harvest.update_record(self.challenge, by=self.editor, **self.edit_kwargs(
                self.challenge, experiments=[self.experiment, self.other_experiment]))
        self.assertEqual(set(self.challenge.experiments.all()), {self.experiment})

    def test_unknown_fields_are_a_programming_error(self):
        with self.assertRaises(TypeError):
            harvest.update_record(self.challenge, by=self.editor, **self.edit_kwargs(self.challenge, colour="red"))


class TransitionTests(HarvestFixtures):
    def record(self, status, *, confidentiality=Confidentiality.PUBLIC, evidence=True):
        return make_record(programme=self.programme, title=f"Record {status}", status=status,
                           confidentiality=confidentiality, experiments=[self.experiment],
                           evidence_entries=[self.entry] if evidence else [])

    def test_validate_sets_who_and_when_with_an_audit_row_and_reindex(self):
        record = self.record(RecordStatus.DRAFT, confidentiality=Confidentiality.PROGRAMME)
        harvest.validate_record(record, by=self.researcher)
        record.refresh_from_db()
        self.assertEqual((record.status, record.validated_by, record.version),
                         (RecordStatus.VALIDATED, self.researcher, 2))
        self.assertIsNotNone(record.validated_at)
        event = self.audit_rows(record, AuditAction.TRANSITION).get()
        with translation.override(settings.LANGUAGE_CODE):  # the trail is kept in the site's language
            expected = [str(RecordStatus.DRAFT.label), str(RecordStatus.VALIDATED.label)]
        self.assertEqual(event.changes["status"], expected)
        self.assertIn("→", event.note)
        self.assertEqual(SearchEntry.objects.get(kind=SearchKind.RECORD, object_id=record.pk).status,
                         RecordStatus.VALIDATED)

    def test_validate_needs_evidence_and_changes_nothing_without(self):
        record = self.record(RecordStatus.DRAFT, evidence=False)
        with self.assertRaises(ValidationError) as caught:
            harvest.validate_record(record, by=self.researcher)
        self.assertIn("traceable to its evidence", caught.exception.messages[0])
        record.refresh_from_db()
        self.assertEqual((record.status, record.version, record.validated_by), (RecordStatus.DRAFT, 1, None))
        self.assertFalse(self.audit_rows(record).exists())
        record.evidence_excerpts.set([self.excerpt])
        harvest.validate_record(record, by=self.coordinator)
        self.assertEqual(record.status, RecordStatus.VALIDATED)

    def test_publish_only_a_public_record(self):
        record = self.record(RecordStatus.VALIDATED, confidentiality=Confidentiality.PROGRAMME)
        with self.assertRaises(ValidationError) as caught:
            harvest.publish_record(record, by=self.coordinator)
        self.assertIn("Only a public record can be published", caught.exception.messages[0])
        self.assertIn("programme: team and project leaders", caught.exception.messages[0])
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.VALIDATED)
        self.assertFalse(self.audit_rows(record).exists())

    def test_publish_sets_who_and_when(self):
        record = self.record(RecordStatus.VALIDATED)
        harvest.publish_record(record, by=self.coordinator)
        record.refresh_from_db()
        self.assertEqual((record.status, record.published_by), (RecordStatus.PUBLISHED, self.coordinator))
        self.assertEqual(SearchEntry.objects.get(kind=SearchKind.RECORD, object_id=record.pk).status,
                         RecordStatus.PUBLISHED)

    def test_unpublish_and_return_need_a_reason_which_the_audit_trail_keeps(self):
        published = self.record(RecordStatus.PUBLISHED)
        validated = self.record(RecordStatus.VALIDATED)
        for step, record in ((harvest.unpublish_record, published), (harvest.return_to_draft, validated)):
            with self.subTest(step=step.__name__):
                with self.assertRaises(ValidationError) as caught:
                    step(record, by=self.coordinator, reason="  ")
                self.assertIn("reason", caught.exception.error_dict)
                self.assertFalse(self.audit_rows(record).exists())
                step(record, by=self.coordinator, reason="Bewoner herkenbaar in de tekst")
                event = self.audit_rows(record, AuditAction.TRANSITION).get()
                self.assertIn("Bewoner herkenbaar in de tekst", event.note)
                self.assertEqual(event.changes["reason"], [None, "Bewoner herkenbaar in de tekst"])
        published.refresh_from_db()
        validated.refresh_from_db()
        self.assertEqual((published.status, published.published_by, published.published_at),
                         (RecordStatus.VALIDATED, None, None))
        self.assertEqual((validated.status, validated.validated_by), (RecordStatus.DRAFT, None))

    def test_who_may_take_each_step(self):
        other_editor = self.make_other_editor()
        cases = [
            (harvest.validate_record, RecordStatus.DRAFT, {}, {self.coordinator, self.researcher}),
            (harvest.publish_record, RecordStatus.VALIDATED, {}, {self.coordinator}),
            (harvest.unpublish_record, RecordStatus.PUBLISHED, {"reason": "r"}, {self.coordinator}),
            (harvest.return_to_draft, RecordStatus.VALIDATED, {"reason": "r"}, {self.coordinator, self.researcher}),
        ]
        everyone = [self.coordinator, self.researcher, self.editor, self.reader, self.outsider, other_editor]
        for step, status, kwargs, allowed in cases:
            for user in everyone:
                record = self.record(status)
                with self.subTest(step=step.__name__, user=user.email):
                    if user in allowed:
                        step(record, by=user, **kwargs)
                        self.assertNotEqual(record.status, status)
                    else:
                        with self.assertRaises(PermissionDenied):
                            step(record, by=user, **kwargs)
                        record.refresh_from_db()
                        self.assertEqual(record.status, status)
                        self.assertFalse(self.audit_rows(record).exists())

    def test_every_step_from_every_status(self):
        # The steps as the register describes them, written out here so the declaration
        # (research.workflows.RECORDS) is checked against them: verb → (the one status it leaves, where it leads).
        arrows = {
            harvest.Verb.VALIDATE: (RecordStatus.DRAFT, RecordStatus.VALIDATED),
            harvest.Verb.PUBLISH: (RecordStatus.VALIDATED, RecordStatus.PUBLISHED),
            harvest.Verb.UNPUBLISH: (RecordStatus.PUBLISHED, RecordStatus.VALIDATED),
            harvest.Verb.RETURN: (RecordStatus.VALIDATED, RecordStatus.DRAFT),
        }
        steps = {
            harvest.Verb.VALIDATE: (harvest.validate_record, {}),
            harvest.Verb.PUBLISH: (harvest.publish_record, {}),
            harvest.Verb.UNPUBLISH: (harvest.unpublish_record, {"reason": "r"}),
            harvest.Verb.RETURN: (harvest.return_to_draft, {"reason": "r"}),
        }
        for verb, (step, kwargs) in steps.items():
            for status in RecordStatus.values:
                record = self.record(status)
                source, target = arrows[verb]
                legal = status == source
                with self.subTest(verb=verb, status=status):
                    if legal:
                        step(record, by=self.coordinator, **kwargs)
                        record.refresh_from_db()
                        self.assertEqual(record.status, target)
                    else:
                        with self.assertRaises(ValidationError) as caught:
                            step(record, by=self.coordinator, **kwargs)
                        self.assertEqual(caught.exception.code, "illegal_transition")
                        message = caught.exception.messages[0]
                        self.assertIn(f"This record is “{RecordStatus(status).label}”", message)
                        self.assertIn(f"“{RecordStatus(source).label}”", message)
                        record.refresh_from_db()
                        self.assertEqual((record.status, record.version), (status, 1))
                        self.assertFalse(self.audit_rows(record).exists())

    def test_available_verbs_follow_status_and_role(self):
        draft, validated, published = (self.record(status) for status in RecordStatus.values)
        self.assertEqual(harvest.available_verbs(self.coordinator, draft), [harvest.Verb.VALIDATE])
        self.assertEqual(harvest.available_verbs(self.coordinator, validated),
                         [harvest.Verb.PUBLISH, harvest.Verb.RETURN])
        self.assertEqual(harvest.available_verbs(self.researcher, validated), [harvest.Verb.RETURN])
        self.assertEqual(harvest.available_verbs(self.coordinator, published), [harvest.Verb.UNPUBLISH])
        self.assertEqual(harvest.available_verbs(self.editor, draft), [])
