"""A returned update tells its reporter at once: a notification (in the reader's language, with the reason and the
link to the update) and an e-mail in the reporter's language, sent after commit, never undoing the return."""

from datetime import date

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dubbelslag.core.addresses import absolute_url
from dubbelslag.labs.enums import NotificationEvent
from dubbelslag.labs.models import Notification
from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import UpdateStatus
from testing.base import BaseTestCase, make_user
from testing.factories.monitoring import make_goal, make_indicator, make_period

REASON = "Graag de bron van het aantal noemen."


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


class ReturnedFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        goal = make_goal(cls.programme, experiment=cls.experiment)
        cls.indicator = make_indicator(goal, title_nl="Woningen geïsoleerd", title_en="Homes insulated")
        cls.period = make_period(cls.programme, start=date(2021, 7, 1), end=date(2021, 9, 30), label="2021-K3")

    def submitted(self, *, by=None):
        update = services.save_draft(self.indicator, self.period, by=by or self.editor, value=40)
        return services.submit_update(update, by=by or self.editor)

    def return_it(self, update, *, reason=REASON):
        with self.captureOnCommitCallbacks(execute=True):
            return services.return_update(update, by=self.coordinator, reason=reason)


class ReturnedNotificationTests(ReturnedFixtures):
    def test_the_reporter_gets_a_notification_and_an_email_with_the_reason_and_the_link(self):
        update = self.return_it(self.submitted())
        notification = Notification.objects.get()
        link = reverse("monitoring:update-detail", args=[update.pk])
        self.assertEqual(
            (notification.recipient, notification.event, notification.question, notification.link,
             notification.get_absolute_url(), notification.params["reason"]),
            (self.editor, NotificationEvent.MONITORING_UPDATE_RETURNED, None, link, link, REASON))
        with translation.override("en"):
            self.assertEqual(notification.message, "Your update on “Homes insulated” for 2021-K3 (Huiskamer "
                                                   "Aardgasvrij) was returned for revision.")
            self.assertEqual(notification.details, [f"Reason: {REASON}"])
        with translation.override("nl"):
            self.assertEqual(notification.message, "Je rapportage over “Woningen geïsoleerd” voor 2021-K3 "
                                                   "(Huiskamer Aardgasvrij) is teruggestuurd voor herziening.")
        self.assertEqual([message.to for message in mail.outbox], [[self.editor.email]])
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Je rapportage over “Woningen geïsoleerd” voor 2021-K3 (Huiskamer "
                                          "Aardgasvrij) is teruggestuurd voor herziening.")
        self.assertIn(f"Reden: {REASON}", message.body)
        self.assertIn(f"Lees meer: {absolute_url(None, link)}", message.body)
        self.assertIn("/account/meldingen/", message.body)

    def test_the_email_is_in_the_reporters_language(self):
        english = make_user("english@example.org", language="en")
        self.experiment.memberships.create(user=english, programme=self.programme, role="editor")
        with translation.override("nl"):
            self.return_it(self.submitted(by=english))
        self.assertEqual(mail.outbox[0].to, [english.email])
        self.assertEqual(mail.outbox[0].subject, "Your update on “Homes insulated” for 2021-K3 (Huiskamer "
                                                 "Aardgasvrij) was returned for revision.")
        self.assertIn(f"Reason: {REASON}", mail.outbox[0].body)

    def test_without_a_submitter_the_creator_is_told(self):
        update = services.save_draft(self.indicator, self.period, by=self.editor, value=40)
        services.submit_update(update, by=None)  # submitted by the system
        self.return_it(update)
        self.assertEqual(list(Notification.objects.values_list("recipient", flat=True)), [self.editor.pk])

    def test_no_one_to_tell_when_the_system_reported_or_the_actor_returns_their_own(self):
        by_system = services.save_draft(self.indicator, self.period, by=None, value=40)
        self.return_it(services.submit_update(by_system, by=None))
        self.assertEqual((Notification.objects.count(), mail.outbox), (0, []))
        other = make_period(self.programme, start=date(2021, 4, 1), end=date(2021, 6, 30), label="2021-K2")
        own = services.save_draft(self.indicator, other, by=self.coordinator, value=3)
        self.return_it(services.submit_update(own, by=self.coordinator))
        self.assertEqual((Notification.objects.count(), mail.outbox), (0, []))

    def test_email_off_gives_the_notification_only(self):
        self.editor.notify_by_email = False
        self.editor.save(update_fields=["notify_by_email"])
        self.return_it(self.submitted())
        self.assertEqual((Notification.objects.filter(recipient=self.editor).count(), mail.outbox), (1, []))

    def test_a_demo_programme_is_never_emailed(self):
        self.programme.is_demo = True
        self.programme.save(update_fields=["is_demo"])
        self.return_it(self.submitted())
        self.assertEqual((Notification.objects.filter(recipient=self.editor).count(), mail.outbox), (1, []))

    def test_a_mail_server_that_is_down_does_not_undo_the_return(self):
        update = self.submitted()
        with override_settings(EMAIL_BACKEND=f"{__name__}.BrokenBackend"), \
                self.assertLogs("dubbelslag.labs.services.notifications", "ERROR"):
            self.return_it(update)
        update.refresh_from_db()
        self.assertEqual((update.status, update.return_reason), (UpdateStatus.RETURNED, REASON))
        self.assertEqual(Notification.objects.filter(recipient=self.editor).count(), 1)

    def test_a_refused_return_tells_no_one(self):
        update = self.submitted()
        with self.assertRaises(ValidationError):
            self.return_it(update, reason="  ")
        self.assertEqual((Notification.objects.count(), mail.outbox), (0, []))

    def test_a_return_rolled_back_later_leaves_no_notification_and_no_mail(self):
        update = self.submitted()
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(RuntimeError), transaction.atomic():
            services.return_update(update, by=self.coordinator, reason=REASON)
            raise RuntimeError("the surrounding work fails")
        self.assertEqual((Notification.objects.count(), mail.outbox), (0, []))


class NotificationPageTests(ReturnedFixtures):
    def test_the_notifications_page_shows_the_return_with_its_reason_and_opens_the_update(self):
        update = self.return_it(self.submitted())
        notification = Notification.objects.get()
        self.login(self.editor)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("notifications:notification-list"))
        self.assertContains(response, "Your update on “Homes insulated” for 2021-K3 (Huiskamer Aardgasvrij) was "
                                      "returned for revision.")
        self.assertContains(response, f'<p class="notification-detail">Reason: {REASON}</p>', html=True)
        opened = self.client.post(reverse("notifications:notification-open", args=[notification.pk]))
        self.assertRedirects(opened, reverse("monitoring:update-detail", args=[update.pk]),
                             fetch_redirect_response=False)
        notification.refresh_from_db()
        self.assertIsNotNone(notification.read_at)

    def test_a_stored_link_off_the_site_is_never_followed(self):
        notification = Notification.objects.create(
            recipient=self.editor, event=NotificationEvent.MONITORING_UPDATE_RETURNED, title="x",
            link="//evil.example/", params={})
        self.assertEqual(notification.get_absolute_url(), reverse("notifications:notification-list"))
