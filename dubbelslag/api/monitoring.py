"""/api/v1/monitoring/…: the public result indicators, their approved values and the programme totals.

THE PUBLIC RULE holds through ``public.monitoring``: public shared indicators and the public indicators of publicly
listed experiments; values only through ``monitoring.selectors.public_updates`` (approved, public indicator,
public period, public experiment); totals rolled up from those values alone by each indicator's documented rule
(docs/monitoring.md). Filters are ``public.monitoring``'s, shared with the public monitoring pages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from dubbelslag.monitoring.models import ResultIndicator, Update
from dubbelslag.public.monitoring import (
    INDICATOR_FILTERS,
    VALUE_FILTERS,
    programme_totals,
    public_indicators,
    public_values,
)
from dubbelslag.public.opendata import absolute_url, iso, site_attribution

from .base import ERRORS, NOT_FOUND, PageFields, PathInt, openapi_parameters, page, read

router = Router()

MAX_PK = 2**63 - 1
Sides = Literal["energy", "livability", "process"]
Kinds = Literal["number", "percentage", "qualitative"]
LICENCE_NOTE = ("The experiments' approved monitoring values, published by the programme under CC BY 4.0: name the "
                "programme and the experiment when you reuse them.")


def _number(value: Decimal | None) -> str | None:
    # Decimals as strings, as reported: a float would lose digits (0.1 is 0.1000000000000000055…).
    return None if value is None else str(value)


class MonitoringExperiment(Schema):
    id: int
    title: str
    url: str | None = Field(description="The experiment's public page.", json_schema_extra={"format": "uri"})


class MonitoringPeriod(Schema):
    label: str = Field(examples=["2020-K1"])
    start: str = Field(json_schema_extra={"format": "date"})
    end: str = Field(json_schema_extra={"format": "date"})


class MonitoringIndicator(Schema):
    id: int
    programme: str = Field(description="The programme's short name.")
    experiment: MonitoringExperiment | None = Field(description="Null for a programme's shared indicator.")
    shared_indicator: int | None = Field(description="For an adoption: the shared indicator it rolls up into.")
    side: Sides
    goal_nl: str
    goal_en: str
    title_nl: str
    title_en: str
    kind: Kinds
    unit: str
    direction: Literal["higher", "lower"]
    cumulative: bool = Field(description="Each period's value is the total so far.")
    score_labels: list[str] = Field(description="A qualitative indicator's scale, score 1 first.")
    rollup_rule: Literal["sum", "mean", "weighted_households"] | None = Field(
        description="A shared indicator's roll-up rule (docs/monitoring.md); null otherwise.")
    page_url: str | None = Field(description="The public page of a shared indicator.",
                                 json_schema_extra={"format": "uri"})


class MonitoringValue(Schema):
    """An approved value of an experiment's public indicator in a public period."""

    indicator: int
    indicator_title_nl: str
    experiment: MonitoringExperiment
    period: MonitoringPeriod
    value: str | None = Field(description="A decimal number as text, as reported.", examples=["12.50"])
    numerator: str | None
    denominator: str | None
    score: int | None
    score_label: str
    narrative: str = Field(description="Markdown.")
    approved_at: str | None = Field(json_schema_extra={"format": "date-time"})


class MonitoringTotal(Schema):
    """A shared indicator's programme total for one public period."""

    indicator: int
    indicator_title_nl: str
    programme: str
    period: MonitoringPeriod
    total: str | None = Field(description="Null when no experiment counts (nothing reported is not 0).")
    rule: str
    experiments_counted: list[MonitoringExperiment]
    experiments_left_out: int = Field(description="Public experiments that adopted the indicator but count not.")
    target: str | None
    progress: str | None = Field(description="Share of the way from baseline to the end target (1 = reached).")


class MonitoringIndicatorPage(PageFields):
    licence_note: str
    attribution: str
    results: list[MonitoringIndicator]


class MonitoringValuePage(MonitoringIndicatorPage):
    results: list[MonitoringValue]


class MonitoringTotalPage(MonitoringIndicatorPage):
    results: list[MonitoringTotal]


# -- serialisation ----------------------------------------------------------------------------------------------

def _experiment(request, experiment) -> dict:
    return {"id": experiment.pk, "title": experiment.title,
            "url": absolute_url(request, "public:experiment-detail", experiment.pk)}


def _period(period) -> dict:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def indicator_data(request, indicator: ResultIndicator) -> dict:
    shared = indicator.experiment_id is None
    return {
        "id": indicator.pk, "programme": indicator.programme.slug,
        "experiment": None if shared else _experiment(request, indicator.experiment),
        "shared_indicator": indicator.adopted_from_id, "side": indicator.goal.side,
        "goal_nl": indicator.goal.title_nl, "goal_en": indicator.goal.title_en,
        "title_nl": indicator.title_nl, "title_en": indicator.title_en, "kind": indicator.kind,
        "unit": indicator.unit, "direction": indicator.direction, "cumulative": indicator.cumulative,
        "score_labels": list(indicator.score_labels or []),
        "rollup_rule": indicator.rollup_rule if shared else None,
        "page_url": absolute_url(request, "public:monitoring-indicator", indicator.pk) if shared else None,
    }


