"""Reads of the koppelkansen app: the catalogue pages, adoptions, and which koppelkansen an area's figures suggest.

How trigger rules are evaluated for an area (`suggestions_for`):

- The figure is the area's own observation of the rule's indicator with a value (status ok), in the latest period
  the area has such a value for. Suppressed and unknown figures count as missing, never as 0.
- The reference is computed over the areas of the same level, boundary year and period as that figure: all of
  them in the Netherlands, or those in the area's gemeente (its siblings). The area itself takes part.
  A percentile or median needs at least `MIN_REFERENCE_AREAS` areas with a value; a gemeente has no siblings in
  its own gemeente, so "within the municipality" rules do not apply to gemeenten. Such rules are counted as
  `not_applicable`, not as missing.
- A percentile rule does not hold for a figure at the far end of the distribution it should stand out from (≥ at
  the minimum, ≤ at the maximum): when most areas share one value (0% block heating), p75 may be that value and
  would otherwise pick every area. A multiple of a median of 0 or less is not applicable.
- A koppelkans is suggested when any standalone rule holds, or all rules of one AND group hold. A rule whose figure
  is missing never holds; its indicator is listed in `missing`.

Each reference distribution is read once per call (one query per indicator, period, boundary year, level and
gemeente), not once per area, and `suggestions_for_areas` shares them across many areas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import Area
from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators import stats
from dubbelslag.indicators.enums import ObservationStatus
from dubbelslag.indicators.models import Indicator, Observation
from dubbelslag.indicators.periods import period_sort_key
from dubbelslag.indicators.references import Distribution, distributions
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Experiment, Theme

from .enums import PERCENTILE_KINDS, Operator, Orientation, ReferenceKind
from .formatting import format_value
from .models import Adoption, Koppelkans, TriggerRule

MIN_REFERENCE_AREAS = 5


# --- Suggestions for an area ---------------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """How one koppelkans's trigger rules came out for one area. `reasons` (in the active language) are the rules
    and AND groups that hold; the koppelkans is suggested when there is at least one."""

    koppelkans: Koppelkans
    reasons: list[str] = field(default_factory=list)
    rules_checked: int = 0
    missing: list[Indicator] = field(default_factory=list)
    not_applicable: int = 0

    @property
    def is_suggested(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class _Figure:
    period: str
    value: float


@dataclass(frozen=True)
class _Reference:
    value: float
    shown: str
    at_far_end: bool = False


@dataclass(frozen=True)
class _Outcome:
    holds: bool
    reason: str = ""
    missing: bool = False
    not_applicable: bool = False


def koppelkansen_with_rules() -> list[Koppelkans]:
    """Active koppelkansen that have trigger rules, with their rules and indicators loaded (two queries)."""
    rules = TriggerRule.objects.select_related("indicator").order_by("pk")
    return list(Koppelkans.objects.active().filter(rules__isnull=False).distinct()
                .prefetch_related(Prefetch("rules", queryset=rules)).order_by("code"))


def _latest_figures(areas: list[Area], indicator_ids: set[int]) -> dict[tuple[int, int], _Figure]:
    """(area id, indicator id) → the latest figure with a value (one query for all areas)."""
    figures: dict[tuple[int, int], _Figure] = {}
    if not areas or not indicator_ids:
        return figures
    rows = (Observation.objects.filter(area__in=[area.pk for area in areas], indicator_id__in=indicator_ids,
                                       status=ObservationStatus.OK, value__isnull=False)
            .values_list("area_id", "indicator_id", "period", "value").order_by())
    for area_id, indicator_id, period, value in rows:
        key = (area_id, indicator_id)
        if key not in figures or period_sort_key(period) > period_sort_key(figures[key].period):
            figures[key] = _Figure(period, value)
    return figures


class _Evaluator:
    """Evaluates rules against figures, reading each reference distribution once."""

    def __init__(self):
        self._distributions: dict[tuple, Distribution] = {}

    def distribution(self, indicator_id: int, period: str, area: Area, *, within_gemeente: bool) -> Sequence[float]:
        """The sorted values of the area's level and boundary year, nationally or within its gemeente; read from the
        cached summaries that the area profiles use too (``indicators.references``)."""
        key = (indicator_id, period, area.boundary_year, area.level)
        if key not in self._distributions:
            self._distributions[key] = distributions(
                {(indicator_id, period)}, boundary_year=area.boundary_year, level=area.level)[(indicator_id, period)]
        summary = self._distributions[key]
        if within_gemeente:
            return summary.gemeente_values.get(area.code[2:6], ())
        return summary.values

    def reference(self, rule: TriggerRule, figure: _Figure, area: Area) -> _Reference | None:
        """The value to compare with and how to show it; None when the rule does not apply to this area."""
        unit = rule.indicator.unit
        if rule.reference == ReferenceKind.ABSOLUTE:
            return _Reference(rule.threshold, "")
        if rule.reference == ReferenceKind.GEMEENTE_PERCENTILE and area.level == AreaLevel.GEMEENTE:
            return None
        within = rule.reference == ReferenceKind.GEMEENTE_PERCENTILE
        values = self.distribution(rule.indicator_id, figure.period, area, within_gemeente=within)
        if len(values) < MIN_REFERENCE_AREAS:
            return None
        if rule.reference in PERCENTILE_KINDS:
            value = stats.quantile(values, rule.threshold / 100)
            # When the figure sits at the far end, everything ties there: the percentile singles out nobody.
            far_end = values[0] if rule.operator == Operator.GTE else values[-1]
            return _Reference(value, format_value(value, unit), at_far_end=figure.value == far_end)
        median = stats.quantile(values, 0.5)
        if median <= 0:
            return None
        value = median * rule.threshold
        return _Reference(value, gettext("%(value)s; median %(median)s") % {
            "value": format_value(value, unit), "median": format_value(median, unit)})

    def outcome(self, rule: TriggerRule, figure: _Figure | None, area: Area) -> _Outcome:
        if figure is None:
            return _Outcome(False, missing=True)
        reference = self.reference(rule, figure, area)
        if reference is None:
            return _Outcome(False, not_applicable=True)
        compare = (lambda a, b: a >= b) if rule.operator == Operator.GTE else (lambda a, b: a <= b)
        holds = not reference.at_far_end and compare(figure.value, reference.value)
        if rule.absolute_limit is not None:
            holds = holds and compare(figure.value, rule.absolute_limit)
        return _Outcome(holds, _reason(rule, figure, area, reference.shown) if holds else "")

    def evaluate(self, koppelkans: Koppelkans, area: Area, figures: dict[tuple[int, int], _Figure]) -> Suggestion:
        suggestion = Suggestion(koppelkans)
        groups: dict[int, list[_Outcome]] = defaultdict(list)
        missing: dict[int, Indicator] = {}
        for rule in koppelkans.rules.all():
            outcome = self.outcome(rule, figures.get((area.pk, rule.indicator_id)), area)
            if outcome.missing:
                missing.setdefault(rule.indicator_id, rule.indicator)
            elif outcome.not_applicable:
                suggestion.not_applicable += 1
            else:
                suggestion.rules_checked += 1
            if rule.group is None:
                if outcome.holds:
                    suggestion.reasons.append(outcome.reason)
            else:
                groups[rule.group].append(outcome)
        joiner = " " + gettext("and") + " "
        for number in sorted(groups):
            if all(outcome.holds for outcome in groups[number]):
                suggestion.reasons.append(joiner.join(outcome.reason for outcome in groups[number]))
        suggestion.missing = list(missing.values())
        return suggestion


def _reason(rule: TriggerRule, figure: _Figure, area: Area, shown_reference: str) -> str:
    """"Households at or below the social minimum 34.0% (2021) ≥ p75 of the neighbourhoods in the municipality
    (28.1%)", in the active language."""
    params = {
        "indicator": rule.indicator.name, "value": format_value(figure.value, rule.indicator.unit),
        "period": figure.period, "operator": rule.operator_symbol, "reference": rule.reference_text(area.level),
        "reference_value": shown_reference,
    }
    if rule.reference == ReferenceKind.ABSOLUTE:
        text = gettext("%(indicator)s %(value)s (%(period)s) %(operator)s %(reference)s") % params
    else:
        text = gettext(
            "%(indicator)s %(value)s (%(period)s) %(operator)s %(reference)s (%(reference_value)s)") % params
    limit = rule.limit_text()
    return f"{text} {limit}" if limit else text


