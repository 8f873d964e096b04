"""The public side of the monitoring: what /kennisbank/monitoring/…, the public experiment page and the open API
(/api/v1/monitoring/…) read, and their filters (one definition each, shared by the pages and the API).

THE PUBLIC RULE for monitoring: an indicator is public when the programme made it public (``is_public``) and, for
an experiment's own or adopted indicator, the experiment is listed publicly; a value is public only through
``monitoring.selectors.public_updates`` (approved, of a public indicator, in a public period, of a public
experiment). The programme totals are ``monitoring.selectors.shared_rollups`` fed with those public updates only,
so a draft, a submitted or returned update, a private period or a private experiment never counts or shows, not
even as "left out".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.filters import Filter, FilterSet, choice, matching
from dubbelslag.core.params import as_pk
from dubbelslag.monitoring.enums import Side
from dubbelslag.monitoring.models import ResultIndicator, Update
from dubbelslag.monitoring.selectors import SharedRollup, public_updates, shared_rollups
from dubbelslag.programme.models import Programme

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
PERIOD_LABEL = re.compile(r"[-a-zA-Z0-9_ ]{1,30}")
MAX_PK = 2**63 - 1


# -- what is public ---------------------------------------------------------------------------------------------

def public_indicators() -> QuerySet[ResultIndicator]:
    """Public shared indicators and the public indicators of publicly listed experiments."""
    return (ResultIndicator.objects.filter(is_public=True)
            .filter(Q(experiment__isnull=True) | Q(experiment__is_public=True))
            .select_related("programme", "goal", "experiment", "adopted_from")
            .order_by("programme__name", "experiment_id", "goal__side", "goal__position", "position", "pk"))


def public_shared_indicators() -> QuerySet[ResultIndicator]:
    return public_indicators().filter(experiment__isnull=True)


def public_values() -> QuerySet[Update]:
    """Every public value (``public_updates``), with what a page or the API names beside it."""
    return (public_updates().select_related("indicator__goal", "indicator__programme", "indicator__experiment",
                                            "period")
            .order_by("indicator__programme_id", "indicator__experiment_id", "indicator_id", "period__start"))


# -- filters ----------------------------------------------------------------------------------------------------

def _pk(value: str) -> int:
    pk = as_pk(value)
    if pk is None:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value[:40]})
    return pk


def _programme(field: str) -> Filter:
    return Filter("programme", matching(SLUG, lambda: _("“%(value)s” is not a programme's short name."),
                                        lower=True),
                  lambda items, slug: items.filter(**{f"{field}__slug": slug}), page="programma", api="programme",
                  label=gettext_lazy("programme"), known=lambda slug: Programme.objects.filter(slug=slug).exists(),
                  schema={"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 80},
                  description="Only this programme (its short name).", example="kwetsbare-wijken", max_length=100)


def _side(field: str) -> Filter:
    return Filter("side", choice(Side.values), lambda items, side: items.filter(**{field: side}), page="kant",
                  api="side", label=gettext_lazy("side"), schema={"type": "string", "enum": list(Side.values)},
                  description="Only indicators of goals on this side: energy, livability or process.",
                  example="energy", max_length=20)


def _experiment(field: str) -> Filter:
    return Filter("experiment", _pk, lambda items, pk: items.filter(**{field: pk}), api="experiment",
                  schema={"type": "integer", "minimum": 1},
                  description="Only this public experiment (its number).", example=1)


INDICATOR_FILTERS = FilterSet(
    _programme("programme"),
    _side("goal__side"),
    _experiment("experiment_id"),
    Filter("scope", choice(["shared", "experiment"]),
           lambda items, scope: items.filter(experiment__isnull=scope == "shared"), api="scope",
           schema={"type": "string", "enum": ["shared", "experiment"]},
           description="shared: the programme's shared indicators; experiment: the experiments' own and adopted "
                       "ones.", example="shared"),
)

VALUE_FILTERS = FilterSet(
    _programme("indicator__programme"),
    _side("indicator__goal__side"),
    _experiment("indicator__experiment_id"),
    Filter("indicator", _pk,
           lambda updates, pk: updates.filter(Q(indicator_id=pk) | Q(indicator__adopted_from_id=pk)),
           api="indicator", schema={"type": "integer", "minimum": 1},
           description="Only this indicator (its number); a shared indicator's number finds the values of every "
                       "experiment that adopted it.", example=1),
    Filter("period", matching(PERIOD_LABEL, lambda: _("“%(value)s” is not a period's label.")),
           lambda updates, label: updates.filter(period__label=label), api="period",
           schema={"type": "string", "maxLength": 30}, description="Only this period (its label).",
           example="2020-K1"),
)


# -- programme totals -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeTotals:
    programme: Programme
    indicators: list[SharedRollup]


def programme_totals(*, side: str | None = None) -> list[ProgrammeTotals]:
    """Per programme with public shared indicators, each one's total per public period, by its documented rule,
    from the public values only (two queries plus ``shared_rollups``' fixed number per programme)."""
    programmes = Programme.objects.filter(
        pk__in=public_shared_indicators().values("programme_id")).order_by("name", "pk")
    result = []
    for programme in programmes:
        rollups = shared_rollups(programme, updates=public_updates(programme))
        if side:
            rollups = [item for item in rollups if item.indicator.goal.side == side]
        if rollups:
            result.append(ProgrammeTotals(programme, rollups))
    return result


def shared_totals(pk: int) -> SharedRollup:
    """One public shared indicator's roll-up per public period; 404 for any other number."""
    if not 0 < pk <= MAX_PK:
        raise Http404
    indicator = public_shared_indicators().filter(pk=pk).first()
    if indicator is None:
        raise Http404
    found = [item for item in shared_rollups(indicator.programme, updates=public_updates(indicator.programme))
             if item.indicator.pk == pk]
    if not found:
        raise Http404
    return found[0]


def experiment_values(experiment) -> list[Update]:
    """The public values of one public experiment, indicator by indicator and period by period."""
    return list(public_values().filter(indicator__experiment=experiment)
                .order_by("indicator__goal__side", "indicator__goal__position", "indicator__position",
                          "indicator_id", "period__start"))
