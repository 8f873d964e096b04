"""Reads of the monitoring app that span models: the results of one experiment, the roll-up of the shared
indicators, who has reported. The public surface reads updates only through ``public_updates``.

Each read model runs a fixed number of queries, whatever the number of experiments, indicators or periods: the rows
are fetched with ``select_related`` / ``prefetch_related`` (or one query per model) and assembled in Python into
dataclasses the pages render as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from statistics import median

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.indicators.enums import ObservationStatus
from dubbelslag.indicators.models import Observation
from dubbelslag.indicators.periods import period_sort_key
from dubbelslag.programme.access import can_change_experiment
from dubbelslag.programme.models import Experiment, Programme

from . import rollup
from .access import may_report
from .decimals import DecimalReader, as_text
from .enums import Dimension, IndicatorKind, RollupRule, Side, UpdateStatus
from .models import (
    Disaggregation,
    DisaggregationValue,
    ReportingPeriod,
    ResultIndicator,
    Target,
    Update,
    UpdateDisaggregation,
    _translated,
)

# The catalogue indicator whose figure for an area weighs a "mean weighted by households" (indicators migration
# 0007_seed_willingness_indicators: "Aantal huishoudens", private households in the area).
HOUSEHOLDS_CODE = "BEV_HUISHOUDENS"
# The decimal places of an update's figures and of its parts (read as text: ``decimals``).
VALUE_PLACES = Update._meta.get_field("value").decimal_places
PART_PLACES = UpdateDisaggregation._meta.get_field("value").decimal_places
SIDE_ORDER = {side: position for position, side in enumerate(Side.values)}


def public_updates(programme: Programme | None = None) -> QuerySet[Update]:
    """The updates the public may see: approved, of an indicator the programme made public, in a period it made
    public, of an experiment listed publicly. A returned (or resubmitted) update leaves the public view until it is
    approved again."""
    updates = Update.objects.filter(
        status=UpdateStatus.APPROVED, indicator__is_public=True, period__is_public=True,
        indicator__experiment__is_public=True,
    )
    if programme is not None:
        updates = updates.filter(indicator__programme=programme)
    return updates.select_related("indicator__experiment", "indicator__adopted_from", "period").order_by(
        "indicator__experiment_id", "indicator_id", "period__start")


def current_period(periods: Iterable[ReportingPeriod], *, today=None) -> ReportingPeriod | None:
    """The period running today; else the latest one that has started; else the first. None without periods."""
    periods = sorted(periods, key=lambda period: period.start)
    today = today or timezone.localdate()
    started = [period for period in periods if period.start <= today]
    running = [period for period in started if period.end >= today]
    if running:
        return running[-1]
    if started:
        return started[-1]
    return periods[0] if periods else None


# --- Shared helpers ----------------------------------------------------------------------------------------------

def _experiment_areas(experiment: Experiment) -> list:
    """The areas an experiment works in: its focus wijken and buurten (a buurt inside a listed wijk is left out, so
    nothing counts twice), or its municipality when it names none. ``focus_areas`` must be prefetched."""
    focus = list(experiment.focus_areas.all())
    listed = {area.pk for area in focus}
    focus = [area for area in focus if area.parent_id not in listed]
    return focus or [experiment.gemeente]


def _households(experiments: Iterable[Experiment]) -> dict[int, Decimal | None]:
    """Per experiment the private households of its areas, from each area's latest figure of the open statistics
    (``HOUSEHOLDS_CODE``). None when an area has no figure: a partial sum would weigh the experiment too lightly.
    One query."""
    areas = {experiment.pk: _experiment_areas(experiment) for experiment in experiments}
    area_ids = {area.pk for listed in areas.values() for area in listed}
    latest: dict[int, tuple] = {}
    for area_id, period, value in (Observation.objects
                                   .filter(indicator__code=HOUSEHOLDS_CODE, area_id__in=area_ids,
                                           status=ObservationStatus.OK, value__isnull=False)
                                   .order_by().values_list("area_id", "period", "value")):
        key = period_sort_key(period)
        if area_id not in latest or key > latest[area_id][0]:
            latest[area_id] = (key, value)
    households = {}
    for experiment_id, listed in areas.items():
        figures = [latest.get(area.pk, (None, None))[1] for area in listed]
        if any(figure is None or figure <= 0 for figure in figures):
            households[experiment_id] = None
        else:
            households[experiment_id] = sum((Decimal(str(figure)) for figure in figures), Decimal(0))
    return households


def _score_label(indicator: ResultIndicator, score: int | None) -> str:
    labels = indicator.score_labels or []
    if score is None or not 1 <= score <= len(labels):
        return ""
    return labels[score - 1]


@dataclass(frozen=True)
class Part:
    """One category's value in an update's disaggregation."""

    code: str
    label: str
    value: Decimal


@dataclass(frozen=True)
class PartsCheck:
    """One dimension of an update's disaggregation, checked against what it splits (the value, or the numerator of
    a percentage): complete, or incomplete with the categories missing and the amount not split."""

    dimension: str
    label: str
    parts: tuple[Part, ...]
    total: Decimal
    status: rollup.Completeness
    missing: tuple[str, ...]  # labels of the categories without a part
    missing_amount: Decimal

    @property
    def is_complete(self) -> bool:
        return self.status == rollup.Completeness.COMPLETE


def _parts_checks(update: Update, indicator: ResultIndicator, by_category: dict) -> tuple[PartsCheck, ...]:
    """The update's parts (``by_category``: category id → value) per dimension of ``indicator`` (disaggregations
    prefetched), each checked against its total."""
    total = update.numerator if update.numerator is not None else update.value
    # Not get_dimension_display(): it rebuilds the field's choices on every call, and a page checks hundreds.
    dimension_labels = dict(Dimension.choices)
    checks = []
    for disaggregation in _disaggregations(indicator):
        categories = _categories(disaggregation)
        parts = tuple(Part(category.code, category.label, by_category[category.pk])
                      for category in categories if category.pk in by_category)
        if not parts or total is None:
            continue
        try:
            status, codes, amount = rollup.check_parts(total, {part.code: part.value for part in parts},
                                                       dimension=disaggregation.dimension,
                                                       declared=[category.code for category in categories])
        except rollup.PartsExceedTotal:
            # The update services refuse such parts; shown as incomplete rather than failing the page.
            status, codes, amount = rollup.Completeness.INCOMPLETE, (), total - sum(p.value for p in parts)
        labels = {category.code: category.label for category in categories}
        dimension = disaggregation.dimension
        checks.append(PartsCheck(dimension, str(dimension_labels.get(dimension, dimension)), parts, total, status,
                                 tuple(labels[code] for code in codes), amount))
    return tuple(checks)


def _disaggregations_prefetch() -> Prefetch:
    # Explicit orderings: the models' default ones order by the indicator, which joins its goal in every query.
    # Into lists (to_attr): a related manager per instance would cost a queryset each, hundreds per page.
    return Prefetch("disaggregations", queryset=Disaggregation.objects.order_by("dimension").prefetch_related(
        Prefetch("values", queryset=DisaggregationValue.objects.order_by("position", "pk"),
                 to_attr="prefetched_values")), to_attr="prefetched_disaggregations")


def _disaggregations(indicator: ResultIndicator) -> list[Disaggregation]:
    """The indicator's disaggregations, from ``_disaggregations_prefetch`` when it ran."""
    prefetched = getattr(indicator, "prefetched_disaggregations", None)
    return prefetched if prefetched is not None else list(indicator.disaggregations.all())


