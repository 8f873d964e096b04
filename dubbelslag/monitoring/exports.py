"""The XLSX and CSV of a results framework: an experiment's, or a whole programme's.

One row per indicator × period of the programme (every period, also those without an update, so a gap shows as a
gap), with the period's target and the update's value, score, narrative, status and who reported and approved it;
qualitative updates are rows like the others. The disaggregated values are extra columns, one per dimension and
category (``tenure: corporation rental``), so that each row stays one indicator × period and opens as it is in a
spreadsheet. The CSV, one table, repeats the indicator's definition and baseline on each of its rows. The XLSX
names the indicator on its first sheet by id, experiment, side and title and gives the rest of the definition once
per indicator on its second sheet (the same id in the first column, for a lookup): repeated on every period it was
a third of the workbook's cells and of the time it took to write. Its third sheet lists each indicator's categories
with their targets. (A long sheet of one row per update × category was
five times the cells: 650,000 of 900,000 for a programme of 20 experiments × 40 indicators × 12 periods, and most of
the time the file took to write.) An adopted indicator's categories share their columns with the shared
indicator's, since adoption copies the codes.

The data is read in a fixed number of queries (``framework_export``), whatever the number of experiments,
indicators or periods; the files are written by the one formula-safe writer, ``dubbelslag.core.spreadsheets``.
Numbers are written as numbers (``Decimal``), dates as dates, date-times in local time without a zone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dubbelslag.programme.models import Experiment, Programme

from .decimals import DecimalReader, as_text
from .enums import Dimension, Direction, IndicatorKind, Side, UpdateStatus
from .models import (
    Baseline,
    DisaggregationValue,
    ReportingPeriod,
    ResultIndicator,
    Target,
    Update,
    UpdateDisaggregation,
)
from .selectors import PART_PLACES, VALUE_PLACES


@dataclass(slots=True)
class ExportedUpdate:
    """An update as the files need it, read as plain values: a programme has thousands, and a model instance each
    (with its six foreign keys) cost more than writing them out."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "pk", "indicator_id", "period_id", "status", "value_text", "numerator_text", "denominator_text", "score",
        "narrative",
        "return_reason", "created_by_id", "submitted_by_id", "submitted_at", "approved_by_id", "approved_at")

    pk: int
    indicator_id: int
    period_id: int
    status: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    score: int | None
    narrative: str
    return_reason: str
    created_by_id: int | None
    submitted_by_id: int | None
    submitted_at: datetime | None
    approved_by_id: int | None
    approved_at: datetime | None
    export_reporter: str = ""
    export_approver: str = ""

    def get_status_display(self) -> str:
        return str(UpdateStatus(self.status).label)


@dataclass(slots=True)
class Category:
    """One category of an indicator's disaggregation as the files need it, read as plain values (a programme has
    thousands), its label in the language of the request."""

    pk: int
    indicator_id: int
    dimension: str
    code: str
    label: str
    target: Decimal | None

    @property
    def dimension_label(self) -> str:
        return str(Dimension(self.dimension).label)


@dataclass(slots=True)
class Part:
    """One disaggregated value of an update: its category and the value."""

    category: Category
    value: Decimal


@dataclass
class FrameworkExport:
    """Everything a framework's files hold, read at once."""

    indicators: list[ResultIndicator]
    periods: list[ReportingPeriod]
    updates: dict[tuple[int, int], ExportedUpdate]  # (indicator pk, period pk) → update
    values: dict[int, dict[int, Decimal]] = field(default_factory=dict)  # update pk → {category pk: value}
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # (dimension, code, label), ordered
    categories_of: dict[int, list[Category]] = field(default_factory=dict)  # indicator pk → its categories, ordered

    def parts(self, update: ExportedUpdate) -> list[Part]:
        """The update's disaggregated values in the order of its indicator's categories."""
        values = self.values.get(update.pk, {})
        return [Part(category, values[category.pk])
                for category in self.categories_of.get(update.indicator_id, []) if category.pk in values]


