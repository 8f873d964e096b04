"""The research log's services: every rule and refusal, nothing written when refused, the audit trail and the search
index kept in step."""

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.labs.models import KnowledgeLab, KnowledgeQuestion
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.enums import Consent, EntryKind, LearningQuestionStatus, RecordKind
from dubbelslag.research.models import (
    Attachment,
    Code,
    Coding,
    Cycle,
    Excerpt,
    HarvestRecord,
    LearningQuestion,
    LogEntry,
    Memo,
    SearchEntry,
    SearchKind,
)
from dubbelslag.research.services import log as services
from testing.base import BaseTestCase, make_programme, make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def events(obj, action=None):
    rows = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return rows.filter(action=action) if action else rows


class LogServiceTestCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        override = override_settings(MEDIA_ROOT=self.media, RESEARCH_MAX_UPLOAD_BYTES=1024)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)

    def stored_files(self) -> list[Path]:
        return [path for path in Path(self.media).rglob("*") if path.is_file()]

    def entry(self, *, by=None, **overrides) -> LogEntry:
        fields = {"kind": EntryKind.OBSERVATION, "title": "Huiskamer open", "occurred_on": date(2024, 3, 5),
                  "text": "De energiecoach sprak met tien bewoners over isolatie.", "consent": Consent.NOT_NEEDED}
        fields.update(overrides)
        return services.create_entry(experiment=fields.pop("experiment", self.experiment), by=by or self.editor,
                                     **fields)

    def cycle(self, **overrides) -> Cycle:
        fields = {"title": "Spreekuur", "plan_starts_on": date(2024, 1, 8)}
        fields.update(overrides)
        return services.create_cycle(experiment=fields.pop("experiment", self.experiment),
                                     by=fields.pop("by", self.editor), **fields)

    def assert_parent_is_experiment(self, event, experiment=None):
        experiment = experiment or self.experiment
        self.assertEqual((event.parent_content_type.model, event.parent_object_id),
                         ("experiment", str(experiment.pk)))