def _categories(disaggregation: Disaggregation) -> list[DisaggregationValue]:
    prefetched = getattr(disaggregation, "prefetched_values", None)
    return prefetched if prefetched is not None else list(disaggregation.values.all())


def _updates_prefetch() -> Prefetch:
    return Prefetch("updates", queryset=Update.objects.order_by(), to_attr="prefetched_updates")


# --- One experiment's results --------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ReportedUpdate:
    """The fields of an update the results page shows, with its indicator and period. Read as values, not model
    instances: a page holds one per indicator and period, hundreds, and instances cost most of the read."""

    pk: int
    indicator: ResultIndicator
    period: ReportingPeriod
    status: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    score: int | None
    narrative: str

    @property
    def indicator_id(self) -> int:
        return self.indicator.pk

    def get_status_display(self) -> str:
        return str(UpdateStatus(self.status).label)


@dataclass(frozen=True)
class PeriodRow:
    """One period of an indicator: its target and the experiment's update (None: not reported)."""

    period: ReportingPeriod
    target: Target | None
    update: ReportedUpdate | None
    score_label: str = ""
    return_reason: str = ""  # only for those who report on the experiment
    # The update's parts as read (category id → value); ``parts`` checks them when a page asks.
    raw_parts: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def parts(self) -> tuple[PartsCheck, ...]:
        """The update's disaggregation per dimension, each checked against its total."""
        if self.update is None or not self.raw_parts:
            return ()
        return _parts_checks(self.update, self.update.indicator, self.raw_parts)

    @property
    def status(self) -> str | None:
        return self.update.status if self.update else None

    @property
    def is_approved(self) -> bool:
        return self.status == UpdateStatus.APPROVED

    @property
    def value(self) -> Decimal | None:
        if self.update is None:
            return None
        return Decimal(self.update.score) if self.update.indicator.kind == IndicatorKind.QUALITATIVE and \
            self.update.score is not None else self.update.value


@dataclass(frozen=True)
class StatisticRow:
    """A figure of the open statistics for one of the experiment's areas."""

    area: object
    period: str
    value: float | None
    status: str
    unit: str
    source: str


