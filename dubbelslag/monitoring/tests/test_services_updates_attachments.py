"""An update's attachments and "save and submit": checked like every upload, refused once the update cannot
change, and every refusal writes nothing (no row, no audit event, no file)."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import UpdateStatus
from dubbelslag.monitoring.models import ReportingPeriod, Update, UpdateAttachment
from testing.base import BaseTestCase
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update
from testing.factories.monitoring_updates import PDF, PNG, pdf_upload, stored_files, use_temporary_media

S = UpdateStatus


class AttachmentFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.goal = make_goal(cls.programme, experiment=cls.experiment)
        cls.indicator = make_indicator(cls.goal)
        cls.period = make_period(cls.programme)

    def setUp(self):
        self.media = use_temporary_media(self)
        self.update = make_update(self.indicator, self.period)

    def written(self):
        return (UpdateAttachment.objects.count(), AuditEvent.objects.count(), len(stored_files(self.media)),
                list(Update.objects.values_list("status", "version", "value")))


class AddAttachmentTests(AttachmentFixtures):
    def test_the_reporter_attaches_a_file_under_a_random_folder(self):
        attachment = services.add_attachment(self.update, by=self.editor, file=pdf_upload("Telling voorjaar.PDF"))
        attachment.refresh_from_db()
        self.assertEqual((attachment.original_name, attachment.content_type, attachment.size, attachment.uploaded_by),
                         ("Telling voorjaar.PDF", "application/pdf", len(PDF), self.editor))
        folder, token, name = attachment.file.name.split("/")
        self.assertEqual((folder, len(token), name), ("monitoring", 16, "Telling_voorjaar.pdf"))
        self.assertEqual([path.read_bytes() for path in stored_files(self.media)], [PDF])
        event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(attachment.pk))
        self.assertEqual((event.actor, event.parent_object_id), (self.editor, str(self.update.pk)))

    def test_a_returned_update_takes_files_and_a_coordinator_may_attach(self):
        returned = make_update(self.indicator, make_period(self.programme, start=date(2020, 4, 1),
                                                           end=date(2020, 6, 30), label="2020-K2"),
                               status=S.RETURNED)
        services.add_attachment(returned, by=self.coordinator, file=pdf_upload())
        self.assertEqual(returned.attachments.count(), 1)

    def test_refusals_by_type_size_and_content_write_nothing(self):
        cases = {
            "not accepted": SimpleUploadedFile("script.exe", b"MZ\x90\x00"),
            "not what its name says": SimpleUploadedFile("foto.pdf", PNG),
            "the limit is 0.0 MB": SimpleUploadedFile("groot.pdf", PDF + b"0" * 2000),
            "empty": SimpleUploadedFile("leeg.pdf", b""),
        }
        before = self.written()
        for message, upload in cases.items():
            with self.subTest(message), translation.override("en"), self.assertRaises(ValidationError) as refused:
                services.add_attachment(self.update, by=self.editor, file=upload)
            self.assertIn(message, refused.exception.message_dict["file"][0])
        self.assertEqual(self.written(), before)

    def test_refused_once_submitted_or_approved_or_in_a_locked_or_future_period(self):
        future = ReportingPeriod.objects.create(programme=self.programme, label="later",
                                                start=timezone.localdate() + timedelta(days=10),
                                                end=timezone.localdate() + timedelta(days=40))
        cases = [
            (S.SUBMITTED, {}, "not_editable"),
            (S.APPROVED, {}, "not_editable"),
            (S.DRAFT, {"is_locked": True}, "locked"),
        ]
        for status, period_fields, code in cases:
            with self.subTest(status=status, **period_fields):
                Update.objects.filter(pk=self.update.pk).update(
                    status=status, approved_at=timezone.now() if status == S.APPROVED else None)
                ReportingPeriod.objects.filter(pk=self.period.pk).update(**{"is_locked": False, **period_fields})
                before = self.written()
                with self.assertRaises(ValidationError) as refused:
                    services.add_attachment(self.update, by=self.editor, file=pdf_upload())
                self.assertEqual(refused.exception.code, code)
                self.assertEqual(self.written(), before)
        later = make_update(self.indicator, future)
        with self.assertRaises(ValidationError) as refused:
            services.add_attachment(later, by=self.editor, file=pdf_upload())
        self.assertEqual(refused.exception.code, "future_period")
        self.assertEqual(stored_files(self.media), [])

    def test_only_who_may_report_attaches(self):
        before = self.written()
        for user in (self.reader, self.researcher, self.outsider):
            with self.subTest(user.email), self.assertRaises(PermissionDenied):
                services.add_attachment(self.update, by=user, file=pdf_upload())
        self.assertEqual(self.written(), before)


class RemoveAttachmentTests(AttachmentFixtures):
    def setUp(self):
        super().setUp()
        self.attachment = services.add_attachment(self.update, by=self.editor, file=pdf_upload())

    def test_the_reporter_removes_an_attachment_and_its_file(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.remove_attachment(self.attachment, by=self.editor)
        self.assertFalse(UpdateAttachment.objects.exists())
        self.assertEqual(stored_files(self.media), [])
        event = AuditEvent.objects.get(action=AuditAction.DELETE)
        self.assertEqual((event.actor, event.parent_object_id), (self.editor, str(self.update.pk)))

    def test_refused_once_approved_or_locked_and_for_readers(self):
        before = self.written()[:3]
        Update.objects.filter(pk=self.update.pk).update(status=S.APPROVED, approved_at=timezone.now())
        with self.assertRaises(ValidationError) as refused:
            services.remove_attachment(self.attachment, by=self.editor)
        self.assertEqual(refused.exception.code, "not_editable")
        Update.objects.filter(pk=self.update.pk).update(status=S.DRAFT, approved_at=None)
        ReportingPeriod.objects.filter(pk=self.period.pk).update(is_locked=True)
        with self.assertRaises(ValidationError) as refused:
            services.remove_attachment(self.attachment, by=self.editor)
        self.assertEqual(refused.exception.code, "locked")
        ReportingPeriod.objects.filter(pk=self.period.pk).update(is_locked=False)
        for user in (self.reader, self.researcher):
            with self.subTest(user.email), self.assertRaises(PermissionDenied):
                services.remove_attachment(self.attachment, by=user)
        self.assertEqual(self.written()[:3], before)


class SaveAndSubmitTests(AttachmentFixtures):
    def test_saves_and_submits_in_one_go(self):
        self.update.delete()
        update = services.save_and_submit(self.indicator, self.period, by=self.editor, value=7)
        update.refresh_from_db()
        self.assertEqual((update.status, update.value, update.submitted_by), (S.SUBMITTED, 7, self.editor))

    def test_a_refused_submit_does_not_save_the_draft_either(self):
        self.update.delete()
        before = self.written()
        with self.assertRaises(ValidationError) as refused:
            services.save_and_submit(self.indicator, self.period, by=self.editor, narrative="Nog geen telling.")
        self.assertIn("value", refused.exception.error_dict)
        self.assertEqual(self.written(), before)

    def test_a_stale_version_is_refused_naming_who_changed_it(self):
        services.save_draft(self.indicator, self.period, by=self.coordinator, value=3, version=self.update.version)
        before = self.written()
        with self.assertRaises(ValidationError) as refused:
            services.save_and_submit(self.indicator, self.period, by=self.editor, value=5, version=1)
        self.assertIn("Carla Coördinator", refused.exception.messages[0])
        self.assertEqual(self.written(), before)
