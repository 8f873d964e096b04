"""The framework and the periods: creating and adopting indicators, baselines, targets, disaggregations, locking;
the access gates and the public selector."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.monitoring import services
from dubbelslag.monitoring.access import get_indicator_for_user, get_update_for_user
from dubbelslag.monitoring.enums import Dimension, IndicatorKind, Side, UpdateStatus
from dubbelslag.monitoring.models import Baseline, Disaggregation, ReportingPeriod, ResultIndicator, Target, Update
from dubbelslag.monitoring.selectors import public_updates
from testing.base import BaseTestCase, make_programme
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update


class FrameworkFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.goal = make_goal(cls.programme)
        cls.shared = make_indicator(cls.goal)
        cls.period = make_period(cls.programme)

    def counts(self):
        return (ResultIndicator.objects.count(), Baseline.objects.count(), Target.objects.count(),
                Disaggregation.objects.count(), ReportingPeriod.objects.count(), AuditEvent.objects.count(),
                list(ReportingPeriod.objects.values_list("is_locked", "is_public")))


class FrameworkTests(FrameworkFixtures):
    def test_the_coordinator_defines_shared_goals_and_indicators_editors_do_not(self):
        goal = services.create_goal(self.programme, by=self.coordinator, side=Side.PROCESS,
                                    title_nl="Bewoners sturen mee")
        indicator = services.create_indicator(goal, by=self.coordinator, title_nl="Bewoners in de stuurgroep",
                                              unit="personen")
        self.assertTrue(indicator.is_shared)
        self.assertEqual(AuditEvent.objects.for_object(indicator).get().action, AuditAction.CREATE)
        before = self.counts()
        with self.assertRaises(PermissionDenied):
            services.create_indicator(goal, by=self.editor, title_nl="Eigen")
        self.assertEqual(self.counts(), before)

    def test_an_editor_adds_the_experiment_s_own_indicator(self):
        goal = services.create_goal(self.programme, by=self.editor, side=Side.LIVABILITY, title_nl="Ontmoeten",
                                    experiment=self.experiment)
        own = services.create_indicator(goal, by=self.editor, title_nl="Sfeer in de huiskamer",
                                        kind=IndicatorKind.QUALITATIVE, score_labels=["slecht", "matig", "goed"])
        self.assertEqual((own.experiment, own.adopted_from), (self.experiment, None))

    def test_adoption_stays_linked_and_copies_the_disaggregations(self):
        services.add_disaggregation(self.shared, by=self.coordinator, dimension=Dimension.TENURE)
        adoption = services.adopt_indicator(self.shared, experiment=self.experiment, by=self.editor)
        self.assertEqual((adoption.adopted_from, adoption.experiment, adoption.goal),
                         (self.shared, self.experiment, self.goal))
        self.assertEqual(list(adoption.disaggregations.get().values.values_list("code", flat=True)),
                         ["owner", "corporation", "private_rental"])
        before = self.counts()
        with self.assertRaises(ValidationError):
            services.adopt_indicator(self.shared, experiment=self.experiment, by=self.editor)
        with self.assertRaises(PermissionDenied):
            services.adopt_indicator(self.shared, experiment=self.other_experiment, by=self.editor)
        self.assertEqual(self.counts(), before)

    def test_a_split_added_to_a_shared_indicator_reaches_its_adoptions(self):
        adoption = services.adopt_indicator(self.shared, experiment=self.experiment, by=None)
        services.add_disaggregation(self.shared, by=self.coordinator, dimension=Dimension.AGE_GROUP)
        self.assertEqual(list(adoption.disaggregations.values_list("dimension", flat=True)), [Dimension.AGE_GROUP])

    def test_baseline_and_targets(self):
        baseline = services.set_baseline(self.shared, by=self.coordinator, value=40, measured_on=date(2019, 1, 1),
                                         source="Corporatie")
        services.set_baseline(self.shared, by=self.coordinator, value=42, measured_on=date(2019, 1, 1))
        baseline.refresh_from_db()
        self.assertEqual(baseline.value, Decimal("42.00"))
        self.assertEqual(AuditEvent.objects.for_object(baseline).filter(action=AuditAction.CHANGE).count(), 1)
        services.set_target(self.shared, by=self.coordinator, period=self.period, value=50)
        services.set_target(self.shared, by=self.coordinator, value=200)
        self.assertEqual(set(self.shared.targets.values_list("period__label", "value")),
                         {("2020-K1", Decimal("50.00")), (None, Decimal("200.00"))})

    @translation.override("en")
    def test_a_target_period_outside_the_programme_is_refused(self):
        elsewhere = make_programme(slug="elders", name="Elders")
        foreign = make_period(elsewhere)
        before = self.counts()
        with self.assertRaises(ValidationError) as refused:
            services.set_target(self.shared, by=self.coordinator, period=foreign, value=5)
        self.assertIn("another programme", refused.exception.messages[0])
        with self.assertRaises(ValidationError) as refused:
            services.create_period(self.programme, by=self.coordinator, start=date(2022, 1, 1),
                                   end=date(2022, 3, 31), label="2022-K1")
        self.assertIn("within the programme", refused.exception.messages[0])
        self.assertEqual(self.counts(), before)

    def test_a_baseline_percentage_above_100_is_refused(self):
        share = make_indicator(self.goal, title_nl="Aandeel", kind=IndicatorKind.PERCENTAGE)
        before = self.counts()
        with self.assertRaises(ValidationError):
            services.set_baseline(share, by=self.coordinator, value=120, measured_on=date(2019, 1, 1))
        self.assertEqual(self.counts(), before)


class PeriodTests(FrameworkFixtures):
    def test_locking_and_unlocking_are_audited_and_for_coordinators(self):
        services.lock_period(self.period, by=self.coordinator)
        services.unlock_period(self.period, by=self.coordinator)
        events = AuditEvent.objects.for_object(self.period).filter(action=AuditAction.CHANGE).order_by("pk")
        self.assertEqual([event.changes["is_locked"] for event in events], [[False, True], [True, False]])
        before = self.counts()
        for user in (self.editor, self.researcher, self.reader):
            with self.assertRaises(PermissionDenied):
                services.lock_period(self.period, by=user)
        self.assertEqual(self.counts(), before)


class AccessTests(FrameworkFixtures):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.own = make_indicator(cls.goal, experiment=cls.experiment, title_nl="Eigen")
        cls.other = make_indicator(cls.goal, experiment=cls.other_experiment, title_nl="Van een ander")
        cls.update = make_update(cls.own, cls.period)

    def test_the_gates(self):
        self.assertEqual(get_update_for_user(self.reader, self.update.pk), self.update)
        self.assertEqual(get_update_for_user(self.researcher, self.update.pk), self.update)
        self.assertEqual(get_update_for_user(self.editor, self.update.pk, write=True), self.update)
        with self.assertRaises(PermissionDenied):
            get_update_for_user(self.reader, self.update.pk, write=True)
        with self.assertRaises(Http404):
            get_update_for_user(self.outsider, self.update.pk)
        with self.assertRaises(Http404):
            get_indicator_for_user(self.editor, self.other.pk)
        self.assertEqual(get_indicator_for_user(self.reader, self.shared.pk), self.shared)
        with self.assertRaises(PermissionDenied):
            get_indicator_for_user(self.editor, self.shared.pk, write=True)

    def test_visible_to_compares_exact_sets(self):
        self.assertEqual(set(ResultIndicator.objects.visible_to(self.editor)), {self.shared, self.own})
        self.assertEqual(set(ResultIndicator.objects.visible_to(self.researcher)), {self.shared, self.own,
                                                                                    self.other})
        self.assertEqual(set(ResultIndicator.objects.visible_to(self.outsider)), set())
        self.assertEqual(set(Update.objects.visible_to(self.reader)), {self.update})


class PublicUpdatesTests(FrameworkFixtures):
    def test_only_approved_values_of_public_indicators_periods_and_experiments(self):
        self.experiment.is_public = True
        self.experiment.save()
        public = make_indicator(self.goal, experiment=self.experiment, title_nl="Publiek", is_public=True)
        private = make_indicator(self.goal, experiment=self.experiment, title_nl="Intern")
        hidden_experiment = make_indicator(self.goal, experiment=self.other_experiment, title_nl="Verborgen",
                                           is_public=True)
        open_period = make_period(self.programme, start=date(2020, 4, 1), end=date(2020, 6, 30), label="2020-K2",
                                  is_public=True)
        shown = make_update(public, open_period, status=UpdateStatus.APPROVED)
        # Everything that could leak: a submitted and a returned value, a private indicator, a private period,
        # an experiment not listed publicly.
        make_update(public, self.period, status=UpdateStatus.APPROVED)
        make_update(private, open_period, status=UpdateStatus.APPROVED)
        make_update(hidden_experiment, open_period, status=UpdateStatus.APPROVED)
        other_public = make_indicator(self.goal, experiment=self.experiment, title_nl="Publiek 2", is_public=True)
        make_update(other_public, open_period, status=UpdateStatus.SUBMITTED)
        third = make_indicator(self.goal, experiment=self.experiment, title_nl="Publiek 3", is_public=True)
        make_update(third, open_period, status=UpdateStatus.RETURNED)
        self.assertEqual(set(public_updates()), {shown})
        self.assertEqual(set(public_updates(make_programme(slug="leeg", name="Leeg"))), set())
        services.return_update(shown, by=self.coordinator, reason="Toch niet juist.")
        self.assertEqual(set(public_updates()), set())
