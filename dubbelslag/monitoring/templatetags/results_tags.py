"""Template tags of the results page and the programme dashboard: their charts, and the menu entry "Monitoring"."""

from django import template
from django.db.models import F
from django.urls import reverse

from dubbelslag.programme.enums import PROGRAMME_ROLES
from dubbelslag.programme.models import Membership

from .. import charts

register = template.Library()


@register.simple_tag
def results_line_chart(item, periods):
    """The line chart of one indicator's approved values (``IndicatorResults``), or None."""
    baseline = item.baseline
    start = None
    if baseline is not None:
        start = baseline.score if item.is_qualitative else baseline.value
    end = item.end_target
    end_value = None if end is None else (end.score if item.is_qualitative else end.value)
    targets = [(row.period, row.target.score if item.is_qualitative else row.target.value)
               for row in item.rows if row.target is not None]
    return charts.line_chart(periods, item.series, targets=[pair for pair in targets if pair[1] is not None],
                             end_target=end_value, baseline=start)


@register.simple_tag
def results_distribution_chart(row):
    """The bars of a period's roll-up (``PeriodRollup``): one per experiment counted."""
    return charts.bar_chart([(item.experiment.title, item.value) for item in row.counted])


@register.simple_tag
def monitoring_menu_url(user) -> str:
    """Where the menu entry "Monitoring" leads: the programme dashboard for the programme team, the results page
    for an experiment's members (of their first experiment); empty for everyone else. One query."""
    if not user.is_authenticated:
        return ""
    memberships = list(Membership.objects.filter(user=user).order_by(F("experiment_id").asc(nulls_first=True), "pk")
                       .values_list("role", "programme__slug", "experiment_id")[:1])
    if not memberships:
        return ""
    role, slug, experiment_id = memberships[0]
    if experiment_id is None and role in PROGRAMME_ROLES:
        return reverse("monitoring:dashboard", args=[slug])
    if experiment_id is not None:
        return reverse("monitoring:results", args=[experiment_id])
    return ""


@register.filter
def results_number(value) -> str:
    """A figure as the results pages show it: at most two decimals, no trailing zeros, the active language's
    decimal separator (12,5 in Dutch). Empty for None: the page says why a figure is missing, never 0."""
    return charts.number(value)
