"""Reads of the framework pages (part F of issue 15), kept apart from ``selectors.py`` (the results part's) so the
two can be written side by side; fold them together when the parts are merged. Each returns everything its page
shows in a fixed number of queries, whatever the number of goals, indicators, experiments or periods."""

from django.db.models import Count, Prefetch, Q

from dubbelslag.programme.models import Experiment, Programme

from .enums import Side, UpdateStatus
from .models import Baseline, Disaggregation, DisaggregationValue, Goal, ReportingPeriod, ResultIndicator, Target


def _with_definition(indicators):
    """Indicators with what a framework table shows of each: goal, open statistic, baseline, targets, splits."""
    return indicators.select_related("goal", "catalogue_indicator", "baseline").prefetch_related(
        Prefetch("targets", queryset=Target.objects.select_related("period")),
        Prefetch("disaggregations", queryset=Disaggregation.objects.prefetch_related("values")),
    )


def _by_side(goals) -> list[dict]:
    return [{"side": side, "label": label, "goals": [goal for goal in goals if goal.side == side]}
            for side, label in Side.choices]


def programme_framework(programme: Programme) -> list[dict]:
    """The shared goals per side (energy, livability, process), each goal with ``shared_indicators``, each of
    those with ``adoptions`` (the experiments' copies, with their experiment)."""
    shared = _with_definition(ResultIndicator.objects.shared()).prefetch_related(
        Prefetch("adoptions", queryset=ResultIndicator.objects.select_related("experiment")
                 .order_by("experiment__title"), to_attr="adoption_list"))
    goals = list(Goal.objects.filter(programme=programme, experiment__isnull=True).prefetch_related(
        Prefetch("indicators", queryset=shared, to_attr="shared_indicators")))
    return _by_side(goals)


def experiment_framework(experiment: Experiment) -> dict:
    """An experiment's framework: ``adopted`` (its adoptions of shared indicators), ``not_adopted`` (the shared
    indicators it has not adopted yet) and ``sides`` (its own goals per side, each with ``own_indicators``)."""
    mine = _with_definition(ResultIndicator.objects.filter(experiment=experiment))
    adopted = list(mine.filter(adopted_from__isnull=False).select_related("adopted_from"))
    not_adopted = list(
        ResultIndicator.objects.shared().filter(programme_id=experiment.programme_id)
        .exclude(pk__in=[indicator.adopted_from_id for indicator in adopted]).select_related("goal"))
    goals = list(Goal.objects.filter(experiment=experiment).prefetch_related(
        Prefetch("indicators", queryset=mine.filter(adopted_from__isnull=True), to_attr="own_indicators")))
    return {"adopted": adopted, "not_adopted": not_adopted, "sides": _by_side(goals), "goals": goals}


def indicator_definition(indicator: ResultIndicator) -> dict:
    """What the indicator page shows: its baseline, targets (period first, the end target last), disaggregations
    with their categories, and for a shared indicator the experiments that adopted it."""
    baseline = Baseline.objects.filter(indicator=indicator).first()
    disaggregations = list(indicator.disaggregations.prefetch_related(
        Prefetch("values", queryset=DisaggregationValue.objects.order_by("position", "pk"))))
    adoptions = (list(indicator.adoptions.select_related("experiment").order_by("experiment__title"))
                 if indicator.is_shared else [])
    return {"baseline": baseline, "targets": list(indicator.targets.select_related("period")),
            "disaggregations": disaggregations, "adoptions": adoptions}


def periods_with_counts(programme: Programme) -> list[ReportingPeriod]:
    """The programme's periods, each with its number of updates per status (``count_<status>``)."""
    counts = {f"count_{status}": Count("updates", filter=Q(updates__status=status)) for status in UpdateStatus}
    return list(ReportingPeriod.objects.filter(programme=programme).annotate(**counts).order_by("start"))
