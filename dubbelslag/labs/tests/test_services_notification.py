"""Notifications: written by the step that e-mails the followers, in its transaction; e-mail only for those who keep
it on, in each follower's own language; marking read only one's own."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from dubbelslag.labs.enums import NotificationEvent, Priority, QuestionStatus
from dubbelslag.labs.models import Notification
from dubbelslag.labs.services import notifications as notification_services
from dubbelslag.labs.services import questions as services
from testing.base import BaseTestCase, make_user
from testing.factories.labs import make_lab, make_notification, make_question, make_working_group


class NotificationFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lab = make_lab(programme=cls.programme, number=1, title="Kennislab Betaalbaarheid")
        cls.group = make_working_group(programme=cls.programme)

    def assigned_question(self, **overrides):
        return make_question(programme=self.programme, status=QuestionStatus.ASSIGNED, assigned_group=self.group,
                             **overrides)

    def triaged_question(self, **overrides):
        return make_question(programme=self.programme, status=QuestionStatus.TRIAGED, **overrides)


class WrittenWithTheStepTests(NotificationFixtures):
    def test_assigning_notifies_every_follower_but_the_actor(self):
        question = self.triaged_question(title="Wat kost een warmtepomp?",
                                         followers=[self.reader, self.editor, self.coordinator])
        services.assign_question(question, by=self.coordinator, lab=self.lab)
        rows = Notification.objects.filter(question=question)
        self.assertEqual(
            {(n.recipient, n.event, n.title, n.target, n.read_at) for n in rows},
            {(user, NotificationEvent.QUESTION_ASSIGNED, "Wat kost een warmtepomp?", str(self.lab), None)
             for user in (self.reader, self.editor)})

    def test_answering_notifies_the_followers(self):
        question = self.assigned_question(title="Hoe meet je leefbaarheid?", followers=[self.reader])
        services.answer_question(question, by=self.coordinator, summary="Met de leefbaarometer.")
        self.assertEqual(list(Notification.objects.values_list("recipient", "event", "target")),
                         [(self.reader.pk, NotificationEvent.QUESTION_ANSWERED, "")])

    def test_steps_that_mail_no_one_notify_no_one(self):
        question = make_question(programme=self.programme, followers=[self.reader])
        services.triage_question(question, by=self.coordinator, themes=[], priority=Priority.LOW)
        services.close_question(question, by=self.coordinator)
        self.assertFalse(Notification.objects.exists())

    def test_a_refused_step_writes_none(self):
        question = self.assigned_question(followers=[self.reader])
        with self.assertRaises(ValidationError):
            services.answer_question(question, by=self.coordinator, summary="  ")
        self.assertFalse(Notification.objects.exists())

    def test_a_step_rolled_back_later_leaves_no_notification_and_no_mail(self):
        question = self.assigned_question(followers=[self.reader])
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(RuntimeError), transaction.atomic():
            services.answer_question(question, by=self.coordinator, summary="Zo.")
            raise RuntimeError("the surrounding work fails")
        self.assertEqual((Notification.objects.count(), mail.outbox), (0, []))


class EmailChoiceTests(NotificationFixtures):
    def test_with_email_off_a_notification_but_no_mail(self):
        quiet = make_user("quiet@example.org", notify_by_email=False)
        question = self.assigned_question(followers=[quiet, self.reader])
        with self.captureOnCommitCallbacks(execute=True):
            services.answer_question(question, by=self.coordinator, summary="Zo.")
        self.assertEqual([message.to for message in mail.outbox], [[self.reader.email]])
        self.assertEqual(set(Notification.objects.values_list("recipient", flat=True)), {quiet.pk, self.reader.pk})

    def test_no_one_with_email_on_schedules_no_mail(self):
        quiet = make_user("quiet@example.org", notify_by_email=False)
        question = self.assigned_question(followers=[quiet])
        with self.captureOnCommitCallbacks() as callbacks:
            services.answer_question(question, by=self.coordinator, summary="Zo.")
        self.assertEqual((callbacks, Notification.objects.count()), ([], 1))


class LanguageTests(NotificationFixtures):
    def test_a_dutch_and_an_english_follower_get_mail_in_their_own_language(self):
        dutch = make_user("dutch@example.org", language="nl")
        english = make_user("english@example.org", language="en")
        question = self.triaged_question(title="Wat kost een warmtepomp?", followers=[dutch, english])
        with translation.override("en"), self.captureOnCommitCallbacks(execute=True):  # the actor reads English
            services.assign_question(question, by=self.coordinator, lab=self.lab)
        by_recipient = {message.to[0]: message for message in mail.outbox}
        self.assertEqual(set(by_recipient), {dutch.email, english.email})
        self.assertEqual(by_recipient[dutch.email].subject, "Kennisvraag toegewezen: Wat kost een warmtepomp?")
        self.assertEqual(by_recipient[english.email].subject, "Knowledge question assigned: Wat kost een warmtepomp?")
        self.assertIn("/account/meldingen/", by_recipient[english.email].body)

    def test_a_follower_who_never_chose_gets_the_site_language(self):
        question = self.assigned_question(title="Hoe meet je leefbaarheid?", followers=[self.reader])
        with translation.override("en"), self.captureOnCommitCallbacks(execute=True):
            services.answer_question(question, by=self.coordinator, summary="Zo.")
        self.assertEqual(mail.outbox[0].subject, "Kennisvraag beantwoord: Hoe meet je leefbaarheid?")

    def test_the_notification_is_worded_in_the_readers_language(self):
        question = self.assigned_question(title="Hoe meet je leefbaarheid?")
        notification = make_notification(recipient=self.reader, question=question,
                                         event=NotificationEvent.QUESTION_ANSWERED)
        with translation.override("en"):
            self.assertEqual(notification.message,
                             "The knowledge question “Hoe meet je leefbaarheid?” has been answered.")
        with translation.override("nl"):
            self.assertEqual(notification.message, "De kennisvraag “Hoe meet je leefbaarheid?” is beantwoord.")


class MarkReadTests(NotificationFixtures):
    def test_marking_read_keeps_the_first_time(self):
        notification = make_notification(recipient=self.reader, question=self.assigned_question())
        notification_services.mark_notification_read(notification, by=self.reader)
        first = Notification.objects.get(pk=notification.pk).read_at
        self.assertIsNotNone(first)
        notification_services.mark_notification_read(Notification.objects.get(pk=notification.pk), by=self.reader)
        self.assertEqual(Notification.objects.get(pk=notification.pk).read_at, first)

    def test_no_one_marks_anothers_notification(self):
        notification = make_notification(recipient=self.reader, question=self.assigned_question())
        for user in (self.editor, self.coordinator, None):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                notification_services.mark_notification_read(notification, by=user)
        self.assertIsNone(Notification.objects.get(pk=notification.pk).read_at)

    def test_mark_all_read_marks_only_ones_own(self):
        question = self.assigned_question()
        mine = [make_notification(recipient=self.reader, question=question) for _ in range(2)]
        theirs = make_notification(recipient=self.editor, question=question)
        self.assertEqual(notification_services.mark_all_notifications_read(by=self.reader), 2)
        self.assertEqual(set(Notification.objects.unread()), {theirs})
        self.assertEqual(set(Notification.objects.exclude(read_at=None)), set(mine))
