"""Template tags of the results page and the programme dashboard: their charts, and the menu entry "Monitoring"."""

from django import template
from django.db.models import F
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dubbelslag.programme.enums import PROGRAMME_ROLES
from dubbelslag.programme.models import Membership

from .. import charts
from ..enums import UpdateStatus

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
def results_line_chart_svg(chart, indicator_pk) -> SafeString:
    """A line chart (``results_line_chart``) as inline SVG markup."""
    return charts.line_chart_svg(chart, chart_id=f"chart-{indicator_pk}")


def _url_maker(name: str, *placeholders: int):
    """A function (pk, ...) → the URL ``name`` (one reverse per table, however many rows; as
    ``scan.charts.area_url_maker``)."""
    sample = reverse(name, args=placeholders)
    pieces = [sample]
    for placeholder in placeholders:
        pieces = [*pieces[:-1], *pieces[-1].split(str(placeholder), 1)]
    return lambda *values: "".join(piece + (str(values[n]) if n < len(values) else "")
                                   for n, piece in enumerate(pieces))


@register.simple_tag
def results_period_rows(item, may_report: bool) -> SafeString:
    """The rows of one indicator's table per period (``IndicatorResults``): value with status, target, links. Built
    as strings once per table, every text escaped: per-cell template tags cost most of the results page."""
    detail_url = _url_maker("monitoring:update-detail", 987654321)
    edit_url = _url_maker("monitoring:update-edit", 987654321, 987654322)
    qualitative, pk = item.is_qualitative, item.indicator.pk
    not_approved = f' <span class="badge badge-unapproved">{escape(_("not approved"))}</span>'
    not_reported, open_text, edit_text = escape(_("not reported")), escape(_("Open")), escape(_("Edit"))
    report_text = escape(pgettext("verb: report on a period", "Report"))
    # Once per table rather than per row: a model's get_FOO_display() rebuilds its choices on every call.
    status_labels = {value: escape(str(label)) for value, label in UpdateStatus.choices}
    # Each cell names its column, which a phone shows beside the figure (app.css hides the header row there).
    value_cell = f'<td data-label="{escape(_("Score") if qualitative else _("Value"))}">'
    target_cell, status_cell = f'<td data-label="{escape(_("Target"))}">', f'<td data-label="{escape(_("Status"))}">'
    narrative_cell = f'<td data-label="{escape(_("Narrative"))}">'
    rows = []
    for row in item.rows:
        update, label = row.update, escape(row.period.label)
        hidden = f'<span class="visually-hidden"> {label}</span>'
        if update is None:
            value, status = "–", not_reported
        else:
            if qualitative:
                value = (f"{update.score}{escape(' · ' + row.score_label) if row.score_label else ''}"
                         if update.score else "–")
            else:
                value = escape(charts.number(update.value) or "–")
                if update.numerator is not None:
                    value += (f' <span class="meta">({escape(charts.number(update.numerator))} / '
                              f'{escape(charts.number(update.denominator))})</span>')
            if not row.is_approved:
                value += not_approved
            status = (f'<span class="status status-{escape(update.status)}">'
                      f'{status_labels.get(update.status) or escape(update.status)}</span>')
        target = "–"
        if row.target:
            target = escape((row.target.score or "–") if qualitative else charts.number(row.target.value))
        if update is not None:
            actions = f'<a href="{escape(detail_url(update.pk))}">{open_text}{hidden}</a>'
            if may_report and update.status in ("draft", "returned"):
                actions += f' · <a href="{escape(edit_url(pk, row.period.pk))}">{edit_text}{hidden}</a>'
        elif may_report:
            actions = f'<a href="{escape(edit_url(pk, row.period.pk))}">{report_text}{hidden}</a>'
        else:
            actions = ""
        narrative = (f"{narrative_cell}{escape(Truncator((update.narrative if update else '') or '–').words(40))}</td>"
                     if qualitative else "")
        css = "unapproved" if update and not row.is_approved else ""
        rows.append(f'<tr class="{css}"><th scope="row">{label}</th>{value_cell}{value}</td>{target_cell}{target}</td>'
                    f'{status_cell}{status}</td>{narrative}<td>{actions}</td></tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - every text and URL above is escaped


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