@dataclass(frozen=True)
class IndicatorResults:
    indicator: ResultIndicator
    baseline: object | None
    end_target: Target | None
    rows: tuple[PeriodRow, ...]
    statistics: tuple[StatisticRow, ...] = ()

    @property
    def is_qualitative(self) -> bool:
        return self.indicator.kind == IndicatorKind.QUALITATIVE

    @property
    def series(self) -> list[tuple[ReportingPeriod, Decimal]]:
        """The approved values in period order: what the chart draws (never an unapproved one)."""
        return [(row.period, row.value) for row in self.rows if row.is_approved and row.value is not None]

    @property
    def period_targets(self) -> list[tuple[ReportingPeriod, Decimal]]:
        return [(row.period, row.target.value) for row in self.rows
                if row.target is not None and row.target.value is not None]

    @property
    def latest_update(self) -> ReportedUpdate | None:
        reported = [row.update for row in self.rows if row.update is not None]
        return reported[-1] if reported else None

    @property
    def latest_narrative(self) -> ReportedUpdate | None:
        """The latest update with a narrative (approved or not; the page says which)."""
        with_text = [row.update for row in self.rows if row.update is not None and row.update.narrative]
        return with_text[-1] if with_text else None

    @property
    def latest_approved_parts(self) -> tuple[PartsCheck, ...]:
        for row in reversed(self.rows):
            if row.is_approved and row.parts:
                return row.parts
        return ()


@dataclass(frozen=True)
class GoalResults:
    goal: object
    indicators: tuple[IndicatorResults, ...]


@dataclass(frozen=True)
class ExperimentResults:
    experiment: Experiment
    periods: tuple[ReportingPeriod, ...]
    goals: tuple[GoalResults, ...]
    may_report: bool
    areas: tuple = ()

    @property
    def returned(self) -> list[PeriodRow]:
        """The returned updates, with their reasons (for those who report; empty for others)."""
        return [row for goal in self.goals for item in goal.indicators for row in item.rows
                if row.status == UpdateStatus.RETURNED and row.return_reason]


@dataclass(frozen=True)
class _Category:
    """A category of a disaggregation as ``_parts_checks`` reads it (``DisaggregationValue``'s fields)."""

    pk: int
    code: str
    label_nl: str
    label_en: str

    @property
    def label(self) -> str:
        return _translated(self.label_nl, self.label_en)


@dataclass(frozen=True)
class _Dimension:
    """A disaggregation as ``_parts_checks`` reads it: its dimension and categories (as ``_disaggregations_prefetch``
    leaves them)."""

    dimension: str
    prefetched_values: list[_Category] = field(default_factory=list)


def _read_dimensions(experiment: Experiment, indicators: dict[int, ResultIndicator]) -> None:
    """Give each of ``indicators`` (by pk, all of ``experiment``) its disaggregations with their categories, as
    ``_disaggregations_prefetch`` does, but read as values: a page has hundreds of categories, and instances cost
    more than the rest of the read. Two queries."""
    dimensions = {}
    for indicator in indicators.values():
        indicator.prefetched_disaggregations = []
    for pk, indicator_id, dimension in (Disaggregation.objects.filter(indicator__experiment=experiment)
                                        .order_by("dimension").values_list("pk", "indicator_id", "dimension")):
        if indicator_id in indicators:
            dimensions[pk] = _Dimension(dimension)
            indicators[indicator_id].prefetched_disaggregations.append(dimensions[pk])
    for disaggregation_id, *fields in (DisaggregationValue.objects
                                       .filter(disaggregation__indicator__experiment=experiment)
                                       .order_by("position", "pk")
                                       .values_list("disaggregation_id", "pk", "code", "label_nl", "label_en")):
        if disaggregation_id in dimensions:
            dimensions[disaggregation_id].prefetched_values.append(_Category(*fields))


