"""A small results framework for the exports, report, API and public pages (part E of issue 15): rows straight in
the database, except adoption and disaggregation, which the services copy and number."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import Dimension, IndicatorKind, Side, UpdateStatus
from dubbelslag.monitoring.models import Baseline, Target, UpdateDisaggregation
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update

QUARTERS = [(date(2020, 1, 1), date(2020, 3, 31), "2020-K1"), (date(2020, 4, 1), date(2020, 6, 30), "2020-K2"),
            (date(2020, 7, 1), date(2020, 9, 30), "2020-K3"), (date(2020, 10, 1), date(2020, 12, 31), "2020-K4")]


def make_periods(programme, count: int = 2, **overrides) -> list:
    return [make_period(programme, start=start, end=end, label=label, **overrides)
            for start, end, label in QUARTERS[:count]]


def make_shared(programme, *, title_nl="Woningen aardgasvrij gemaakt", is_public=True, tenure=True, **overrides):
    """A public shared count, cumulative, summed, split by tenure."""
    goal = make_goal(programme, side=Side.ENERGY, title_nl="Aardgasvrije wijk")
    shared = make_indicator(goal, title_nl=title_nl, unit="woningen", cumulative=True, is_public=is_public,
                            **overrides)
    if tenure:
        services.add_disaggregation(shared, by=None, dimension=Dimension.TENURE)
    return shared


def adopt(shared, experiment, **changes):
    adoption = services.adopt_indicator(shared, experiment=experiment, by=None)
    if changes:
        type(adoption).objects.filter(pk=adoption.pk).update(**changes)
        adoption.refresh_from_db()
    return adoption


def make_qualitative(experiment, *, title_nl="Draagvlak voor het wijkplan", is_public=False):
    goal = make_goal(experiment.programme, experiment=experiment, side=Side.PROCESS, title_nl="Bewoners doen mee")
    return make_indicator(goal, title_nl=title_nl, kind=IndicatorKind.QUALITATIVE, is_public=is_public,
                          score_labels=["laag", "redelijk", "hoog"])


def approved(indicator, period, *, value=10, by=None, **overrides):
    return make_update(indicator, period, status=UpdateStatus.APPROVED, value=value, approved_by=by,
                       submitted_at=timezone.now(), **overrides)


def split(update, **values):
    """Disaggregated values by category code: ``split(update, owner=4, corporation=6)``."""
    categories = {category.code: category for disaggregation in update.indicator.disaggregations.all()
                  for category in disaggregation.values.all()}
    UpdateDisaggregation.objects.bulk_create([UpdateDisaggregation(update=update, category=categories[code],
                                                                   value=Decimal(str(value)))
                                              for code, value in values.items()])


def baseline(indicator, value=0, *, measured_on=date(2019, 12, 31), **overrides):
    return Baseline.objects.create(indicator=indicator, value=value, measured_on=measured_on, **overrides)


def target(indicator, period=None, value=None, **overrides):
    return Target.objects.create(indicator=indicator, period=period, value=value, **overrides)
