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


def make_public_monitoring(case) -> None:
    """On a ``BaseTestCase`` class: the public experiment's shared, cumulative count with one public approved
    value (12 in 2020-K1), and beside it everything that must never reach the public: a submitted value in a public
    period (20), an approved value in a private period (30), the private experiment's approved value (55), an
    approved value of a private indicator (77), a draft (44) and a returned (45) value of a public indicator, and a
    private shared indicator whose adoption has an approved value (66)."""
    from testing.factories.monitoring import make_goal, make_indicator

    case.experiment.is_public = True
    case.experiment.save()
    case.q1, case.q2, case.q3 = make_periods(case.programme, 3)
    for period in (case.q1, case.q2):
        period.is_public = True
        period.save()
    case.shared = make_shared(case.programme)
    case.homes = adopt(case.shared, case.experiment)
    approved(case.homes, case.q1, value=Decimal("12"), narrative="Twaalf woningen van het gas.")
    case.submitted = make_update(case.homes, case.q2, status=UpdateStatus.SUBMITTED, value=Decimal("20"),
                                 submitted_at=timezone.now())
    approved(case.homes, case.q3, value=Decimal("30"))
    case.hidden = adopt(case.shared, case.other_experiment)
    approved(case.hidden, case.q1, value=Decimal("55"))
    goal = make_goal(case.programme, experiment=case.experiment, side=Side.LIVABILITY, title_nl="Leefbaarheid")
    case.private_own = make_indicator(goal, title_nl="Intern cijfer", is_public=False)
    approved(case.private_own, case.q1, value=Decimal("77"))
    case.public_own = make_indicator(goal, title_nl="Buurtavonden", is_public=True)
    make_update(case.public_own, case.q1, status=UpdateStatus.DRAFT, value=Decimal("44"))
    make_update(case.public_own, case.q2, status=UpdateStatus.RETURNED, value=Decimal("45"))
    case.private_shared = make_shared(case.programme, title_nl="Nog niet openbaar", is_public=False, tenure=False)
    approved(adopt(case.private_shared, case.experiment), case.q1, value=Decimal("66"))