def experiment_results(experiment: Experiment, *, viewer, role: str | None = None) -> ExperimentResults:
    """Everything the results page of ``experiment`` shows, for ``viewer`` (who must be allowed to read it): per
    goal (energy, livability, process) its indicators with baseline and targets, every period of the programme with
    the indicator's update, and for indicators linked to a catalogue indicator the figures of the experiment's areas
    from the open statistics. Return reasons are filled in only for those who report on the experiment. ``role``
    is the viewer's role in the experiment when the caller has it already (the gate returns it)."""
    reporter = can_change_experiment(role) if role is not None else may_report(viewer, experiment)
    periods = tuple(ReportingPeriod.objects.filter(programme_id=experiment.programme_id).order_by("start"))
    prefetch_related_objects([experiment], "focus_areas")
    indicators = list(
        ResultIndicator.objects.filter(experiment=experiment)
        .select_related("goal", "baseline", "catalogue_indicator", "adopted_from")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by(), to_attr="prefetched_targets"))
        .order_by("goal__side", "goal__position", "goal_id", "position", "pk"))
    by_pk = {indicator.pk: indicator for indicator in indicators}
    _read_dimensions(experiment, by_pk)
    period_of = {period.pk: period for period in periods}
    updates_of = defaultdict(dict)
    for pk, indicator_id, period_id, status, value, numerator, denominator, score, narrative, return_reason in (
            Update.objects.filter(indicator__experiment=experiment).order_by()
            .values_list("pk", "indicator_id", "period_id", "status", "value", "numerator", "denominator", "score",
                         "narrative", "return_reason")):
        if period_id in period_of:
            updates_of[indicator_id][period_id] = (ReportedUpdate(
                pk, by_pk[indicator_id], period_of[period_id], status, value, numerator, denominator, score,
                narrative), return_reason)
    # The parts as values: a page shows those of one update per indicator, and instances would cost most of it.
    parts_of = defaultdict(dict)
    for update_id, category_id, value in (UpdateDisaggregation.objects
                                          .filter(update__indicator__experiment=experiment).order_by()
                                          .values_list("update_id", "category_id", "value")):
        parts_of[update_id][category_id] = value
    areas = _experiment_areas(experiment)
    if experiment.gemeente not in areas:
        areas = [*areas, experiment.gemeente]
    statistics = defaultdict(list)
    catalogue_ids = {indicator.catalogue_indicator_id for indicator in indicators if indicator.catalogue_indicator_id}
    if catalogue_ids:
        observations = (Observation.objects.filter(indicator_id__in=catalogue_ids, area__in=areas)
                        .select_related("area", "indicator", "import_run"))
        for observation in sorted(observations, key=lambda o: ([a.pk for a in areas].index(o.area_id),
                                                               period_sort_key(o.period))):
            run = observation.import_run
            source = " ".join(filter(None, [run.get_source_display(), run.table_id])) or \
                observation.indicator.source_note
            statistics[observation.indicator_id].append(StatisticRow(
                observation.area, observation.period, observation.value, observation.status,
                observation.indicator.unit, source))

    goals: dict[int, tuple] = {}
    for indicator in indicators:
        targets = {target.period_id: target for target in indicator.prefetched_targets}
        updates = updates_of.get(indicator.pk, {})
        rows = []
        for period in periods:
            update, return_reason = updates.get(period.pk, (None, ""))
            rows.append(PeriodRow(
                period=period, target=targets.get(period.pk), update=update,
                score_label=_score_label(indicator, update.score) if update else "",
                raw_parts=parts_of.get(update.pk, {}) if update else {},
                return_reason=return_reason if reporter else ""))
        baseline = getattr(indicator, "baseline", None)
        item = IndicatorResults(indicator, baseline, targets.get(None), tuple(rows),
                                tuple(statistics.get(indicator.catalogue_indicator_id, ())))
        goals.setdefault(indicator.goal_id, (indicator.goal, []))[1].append(item)
    ordered = sorted(goals.values(), key=lambda pair: (SIDE_ORDER.get(pair[0].side, 99), pair[0].position,
                                                       pair[0].pk))
    return ExperimentResults(experiment, periods, tuple(GoalResults(goal, tuple(items)) for goal, items in ordered),
                             reporter, tuple(areas))


# --- The roll-up of the shared indicators ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ExperimentValue:
    """One experiment's place in a period's roll-up: its value (counted) or why it was left out."""

    experiment: Experiment
    value: Decimal | None
    from_period: ReportingPeriod | None = None
    weight: Decimal | None = None
    left_out: rollup.LeftOutReason | None = None


@dataclass(frozen=True)
class IncompleteParts:
    """A dimension whose parts do not add up to the total: how much is not split, and per experiment which
    categories it gave no part for (labels)."""

    label: str
    amount: Decimal
    missing: tuple[tuple[Experiment, tuple[str, ...]], ...]


@dataclass(frozen=True)
class PeriodRollup:
    period: ReportingPeriod
    result: rollup.RollUp | None
    distribution: tuple[ExperimentValue, ...]
    error: str = ""  # why the values could not be rolled up (input the services should have refused)
    incomplete: tuple[IncompleteParts, ...] = ()
    # Scores of a qualitative indicator are shown per experiment and never rolled up (docs/monitoring.md).
    qualitative: bool = False

    @property
    def total(self) -> Decimal | None:
        return self.result.total if self.result and not self.qualitative else None

    @property
    def progress_percent(self) -> Decimal | None:
        """Progress to the end target in per cent of the way from the baseline (100: reached)."""
        if self.result is None or self.result.progress is None or self.qualitative:
            return None
        return self.result.progress * 100

    @property
    def counted(self) -> list[ExperimentValue]:
        return [item for item in self.distribution if item.left_out is None]

    @property
    def left_out(self) -> list[ExperimentValue]:
        return [item for item in self.distribution if item.left_out is not None]

    @property
    def spread(self) -> tuple[Decimal, Decimal, Decimal] | None:
        """The lowest, the median and the highest value of the experiments counted (None when none counts): the
        dashboard's distribution in short."""
        values = sorted(item.value for item in self.counted if item.value is not None)
        if not values:
            return None
        return values[0], median(values), values[-1]


@dataclass(frozen=True)
class SharedRollup:
    """A shared indicator rolled up per period, with the rule it was rolled up by."""

    indicator: ResultIndicator
    shared: rollup.SharedIndicator
    end_target: Decimal | None
    periods: tuple[PeriodRollup, ...]
    target_error: str = ""

    @property
    def is_qualitative(self) -> bool:
        return self.indicator.kind == IndicatorKind.QUALITATIVE

    @property
    def rule_label(self) -> str:
        if self.is_qualitative:
            return _("Qualitative: each experiment's approved score for the period is shown; scores are not "
                     "rolled up.")
        return rule_description(self.shared)


