"""Reminders before a period closes (``send_period_reminders``, ``manage.py send_monitoring_reminders``): each editor
of each experiment that has not submitted every update of a period ending soon, or ended and not locked, once per
person, period and experiment; none for a locked period, a later one, or when everything is submitted."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dubbelslag.labs.enums import NotificationEvent
from dubbelslag.labs.models import Notification
from dubbelslag.monitoring.enums import IndicatorKind, Side, UpdateStatus
from dubbelslag.monitoring.notifications import reminders_due, send_period_reminders
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import BaseTestCase, make_experiment, make_user
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update

S = UpdateStatus
TODAY = date(2021, 9, 20)  # 10 days before 2021-K3 ends


class ReminderFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        goal = make_goal(cls.programme, experiment=cls.experiment)
        cls.insulated = make_indicator(goal, title_nl="Woningen geïsoleerd", title_en="Homes insulated", position=1)
        cls.reached = make_indicator(goal, title_nl="Huishoudens bereikt", title_en="Households reached",
                                     position=2)
        cls.story = make_indicator(make_goal(cls.programme, experiment=cls.experiment, side=Side.PROCESS),
                                   title_nl="Wat bewoners vertellen", kind=IndicatorKind.QUALITATIVE)
        cls.k2 = make_period(cls.programme, start=date(2021, 4, 1), end=date(2021, 6, 30), label="2021-K2")
        cls.k3 = make_period(cls.programme, start=date(2021, 7, 1), end=date(2021, 9, 30), label="2021-K3")
        cls.k4 = make_period(cls.programme, start=date(2021, 10, 1), end=date(2021, 12, 31), label="2021-K4")
        cls.k1 = make_period(cls.programme, start=date(2021, 1, 1), end=date(2021, 3, 31), label="2021-K1",
                             is_locked=True)
        # 2021-K3: one submitted, one a draft, one missing. 2021-K2 (ended, open): two approved, one returned.
        make_update(cls.insulated, cls.k3, status=S.SUBMITTED)
        make_update(cls.reached, cls.k3, status=S.DRAFT)
        make_update(cls.insulated, cls.k2, status=S.APPROVED)
        make_update(cls.story, cls.k2, status=S.APPROVED, value=None, narrative="Goed.")
        make_update(cls.reached, cls.k2, status=S.RETURNED)

    def send(self, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return send_period_reminders(today=TODAY, **kwargs)


class ReminderTests(ReminderFixtures):
    def test_each_editor_is_reminded_of_what_is_missing_in_each_open_period_due(self):
        second_editor = make_user("second@example.org", language="en")
        Membership.objects.create(user=second_editor, programme=self.programme, experiment=self.experiment,
                                  role=MembershipRole.EDITOR)
        self.assertEqual(self.send(), 4)
        rows = Notification.objects.filter(event=NotificationEvent.MONITORING_PERIOD_CLOSING)
        results = reverse("monitoring:results", args=[self.experiment.pk])
        self.assertEqual(
            {(n.recipient, n.params["period"], n.link, n.params["ended"], tuple(map(tuple, n.params["missing"])))
             for n in rows},
            {(user, "2021-K3", results, False, (("Huishoudens bereikt", "Households reached"),
                                                ("Wat bewoners vertellen", "")))
             for user in (self.editor, second_editor)}
            | {(user, "2021-K2", results, True, (("Huishoudens bereikt", "Households reached"),))
               for user in (self.editor, second_editor)})
        # Readers, researchers and coordinators are not reminded; nor is anyone of the locked 2021-K1 or of 2021-K4.
        self.assertEqual(set(rows.values_list("recipient", flat=True)), {self.editor.pk, second_editor.pk})

        reminder = rows.get(recipient=second_editor, params__period="2021-K3")
        with translation.override("en"):
            self.assertEqual(reminder.message, "The period 2021-K3 ends on 30 September 2021: Huiskamer Aardgasvrij "
                                               "has not submitted updates for 2 indicators yet.")
            self.assertEqual(reminder.details, ["Households reached", "Wat bewoners vertellen"])
        with translation.override("nl"):
            self.assertEqual(reminder.message, "De periode 2021-K3 eindigt op 30 september 2021: voor Huiskamer "
                                               "Aardgasvrij zijn nog geen rapportages ingediend voor 2 indicatoren.")
            self.assertEqual(rows.get(recipient=self.editor, params__period="2021-K2").message,
                             "De periode 2021-K2 is op 30 juni 2021 geëindigd en nog open: voor Huiskamer "
                             "Aardgasvrij is geen rapportage ingediend voor 1 indicator.")

    def test_each_editor_gets_one_email_per_reminder_in_their_own_language(self):
        english = make_user("english@example.org", language="en")
        Membership.objects.create(user=english, programme=self.programme, experiment=self.experiment,
                                  role=MembershipRole.EDITOR)
        self.send()
        by_recipient = {}
        for message in mail.outbox:
            self.assertEqual(len(message.to), 1)
            by_recipient.setdefault(message.to[0], []).append(message)
        self.assertEqual({address: len(messages) for address, messages in by_recipient.items()},
                         {self.editor.email: 2, english.email: 2})
        english_k3 = next(m for m in by_recipient[english.email] if "2021-K3" in m.subject)
        self.assertEqual(english_k3.subject, "The period 2021-K3 ends on 30 September 2021: Huiskamer Aardgasvrij "
                                             "has not submitted updates for 2 indicators yet.")
        self.assertIn("- Households reached\n- Wat bewoners vertellen\n", english_k3.body)
        self.assertIn(reverse("monitoring:results", args=[self.experiment.pk]), english_k3.body)
        dutch_k2 = next(m for m in by_recipient[self.editor.email] if "2021-K2" in m.subject)
        self.assertIn("Huishoudens bereikt", dutch_k2.body)
        self.assertIn("/account/meldingen/", dutch_k2.body)

    def test_a_second_run_sends_nothing(self):
        self.send()
        rows, mails = Notification.objects.count(), len(mail.outbox)
        self.assertEqual(self.send(), 0)
        self.assertEqual((Notification.objects.count(), len(mail.outbox)), (rows, mails))
        # Also not when the period has moved from "ends soon" to "ended": one reminder per person and period.
        self.assertEqual(send_period_reminders(today=date(2021, 10, 5)), 0)

    def test_no_reminder_for_a_period_once_everything_is_submitted_or_once_it_is_locked(self):
        make_update(self.story, self.k3, status=S.APPROVED, value=None, narrative="Goed.")
        self.reached.updates.filter(period=self.k3).update(status=S.SUBMITTED)
        self.k2.is_locked = True
        self.k2.save(update_fields=["is_locked"])
        self.assertEqual(self.send(), 0)
        self.assertEqual((Notification.objects.count(), mail.outbox), (0, []))

    def test_a_period_further_off_is_not_due_until_it_comes_within_the_days(self):
        self.assertEqual({r.period.label for r in reminders_due(today=TODAY)}, {"2021-K2", "2021-K3"})
        self.assertEqual({r.period.label for r in reminders_due(today=date(2021, 12, 17))},
                         {"2021-K2", "2021-K3", "2021-K4"})
        with override_settings(MONITORING_REMINDER_DAYS=3):
            self.assertEqual({r.period.label for r in reminders_due(today=TODAY)}, {"2021-K2"})
            self.assertEqual({r.period.label for r in reminders_due(today=date(2021, 9, 27))},
                             {"2021-K2", "2021-K3"})

    def test_an_experiment_without_editors_or_not_running_in_the_period_is_not_reminded(self):
        goal = make_goal(self.programme, experiment=self.other_experiment)
        make_indicator(goal, title_nl="Verhalen opgehaald")
        later = make_experiment(programme=self.programme, gemeente=self.zoetermeer, title="Later begonnen",
                                start_date=date(2021, 10, 1))
        make_indicator(make_goal(self.programme, experiment=later), title_nl="Iets")
        Membership.objects.create(user=self.outsider, programme=self.programme, experiment=later,
                                  role=MembershipRole.EDITOR)
        due = {(r.experiment.title, r.period.label) for r in reminders_due(today=TODAY)}
        self.assertIn(("Verhalen ophalen in Palenstein", "2021-K3"), due)  # due, but nobody edits it
        self.assertNotIn("Later begonnen", {title for title, _period in due})
        self.send()
        self.assertEqual(set(Notification.objects.values_list("recipient", flat=True)), {self.editor.pk})

    def test_a_demo_programme_is_reminded_in_the_app_only(self):
        self.programme.is_demo = True
        self.programme.save(update_fields=["is_demo"])
        self.assertEqual(self.send(), 2)
        self.assertEqual(mail.outbox, [])

    def test_the_queries_do_not_grow_with_periods_experiments_or_indicators(self):
        with self.assertNumQueries(3) as small:
            reminders_due(today=TODAY)
        for number in range(3):
            experiment = make_experiment(programme=self.programme, gemeente=self.zoetermeer, title=f"Extra {number}")
            goal = make_goal(self.programme, experiment=experiment)
            for position in range(3):
                make_indicator(goal, title_nl=f"Indicator {position}")
        make_period(self.programme, start=date(2020, 10, 1), end=date(2020, 12, 31), label="2020-K4")
        with self.assertNumQueries(len(small.captured_queries)):
            self.assertEqual(len(reminders_due(today=TODAY)), 4 * 3)  # four experiments, three periods


class CommandTests(ReminderFixtures):
    def test_the_command_sends_the_reminders_once_and_says_how_many(self):
        out = StringIO()
        with translation.override("en"), self.captureOnCommitCallbacks(execute=True):
            call_command("send_monitoring_reminders", "--today", TODAY.isoformat(), stdout=out)
        self.assertEqual(out.getvalue().strip(), "2 reminders sent.")
        self.assertEqual(len(mail.outbox), 2)
        out = StringIO()
        with translation.override("en"):
            call_command("send_monitoring_reminders", "--today", TODAY.isoformat(), stdout=out)
        self.assertEqual(out.getvalue().strip(), "0 reminders sent.")

    def test_a_wrong_date_is_refused_and_sends_nothing(self):
        with translation.override("en"), self.assertRaisesMessage(CommandError, "Give --today as a date"):
            call_command("send_monitoring_reminders", "--today", "30-09-2021")
        self.assertEqual(Notification.objects.count(), 0)