def framework_export(programme: Programme, *, experiment: Experiment | None = None) -> FrameworkExport:
    """The framework of ``experiment``, or of the whole programme (its shared indicators first, then each
    experiment's), with every update and disaggregated value,
    in at most eight queries whatever its size (the people only when an update names one)."""
    chosen = ResultIndicator.objects.filter(programme=programme)
    chosen = chosen.filter(experiment=experiment) if experiment is not None else chosen
    # The other reads select by this subquery, not by a list of thousands of ids that Django would turn into
    # parameters one by one and SQLite would match one by one.
    in_framework = chosen.values("pk")
    indicators = list(
        chosen.select_related("goal", "experiment")
        .order_by("experiment__title", "experiment_id", "goal__side", "goal__position", "goal_id", "position", "pk"))
    baselines = {baseline.indicator_id: baseline for baseline in Baseline.objects.filter(indicator__in=in_framework)}
    # Grouped here rather than by prefetch_related, which builds a queryset for each of the hundreds of indicators.
    targets = defaultdict(list)
    for each in Target.objects.filter(indicator__in=in_framework).order_by():
        targets[each.indicator_id].append(each)
    for indicator in indicators:
        indicator.export_baseline = baselines.get(indicator.pk)
        indicator.export_targets = targets.get(indicator.pk, [])
    # Shared indicators (no experiment) sort first on PostgreSQL and SQLite alike only by an explicit rule.
    indicators.sort(key=lambda indicator: indicator.experiment_id is not None)
    periods = list(ReportingPeriod.objects.filter(programme=programme).order_by("start"))
    # The people by id, read once: joining three users to each of thousands of updates cost more than the rest of
    # the reads together (a model instance per user per update).
    # Figures as text (``decimals``): the backend's conversion of some 90,000 decimals was half of the read.
    figure = DecimalReader(VALUE_PLACES)
    updates = [ExportedUpdate(pk, indicator_id, period_id, status, figure(value), figure(numerator),
                              figure(denominator), *rest)
               for pk, indicator_id, period_id, status, value, numerator, denominator, *rest in Update.objects
               .filter(indicator__in=in_framework).order_by()
               .annotate(value_text=as_text("value"), numerator_text=as_text("numerator"),
                         denominator_text=as_text("denominator"))
               .values_list(*ExportedUpdate.FIELDS)]
    by_key = {(update.indicator_id, update.period_id): update for update in updates}
    people = {update.submitted_by_id or update.created_by_id for update in updates} | {
        update.approved_by_id for update in updates}
    names = {pk: full_name or email for pk, full_name, email in
             get_user_model().objects.filter(pk__in=people - {None}).values_list("pk", "full_name", "email")}
    for update in updates:
        update.export_reporter = names.get(update.submitted_by_id or update.created_by_id, "")
        update.export_approver = names.get(update.approved_by_id, "")
    categories, categories_of = {}, defaultdict(list)
    english = (get_language() or "nl").startswith("en")
    for pk, indicator_id, dimension, code, label_nl, label_en, category_target in (
            DisaggregationValue.objects.filter(disaggregation__indicator__in=in_framework)
            .order_by("disaggregation__dimension", "position", "code")
            .values_list("pk", "disaggregation__indicator_id", "disaggregation__dimension", "code", "label_nl",
                         "label_en", "target")):
        label = label_en if english and label_en else label_nl  # DisaggregationValue.label
        categories_of[indicator_id].append(Category(pk, indicator_id, dimension, code, label, category_target))
        categories.setdefault((dimension, code), label)
    # A part's category is one of its indicator's (services.py checks); their order is the categories'.
    values = defaultdict(dict)
    part = DecimalReader(PART_PLACES)
    for update_id, category_id, value in (
            UpdateDisaggregation.objects.filter(update__indicator__in=in_framework).order_by()
            .annotate(value_text=as_text("value")).values_list("update_id", "category_id", "value_text")):
        values[update_id][category_id] = part(value)
    dimensions = list(Dimension.values)
    ordered = sorted(categories.items(), key=lambda item: dimensions.index(item[0][0]))  # stable: keeps positions
    return FrameworkExport(indicators=indicators, periods=periods, updates=by_key, values=dict(values),
                           categories_of=dict(categories_of),
                           categories=[(dimension, code, label) for (dimension, code), label in ordered])