def rule_description(shared: rollup.SharedIndicator) -> str:
    """The rule in words, as the dashboard states it."""
    cumulative = _(" Cumulative: each experiment's latest approved value up to the period counts.") \
        if shared.cumulative else ""
    if shared.rule == rollup.Rule.SUM:
        text = _("Sum of the experiments' approved values.")
    elif shared.rule == rollup.Rule.MEAN:
        text = _("Mean of the experiments' approved values, each experiment counting alike.")
    elif shared.weight == rollup.Weight.DENOMINATOR:
        text = _("Sum of the numerators over the sum of the denominators (a mean weighted by each experiment's "
                 "denominator).")
    else:
        text = _("Mean weighted by the number of households in each experiment's area (open statistics).")
    return text + cumulative


def shared_indicator_rule(indicator: ResultIndicator) -> rollup.SharedIndicator:
    """How ``indicator`` rolls up. A percentage always rolls up as the sum of numerators over the sum of
    denominators (docs/monitoring.md); a qualitative indicator's scores go through the plain mean only to list
    them per experiment (``PeriodRollup`` never shows a total for them); otherwise the indicator's rule.
    Disaggregations and baseline must be prefetched."""
    if indicator.kind == IndicatorKind.PERCENTAGE:
        rule, weight = rollup.Rule.WEIGHTED_MEAN, rollup.Weight.DENOMINATOR
    elif indicator.kind == IndicatorKind.QUALITATIVE or indicator.rollup_rule == RollupRule.MEAN:
        rule, weight = rollup.Rule.MEAN, rollup.Weight.HOUSEHOLDS
    elif indicator.rollup_rule == RollupRule.WEIGHTED_BY_HOUSEHOLDS:
        rule, weight = rollup.Rule.WEIGHTED_MEAN, rollup.Weight.HOUSEHOLDS
    else:
        rule, weight = rollup.Rule.SUM, rollup.Weight.HOUSEHOLDS
    baseline = getattr(indicator, "baseline", None)
    start = Decimal(0)
    if baseline is not None:
        start = Decimal(baseline.score) if indicator.kind == IndicatorKind.QUALITATIVE and baseline.score \
            is not None else (baseline.value if baseline.value is not None else Decimal(0))
    dimensions = {disaggregation.dimension: tuple(category.code for category in _categories(disaggregation))
                  for disaggregation in _disaggregations(indicator)}
    return rollup.SharedIndicator(rule=rule, cumulative=indicator.cumulative, weight=weight,
                                  direction=rollup.Direction(indicator.direction), baseline=start,
                                  dimensions=dimensions)


@dataclass(frozen=True)
class _Row:
    """The fields of an approved update the roll-up reads (read as values, not model instances: a programme has
    thousands)."""

    pk: int
    shared_id: int
    experiment_id: int
    period_id: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    score: int | None


def _approved_value(row: _Row, shared: rollup.SharedIndicator, *, kind: str, period: int,
                    households: Decimal | None, parts: dict) -> rollup.ApprovedValue | None:
    """The roll-up's view of one approved update. ``parts`` holds only the shared indicator's declared dimensions
    and categories (an experiment may split its adoption further)."""
    if kind == IndicatorKind.QUALITATIVE:
        if row.score is None:
            return None
        return rollup.ApprovedValue(row.experiment_id, period, value=Decimal(row.score), households=households)
    if row.numerator is not None and row.denominator is not None:
        return rollup.ApprovedValue(row.experiment_id, period, numerator=row.numerator, denominator=row.denominator,
                                    households=households, parts=parts)
    if row.value is None:
        return None
    return rollup.ApprovedValue(row.experiment_id, period, value=row.value, households=households, parts=parts)


def _needed(rows: list[_Row], *, order: dict[int, int], shown: list[ReportingPeriod],
            cumulative: dict[int, bool]) -> list[_Row]:
    """The updates the roll-ups of the ``shown`` periods read: of each adoption the value of each shown period, or
    for a cumulative indicator its latest one up to it. ``roll_up`` picks the same; reading only these keeps the
    parts (ten or more per update) of all other updates out of memory."""
    by_adoption = defaultdict(list)
    for row in rows:
        by_adoption[(row.shared_id, row.experiment_id)].append(row)
    wanted = [order[item.pk] for item in shown]
    needed = []
    for (shared_id, _experiment_id), own in by_adoption.items():
        own.sort(key=lambda row: order[row.period_id])
        picked = {}
        for position in wanted:
            if cumulative.get(shared_id):
                earlier = [row for row in own if order[row.period_id] <= position]
                if earlier:
                    picked[earlier[-1].pk] = earlier[-1]
            else:
                picked.update({row.pk: row for row in own if order[row.period_id] == position})
        needed += picked.values()
    return needed