def evaluate_koppelkansen(area: Area) -> list[Suggestion]:
    """Every active koppelkans with rules, as evaluated for `area`, suggested or not (ordered by code)."""
    return evaluate_koppelkansen_for_areas([area])[area.pk]


def evaluate_koppelkansen_for_areas(areas: list[Area]) -> dict[int, list[Suggestion]]:
    """Area id → the evaluation of every active koppelkans with rules; distributions are shared across areas."""
    areas = list(areas)
    koppelkansen = koppelkansen_with_rules()
    indicator_ids = {rule.indicator_id for koppelkans in koppelkansen for rule in koppelkans.rules.all()}
    figures = _latest_figures(areas, indicator_ids)
    evaluator = _Evaluator()
    return {area.pk: [evaluator.evaluate(koppelkans, area, figures) for koppelkans in koppelkansen]
            for area in areas}


def suggestions_for(area: Area) -> list[Suggestion]:
    """The koppelkansen the figures of `area` suggest, with the reasons in the active language. Suggestions, never
    decisions: see the module docstring for how rules are evaluated."""
    return [suggestion for suggestion in evaluate_koppelkansen(area) if suggestion.is_suggested]


def suggestions_for_areas(areas: list[Area]) -> dict[int, list[Suggestion]]:
    """`suggestions_for` for many areas at once (area id → suggestions), reading each distribution once."""
    return {area_id: [suggestion for suggestion in evaluations if suggestion.is_suggested]
            for area_id, evaluations in evaluate_koppelkansen_for_areas(areas).items()}


