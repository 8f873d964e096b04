"""Updates: saving a draft, the workflow (who may take which step), the refusals (each writes nothing) and the
audit trail."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from dubbelslag.core import audit
from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import Dimension, IndicatorKind, UpdateStatus
from dubbelslag.monitoring.models import ReportingPeriod, Update, UpdateComment, UpdateDisaggregation
from dubbelslag.monitoring.workflows import UPDATES
from testing.base import BaseTestCase
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update
from testing.factories.research import make_entry

S = UpdateStatus


class UpdateFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.goal = make_goal(cls.programme)
        cls.shared = make_indicator(cls.goal)
        cls.count = services.adopt_indicator(cls.shared, experiment=cls.experiment, by=None)
        cls.share = make_indicator(cls.goal, experiment=cls.experiment, title_nl="Aandeel bereikt",
                                   kind=IndicatorKind.PERCENTAGE, unit="%")
        cls.period = make_period(cls.programme)
        cls.locked = make_period(cls.programme, start=date(2020, 4, 1), end=date(2020, 6, 30), label="2020-K2",
                                 is_locked=True)

    def counts(self):
        """Everything an update service could write."""
        return (Update.objects.count(), UpdateDisaggregation.objects.count(), UpdateComment.objects.count(),
                AuditEvent.objects.count(), list(Update.objects.values_list("status", "version", "value")))


class SaveDraftTests(UpdateFixtures):
    def test_an_editor_saves_a_draft_with_its_parts_and_links(self):
        services.add_disaggregation(self.count, by=self.coordinator, dimension=Dimension.TENURE)
        owner, corporation, _private = self.count.disaggregations.get().values.all()
        entry = make_entry(self.experiment)
        update = services.save_draft(self.count, self.period, by=self.editor, value=12, narrative=" Goed begin. ",
                                     parts={owner: 4, corporation: 8}, log_entries=[entry])
        update.refresh_from_db()
        self.assertEqual((update.status, update.value, update.narrative, update.version, update.created_by),
                         (S.DRAFT, Decimal("12.00"), "Goed begin.", 1, self.editor))
        self.assertEqual(set(update.disaggregated_values.values_list("category__code", "value")),
                         {("owner", Decimal("4.00")), ("corporation", Decimal("8.00"))})
        self.assertEqual(list(update.log_entries.all()), [entry])
        event = AuditEvent.objects.for_object(update).get()
        self.assertEqual((event.action, event.actor), (AuditAction.CREATE, self.editor))

    def test_a_percentage_is_computed_from_numerator_and_denominator(self):
        update = services.save_draft(self.share, self.period, by=self.editor, numerator=1, denominator=3)
        self.assertEqual(update.value, Decimal("33.33"))

    def test_a_second_save_changes_the_draft_and_bumps_the_version(self):
        update = services.save_draft(self.count, self.period, by=self.editor, value=5)
        services.save_draft(self.count, self.period, by=self.editor, value=7, version=1)
        update.refresh_from_db()
        self.assertEqual((update.value, update.version), (Decimal("7.00"), 2))
        self.assertEqual(AuditEvent.objects.for_object(update).filter(action=AuditAction.CHANGE).get()
                         .changes["value"], ["5.00", "7.00"])

    def test_readers_researchers_and_outsiders_may_not_report(self):
        for user in (self.reader, self.researcher, self.outsider):
            with self.subTest(user=user.email):
                before = self.counts()
                with self.assertRaises(PermissionDenied):
                    services.save_draft(self.count, self.period, by=user, value=1)
                self.assertEqual(self.counts(), before)

    def assertRefused(self, call, message_part, **kwargs):
        before = self.counts()
        with self.assertRaises(ValidationError) as refused, translation.override("en"):
            call(**kwargs)
        self.assertIn(message_part, " ".join(refused.exception.messages))
        self.assertEqual(self.counts(), before)
        return refused.exception

    def test_a_percentage_above_100_is_refused(self):
        self.assertRefused(lambda: services.save_draft(self.share, self.period, by=self.editor, value=101),
                           "cannot be above 100")

    def test_a_negative_count_is_refused(self):
        self.assertRefused(lambda: services.save_draft(self.count, self.period, by=self.editor, value=-1),
                           "cannot be negative")

    def test_a_numerator_above_its_denominator_is_refused(self):
        self.assertRefused(lambda: services.save_draft(self.share, self.period, by=self.editor, numerator=5,
                                                       denominator=4), "cannot be above the denominator")

    def test_disaggregated_parts_above_the_total_are_refused(self):
        services.add_disaggregation(self.count, by=self.coordinator, dimension=Dimension.TENURE)
        owner, corporation, _private = self.count.disaggregations.get().values.all()
        self.assertRefused(lambda: services.save_draft(self.count, self.period, by=self.editor, value=10,
                                                       parts={owner: 6, corporation: 5}),
                           "add up to 11.00, more than the total of 10.00")

    def test_an_update_for_a_locked_period_is_refused(self):
        self.assertRefused(lambda: services.save_draft(self.count, self.locked, by=self.editor, value=1),
                           "2020-K2 is locked")

    def test_an_update_for_a_future_period_is_refused(self):
        today = timezone.localdate()
        future = make_period(self.programme, start=today + timedelta(days=10), end=today + timedelta(days=100),
                             label="later")
        self.assertRefused(lambda: services.save_draft(self.count, future, by=self.editor, value=1),
                           "has not started yet")

    def test_a_stale_edit_is_refused_naming_who_changed_it(self):
        services.save_draft(self.count, self.period, by=self.editor, value=5)
        services.save_draft(self.count, self.period, by=self.coordinator, value=6, version=1)
        error = self.assertRefused(lambda: services.save_draft(self.count, self.period, by=self.editor, value=9,
                                                               version=1), "Carla Coördinator")
        self.assertEqual(error.code, "stale")

    def test_an_approved_update_in_a_locked_period_cannot_change(self):
        update = make_update(self.count, self.locked, status=S.APPROVED)
        self.assertRefused(lambda: services.save_draft(self.count, self.locked, by=self.editor, value=3,
                                                       version=update.version), "approved and the period")
        self.assertRefused(lambda: services.return_update(update, by=self.coordinator, reason="Fout."),
                           "approved and the period")

    def test_a_submitted_update_is_not_edited_until_returned(self):
        update = make_update(self.count, self.period, status=S.SUBMITTED)
        self.assertRefused(lambda: services.save_draft(self.count, self.period, by=self.editor, value=3,
                                                       version=update.version), "once it is returned")

    def test_the_programme_s_shared_indicator_takes_no_updates(self):
        self.assertRefused(lambda: services.save_draft(self.shared, self.period, by=self.coordinator, value=3),
                           "rolls up")


class WorkflowTests(UpdateFixtures):
    def test_draft_submitted_returned_resubmitted_approved(self):
        update = services.save_draft(self.count, self.period, by=self.editor, value=5)
        services.submit_update(update, by=self.editor, version=1)
        self.assertEqual((update.status, update.submitted_by, update.version), (S.SUBMITTED, self.editor, 2))
        services.return_update(update, by=self.coordinator, reason="Noem de bron.", version=2)
        update.refresh_from_db()
        self.assertEqual((update.status, update.return_reason), (S.RETURNED, "Noem de bron."))
        services.save_draft(self.count, self.period, by=self.editor, value=6, narrative="Bron: corporatie.",
                            version=update.version)
        update.refresh_from_db()
        self.assertEqual((update.status, update.return_reason), (S.RETURNED, "Noem de bron."))
        services.submit_update(update, by=self.editor)
        update.refresh_from_db()
        self.assertEqual((update.status, update.return_reason), (S.SUBMITTED, ""))
        services.approve_update(update, by=self.coordinator)
        update.refresh_from_db()
        self.assertEqual((update.status, update.approved_by, update.value), (S.APPROVED, self.coordinator,
                                                                             Decimal("6.00")))
        transitions = AuditEvent.objects.for_object(update).filter(action=AuditAction.TRANSITION).order_by("pk")
        self.assertEqual([event.changes["status"][1] for event in transitions],
                         [audit.snapshot(Update(status=status), ["status"])["status"]
                          for status in (S.SUBMITTED, S.RETURNED, S.SUBMITTED, S.APPROVED)])
        self.assertEqual(transitions[1].changes["reason"], [None, "Noem de bron."])

    def test_who_may_take_which_step(self):
        update = make_update(self.count, self.period, status=S.SUBMITTED)
        self.assertEqual(UPDATES.available(self.coordinator, update), ["approve", "return"])
        for user in (self.editor, self.reader, self.researcher, self.outsider):
            self.assertEqual(UPDATES.available(user, update), [])
        draft = make_update(self.share, self.period, value=50)
        self.assertEqual(UPDATES.available(self.editor, draft), ["submit"])
        self.assertEqual(UPDATES.available(self.reader, draft), [])

    def test_an_editor_may_not_approve_their_own_update(self):
        update = make_update(self.count, self.period, status=S.SUBMITTED)
        before = self.counts()
        with self.assertRaises(PermissionDenied):
            services.approve_update(update, by=self.editor)
        self.assertEqual(self.counts(), before)

    def test_returning_without_a_reason_is_refused(self):
        update = make_update(self.count, self.period, status=S.SUBMITTED)
        before = self.counts()
        with self.assertRaises(ValidationError) as refused:
            services.return_update(update, by=self.coordinator, reason="  ")
        self.assertEqual(refused.exception.error_dict["reason"][0].code, "reason_required")
        self.assertEqual(self.counts(), before)

    def test_submitting_in_a_locked_period_is_refused(self):
        update = make_update(self.count, self.locked)
        before = self.counts()
        with self.assertRaises(ValidationError):
            services.submit_update(update, by=self.editor)
        self.assertEqual(self.counts(), before)

    def test_submitting_without_a_value_is_refused(self):
        update = make_update(self.count, self.period, value=None)
        before = self.counts()
        with self.assertRaises(ValidationError) as refused:
            services.submit_update(update, by=self.editor)
        self.assertEqual(refused.exception.error_dict["value"][0].code, "incomplete")
        self.assertEqual(self.counts(), before)

    def test_a_stale_step_is_refused_naming_who_changed_it(self):
        update = services.save_draft(self.count, self.period, by=self.editor, value=5)
        services.save_draft(self.count, self.period, by=self.coordinator, value=6, version=1)
        before = self.counts()
        with self.assertRaises(ValidationError) as refused:
            services.submit_update(update, by=self.editor, version=1)
        self.assertIn("Carla Coördinator", refused.exception.messages[0])
        self.assertEqual(self.counts(), before)


class CommentTests(UpdateFixtures):
    def test_editors_and_the_programme_team_comment_readers_do_not(self):
        update = make_update(self.count, self.period, status=S.SUBMITTED)
        services.comment_on_update(update, by=self.researcher, text="Welke bron?")
        services.comment_on_update(update, by=self.editor, text="De corporatie.")
        self.assertEqual(list(update.comments.values_list("author__email", "text")),
                         [("researcher@example.org", "Welke bron?"), ("editor@example.org", "De corporatie.")])
        before = self.counts()
        with self.assertRaises(PermissionDenied):
            services.comment_on_update(update, by=self.reader, text="Mag ik?")
        with self.assertRaises(ValidationError):
            services.comment_on_update(update, by=self.editor, text="   ")
        self.assertEqual(self.counts(), before)


class StaleLockTests(UpdateFixtures):
    def test_a_period_locked_after_the_page_was_loaded_is_still_refused(self):
        loaded = make_period(self.programme, start=date(2020, 7, 1), end=date(2020, 9, 30), label="2020-K3")
        services.lock_period(ReportingPeriod.objects.get(pk=loaded.pk), by=self.coordinator)
        before = self.counts()
        with self.assertRaises(ValidationError):
            services.save_draft(self.count, loaded, by=self.editor, value=1)
        self.assertEqual(self.counts(), before)