def shared_rollups(programme: Programme, *, period: ReportingPeriod | None = None,
                   updates: QuerySet[Update] | None = None, public: bool | None = None,
                   shared: ResultIndicator | None = None) -> list[SharedRollup]:
    """Per shared indicator of ``programme`` its ``rollup.roll_up`` for each period (or only ``period``), from the
    approved updates of the experiments that adopted it, with per experiment its value (the distribution).

    ``updates`` are the updates to roll up (default: the programme's approved updates); only approved ones ever
    count. A caller that passes its own (the public pages pass ``public_updates(programme)``) gets the public frame
    as well: only public shared indicators, public periods and publicly listed experiments are listed, so no
    private experiment shows even as "left out". ``public`` says so explicitly (default: True when ``updates`` is
    given). ``shared`` limits the roll-up to that one shared indicator (the dashboard's drill-down page). A fixed
    number of queries."""
    public = updates is not None if public is None else public
    updates = Update.objects.all() if updates is None else updates
    updates = updates.filter(status=UpdateStatus.APPROVED, indicator__programme=programme,
                             indicator__adopted_from__isnull=False)
    if shared is not None:
        updates = updates.filter(indicator__adopted_from=shared)
    periods = list(ReportingPeriod.objects.filter(programme=programme).order_by("start"))
    order = {item.pk: position for position, item in enumerate(periods, start=1)}
    shown = [item for item in periods if not public or item.is_public]
    if period is not None:
        shown = [item for item in shown if item.pk == period.pk]

    indicators = list(
        ResultIndicator.objects.filter(programme=programme, experiment__isnull=True, **({"is_public": True}
                                                                                      if public else {}),
                                       **({"pk": shared.pk} if shared is not None else {}))
        .select_related("baseline", "goal")
        .prefetch_related(_disaggregations_prefetch(), Prefetch("targets", queryset=Target.objects.filter(
            period__isnull=True).order_by(), to_attr="end_targets"))
        .order_by("goal__side", "goal__position", "position", "pk"))
    # Who adopted what, as pairs: a programme has hundreds of adoptions and only tens of experiments.
    adoptions = ResultIndicator.objects.filter(adopted_from__in=[item.pk for item in indicators]).order_by()
    if public:
        adoptions = adoptions.filter(experiment__is_public=True)
    members = defaultdict(set)
    for shared_id, experiment_id in adoptions.values_list("adopted_from_id", "experiment_id"):
        members[shared_id].add(experiment_id)
    experiment_ids = set().union(*members.values())
    experiments = {experiment.pk: experiment for experiment in Experiment.objects.filter(pk__in=experiment_ids)
                   .select_related("gemeente").prefetch_related("focus_areas").order_by()}
    households = _households(experiments.values())
    read = updates
    if period is not None:
        # Only what the roll-up of ``period`` reads (``_needed`` picks the same): that period's value, or for a
        # cumulative indicator the latest one up to it. The other periods' rows would be most of the read.
        # The latest is looked up once per cumulative adoption (hundreds, through the index on indicator and
        # period), not once per update (thousands).
        latest = (updates.filter(indicator=OuterRef("pk"), period__start__lte=period.start)
                  .order_by("-period__start").values("pk")[:1])
        cumulative = (ResultIndicator.objects.filter(adopted_from__in=[item.pk for item in indicators],
                                                     adopted_from__cumulative=True)
                      .order_by().annotate(latest=Subquery(latest)).values("latest"))
        read = read.filter(Q(period=period, indicator__adopted_from__cumulative=False) | Q(pk__in=cumulative))
    # No ordering: the default one joins goals and periods, and roll_up sorts for itself.
    figure = DecimalReader(VALUE_PLACES)
    rows = [_Row(pk, shared_id, experiment_id, period_id, figure(value), figure(numerator), figure(denominator),
                 score)
            for pk, shared_id, experiment_id, period_id, value, numerator, denominator, score in read.order_by()
            .annotate(value_text=as_text("value"), numerator_text=as_text("numerator"),
                      denominator_text=as_text("denominator"))
            .values_list("pk", "indicator__adopted_from_id", "indicator__experiment_id", "period_id", "value_text",
                         "numerator_text", "denominator_text", "score") if period_id in order]
    rows = _needed(rows, order=order, shown=shown, cumulative={item.pk: item.cumulative for item in indicators})
    parts = UpdateDisaggregation.objects.order_by()
    # Every update when all periods are shown (a subquery, however many); else the few picked, by id.
    parts = parts.filter(update__in=updates.values("pk")) if period is None else parts.filter(
        update_id__in=[row.pk for row in rows])
    parts_of = defaultdict(lambda: defaultdict(dict))
    part = DecimalReader(PART_PLACES)
    for update_id, dimension, code, value in (parts.annotate(number=as_text("value")).values_list(
            "update_id", "category__disaggregation__dimension", "category__code", "number")):
        parts_of[update_id][dimension][code] = part(value)
    by_shared = defaultdict(list)
    for row in rows:
        by_shared[row.shared_id].append(row)

    results = []
    for indicator in indicators:
        shared = shared_indicator_rule(indicator)
        adopted_by = members[indicator.pk]
        end_target = next((target.value for target in indicator.end_targets), None)
        target_error = ""
        if end_target is not None:
            try:
                rollup.progress_to_target(shared.baseline, baseline=shared.baseline, target=end_target,
                                          direction=shared.direction)
            except ValueError:
                target_error = _("The end target %(target)s is no improvement on the baseline %(baseline)s.") % {
                    "target": end_target, "baseline": shared.baseline}
                end_target = None
        values = []
        for row in by_shared[indicator.pk]:
            if row.experiment_id not in adopted_by:
                continue
            declared = {dimension: {code: number for code, number in numbers.items()
                                    if code in shared.dimensions[dimension]}
                        for dimension, numbers in parts_of[row.pk].items() if dimension in shared.dimensions}
            value = _approved_value(row, shared, kind=indicator.kind, period=order[row.period_id],
                                    households=households.get(row.experiment_id), parts=declared)
            if value is not None:
                values.append(value)
        rows = []
        for item in shown:
            error, result = "", None
            try:
                result = rollup.roll_up(shared, values, experiments=adopted_by, period=order[item.pk],
                                        target=end_target)
            except (ValueError, TypeError) as problem:
                error = str(problem)
            rows.append(PeriodRollup(item, result, _distribution(result, experiments, periods), error,
                                     _incomplete(result, indicator, experiments),
                                     qualitative=indicator.kind == IndicatorKind.QUALITATIVE))
        results.append(SharedRollup(indicator, shared, end_target, tuple(rows), target_error))
    return results


