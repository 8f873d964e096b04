"""The demo programme's results framework, periods and updates (``seed_demo_monitoring``), loaded from
``demo_content.py`` through the services, so the demo has the audit trail, the adoptions and the workflow of real
use: the coordinator defines the shared framework and the periods, approves and returns; the Pendrecht editor (the
demo's one editor) builds and reports on Pendrecht's framework; the other experiments' reports come from the system.

The quarterly values follow each indicator from its 2019 baseline towards its target with a ``random.Random``
seeded by the experiment and indicator, so every run writes the same figures. 2019–2020 are approved and then
locked; 2021 stands as the plan says (approved, submitted, returned with a reason, drafts and missing updates). The
update dates are set to the story afterwards (the audit trail keeps the moment the demo was loaded: it is
append-only). Finally the reminders of the still open periods are written (in-app only: a demo is never e-mailed).

Running it again changes nothing: every row is looked up first (goals and indicators by title, adoptions by the
shared indicator, periods by label, updates by indicator and period) and only what is missing is added.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.test.utils import override_settings

from dubbelslag.accounts.models import User
from dubbelslag.indicators.models import Indicator
from dubbelslag.programme.models import Experiment, Programme

from . import services
from .demo_content import (
    BASELINE_DAY,
    COORDINATOR,
    DEFAULT_REASON,
    EDITOR,
    EXPERIMENTS,
    LOCKED_YEARS,
    NARRATIVES,
    OWN_GOALS,
    PENDRECHT,
    PRIVATE_PERIODS,
    PROGRAMME_SLUG,
    SHARED,
    SHARED_GOALS,
    STATUS_CODES,
    SURVEYED,
    YEARS,
    ExperimentPlan,
    IndicatorSpec,
    Plan,
)
from .enums import Dimension, IndicatorKind, UpdateStatus
from .models import Goal, ReportingPeriod, ResultIndicator, Update
from .notifications import send_period_reminders

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
S = UpdateStatus
# How a disaggregated total is split (category code → share); the last category takes what is left.
SHARES = {
    Dimension.TENURE: {"owner": Decimal("0.2"), "corporation": Decimal("0.65"), "private_rental": Decimal("0.15")},
    Dimension.AGE_GROUP: {"under_30": Decimal("0.2"), "30_65": Decimal("0.5"), "pension": Decimal("0.3")},
    Dimension.HOUSEHOLD_TYPE: {"single": Decimal("0.45"), "couple": Decimal("0.15"), "family": Decimal("0.25"),
                               "single_parent": Decimal("0.15")},
}


def quarters(year: int) -> list[tuple[str, date, date]]:
    ends = [date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31)]
    return [(f"{year}-K{number}", date(year, 3 * number - 2, 1), end) for number, end in enumerate(ends, start=1)]


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


class Seeder:
    def __init__(self, programme: Programme):
        self.programme = programme
        users = {user.email: user for user in User.objects.filter(email__in=[COORDINATOR, EDITOR])}
        self.coordinator, self.editor = users.get(COORDINATOR), users.get(EDITOR)
        self.catalogue = {indicator.code: indicator for indicator in Indicator.objects.filter(
            code__in={spec.catalogue for spec in SHARED.values() if spec.catalogue})}
        self.created: dict[str, int] = {}
        self.new_updates: list[int] = []

    def count(self, kind: str, number: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + number

    def run(self) -> dict[str, int]:
        periods = self.periods()
        shared = self.shared_framework(periods)
        experiments = {experiment.title: experiment for experiment in self.programme.experiments.all()}
        for title, plan in EXPERIMENTS.items():
            experiment = experiments.get(title)
            if experiment is not None:
                self.experiment(experiment, plan, shared, periods)
        for label, period in periods.items():
            if int(label[:4]) in LOCKED_YEARS:  # approved first: nothing changes in a locked period
                services.lock_period(period, by=self.coordinator)
        self.date_updates(periods)
        self.count("reminders", send_period_reminders(programme=self.programme))
        return self.created

    # --- The framework ---------------------------------------------------------------------------------------

    def periods(self) -> dict[str, ReportingPeriod]:
        existing = {period.label: period for period in self.programme.reporting_periods.all()}
        for year in YEARS:
            for label, start, end in quarters(year):
                if label not in existing:
                    existing[label] = services.create_period(
                        self.programme, by=self.coordinator, start=start, end=end, label=label,
                        is_public=label not in PRIVATE_PERIODS)
                    self.count("periods")
        return existing

    def goal(self, side: str, title_nl: str, title_en: str, *, experiment: Experiment | None = None,
             position: int = 0, by=None) -> Goal:
        goal = Goal.objects.filter(programme=self.programme, experiment=experiment, title_nl=title_nl).first()
        if goal is None:
            goal = services.create_goal(self.programme, by=by, side=side, title_nl=title_nl, title_en=title_en,
                                        experiment=experiment, position=position)
            self.count("goals")
        return goal

    def indicator(self, goal: Goal, spec: IndicatorSpec, *, position: int, by) -> tuple[ResultIndicator, bool]:
        indicator = ResultIndicator.objects.filter(programme=self.programme, experiment=goal.experiment,
                                                   title_nl=spec.title_nl).first()
        if indicator is not None:
            return indicator, False
        indicator = services.create_indicator(
            goal, by=by, title_nl=spec.title_nl, title_en=spec.title_en, kind=spec.kind, unit=spec.unit,
            direction=spec.direction, cumulative=spec.cumulative, rollup_rule=spec.rollup_rule,
            catalogue_indicator=self.catalogue.get(spec.catalogue), score_labels=spec.score_labels,
            is_public=spec.is_public, description=spec.description, position=position)
        self.count("indicators")
        return indicator, True

    def shared_framework(self, periods) -> dict[str, ResultIndicator]:
        goals = {key: self.goal(spec.side, spec.title_nl, spec.title_en, position=position, by=self.coordinator)
                 for position, (key, spec) in enumerate(SHARED_GOALS.items())}
        shared = {}
        for position, (key, spec) in enumerate(SHARED.items()):
            indicator, created = self.indicator(goals[spec.goal], spec, position=position, by=self.coordinator)
            if created:
                for dimension in spec.dimensions:
                    services.add_disaggregation(indicator, by=self.coordinator, dimension=dimension)
                self.baseline_and_targets(indicator, spec.baseline, spec.target, None, periods,
                                          by=self.coordinator, source="Optelling van de nulmetingen van de "
                                                                      "experimenten")
            shared[key] = indicator
        return shared

    def baseline_and_targets(self, indicator, baseline, target, mid_target, periods, *, by, source: str) -> None:
        scored = indicator.kind == IndicatorKind.QUALITATIVE
        if scored and not indicator.score_labels:
            services.set_baseline(indicator, by=by, measured_on=BASELINE_DAY, source=source,
                                  note="Beschreven in het startdocument van het experiment.")
            self.count("baselines")
            return
        values = self.values(indicator, baseline)
        services.set_baseline(indicator, by=by, measured_on=BASELINE_DAY, source=source, **values)
        self.count("baselines")
        for period, value in ((periods["2020-K4"], mid_target), (None, target)):
            if value is None:
                continue
            services.set_target(indicator, by=by, period=period,
                                **({"score": int(value)} if scored else {"value": self.amount(indicator, value)}))
            self.count("targets")

    def experiment(self, experiment: Experiment, plan: ExperimentPlan, shared, periods) -> None:
        by = self.editor if experiment.title == PENDRECHT and self.editor else self.coordinator
        indicators = []
        for position, item in enumerate(plan.indicators):
            if item.shared:
                indicator = ResultIndicator.objects.filter(experiment=experiment,
                                                           adopted_from=shared[item.shared]).first()
                created = indicator is None
                if created:
                    indicator = services.adopt_indicator(shared[item.shared], experiment=experiment, by=by)
                    self.count("adoptions")
            else:
                title_nl, title_en = OWN_GOALS[item.own.goal]
                goal = self.goal(item.own.goal, title_nl, title_en, experiment=experiment, by=by)
                indicator, created = self.indicator(goal, item.own, position=position, by=by)
            if created:
                self.baseline_and_targets(indicator, item.baseline, item.target, item.mid_target, periods, by=by,
                                          source="Nulmeting van het experiment")
                if experiment.title == PENDRECHT and item.shared == "gasvrij":
                    corporation = indicator.disaggregations.get(dimension=Dimension.TENURE).values.get(
                        code="corporation")
                    services.set_category_target(corporation, by=by, target=300)
            indicators.append(indicator)
        self.updates(experiment, plan, indicators, periods)

    # --- The updates -----------------------------------------------------------------------------------------

    def updates(self, experiment: Experiment, plan: ExperimentPlan, indicators, periods) -> None:
        running = [period for period in periods.values()
                   if (experiment.start_date is None or experiment.start_date <= period.end)
                   and (experiment.end_date is None or experiment.end_date >= period.start)]
        running.sort(key=lambda period: period.start)
        existing = set(Update.objects.filter(indicator__in=indicators).values_list("indicator_id", "period_id"))
        reporter = self.editor if experiment.title == PENDRECHT else None
        # Per indicator, per dimension, its categories by code (read once, not per update).
        categories = {indicator.pk: {disaggregation.dimension: {value.code: value
                                                                for value in disaggregation.values.all()}
                                     for disaggregation in indicator.disaggregations.prefetch_related("values")}
                      for indicator in indicators}
        for position, (indicator, item) in enumerate(zip(indicators, plan.indicators, strict=True)):
            rng = random.Random(f"{experiment.title}|{indicator.title_nl}")  # noqa: S311 (demo figures, not secrets)
            previous = None
            for number, period in enumerate(running):
                fraction = Decimal(number + 1) / Decimal(len(running))
                figures = self.figure(indicator, item, fraction, previous, rng)
                previous = figures
                quarter = period.label[5:]
                status = S.APPROVED
                if period.label.startswith("2021") and quarter in plan.reporting_2021:
                    status = STATUS_CODES[plan.reporting_2021[quarter][position]]
                if status is None or (indicator.pk, period.pk) in existing:
                    continue
                parts = self.parts(figures, categories[indicator.pk],
                                   incomplete=plan.incomplete == (quarter, position)
                                   and period.label.startswith("2021"))
                update = services.save_draft(indicator, period, by=reporter, parts=parts,
                                             narrative=self.narrative(indicator, item, number, rng), **figures)
                self.new_updates.append(update.pk)
                self.count("updates")
                if status == S.DRAFT:
                    continue
                services.submit_update(update, by=reporter)
                if plan.revised and plan.revised[:2] == (quarter, position) and period.label.startswith("2021"):
                    services.return_update(update, by=self.coordinator, reason=plan.revised[2])
                    update = services.save_draft(indicator, period, by=reporter, parts=parts,
                                                 narrative=f"{update.narrative} Ondervraagd: {SURVEYED} bewoners.",
                                                 version=update.version, **figures)
                    services.submit_update(update, by=reporter)
                if status == S.APPROVED:
                    services.approve_update(update, by=self.coordinator)
                elif status == S.RETURNED:
                    services.return_update(update, by=self.coordinator,
                                           reason=plan.reasons.get((quarter, position), DEFAULT_REASON))

    def amount(self, indicator: ResultIndicator, value) -> Decimal:
        """A count as a whole number, a mean or a percentage with one decimal."""
        places = Decimal("1") if indicator.unit not in {"labelstappen", "%"} else Decimal("0.1")
        return Decimal(str(value)).quantize(places, ROUND_HALF_UP)

    def values(self, indicator: ResultIndicator, value) -> dict:
        """The value fields for ``value``: a score, a numerator over the surveyed residents, or the number."""
        if indicator.kind == IndicatorKind.QUALITATIVE:
            return {"score": max(1, min(len(indicator.score_labels), int(value)))}
        if indicator.kind == IndicatorKind.PERCENTAGE and indicator.title_nl == SHARED["draagvlak"].title_nl:
            numerator = (Decimal(str(value)) * SURVEYED / 100).quantize(Decimal("1"), ROUND_HALF_UP)
            return {"numerator": min(numerator, Decimal(SURVEYED)), "denominator": SURVEYED}
        return {"value": self.amount(indicator, value)}

    def figure(self, indicator, item: Plan, fraction: Decimal, previous: dict | None, rng) -> dict:
        """The quarter's figures: on the way from the baseline to the target, with some noise; a cumulative count
        never goes down."""
        if indicator.kind == IndicatorKind.QUALITATIVE and not indicator.score_labels:
            return {}
        baseline, target = Decimal(str(item.baseline)), Decimal(str(item.target))
        reached = Decimal(str(rng.uniform(0.8, 1.02)))
        if indicator.cumulative:
            value = baseline + (target - baseline) * fraction * reached
            if previous is not None and previous.get("value") is not None:
                value = max(value, previous["value"])
        else:
            noise = Decimal(str(rng.uniform(-0.08, 0.08))) * (target - baseline)
            value = max(Decimal(0), baseline + (target - baseline) * fraction * reached + noise)
        if indicator.kind == IndicatorKind.PERCENTAGE:
            value = min(value, Decimal(100))
        figures = self.values(indicator, value)
        if "value" in figures and indicator.cumulative and previous and previous.get("value") is not None:
            figures["value"] = max(figures["value"], previous["value"])
        return figures

    def parts(self, figures: dict, categories: dict, *, incomplete: bool) -> dict:
        """The total split by each of the indicator's dimensions; ``incomplete`` leaves private rental out."""
        total = figures.get("value")
        if not categories or not total:
            return {}
        parts = {}
        for dimension, by_code in categories.items():
            shares = SHARES[dimension]
            codes = list(shares)
            split = {code: (total * shares[code]).quantize(Decimal("1"), ROUND_HALF_UP) for code in codes[:-1]}
            split[codes[-1]] = total - sum(split.values())
            if incomplete and dimension == Dimension.TENURE:
                split.pop("private_rental")
            parts.update({by_code[code]: value for code, value in split.items() if code in by_code})
        return parts

    def narrative(self, indicator, item: Plan, number: int, rng) -> str:
        if item.narratives:
            return item.narratives[number % len(item.narratives)]
        return rng.choice(NARRATIVES[indicator.goal.side]) if rng.random() < 0.6 else ""

    def date_updates(self, periods) -> None:
        """Give the updates written now the dates of the story: reported after their quarter, reviewed later."""
        if not self.new_updates:
            return
        for period in periods.values():
            updates = Update.objects.filter(pk__in=self.new_updates, period=period)
            updates.update(created_at=at(period.end + timedelta(days=3)))
            updates.filter(submitted_at__isnull=False).update(submitted_at=at(period.end + timedelta(days=10)))
            updates.filter(returned_at__isnull=False).update(returned_at=at(period.end + timedelta(days=18)))
            updates.filter(approved_at__isnull=False).update(approved_at=at(period.end + timedelta(days=24)))


def seed_demo_monitoring() -> dict[str, int] | None:
    """Load the demo programme's results framework, periods and updates; None when there is no demo programme
    (run ``seed_demo``)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG, is_demo=True).first()
    if programme is None:
        return None
    # The demo's addresses are invented: never e-mail them, whatever backend is configured.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        return Seeder(programme).run()