# --- The catalogue -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilters:
    orientation: str = ""
    theme: str = ""

    @classmethod
    def from_query(cls, query) -> CatalogueFilters:
        """Filters from GET parameters; unknown values are dropped rather than showing an empty list."""
        orientation = query.get("orientation", "").strip()
        theme = query.get("theme", "").strip()
        return cls(
            orientation=orientation if orientation in Orientation.values else "",
            theme=theme if theme and Theme.objects.filter(slug=theme).exists() else "",
        )


def koppelkansen_for_list(user, filters: CatalogueFilters) -> QuerySet[Koppelkans]:
    koppelkansen = Koppelkans.objects.visible_to(user)
    if filters.orientation:
        # A koppelkans that is both person- and area-oriented belongs under either.
        koppelkansen = koppelkansen.filter(orientation__in=[filters.orientation, Orientation.BOTH])
    if filters.theme:
        koppelkansen = koppelkansen.filter(Q(themes__slug=filters.theme) | Q(themes__parent__slug=filters.theme))
    return (Koppelkans.objects.filter(pk__in=koppelkansen.values("pk"))
            .annotate(rule_count=Count("rules"))
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.select_related("parent")))
            .order_by("code"))


def catalogue_themes() -> QuerySet[Theme]:
    """The themes koppelkansen are tagged with, for the list filter."""
    return (Theme.objects.filter(koppelkansen__isnull=False).distinct().select_related("parent")
            .order_by("parent__position", "position"))


def rule_units(rules) -> list[list[TriggerRule]]:
    """The rules as they combine: each standalone rule alone, each AND group together, in rule order."""
    units: list[list[TriggerRule]] = []
    groups: dict[int, list[TriggerRule]] = {}
    for rule in rules:
        if rule.group is None:
            units.append([rule])
        elif rule.group in groups:
            groups[rule.group].append(rule)
        else:
            groups[rule.group] = [rule]
            units.append(groups[rule.group])
    return units


def writable_experiments(user) -> QuerySet[Experiment]:
    """The experiments `user` may change: all of a programme they coordinate, and those they edit."""
    if not user.is_authenticated:
        return Experiment.objects.none()
    if user.is_superuser:
        return Experiment.objects.all()
    return Experiment.objects.filter(
        Q(programme__memberships__user=user, programme__memberships__role=MembershipRole.COORDINATOR,
          programme__memberships__experiment__isnull=True)
        | Q(memberships__user=user, memberships__role=MembershipRole.EDITOR)
    ).distinct()


def koppelkans_detail(koppelkans: Koppelkans, user) -> dict:
    """The koppelkans page: rules in words, the adoptions `user` may see, and the experiments they could adopt it
    for."""
    rules = list(koppelkans.rules.select_related("indicator").order_by("pk"))
    visible = Experiment.objects.visible_to(user).values("pk")
    adoptions = list(koppelkans.adoptions.filter(experiment__in=visible)
                     .select_related("experiment", "experiment__gemeente", "adopted_by")
                     .order_by("experiment__title"))
    writable_ids = set(writable_experiments(user).values_list("pk", flat=True))
    adoptable = (Experiment.objects.filter(pk__in=writable_ids).exclude(koppelkans_adoptions__koppelkans=koppelkans)
                 .select_related("gemeente").order_by("title")) if koppelkans.is_active else Experiment.objects.none()
    return {
        "rule_units": rule_units(rules),
        "themes": koppelkans.themes.select_related("parent"),
        "adoptions": adoptions,
        "removable_ids": {adoption.pk for adoption in adoptions if adoption.experiment_id in writable_ids},
        "adoptable_experiments": list(adoptable),
    }


def adoptions_for(experiment: Experiment) -> QuerySet[Adoption]:
    """The koppelkansen an experiment has adopted, for its page (the caller has already checked access)."""
    return (Adoption.objects.filter(experiment=experiment).select_related("koppelkans", "adopted_by")
            .order_by("koppelkans__code"))


def audit_trail(koppelkans: Koppelkans, *, limit: int = 50) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(koppelkans)[:limit]

