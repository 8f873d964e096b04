"""Editing and removing goals and indicators, and creating the programme's quarters (the framework pages'
services)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import IndicatorKind, RollupRule, Side
from dubbelslag.monitoring.models import Goal, ReportingPeriod, ResultIndicator
from testing.base import BaseTestCase, make_programme
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update


class Fixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.goal = make_goal(cls.programme)
        cls.shared = make_indicator(cls.goal, unit="woningen")

    def state(self):
        return (list(Goal.objects.values_list("pk", "side", "title_nl", "title_en")),
                list(ResultIndicator.objects.values_list("pk", "title_nl", "kind", "unit", "version")),
                list(ReportingPeriod.objects.values_list("label", "start", "end")), AuditEvent.objects.count())

    def definition(self, **overrides):
        fields = {"title_nl": "Woningen van het gas", "title_en": "Homes off gas", "kind": IndicatorKind.NUMBER,
                  "unit": "woningen", "direction": "higher", "cumulative": True, "rollup_rule": RollupRule.SUM}
        fields.update(overrides)
        return fields


class ChangeGoalTests(Fixtures):
    def test_the_coordinator_changes_a_shared_goal_audited(self):
        services.change_goal(self.goal, by=self.coordinator, version=services.goal_version(self.goal),
                             side=Side.LIVABILITY, title_nl="Prettig wonen", title_en="Living well")
        self.goal.refresh_from_db()
        self.assertEqual((self.goal.side, self.goal.title_nl, self.goal.title_en),
                         (Side.LIVABILITY, "Prettig wonen", "Living well"))
        event = AuditEvent.objects.for_object(self.goal).get()
        self.assertEqual((event.action, event.changes["title_nl"]),
                         (AuditAction.CHANGE, ["Woningen aardgasvrij", "Prettig wonen"]))

    def test_a_stale_edit_names_who_changed_it_and_writes_nothing(self):
        seen = services.goal_version(self.goal)
        services.change_goal(self.goal, by=self.coordinator, version=seen, side=Side.ENERGY, title_nl="Eerst")
        before = self.state()
        with self.assertRaises(ValidationError) as caught:
            services.change_goal(Goal.objects.get(pk=self.goal.pk), by=self.coordinator, version=seen,
                                 side=Side.ENERGY, title_nl="Later")
        self.assertIn("Carla Coördinator", caught.exception.messages[0])
        self.assertEqual(self.state(), before)

    def test_an_editor_may_not_change_a_shared_goal_but_their_own(self):
        before = self.state()
        with self.assertRaises(PermissionDenied):
            services.change_goal(self.goal, by=self.editor, version=services.goal_version(self.goal),
                                 side=Side.ENERGY, title_nl="Niet")
        self.assertEqual(self.state(), before)
        own = make_goal(self.programme, experiment=self.experiment)
        services.change_goal(own, by=self.editor, version=services.goal_version(own), side=Side.PROCESS,
                             title_nl="Eigen doel")
        self.assertEqual(Goal.objects.get(pk=own.pk).title_nl, "Eigen doel")

    def test_an_empty_title_is_refused(self):
        before = self.state()
        with self.assertRaises(ValidationError) as caught:
            services.change_goal(self.goal, by=self.coordinator, version=services.goal_version(self.goal),
                                 side=Side.ENERGY, title_nl="  ")
        self.assertIn("title_nl", caught.exception.message_dict)
        self.assertEqual(self.state(), before)


class ChangeIndicatorTests(Fixtures):
    def test_a_change_to_a_shared_indicator_reaches_its_adoptions(self):
        adoption = services.adopt_indicator(self.shared, experiment=self.experiment, by=None)
        services.change_indicator(self.shared, by=self.coordinator, version=1, **self.definition())
        self.shared.refresh_from_db()
        adoption.refresh_from_db()
        for indicator in (self.shared, adoption):
            self.assertEqual((indicator.title_nl, indicator.title_en, indicator.cumulative, indicator.version),
                             ("Woningen van het gas", "Homes off gas", True, 2))
        self.assertEqual(AuditEvent.objects.for_object(adoption).filter(action=AuditAction.CHANGE).count(), 1)

    def test_a_stale_version_is_refused(self):
        before = self.state()
        with self.assertRaises(ValidationError) as caught:
            services.change_indicator(self.shared, by=self.coordinator, version=0, **self.definition())
        self.assertEqual(caught.exception.code, "stale")
        self.assertEqual(self.state(), before)

    def test_an_adoption_keeps_the_programme_s_definition(self):
        adoption = services.adopt_indicator(self.shared, experiment=self.experiment, by=None)
        before = self.state()
        with self.assertRaises(ValidationError):
            services.change_indicator(adoption, by=self.editor, version=adoption.version, **self.definition())
        self.assertEqual(self.state(), before)

    def test_the_kind_cannot_change_once_there_are_updates(self):
        adoption = services.adopt_indicator(self.shared, experiment=self.experiment, by=None)
        make_update(adoption, make_period(self.programme))
        before = self.state()
        with self.assertRaises(ValidationError) as caught:
            services.change_indicator(self.shared, by=self.coordinator, version=1,
                                      **self.definition(kind=IndicatorKind.PERCENTAGE, cumulative=False))
        self.assertIn("kind", caught.exception.message_dict)
        self.assertEqual(self.state(), before)

    def test_score_labels_on_a_number_are_refused(self):
        before = self.state()
        with self.assertRaises(ValidationError) as caught:
            services.change_indicator(self.shared, by=self.coordinator, version=1,
                                      **self.definition(score_labels=["laag", "hoog"]))
        self.assertIn("score_labels", caught.exception.message_dict)
        self.assertEqual(self.state(), before)

    def test_an_editor_may_not_change_a_shared_indicator(self):
        before = self.state()
        with self.assertRaises(PermissionDenied):
            services.change_indicator(self.shared, by=self.editor, version=1, **self.definition())
        self.assertEqual(self.state(), before)


class RemoveTests(Fixtures):
    def test_an_indicator_without_updates_is_removed_and_audited(self):
        own_goal = make_goal(self.programme, experiment=self.experiment)
        own = make_indicator(own_goal)
        services.set_target(own, by=None, value=5)
        pk = own.pk
        services.remove_indicator(own, by=self.editor)
        self.assertFalse(ResultIndicator.objects.filter(pk=pk).exists())
        self.assertEqual(AuditEvent.objects.filter(object_id=str(pk), action=AuditAction.DELETE).count(), 1)
        services.remove_goal(own_goal, by=self.editor)
        self.assertFalse(Goal.objects.filter(pk=own_goal.pk).exists())

    def test_an_indicator_with_updates_or_adoptions_and_a_goal_with_indicators_stay(self):
        adoption = services.adopt_indicator(self.shared, experiment=self.experiment, by=None)
        make_update(adoption, make_period(self.programme))
        before = self.state()
        for remove, target in ((services.remove_indicator, adoption), (services.remove_indicator, self.shared),
                               (services.remove_goal, self.goal)):
            with self.subTest(remove.__name__, target=target.pk), self.assertRaises(ValidationError):
                remove(target, by=self.coordinator)
        self.assertEqual(self.state(), before)

    def test_a_reader_may_not_remove(self):
        own = make_indicator(make_goal(self.programme, experiment=self.experiment))
        with self.assertRaises(PermissionDenied):
            services.remove_indicator(own, by=self.reader)
        self.assertTrue(ResultIndicator.objects.filter(pk=own.pk).exists())


class CreateQuartersTests(Fixtures):
    def test_the_quarters_from_start_to_end_with_exact_labels_and_dates(self):
        created = services.create_quarters(self.programme, by=self.coordinator)
        self.assertEqual(len(created), 12)
        periods = list(ReportingPeriod.objects.filter(programme=self.programme).values_list("label", "start", "end"))
        self.assertEqual(periods[:5], [
            ("2019-K1", date(2019, 1, 1), date(2019, 3, 31)), ("2019-K2", date(2019, 4, 1), date(2019, 6, 30)),
            ("2019-K3", date(2019, 7, 1), date(2019, 9, 30)), ("2019-K4", date(2019, 10, 1), date(2019, 12, 31)),
            ("2020-K1", date(2020, 1, 1), date(2020, 3, 31))])
        self.assertEqual(periods[-1], ("2021-K4", date(2021, 10, 1), date(2021, 12, 31)))
        self.assertEqual(AuditEvent.objects.filter(action=AuditAction.CREATE).count(), 12)

    def test_running_it_again_creates_nothing_and_existing_periods_are_skipped(self):
        make_period(self.programme, start=date(2020, 1, 1), end=date(2020, 3, 31), label="2020-K1")
        self.assertEqual(len(services.create_quarters(self.programme, by=self.coordinator)), 11)
        before = self.state()
        self.assertEqual(services.create_quarters(self.programme, by=self.coordinator), [])
        self.assertEqual(self.state(), before)

    def test_a_programme_starting_mid_quarter_gets_its_first_and_last_quarter_cut(self):
        programme = make_programme(slug="kort", start_date=date(2020, 2, 15), end_date=date(2020, 8, 10))
        services.create_quarters(programme, by=None)
        self.assertEqual(list(programme.reporting_periods.values_list("label", "start", "end")), [
            ("2020-K1", date(2020, 2, 15), date(2020, 3, 31)), ("2020-K2", date(2020, 4, 1), date(2020, 6, 30)),
            ("2020-K3", date(2020, 7, 1), date(2020, 8, 10))])

    def test_only_coordinators_create_quarters(self):
        for user in (self.researcher, self.editor):
            with self.subTest(user.email), self.assertRaises(PermissionDenied):
                services.create_quarters(self.programme, by=user)
        self.assertFalse(ReportingPeriod.objects.exists())