def value_data(request, update: Update) -> dict:
    labels = update.indicator.score_labels or []
    return {
        "indicator": update.indicator_id, "indicator_title_nl": update.indicator.title_nl,
        "experiment": _experiment(request, update.indicator.experiment), "period": _period(update.period),
        "value": _number(update.value), "numerator": _number(update.numerator),
        "denominator": _number(update.denominator), "score": update.score,
        "score_label": labels[update.score - 1] if update.score and update.score <= len(labels) else "",
        "narrative": update.narrative, "approved_at": iso(update.approved_at),
    }


def total_rows(request, programme_slug: str | None = None, indicator: int | None = None,
               period: str | None = None, side: str | None = None) -> list[dict]:
    rows = []
    for totals in programme_totals(side=side):
        if programme_slug and totals.programme.slug != programme_slug:
            continue
        for rollup in totals.indicators:
            if indicator and rollup.indicator.pk != indicator:
                continue
            for row in rollup.periods:
                if period and row.period.label != period:
                    continue
                result = row.result
                rows.append({
                    "indicator": rollup.indicator.pk, "indicator_title_nl": rollup.indicator.title_nl,
                    "programme": totals.programme.slug, "period": _period(row.period),
                    "total": _number(row.total), "rule": rollup.rule_label,
                    "experiments_counted": [_experiment(request, item.experiment) for item in row.counted],
                    "experiments_left_out": len(row.left_out),
                    "target": _number(rollup.end_target),
                    "progress": _number(result.progress if result else None),
                })
    return rows


class _Rows(list):
    """A computed list paged like a queryset (``page`` asks for ``count()`` and slices)."""

    def count(self, *args):  # noqa: D102 - list.count with no argument is the length
        return len(self) if not args else super().count(*args)


# -- operations -------------------------------------------------------------------------------------------------

def _licensed(request, items, serialise):
    return page(request, items, serialise, licence_note=LICENCE_NOTE, attribution=site_attribution())


@router.get("/monitoring/indicators", response={200: MonitoringIndicatorPage, **ERRORS},
            url_name="monitoring-indicators",
            operation_id="listMonitoringIndicators", tags=["monitoring"], summary="Public result indicators",
            description="The programme's public shared indicators and the public indicators of the publicly listed "
                        "experiments (their own, and their adoptions of a shared one).",
            openapi_extra=openapi_parameters(INDICATOR_FILTERS, paged=True))
def indicators(request):
    return _licensed(request, INDICATOR_FILTERS.apply(public_indicators(), read(INDICATOR_FILTERS, request)),
                     indicator_data)


@router.get("/monitoring/indicators/{id}", response={200: MonitoringIndicator, **ERRORS, **NOT_FOUND},
            url_name="monitoring-indicator", operation_id="getMonitoringIndicator", tags=["monitoring"],
            summary="One public result indicator")
def indicator(request, id: PathInt = Path(description="The indicator's number.", ge=1, le=MAX_PK, example=1)):  # noqa: A002, B008
    found = public_indicators().filter(pk=id).first()
    if found is None:
        raise Http404(_("No public result indicator has the number %(pk)s.") % {"pk": id})
    return indicator_data(request, found)


@router.get("/monitoring/values", response={200: MonitoringValuePage, **ERRORS}, url_name="monitoring-values",
            operation_id="listMonitoringValues", tags=["monitoring"], summary="Approved values in public periods",
            description="The experiments' approved values of public indicators in the periods the programme made "
                        "public. Drafts, submitted and returned updates are never included.",
            openapi_extra=openapi_parameters(VALUE_FILTERS, paged=True))
def values(request):
    return _licensed(request, VALUE_FILTERS.apply(public_values(), read(VALUE_FILTERS, request)), value_data)


@router.get("/monitoring/totals", response={200: MonitoringTotalPage, **ERRORS}, url_name="monitoring-totals",
            operation_id="listMonitoringTotals", tags=["monitoring"], summary="Programme totals",
            description="Per public shared indicator and public period the programme's total, rolled up from the "
                        "public approved values by the indicator's rule (see docs/monitoring.md): sum, mean or "
                        "weighted mean; a cumulative indicator from each experiment's latest approved value.",
            openapi_extra=openapi_parameters(VALUE_FILTERS, paged=True))
def totals(request):
    chosen = read(VALUE_FILTERS, request)
    rows = total_rows(request, chosen.get("programme"), chosen.get("indicator"), chosen.get("period"),
                      chosen.get("side"))
    if chosen.get("experiment"):
        rows = [row for row in rows if any(item["id"] == chosen["experiment"] for item in row["experiments_counted"])]
    return _licensed(request, _Rows(rows), lambda request, row: row)
