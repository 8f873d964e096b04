"""``notify``, the one way a notification is written: a stored link and strings for events that are not about a
knowledge question, a reminder's key written once per person, no one inactive, e-mail optional."""

from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import translation

from dubbelslag.labs.enums import NotificationEvent
from dubbelslag.labs.models import Notification
from dubbelslag.labs.services.notifications import notify
from testing.base import BaseTestCase, make_user

EVENT = NotificationEvent.MONITORING_UPDATE_RETURNED
PARAMS = {"indicator": ["Woningen geïsoleerd", "Homes insulated"], "period": "2021-K3", "experiment": "Huiskamer",
          "reason": "Bron ontbreekt."}


class NotifyTests(BaseTestCase):
    def send(self, recipients, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return notify(recipients, event=EVENT, title="Woningen geïsoleerd", link="/monitoring/rapportage/1/",
                          params=PARAMS, **kwargs)

    def test_writes_one_notification_and_one_email_per_active_recipient(self):
        gone = make_user("gone@example.org", is_active=False)
        written = self.send([self.editor, self.reader, gone])
        self.assertEqual({n.recipient for n in written}, {self.editor, self.reader})
        self.assertEqual(sorted(message.to[0] for message in mail.outbox), [self.editor.email, self.reader.email])
        row = Notification.objects.get(recipient=self.editor)
        self.assertEqual((row.question, row.link, row.get_absolute_url(), row.params), (
            None, "/monitoring/rapportage/1/", "/monitoring/rapportage/1/", PARAMS))
        with translation.override("en"):
            self.assertEqual(row.message, "Your update on “Homes insulated” for 2021-K3 (Huiskamer) was returned "
                                          "for revision.")
        self.assertEqual(mail.outbox[0].subject, "Je rapportage over “Woningen geïsoleerd” voor 2021-K3 "
                                                 "(Huiskamer) is teruggestuurd voor herziening.")
        self.assertIn("Reden: Bron ontbreekt.", mail.outbox[0].body)

    def test_a_key_is_written_once_per_person(self):
        self.send([self.editor], key="reminder:1")
        self.assertEqual(self.send([self.editor, self.reader], key="reminder:1"),
                         [Notification.objects.get(recipient=self.reader)])
        self.assertEqual(Notification.objects.filter(key="reminder:1").count(), 2)
        self.assertEqual(len(mail.outbox), 2)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Notification.objects.create(recipient=self.editor, event=EVENT, title="x", link="/x/",
                                        key="reminder:1")

    def test_without_email_only_the_notification(self):
        self.send([self.editor], send_email=False)
        self.assertEqual((Notification.objects.count(), mail.outbox), (1, []))

    def test_mail_switched_off_when_the_step_runs_stays_off_for_the_later_commit(self):
        # A loader (the labs demo) switches mail off around its steps; the mail is sent when the outer transaction
        # commits, after the switch is undone, and must still go nowhere.
        # (The contexts exit right to left: the switch is undone before the callbacks run.)
        with self.captureOnCommitCallbacks(execute=True) as callbacks, \
                override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            notify([self.editor], event=EVENT, title="x", link="/x/", params=PARAMS)
        self.assertEqual((len(callbacks), mail.outbox), (1, []))

    def test_a_notification_leads_to_a_question_or_a_link(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Notification.objects.create(recipient=self.editor, event=EVENT, title="x")
