"""Factories for the results page, dashboard and read-model tests: rows straight in the database."""

from datetime import date, timedelta

from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.monitoring.enums import Dimension, default_categories
from dubbelslag.monitoring.models import (
    Baseline,
    Disaggregation,
    DisaggregationValue,
    ReportingPeriod,
    ResultIndicator,
    Target,
    UpdateDisaggregation,
)


def make_quarters(programme, count: int, *, first_year: int = 2020, **overrides) -> list[ReportingPeriod]:
    """``count`` consecutive quarters from the first of ``first_year`` ("2020-K1", "2020-K2", …)."""
    periods = []
    for number in range(count):
        year, quarter = first_year + number // 4, number % 4 + 1
        start = date(year, 3 * quarter - 2, 1)
        end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(days=1)
        periods.append(ReportingPeriod.objects.create(programme=programme, start=start, end=end,
                                                      label=f"{year}-K{quarter}", **overrides))
    return periods


def adopt(shared: ResultIndicator, experiment, **overrides) -> ResultIndicator:
    """A linked copy of ``shared`` for ``experiment``, with the shared disaggregations (no services, no audit)."""
    fields = {name: getattr(shared, name) for name in (
        "title_nl", "title_en", "kind", "unit", "direction", "cumulative", "rollup_rule", "score_labels",
        "is_public", "catalogue_indicator")}
    fields.update(overrides)
    adoption = ResultIndicator.objects.create(programme=shared.programme, experiment=experiment, goal=shared.goal,
                                              adopted_from=shared, **fields)
    for disaggregation in shared.disaggregations.all():
        copy = Disaggregation.objects.create(indicator=adoption, dimension=disaggregation.dimension)
        DisaggregationValue.objects.bulk_create([
            DisaggregationValue(disaggregation=copy, code=value.code, label_nl=value.label_nl,
                                label_en=value.label_en, position=value.position)
            for value in disaggregation.values.all()])
    return adoption


def disaggregate(indicator: ResultIndicator, dimension: str = Dimension.TENURE) -> dict[str, DisaggregationValue]:
    """The dimension with its default categories; returns them by code."""
    disaggregation = Disaggregation.objects.create(indicator=indicator, dimension=dimension)
    return {code: DisaggregationValue.objects.create(disaggregation=disaggregation, code=code, label_nl=label_nl,
                                                     label_en=label_en, position=position)
            for position, (code, label_nl, label_en) in enumerate(default_categories(dimension))}


def categories(indicator: ResultIndicator, dimension: str = Dimension.TENURE) -> dict[str, DisaggregationValue]:
    return {value.code: value for value in DisaggregationValue.objects.filter(
        disaggregation__indicator=indicator, disaggregation__dimension=dimension)}


def split(update, parts: dict) -> None:
    """Store ``parts`` ({category: value}) on ``update``."""
    UpdateDisaggregation.objects.bulk_create(
        [UpdateDisaggregation(update=update, category=category, value=value) for category, value in parts.items()])


def make_baseline(indicator, value=None, *, measured_on=date(2019, 12, 31), **overrides) -> Baseline:
    return Baseline.objects.create(indicator=indicator, value=value, measured_on=measured_on, **overrides)


def make_target(indicator, value=None, *, period=None, **overrides) -> Target:
    return Target.objects.create(indicator=indicator, period=period, value=value, **overrides)


def observe_area(indicator_code: str, area, values: dict[str, float | None], *, run: ImportRun | None = None
                 ) -> ImportRun:
    """Figures of a catalogue indicator for ``area``: {period: value}, None being suppressed."""
    run = run or ImportRun.objects.create(source="cbs_csv", table_id="85984NED", file_name="kwb.csv")
    indicator = Indicator.objects.get(code=indicator_code)
    Observation.objects.bulk_create([
        Observation(area=area, indicator=indicator, period=period, value=value, import_run=run,
                    status="ok" if value is not None else "suppressed")
        for period, value in values.items()])
    return run