def _local(moment: datetime | None, zone=None) -> datetime | None:
    # Spreadsheets know no time zones: local wall-clock time without one.
    return moment.astimezone(zone or timezone.get_current_timezone()).replace(tzinfo=None) if moment else None


def origin(indicator: ResultIndicator) -> str:
    if indicator.is_shared:
        return _("shared")
    return _("adopted") if indicator.adopted_from_id else _("own")


def score_label(indicator: ResultIndicator, score: int | None) -> str:
    labels = indicator.score_labels or []
    return labels[score - 1] if score is not None and 1 <= score <= len(labels) else ""


DEFINITION = 11  # the header's first columns: an indicator's definition and baseline


def header() -> list[str]:
    """The CSV's columns (before the categories'): an indicator's definition, the period and the update."""
    return [
        _("experiment"), _("goal"), _("side"), _("indicator"), _("shared, adopted or own"), _("kind"), _("unit"),
        _("direction"), _("cumulative"), _("baseline value"), _("baseline date"), _("period"), _("target"),
        _("end target"), *_update_header(),
    ]


def _update_header() -> list[str]:
    return [_("status"), _("value"), _("numerator"), _("denominator"), _("score"), _("score label"), _("narrative"),
            _("reported by"), _("reported at"), _("approved by"), _("approved at"), _("reason for returning")]


def _targets(indicator: ResultIndicator) -> tuple[dict[int, Target], Target | None]:
    targets = indicator.export_targets
    return ({target.period_id: target for target in targets if target.period_id},
            next((target for target in targets if target.period_id is None), None))


def _target_value(target: Target | None):
    if target is None:
        return None
    return target.value if target.value is not None else target.score


def _baseline_value(baseline: Baseline | None):
    if baseline is None:
        return None
    return baseline.value if baseline.value is not None else baseline.score


def rows(data: FrameworkExport) -> list[list]:
    """The CSV's table before the categories' columns, header first: one row per indicator × period, each with the
    indicator's definition."""
    result = [header()]
    for _indicator, definition, end_value, per_period, periods in _framework(data):
        for period, update in periods:
            result.append([*definition, period.label, _target_value(per_period.get(period.pk)), end_value, *update])
    return result


def update_rows(data: FrameworkExport) -> list[list]:
    """The XLSX's first sheet, header first: one row per indicator × period, named by the indicator's id, its
    experiment, side and title (the rest of its definition is on the indicators sheet, ``indicator_rows``), with a
    column per category. A third fewer cells than the CSV's rows, which repeat the definition on every period."""
    result = [[_("indicator id"), _("experiment"), _("side"), _("indicator"), _("period"), _("target"),
               *_update_header(), *_category_header(data)]]
    extras = _category_cells(data)
    for indicator, definition, _end, per_period, periods in _framework(data):
        experiment, _goal, side, title = definition[:4]
        common = [indicator.pk, experiment, side, title]
        for period, update in periods:
            result.append([*common, period.label, _target_value(per_period.get(period.pk)), *update, *next(extras)])
    return result


def indicator_rows(data: FrameworkExport) -> list[list]:
    """The XLSX's indicators sheet, header first: one row per indicator with its definition, baseline and end
    target, by the id the first sheet names it with."""
    result = [[_("indicator id"), *header()[:DEFINITION], _("end target")]]
    for indicator, definition, end_value, _per_period, _periods in _framework(data):
        result.append([indicator.pk, *definition, end_value])
    return result


