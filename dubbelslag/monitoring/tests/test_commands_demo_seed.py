"""seed_demo_monitoring: the demo programme's framework, periods and updates, through the services, identical on every
run and idempotent; every update state, a quarter nobody reported, plausible figures, nothing private in public."""

from collections import defaultdict
from decimal import Decimal
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.db.models import Sum
from django.test import TestCase
from django.utils import translation

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.enums import NotificationEvent
from dubbelslag.labs.models import Notification
from dubbelslag.monitoring import demo_content
from dubbelslag.monitoring.enums import IndicatorKind, Side, UpdateStatus
from dubbelslag.monitoring.models import (
    Baseline,
    Disaggregation,
    DisaggregationValue,
    Goal,
    ReportingPeriod,
    ResultIndicator,
    Target,
    Update,
    UpdateDisaggregation,
)
from dubbelslag.monitoring.selectors import public_updates
from dubbelslag.programme.demo import content
from dubbelslag.programme.models import Membership
from testing.base import make_area, make_experiment, make_programme, make_user

MODELS = [Goal, ResultIndicator, Baseline, Target, Disaggregation, DisaggregationValue, ReportingPeriod, Update,
          UpdateDisaggregation, AuditEvent, Notification]
S = UpdateStatus


def seed() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo_monitoring", stdout=out)
    return out.getvalue()


class SeedDemoMonitoringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The demo programme as seed_demo leaves it: its experiments (with their dates) and its people.
        cls.programme = make_programme(**{key: value for key, value in content.PROGRAMME.items()
                                          if key != "description"}, is_demo=True)
        gemeente = make_area("GM0599", "Rotterdam")
        cls.experiments = {
            spec["title"]: make_experiment(programme=cls.programme, gemeente=gemeente, title=spec["title"],
                                           start_date=spec["start_date"], end_date=spec["end_date"],
                                           is_public=spec["is_public"])
            for spec in content.EXPERIMENTS}
        cls.users = {}
        for email, name, _organisation, role, experiment in content.USERS:
            cls.users[email] = make_user(email, name=name)
            if role:
                Membership.objects.create(user=cls.users[email], programme=cls.programme, role=role,
                                          experiment=cls.experiments.get(experiment))
        cls.other_programme = make_programme(name="Echt programma", slug="echt-programma")
        cls.output = seed()

    def counts(self) -> dict[str, int]:
        return {model.__name__: model.objects.count() for model in MODELS}

    def test_a_second_run_changes_nothing(self):
        self.assertIn("Demo monitoring ready (added reporting periods: 12", self.output)
        before = self.counts()
        updates = list(Update.objects.order_by("pk").values_list("status", "value", "version", "submitted_at"))
        self.assertEqual(seed().strip(), "Demo monitoring ready (added nothing).")
        self.assertEqual(self.counts(), before)
        self.assertEqual(list(Update.objects.order_by("pk").values_list("status", "value", "version",
                                                                         "submitted_at")), updates)
        self.assertEqual(mail.outbox, [])  # the demo's addresses are invented

    def test_the_periods_are_the_programmes_quarters_the_first_two_years_locked(self):
        periods = list(ReportingPeriod.objects.filter(programme=self.programme))
        self.assertEqual([period.label for period in periods],
                         [f"{year}-K{quarter}" for year in (2019, 2020, 2021) for quarter in (1, 2, 3, 4)])
        self.assertEqual({period.label for period in periods if period.is_locked},
                         {f"{year}-K{quarter}" for year in (2019, 2020) for quarter in (1, 2, 3, 4)})
        self.assertEqual({period.label for period in periods if not period.is_public}, {"2021-K4"})
        self.assertFalse(ReportingPeriod.objects.filter(programme=self.other_programme).exists())

    def test_the_shared_framework_has_the_domains_candidates_on_three_sides(self):
        shared = ResultIndicator.objects.filter(programme=self.programme, experiment__isnull=True)
        self.assertEqual({indicator.title_en for indicator in shared}, {
            "Homes made natural-gas-free", "Homes insulated", "Average energy label improvement",
            "Households reached by energy coaches", "Referrals between energy coach and debt counselling",
            "Residents in governance roles", "Support for the neighbourhood plan",
            "Trust between residents and organisations"})
        self.assertEqual({indicator.goal.side for indicator in shared}, set(Side.values))
        by_title = {indicator.title_en: indicator for indicator in shared}
        gas_free = by_title["Homes made natural-gas-free"]
        self.assertTrue(gas_free.cumulative and gas_free.is_public)
        self.assertEqual(list(gas_free.disaggregations.values_list("dimension", flat=True)), ["tenure"])
        self.assertEqual(set(by_title["Households reached by energy coaches"].disaggregations
                             .values_list("dimension", flat=True)), {"household_type", "age_group"})
        self.assertEqual(by_title["Support for the neighbourhood plan"].kind, IndicatorKind.PERCENTAGE)
        self.assertEqual(len(by_title["Trust between residents and organisations"].score_labels), 5)
        # Linked to catalogue indicators the migrations ship, so the area's open statistics show beside them.
        self.assertEqual({indicator.catalogue_indicator.code for indicator in shared
                          if indicator.catalogue_indicator_id},
                         {"ET_HOOFDVERW_ZONDERGAS", "ET_LABEL_EFG", "INK_SOCMIN", "BP_DRAAGVLAK"})
        self.assertTrue(all(indicator.baseline.measured_on.year == 2019 and indicator.targets.filter(
            period__isnull=True).exists() for indicator in shared))
        self.assertTrue(0 < sum(indicator.is_public for indicator in shared) < len(shared))

    def test_every_experiment_has_8_to_12_indicators_on_three_sides_adopted_and_own(self):
        for title, experiment in self.experiments.items():
            with self.subTest(experiment=title):
                indicators = list(ResultIndicator.objects.filter(experiment=experiment).select_related("goal"))
                self.assertTrue(8 <= len(indicators) <= 12, len(indicators))
                self.assertEqual({indicator.goal.side for indicator in indicators}, set(Side.values))
                adopted = [indicator for indicator in indicators if indicator.adopted_from_id]
                self.assertTrue(adopted and len(adopted) < len(indicators))
                for indicator in indicators:
                    self.assertEqual(indicator.baseline.measured_on.year, 2019)
                    narrative_only = indicator.kind == IndicatorKind.QUALITATIVE and not indicator.score_labels
                    self.assertEqual(indicator.targets.filter(period__isnull=True).exists(), not narrative_only)
                # Adoptions carry the shared split, so their parts can be summed across experiments.
                for indicator in adopted:
                    self.assertEqual(set(indicator.disaggregations.values_list("dimension", flat=True)),
                                     set(indicator.adopted_from.disaggregations.values_list("dimension",
                                                                                            flat=True)))

    def test_every_state_occurs_and_the_locked_years_are_approved(self):
        updates = Update.objects.filter(indicator__programme=self.programme)
        self.assertEqual(set(updates.values_list("status", flat=True)), set(S.values))
        self.assertEqual(set(updates.filter(period__is_locked=True).values_list("status", flat=True)),
                         {S.APPROVED})
        self.assertGreater(updates.filter(status=S.APPROVED).count(), 0.8 * updates.count())
        returned = list(updates.filter(status=S.RETURNED))
        self.assertTrue(returned and all(update.return_reason for update in returned))
        # Who has not reported: Overvecht reported nothing for 2021-K4, other experiments left some out.
        overvecht = self.experiments[demo_content.OVERVECHT]
        self.assertFalse(updates.filter(indicator__experiment=overvecht, period__label="2021-K4").exists())
        pendrecht = self.experiments[demo_content.PENDRECHT]
        self.assertLess(updates.filter(indicator__experiment=pendrecht, period__label="2021-K4").count(),
                        ResultIndicator.objects.filter(experiment=pendrecht).count())
        # No experiment reports on a quarter it did not run in.
        woensel = self.experiments[demo_content.WOENSEL]
        self.assertFalse(updates.filter(indicator__experiment=woensel, period__start__year=2021).exists())
        heechterp = self.experiments[demo_content.HEECHTERP]
        self.assertFalse(updates.filter(indicator__experiment=heechterp, period__start__year=2019).exists())

    def test_the_pendrecht_editor_reports_and_the_coordinator_reviews(self):
        editor = self.users[demo_content.EDITOR]
        coordinator = self.users[demo_content.COORDINATOR]
        pendrecht = Update.objects.filter(indicator__experiment=self.experiments[demo_content.PENDRECHT])
        self.assertEqual(set(pendrecht.values_list("created_by", flat=True)), {editor.pk})
        self.assertEqual(set(Update.objects.exclude(approved_by=None).values_list("approved_by", flat=True)),
                         {coordinator.pk})
        # The editor was told of each return and reminded of the open quarters, in the app only.
        notifications = Notification.objects.filter(recipient=editor)
        self.assertEqual(
            notifications.filter(event=NotificationEvent.MONITORING_UPDATE_RETURNED).count(),
            # The audit trail's object ids are text (they name rows of every model): compare as text, which
            # PostgreSQL insists on.
            AuditEvent.objects.filter(note__contains="teruggestuurd", actor=coordinator,
                                      content_type=ContentType.objects.get_for_model(Update),
                                      object_id__in=[str(pk) for pk in pendrecht.values_list("pk", flat=True)])
            .count())
        self.assertEqual(set(notifications.filter(event=NotificationEvent.MONITORING_PERIOD_CLOSING)
                             .values_list("params__period", flat=True)), {"2021-K3", "2021-K4"})

    def test_disaggregated_values_are_complete_but_for_one(self):
        totals = defaultdict(Decimal)
        for part in UpdateDisaggregation.objects.filter(category__disaggregation__dimension="tenure"):
            totals[part.update_id] += part.value
        updates = Update.objects.in_bulk(list(totals))
        incomplete = [pk for pk, total in totals.items() if total != updates[pk].value]
        self.assertEqual(len(incomplete), 1)
        self.assertLess(totals[incomplete[0]], updates[incomplete[0]].value)
        self.assertGreater(len(totals), 50)

    def test_the_figures_are_plausible(self):
        approved = Update.objects.filter(status=S.APPROVED).select_related("indicator", "period").order_by(
            "indicator", "period__start")
        series = defaultdict(list)
        for update in approved:
            series[update.indicator].append(update)
        for indicator, updates in series.items():
            values = [update.value for update in updates if update.value is not None]
            if indicator.cumulative:
                self.assertEqual(values, sorted(values), indicator)
            if indicator.kind == IndicatorKind.PERCENTAGE:
                self.assertTrue(all(0 <= value <= 100 for value in values), indicator)
            if indicator.kind == IndicatorKind.QUALITATIVE:
                self.assertTrue(all(update.narrative for update in updates), indicator)
        # The programme's natural-gas-free homes: the latest approved value per experiment, summed, stays under
        # the programme's end target but is well on the way.
        shared = ResultIndicator.objects.get(experiment__isnull=True, title_en="Homes made natural-gas-free")
        latest = {}
        for update in approved.filter(indicator__adopted_from=shared):
            latest[update.indicator.experiment_id] = update.value
        target = shared.targets.get(period__isnull=True).value
        self.assertTrue(target / 2 < sum(latest.values()) <= target, (sum(latest.values()), target))
        self.assertEqual(Update.objects.filter(numerator__gt=0).exclude(denominator=200).count(), 0)
        self.assertGreater(Update.objects.aggregate(total=Sum("value"))["total"], 0)

    def test_private_experiments_and_the_private_quarter_stay_off_the_public_surface(self):
        public = public_updates(self.programme)
        private = {title for title, experiment in self.experiments.items() if not experiment.is_public}
        self.assertEqual(private, {demo_content.SMITSVEEN, demo_content.HEECHTERP, demo_content.WOENSEL})
        self.assertTrue(public.exists())
        self.assertFalse(public.filter(indicator__experiment__title__in=private).exists())
        self.assertFalse(public.filter(period__label="2021-K4").exists())
        self.assertEqual(set(public.values_list("status", flat=True)), {S.APPROVED})


class WithoutTheDemoProgrammeTests(TestCase):
    def test_says_to_run_seed_demo_first_and_writes_nothing(self):
        make_programme(slug=demo_content.PROGRAMME_SLUG, is_demo=False)
        self.assertEqual(seed().strip(), "There is no demo programme yet: run seed_demo first.")
        self.assertFalse(Goal.objects.exists())