def _incomplete(result: rollup.RollUp | None, indicator: ResultIndicator,
                experiments: dict) -> tuple[IncompleteParts, ...]:
    if result is None:
        return ()
    disaggregations = {item.dimension: item for item in _disaggregations(indicator)}
    incomplete = []
    for check in result.dimensions:
        if check.status != rollup.Completeness.INCOMPLETE:
            continue
        disaggregation = disaggregations[check.dimension]
        labels = {category.code: category.label for category in _categories(disaggregation)}
        incomplete.append(IncompleteParts(
            disaggregation.get_dimension_display(), check.missing_amount,
            tuple((experiments[part.experiment], tuple(labels[code] for code in part.values))
                  for part in check.missing)))
    return tuple(incomplete)


def _distribution(result: rollup.RollUp | None, experiments: dict, periods: list) -> tuple[ExperimentValue, ...]:
    if result is None:
        return ()
    items = [ExperimentValue(experiments[item.experiment], item.value, periods[item.period - 1], item.weight)
             for item in result.counted]
    items += [ExperimentValue(experiments[item.experiment], None, left_out=item.reason) for item in result.left_out]
    return tuple(sorted(items, key=lambda item: (item.experiment.title, item.experiment.pk)))


# --- Who has reported -----------------------------------------------------------------------------------------------

@dataclass
class ExperimentReporting:
    """One experiment's reporting in the chosen period: the indicators not reported (no update, or only a draft;
    those with a draft also in ``drafts``), the updates awaiting approval, the returned ones not yet resubmitted, and
    the indicators with an approved one."""

    experiment: Experiment
    not_reported: list[ResultIndicator] = field(default_factory=list)
    drafts: list[ResultIndicator] = field(default_factory=list)
    awaiting: list[Update] = field(default_factory=list)
    returned: list[Update] = field(default_factory=list)
    approved: list[ResultIndicator] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return len(self.not_reported) + len(self.awaiting) + len(self.returned) + len(self.approved)

    @property
    def is_complete(self) -> bool:
        return not self.not_reported


@dataclass
class PeriodReporting:
    """The chosen period, indicator by indicator."""

    period: ReportingPeriod
    experiments: list[ExperimentReporting]

    @property
    def not_reported(self) -> list[ExperimentReporting]:
        return [item for item in self.experiments if item.not_reported]

    @property
    def not_reported_count(self) -> int:
        return sum(len(item.not_reported) for item in self.experiments)


@dataclass(frozen=True)
class ExperimentMissing:
    """How many of an experiment's indicators it has not reported in an earlier period."""

    experiment: Experiment
    count: int


@dataclass
class PastReporting:
    """An earlier period, counted: per experiment with any, how many indicators are not reported."""

    period: ReportingPeriod
    not_reported: list[ExperimentMissing]

    @property
    def not_reported_count(self) -> int:
        return sum(item.count for item in self.not_reported)


@dataclass
class PendingCounts:
    experiment: Experiment
    awaiting: int = 0
    returned: int = 0


@dataclass
class ReportingStatus:
    """The chosen period indicator by indicator, the ones before it counted (latest first), and over all of them the
    updates awaiting approval and the returned ones not yet resubmitted: their numbers per experiment and in all, and
    the longest waiting of each (all of them, or as many as asked for)."""

    period: PeriodReporting
    past: list[PastReporting]
    pending: list[PendingCounts]
    awaiting: list[Update]
    returned: list[Update]
    awaiting_total: int
    returned_total: int


