"""Factories for the framework pages' tests (part F of issue 15): a small framework with every piece the pages show,
straight in the database except where a service is the only way to get it right (adoption copies)."""

from datetime import date

from dubbelslag.indicators.models import Indicator
from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import Dimension, Side
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import make_user
from testing.factories.monitoring import make_goal, make_indicator, make_period


def make_other_editor(experiment):
    """An editor of ``experiment`` only (the personas' editor edits ``self.experiment``)."""
    user = make_user("other-editor@example.org", name="Otto Andere-Editor")
    Membership.objects.create(user=user, programme=experiment.programme, experiment=experiment,
                              role=MembershipRole.EDITOR)
    return user


def make_catalogue_indicator(code="WON_AARDGASVRIJ", **overrides) -> Indicator:
    fields = {"name_nl": "Aardgasvrije woningen", "name_en": "Natural-gas-free homes", "domain": "energie",
              "unit": "%"}
    fields.update(overrides)
    return Indicator.objects.get_or_create(code=code, defaults=fields)[0]


def make_framework(programme, experiment, *, catalogue=None) -> dict:
    """A shared goal with a shared indicator (baseline, end target, tenure split), adopted by ``experiment``,
    and an own goal and indicator of ``experiment``; one period."""
    goal = make_goal(programme, title_nl="Woningen aardgasvrij", title_en="Homes off natural gas")
    shared = make_indicator(goal, title_nl="Woningen aardgasvrij gemaakt", title_en="Homes made natural-gas-free",
                            unit="woningen", catalogue_indicator=catalogue)
    period = make_period(programme)
    services.set_baseline(shared, by=None, value=12, measured_on=date(2019, 1, 1), source="Corporatie")
    services.set_target(shared, by=None, value=80)
    services.add_disaggregation(shared, by=None, dimension=Dimension.TENURE)
    adoption = services.adopt_indicator(shared, experiment=experiment, by=None)
    own_goal = make_goal(programme, experiment=experiment, side=Side.LIVABILITY, title_nl="Ontmoeten in de wijk",
                         title_en="Meeting in the neighbourhood")
    own = make_indicator(own_goal, title_nl="Bezoekers van de huiskamer", title_en="Visitors of the living room")
    return {"goal": goal, "shared": shared, "period": period, "adoption": adoption, "own_goal": own_goal,
            "own": own}