def _framework(data: FrameworkExport):
    """Per indicator: the indicator, its definition's cells, its end target, its targets by period, and each
    period with the cells of its update (empty ones when there is none)."""
    # The labels of the choices, translated once per file instead of once per indicator or row.
    statuses, sides, kinds, directions = (_labels(choices) for choices in (UpdateStatus, Side, IndicatorKind,
                                                                            Direction))
    zone = timezone.get_current_timezone()
    none = ["", None, None, None, None, "", "", "", None, "", None, ""]
    for indicator, per_period, end_target in _indicators(data):
        baseline = indicator.export_baseline
        definition = [
            _experiment_title(indicator),
            indicator.goal.title,
            sides.get(indicator.goal.side, indicator.goal.side),
            indicator.title,
            origin(indicator),
            kinds.get(indicator.kind, indicator.kind),
            indicator.unit,
            directions.get(indicator.direction, indicator.direction),
            indicator.cumulative,
            _baseline_value(baseline),
            baseline.measured_on if baseline else None,
        ]
        periods = []
        for period in data.periods:
            update = data.updates.get((indicator.pk, period.pk))
            periods.append((period, none if update is None else [
                statuses[update.status],
                update.value,
                update.numerator,
                update.denominator,
                update.score,
                score_label(indicator, update.score),
                update.narrative,
                update.export_reporter,
                _local(update.submitted_at, zone),
                update.export_approver,
                _local(update.approved_at, zone),
                update.return_reason,
            ]))
        yield indicator, definition, _target_value(end_target), per_period, periods


def _labels(choices) -> dict[str, str]:
    # What get_FOO_display gives for each value of the choices.
    return {value: str(label) for value, label in choices.choices}


def _experiment_title(indicator: ResultIndicator) -> str:
    return indicator.experiment.title if indicator.experiment_id else ""


def _indicators(data: FrameworkExport):
    for indicator in data.indicators:
        yield indicator, *_targets(indicator)


def _cells(data: FrameworkExport):
    for indicator, per_period, end_target in _indicators(data):
        for period in data.periods:
            yield indicator, period, data.updates.get((indicator.pk, period.pk)), per_period, end_target


def category_target_rows(data: FrameworkExport) -> list[list]:
    """The XLSX's third sheet, header first: one row per indicator × category, with the category's target."""
    result = [[_("experiment"), _("indicator"), _("dimension"), _("category"), _("category target")]]
    dimensions = {value: str(label) for value, label in Dimension.choices}
    for indicator in data.indicators:
        experiment, title = _experiment_title(indicator), indicator.title
        for category in data.categories_of.get(indicator.pk, []):
            result.append([experiment, title, dimensions[category.dimension], category.label, category.target])
    return result


def csv_rows(data: FrameworkExport) -> list[list]:
    """The CSV: ``rows`` with one extra column per dimension and category (see the module docstring)."""
    main = rows(data)
    main[0] += _category_header(data)
    for row, extra in zip(main[1:], _category_cells(data), strict=True):
        row += extra
    return main


def _category_header(data: FrameworkExport) -> list[str]:
    return [f"{Dimension(dimension).label}: {label}" for dimension, _code, label in data.categories]


def _category_cells(data: FrameworkExport):
    """Per indicator × period, in the order of the rows: the update's value in each category's column."""
    index = {(dimension, code): number for number, (dimension, code, _label) in enumerate(data.categories)}
    column_of = {category.pk: index[(category.dimension, category.code)]
                 for categories in data.categories_of.values() for category in categories}
    empty = [None] * len(index)
    for _indicator, _period, update, _per_period, _end in _cells(data):
        extra = empty.copy()
        if update is not None:
            for category_id, value in data.values.get(update.pk, {}).items():
                extra[column_of[category_id]] = value
        yield extra


def filename(stem: str, fmt: str) -> str:
    return f"monitoring-{stem}-{timezone.localdate():%Y%m%d}.{fmt}"