WAITING_SINCE = {UpdateStatus.SUBMITTED: "submitted_at", UpdateStatus.RETURNED: "returned_at"}


def waiting_updates(programme: Programme, *, period: ReportingPeriod, status: str) -> QuerySet[Update]:
    """The updates of ``programme`` in ``period`` and every earlier period that are submitted (awaiting approval) or
    returned and not yet resubmitted (``status``), the longest waiting first: by when they were submitted or
    returned (an update without that moment, from older data, after those with one), then by period and id."""
    moment = WAITING_SINCE[status]
    return (Update.objects.filter(indicator__programme=programme, indicator__experiment__isnull=False,
                                  period__programme=programme, period__start__lte=period.start, status=status)
            .select_related("indicator__experiment", "period")
            .order_by(F(moment).asc(nulls_last=True), "period__start", "pk"))


def reporting_status(programme: Programme, *, period: ReportingPeriod, listed: int | None = None) -> ReportingStatus:
    """Per experiment of ``programme`` the state of each of its indicators (adopted and own) in ``period``: not
    reported (no update, or only a draft), awaiting approval (submitted), returned and not yet resubmitted,
    approved; for every earlier period how many are not reported; and the waiting updates of all those periods
    (``listed``: how many of the longest waiting of each kind to list, default all).

    Eight queries, whatever the number of experiments, indicators or periods. Only the chosen period is read
    update by update; the earlier ones are counted in the database (one row per experiment, period and state), so
    a programme's thousands of updates never become objects."""
    periods = list(ReportingPeriod.objects.filter(programme=programme, start__lte=period.start).order_by("-start"))
    experiments = list(Experiment.objects.filter(programme=programme).select_related("gemeente"))
    by_experiment = {experiment.pk: experiment for experiment in experiments}
    indicators = defaultdict(list)
    # Only the fields the dashboard shows: a programme has hundreds of indicators.
    for indicator in (ResultIndicator.objects.filter(programme=programme, experiment__isnull=False)
                      .only("pk", "programme_id", "experiment_id", "goal_id", "adopted_from_id", "title_nl",
                            "title_en", "position")
                      .order_by("goal__side", "goal__position", "position", "pk")):
        indicator.experiment = by_experiment[indicator.experiment_id]
        indicators[indicator.experiment_id].append(indicator)
    in_periods = Update.objects.filter(indicator__programme=programme, indicator__experiment__isnull=False,
                                       period__in=[item.pk for item in periods]).order_by()
    # How many updates each experiment has in each period and state (a draft counts as not reported).
    reported = defaultdict(int)
    waiting = defaultdict(lambda: defaultdict(int))
    for experiment_id, period_id, state, number in (
            in_periods.exclude(status=UpdateStatus.DRAFT)
            .values_list("indicator__experiment_id", "period_id", "status").annotate(number=Count("pk"))):
        reported[(experiment_id, period_id)] += number
        if state in WAITING_SINCE:
            waiting[experiment_id][state] += number

    chosen = in_periods.filter(period=period)
    states = dict(chosen.values_list("indicator_id", "status"))
    updates = {update.indicator_id: update for update in
               chosen.filter(status__in=list(WAITING_SINCE))
               .only("pk", "indicator_id", "period_id", "value", "status", "return_reason", "submitted_at",
                     "returned_at")}
    rows = []
    for experiment in experiments:
        row = ExperimentReporting(experiment)
        for indicator in indicators[experiment.pk]:
            status = states.get(indicator.pk)
            if status in (None, UpdateStatus.DRAFT):
                row.not_reported.append(indicator)
                if status is not None:
                    row.drafts.append(indicator)
            elif status == UpdateStatus.APPROVED:
                row.approved.append(indicator)
            else:
                update = updates[indicator.pk]
                update.indicator, update.period = indicator, period
                (row.awaiting if status == UpdateStatus.SUBMITTED else row.returned).append(update)
        if row.indicator_count:
            rows.append(row)

    past = [PastReporting(item, [
        ExperimentMissing(experiment, len(indicators[experiment.pk]) - reported[(experiment.pk, item.pk)])
        for experiment in experiments
        if len(indicators[experiment.pk]) > reported[(experiment.pk, item.pk)]]) for item in periods[1:]]
    pending = sorted((PendingCounts(by_experiment[experiment_id], counts[UpdateStatus.SUBMITTED],
                                    counts[UpdateStatus.RETURNED])
                      for experiment_id, counts in waiting.items()),
                     key=lambda entry: (entry.experiment.title, entry.experiment.pk))
    lists = {}
    for state in WAITING_SINCE:
        longest = waiting_updates(programme, period=period, status=state)
        lists[state] = list(longest if listed is None else longest[:listed])
    return ReportingStatus(
        PeriodReporting(period, rows), past, pending, lists[UpdateStatus.SUBMITTED], lists[UpdateStatus.RETURNED],
        sum(entry.awaiting for entry in pending), sum(entry.returned for entry in pending))