class LearningQuestionServiceTests(LogServiceTestCase):
    def test_writers_add_questions_at_the_end_open_with_an_audit_row(self):
        for position, user in enumerate((self.editor, self.researcher, self.coordinator), start=1):
            question = services.create_learning_question(experiment=self.experiment, by=user,
                                                         question=f"  Vraag {position}  ")
            self.assertEqual((question.position, question.status, question.question, question.created_by),
                             (position, LearningQuestionStatus.OPEN, f"Vraag {position}", user))
            self.assertEqual(question.opened_on, timezone.localdate())
            event = events(question, AuditAction.CREATE).get()
            self.assert_parent_is_experiment(event)
            self.assertEqual(event.actor, user)

    def test_readers_outsiders_and_editors_of_other_experiments_are_refused_nothing_written(self):
        other_editor = make_user("other-editor@example.org")
        Membership.objects.create(user=other_editor, programme=self.programme, experiment=self.other_experiment,
                                  role=MembershipRole.EDITOR)
        for user in (self.reader, self.outsider, other_editor):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.create_learning_question(experiment=self.experiment, by=user, question="Mag ik?")
        self.assertFalse(LearningQuestion.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_empty_question_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            services.create_learning_question(experiment=self.experiment, by=self.editor, question="   ")
        self.assertIn("question", raised.exception.message_dict)
        self.assertFalse(LearningQuestion.objects.exists())

    def test_knowledge_question_must_be_of_the_programme_and_experiment(self):
        other_programme = make_programme(name="Ander programma", slug="ander")
        foreign = KnowledgeQuestion.objects.create(programme=other_programme, title="Elders")
        of_other_experiment = KnowledgeQuestion.objects.create(programme=self.programme, title="Palenstein",
                                                               experiment=self.other_experiment)
        for question, expected in ((foreign, "another programme"), (of_other_experiment, "another experiment")):
            with self.subTest(expected), self.assertRaises(ValidationError) as raised:
                services.create_learning_question(experiment=self.experiment, by=self.coordinator,
                                                  question="Werkt het?", knowledge_question=question)
            self.assertIn(expected, raised.exception.message_dict["knowledge_question"][0])
        self.assertFalse(LearningQuestion.objects.exists())
        programme_wide = KnowledgeQuestion.objects.create(programme=self.programme, title="Voor iedereen")
        linked = services.create_learning_question(experiment=self.experiment, by=self.editor, question="Werkt het?",
                                                   knowledge_question=programme_wide)
        self.assertEqual(linked.knowledge_question, programme_wide)

    def test_answering_sets_closed_on_and_reopening_clears_it(self):
        question = services.create_learning_question(experiment=self.experiment, by=self.editor, question="Werkt het?",
                                                     opened_on=date(2024, 1, 1))
        answered = services.close_learning_question(question, by=self.editor, version=question.version)
        self.assertEqual((answered.status, answered.closed_on, answered.version),
                         (LearningQuestionStatus.ANSWERED, timezone.localdate(), 2))
        event = events(question, AuditAction.TRANSITION).get()  # a status step, through the workflow executor
        self.assertEqual(set(event.changes), {"status", "closed_on"})
        self.assert_parent_is_experiment(event)
        reopened = services.reopen_learning_question(question, by=self.editor, version=2)
        self.assertEqual((reopened.status, reopened.closed_on), (LearningQuestionStatus.OPEN, None))
        dropped = services.close_learning_question(question, by=self.researcher, version=3,
                                                   status=LearningQuestionStatus.DROPPED, closed_on=date(2024, 2, 1))
        self.assertEqual((dropped.status, dropped.closed_on), (LearningQuestionStatus.DROPPED, date(2024, 2, 1)))

    def test_closing_before_opening_is_refused(self):
        question = services.create_learning_question(experiment=self.experiment, by=self.editor, question="Werkt het?",
                                                     opened_on=date(2024, 3, 1))
        with self.assertRaises(ValidationError) as raised:
            services.close_learning_question(question, by=self.editor, version=1, closed_on=date(2024, 2, 1))
        self.assertIn("before it was opened", raised.exception.message_dict["closed_on"][0])
        question.refresh_from_db()
        self.assertEqual((question.status, question.closed_on, question.version),
                         (LearningQuestionStatus.OPEN, None, 1))

    def test_close_needs_a_closed_status(self):
        question = services.create_learning_question(experiment=self.experiment, by=self.editor, question="Werkt het?")
        with self.assertRaises(ValidationError):
            services.close_learning_question(question, by=self.editor, version=1, status=LearningQuestionStatus.OPEN)

    def test_stale_edit_is_refused_naming_who_and_nothing_overwritten(self):
        question = services.create_learning_question(experiment=self.experiment, by=self.editor, question="Werkt het?")
        services.update_learning_question(LearningQuestion.objects.get(pk=question.pk), by=self.researcher,
                                          version=1, question="Werkt het echt?")
        with self.assertRaises(ValidationError) as raised:
            services.update_learning_question(question, by=self.editor, version=1, question="Mijn versie")
        self.assertEqual(raised.exception.code, "stale")
        self.assertIn("Rob Onderzoeker", raised.exception.messages[0])
        question.refresh_from_db()
        self.assertEqual((question.question, question.version), ("Werkt het echt?", 2))

    def test_reader_cannot_update(self):
        question = services.create_learning_question(experiment=self.experiment, by=self.editor, question="Werkt het?")
        with self.assertRaises(PermissionDenied):
            services.update_learning_question(question, by=self.reader, version=1, question="Anders")
        question.refresh_from_db()
        self.assertEqual(question.question, "Werkt het?")


class CycleServiceTests(LogServiceTestCase):
    def test_numbers_follow_per_experiment_with_audit(self):
        first, second = self.cycle(), self.cycle(title="Tweede")
        other = self.cycle(experiment=self.other_experiment, by=self.coordinator)
        self.assertEqual((first.number, second.number, other.number), (1, 2, 1))
        self.assertEqual(first.created_by, self.editor)
        self.assert_parent_is_experiment(events(second, AuditAction.CREATE).get())
        self.assert_parent_is_experiment(events(other, AuditAction.CREATE).get(), self.other_experiment)

    def test_phase_dates_in_order_are_accepted(self):
        cycle = self.cycle(act_starts_on=date(2024, 2, 1), observe_starts_on=date(2024, 3, 1),
                           reflect_starts_on=date(2024, 3, 1), ends_on=date(2024, 4, 1))
        self.assertEqual(cycle.current_phase(date(2024, 2, 15)), "act")
        # A skipped phase is fine; the next one is compared with the last date set.
        skipped = self.cycle(observe_starts_on=date(2024, 2, 1))
        self.assertIsNone(skipped.act_starts_on)

    def test_phase_dates_out_of_order_are_refused_per_field_nothing_written(self):
        cases = [
            ({"act_starts_on": date(2024, 1, 1)}, "act_starts_on", "The act phase cannot start"),
            ({"act_starts_on": date(2024, 2, 1), "observe_starts_on": date(2024, 1, 20)}, "observe_starts_on",
             "before the act phase"),
            ({"observe_starts_on": date(2024, 3, 1), "reflect_starts_on": date(2024, 2, 1)}, "reflect_starts_on",
             "before the observe phase"),
            ({"reflect_starts_on": date(2024, 3, 1), "ends_on": date(2024, 2, 1)}, "ends_on",
             "before its reflect phase starts"),
        ]
        for dates, field, message in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as raised:
                self.cycle(**dates)
            self.assertIn(message, raised.exception.message_dict[field][0])
        self.assertFalse(Cycle.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_learning_questions_and_lab_must_be_the_experiments(self):
        foreign = LearningQuestion.objects.create(experiment=self.other_experiment, question="Elders?")
        with self.assertRaises(ValidationError) as raised:
            self.cycle(learning_questions=[foreign])
        self.assertIn("learning_questions", raised.exception.message_dict)
        other_programme = make_programme(name="Ander programma", slug="ander")
        lab = KnowledgeLab.objects.create(programme=other_programme, number=1, title="Lab",
                                          starts_at=timezone.now())
        with self.assertRaises(ValidationError) as raised:
            self.cycle(reflection_lab=lab)
        self.assertIn("reflection_lab", raised.exception.message_dict)
        self.assertFalse(Cycle.objects.exists())

    def test_reader_is_refused(self):
        with self.assertRaises(PermissionDenied):
            self.cycle(by=self.reader)
        self.assertFalse(Cycle.objects.exists())

    def test_update_checks_dates_and_version(self):
        own = LearningQuestion.objects.create(experiment=self.experiment, question="Eigen?")
        cycle = self.cycle()
        updated = services.update_cycle(cycle, by=self.researcher, version=1, act_starts_on=date(2024, 2, 1),
                                        act="Spreekuur gehouden.", learning_questions=[own])
        self.assertEqual((updated.version, updated.act, list(updated.learning_questions.all())),
                         (2, "Spreekuur gehouden.", [own]))
        change = events(cycle, AuditAction.CHANGE).get()
        self.assertEqual(set(change.changes), {"act_starts_on", "act", "learning_questions"})
        with self.assertRaises(ValidationError) as raised:
            services.update_cycle(cycle, by=self.editor, version=2, observe_starts_on=date(2024, 1, 15))
        self.assertIn("observe_starts_on", raised.exception.message_dict)
        stale = Cycle.objects.get(pk=cycle.pk)
        stale.version = 1
        with self.assertRaises(ValidationError) as raised:
            services.update_cycle(stale, by=self.editor, version=1, title="Overschreven")
        self.assertIn("Rob Onderzoeker", raised.exception.messages[0])
        cycle.refresh_from_db()
        self.assertEqual((cycle.title, cycle.version, cycle.observe_starts_on), ("Spreekuur", 2, None))


class EntryServiceTests(LogServiceTestCase):
    def test_create_writes_entry_index_and_audit(self):
        question = LearningQuestion.objects.create(experiment=self.experiment, question="Werkt het?")
        cycle = self.cycle()
        entry = self.entry(text="Regel een\r\nregel twee\r\n", cycle=cycle, learning_questions=[question])
        self.assertEqual((entry.author, entry.text, entry.cycle, entry.version),
                         (self.editor, "Regel een\nregel twee", cycle, 1))
        self.assertEqual(list(entry.learning_questions.all()), [question])
        row = SearchEntry.objects.get(kind=SearchKind.ENTRY, object_id=entry.pk)
        self.assertEqual((row.title, row.experiment_id, row.programme_id), (entry.title, self.experiment.pk,
                                                                           self.programme.pk))
        self.assertIn("regel twee", row.body)
        event = events(entry, AuditAction.CREATE).get()
        self.assert_parent_is_experiment(event)
        self.assertEqual(event.changes["learning_questions"], [None, ["Werkt het?"]])

    def test_refusals_write_nothing(self):
        foreign_cycle = self.cycle(experiment=self.other_experiment, by=self.coordinator)
        foreign_question = LearningQuestion.objects.create(experiment=self.other_experiment, question="Elders?")
        AuditEvent.objects.all().delete()
        cases = [
            ({"by": self.reader}, PermissionDenied),
            ({"by": self.outsider}, PermissionDenied),
            ({"cycle": foreign_cycle}, ValidationError),
            ({"learning_questions": [foreign_question]}, ValidationError),
            ({"title": " "}, ValidationError),
            ({"kind": "gossip"}, ValidationError),
            ({"consent": "maybe"}, ValidationError),
        ]
        for overrides, error in cases:
            with self.subTest(overrides=list(overrides)), self.assertRaises(error):
                self.entry(**overrides)
        self.assertFalse(LogEntry.objects.exists())
        self.assertFalse(SearchEntry.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_update_reindexes_reanchors_and_audits(self):
        entry = self.entry()
        excerpt = Excerpt.objects.create(entry=entry, start=entry.text.index("tien bewoners"),
                                         end=entry.text.index("tien bewoners") + len("tien bewoners"),
                                         quote="tien bewoners", prefix="", suffix="")
        saved = services.update_entry(entry, by=self.researcher, version=1, title="Huiskamer, dag 1",
                                      text="Vooraf: regen. " + entry.text)
        self.assertEqual(saved.version, 2)
        self.assertEqual(saved.reanchored["moved"], 1)
        excerpt.refresh_from_db()
        self.assertEqual(saved.text[excerpt.start:excerpt.end], "tien bewoners")
        row = SearchEntry.objects.get(kind=SearchKind.ENTRY, object_id=entry.pk)
        self.assertEqual(row.title, "Huiskamer, dag 1")
        self.assertIn("regen", row.body)
        change = events(entry, AuditAction.CHANGE).get()
        self.assertEqual(set(change.changes), {"title", "text"})
        self.assertEqual(change.actor, self.researcher)
        self.assert_parent_is_experiment(change)

    def test_second_save_on_a_stale_version_is_refused_with_who_and_when(self):
        entry = self.entry()
        mine, theirs = LogEntry.objects.get(pk=entry.pk), LogEntry.objects.get(pk=entry.pk)
        services.update_entry(theirs, by=self.researcher, version=1, text="Hun versie.")
        with self.assertRaises(ValidationError) as raised:
            services.update_entry(mine, by=self.editor, version=1, text="Mijn versie.")
        message = raised.exception.messages[0]
        self.assertEqual(raised.exception.code, "stale")
        self.assertIn("Rob Onderzoeker changed this log entry on", message)
        self.assertIn(str(timezone.localdate().year), message)
        self.assertIn("Your changes have not been saved", message)
        entry.refresh_from_db()
        self.assertEqual((entry.text, entry.version), ("Hun versie.", 2))
        self.assertNotIn("Mijn", SearchEntry.objects.get(object_id=entry.pk).body)
        self.assertEqual(events(entry, AuditAction.CHANGE).count(), 1)

    def test_reader_cannot_update_or_delete(self):
        entry = self.entry()
        with self.assertRaises(PermissionDenied):
            services.update_entry(entry, by=self.reader, version=1, title="Gewijzigd")
        with self.assertRaises(PermissionDenied):
            services.delete_entry(entry, by=self.reader)
        entry.refresh_from_db()
        self.assertEqual(entry.title, "Huiskamer open")

    def test_delete_removes_entry_parts_index_and_files(self):
        entry = self.entry()
        services.add_attachment(entry, by=self.editor, title="Verslag", file=SimpleUploadedFile("v.pdf", PDF))
        excerpt = Excerpt.objects.create(entry=entry, start=0, end=2, quote=entry.text[:2])
        code = Code.objects.create(name="Testcode")
        Coding.objects.create(excerpt=excerpt, code=code, coder=self.researcher)
        Memo.objects.create(target=entry, author=self.researcher, text="Memo bij entry")
        Memo.objects.create(target=excerpt, author=self.researcher, text="Memo bij fragment")
        self.assertEqual(len(self.stored_files()), 1)
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_entry(entry, by=self.editor)
        self.assertFalse(LogEntry.objects.filter(pk=entry.pk).exists())
        self.assertFalse(Excerpt.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertFalse(Memo.objects.exists())
        self.assertFalse(SearchEntry.objects.filter(kind=SearchKind.ENTRY, object_id=entry.pk).exists())
        self.assertEqual(self.stored_files(), [])
        deleted = AuditEvent.objects.filter(action=AuditAction.DELETE)
        self.assertEqual(sorted(event.content_type.model for event in deleted),
                         ["attachment", "coding", "excerpt", "logentry", "memo", "memo"])
        for event in deleted:
            self.assert_parent_is_experiment(event)

    def test_delete_refused_while_a_record_cites_the_entry_or_an_excerpt(self):
        entry = self.entry()
        excerpt = Excerpt.objects.create(entry=entry, start=0, end=2, quote=entry.text[:2])
        record = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.INSIGHT,
                                              title="Bewoners willen eerst weten wat het kost", summary="…",
                                              created_by=self.editor)
        record.evidence_excerpts.add(excerpt)
        with self.assertRaises(ValidationError) as raised:
            services.delete_entry(entry, by=self.editor)
        self.assertIn("“Bewoners willen eerst weten wat het kost”", raised.exception.messages[0])
        self.assertTrue(LogEntry.objects.filter(pk=entry.pk).exists())
        self.assertTrue(SearchEntry.objects.filter(kind=SearchKind.ENTRY, object_id=entry.pk).exists())
        self.assertFalse(AuditEvent.objects.filter(action=AuditAction.DELETE).exists())
        record.evidence_excerpts.clear()
        record.evidence_entries.add(entry)
        with self.assertRaises(ValidationError):
            services.delete_entry(entry, by=self.editor)
        self.assertTrue(LogEntry.objects.filter(pk=entry.pk).exists())

    def test_refusal_does_not_name_records_the_actor_cannot_see(self):
        entry = self.entry()
        secret = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.CHALLENGE,
                                              title="Geheim concept van de onderzoeker", summary="…",
                                              created_by=self.researcher)
        secret.evidence_entries.add(entry)
        self.assertFalse(HarvestRecord.objects.visible_to(self.editor).filter(pk=secret.pk).exists())
        with self.assertRaises(ValidationError) as raised:
            services.delete_entry(entry, by=self.editor)
        self.assertNotIn("Geheim", raised.exception.messages[0])
        self.assertIn("1 record you cannot see", raised.exception.messages[0])


class AttachmentServiceTests(LogServiceTestCase):
    def test_accepted_file_is_stored_under_media_root_and_indexed(self):
        entry = self.entry()
        attachment = services.add_attachment(entry, by=self.editor, title="", file=SimpleUploadedFile(
            "Verslag bewonersavond.PDF", PDF))
        self.assertEqual((attachment.title, attachment.content_type, attachment.size, attachment.uploaded_by),
                         ("Verslag bewonersavond", "application/pdf", len(PDF), self.editor))
        path = Path(attachment.file.path)
        self.assertTrue(path.is_relative_to(self.media))
        self.assertEqual(path.read_bytes(), PDF)
        self.assertRegex(attachment.file.name, r"^research/[0-9a-f]{16}/Verslag_bewonersavond\.pdf$")
        self.assertIn("Verslag bewonersavond", SearchEntry.objects.get(object_id=entry.pk).body)
        self.assert_parent_is_experiment(events(attachment, AuditAction.CREATE).get())

    def test_text_files_get_a_charset(self):
        attachment = services.add_attachment(self.entry(), by=self.editor, title="Notities",
                                             file=SimpleUploadedFile("notities.md", "# Één\n".encode()))
        self.assertEqual(attachment.content_type, "text/markdown; charset=utf-8")

    def test_refused_uploads_store_nothing(self):
        entry = self.entry()
        AuditEvent.objects.all().delete()
        cases = [
            (SimpleUploadedFile("groot.pdf", PDF + b"x" * 2000), "the limit is 0.0 MB"),
            (SimpleUploadedFile("foto.pdf", PNG), "is not what its name says"),
            (SimpleUploadedFile("script.exe", b"MZ\x90\x00"), "not accepted"),
            (SimpleUploadedFile("leeg.pdf", b""), "The file is empty"),
        ]
        for upload, message in cases:
            with self.subTest(name=upload.name), self.assertRaises(ValidationError) as raised:
                services.add_attachment(entry, by=self.editor, title="", file=upload)
            self.assertIn(message, raised.exception.message_dict["file"][0])
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertFalse(AuditEvent.objects.exists())

    def test_reader_cannot_attach(self):
        with self.assertRaises(PermissionDenied):
            services.add_attachment(self.entry(), by=self.reader, title="", file=SimpleUploadedFile("v.pdf", PDF))
        self.assertEqual(self.stored_files(), [])

    def test_delete_removes_row_and_file_after_commit(self):
        entry = self.entry()
        attachment = services.add_attachment(entry, by=self.editor, title="Verslag",
                                             file=SimpleUploadedFile("v.pdf", PDF))
        with self.assertRaises(PermissionDenied):
            services.delete_attachment(attachment, by=self.reader)
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_attachment(attachment, by=self.researcher)
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertNotIn("Verslag", SearchEntry.objects.get(object_id=entry.pk).body)
        self.assert_parent_is_experiment(
            AuditEvent.objects.get(action=AuditAction.DELETE, content_type__model="attachment"))


class SystemActorTests(LogServiceTestCase):
    def test_by_none_is_the_system(self):
        entry = services.create_entry(
            experiment=self.experiment, by=None, kind=EntryKind.REFLECTION, title="Demo", occurred_on=date(2024, 1, 1),
            text="", consent=Consent.NOT_NEEDED)
        self.assertIsNone(entry.author)
        self.assertEqual(events(entry).get().actor_label, "system")
        question = services.create_learning_question(experiment=self.experiment, by=None, question="Demo?",
                                                     opened_on=timezone.localdate() - timedelta(days=3))
        self.assertIsNone(question.created_by)
