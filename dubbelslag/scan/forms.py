"""The scan's GET parameters, shared by the page, the CSV and the JSON API.

Parameters (Dutch, like the paths): ``gemeente`` (code GM0599 or name; empty = the whole country), ``niveau``
(gemeente, wijk, buurt; by default buurt for a gemeente's scan, else the level whose figures cover the scan best),
``jaar`` (boundary year; by default the year with the best coverage at that level), ``w_<INDICATOR CODE>``
(weights), ``sorteer`` (samen, energie, kwetsbaarheid), ``pagina``. A bad value never fails the request: it falls
back to its default, with a notice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import Area
from dubbelslag.core.params import parse_decimal, parse_int

from .composites import COMPOSITES, DEFAULT_WEIGHTS, MAX_WEIGHT
from .selectors import SORTS, best_view, default_year, find_gemeente, scan_coverage, scan_years

WEIGHT_PREFIX = "w_"


@dataclass
class ScanParams:
    level: str
    boundary_year: int | None  # None: no areas of this level at all
    gemeente: Area | None
    gemeente_text: str
    weights: dict[str, float]
    sort: str | None  # None: the default for the result
    years: list[int]  # the boundary years offered for this level
    weights_changed: bool = False
    notices: list[str] = field(default_factory=list)

    def query(self, **changes) -> QueryDict:
        """These parameters as a query string, with ``changes`` applied (value None drops a parameter)."""
        query = QueryDict(mutable=True)
        values = {"gemeente": self.gemeente.code if self.gemeente else "", "niveau": self.level,
                  "jaar": self.boundary_year or "", "sorteer": self.sort or ""}
        values.update({WEIGHT_PREFIX + code: _format_weight(weight) for code, weight in self.weights.items()
                       if weight != DEFAULT_WEIGHTS[code]})
        values.update(changes)
        for key, value in values.items():
            if value not in (None, ""):
                query[key] = str(value)
        return query


def _format_weight(weight: float) -> str:
    return f"{weight:g}"


def read_params(data: QueryDict) -> ScanParams:
    notices: list[str] = []
    gemeente_text = (data.get("gemeente") or "").replace("\x00", "").strip()[:100]

    coverage = scan_coverage()
    level = (data.get("niveau") or "").strip()
    if level not in AreaLevel.values:
        if level:
            notices.append(_("“%(value)s” is not a level; showing the default.") % {"value": level[:30]})
        # A gemeente's scan shows its buurten; the national default is the level whose figures cover the scan best,
        # so that it ranks what it can.
        best = best_view(coverage)
        level = AreaLevel.BUURT if gemeente_text else best[0] if best else AreaLevel.GEMEENTE

    counts = scan_years().get(level, {})
    with_figures = {year: n for year, n in counts.items() if n}
    years = sorted(with_figures or counts)
    boundary_year = default_year({year: coverage.get(level, {}).get(year, 0) for year in years})
    raw_year = (data.get("jaar") or "").strip()
    if raw_year:
        chosen = parse_int(raw_year, max_digits=4)
        if chosen in years:
            boundary_year = chosen
        else:
            notices.append(_("There is no scan for boundary year “%(value)s” at this level; showing %(year)s.")
                           % {"value": raw_year[:10], "year": boundary_year})

    gemeente = None
    if gemeente_text and boundary_year:
        gemeente = find_gemeente(gemeente_text, boundary_year=boundary_year)
        if gemeente is None:
            notices.append(_("No gemeente “%(value)s” in boundary year %(year)s; showing the whole country.")
                           % {"value": gemeente_text, "year": boundary_year})

    weights, weights_changed = _read_weights(data, notices)

    sort = (data.get("sorteer") or "").strip() or None
    if sort is not None and sort not in SORTS:
        notices.append(_("“%(value)s” is not a sort order; showing the default.") % {"value": sort[:30]})
        sort = None
    return ScanParams(level=level, boundary_year=boundary_year, gemeente=gemeente, gemeente_text=gemeente_text,
                      weights=weights, sort=sort, years=years, weights_changed=weights_changed, notices=notices)


def _read_weights(data: QueryDict, notices: list[str]) -> tuple[dict[str, float], bool]:
    """Weights by indicator code: each a number from 0 to MAX_WEIGHT (a comma decimal is accepted); a bad one keeps
    its default, and a composite whose weights are all 0 gets its defaults back."""
    weights = dict(DEFAULT_WEIGHTS)
    changed = False
    for code, default in DEFAULT_WEIGHTS.items():
        raw = (data.get(WEIGHT_PREFIX + code) or "").strip()
        if not raw:
            continue
        weight = parse_decimal(raw)
        if weight is None:
            weight = math.nan
        if not (0 <= weight <= MAX_WEIGHT):  # also false for NaN
            notices.append(_("The weight of %(code)s must be a number from 0 to %(max)s, not “%(value)s”; it is "
                             "back at its default %(default)s.")
                           % {"code": code, "max": _format_weight(MAX_WEIGHT), "value": raw[:20],
                              "default": _format_weight(default)})
            continue
        weights[code] = weight
        changed = changed or weight != default
    for composite in COMPOSITES:
        if not any(weights[code] > 0 for code in composite.codes):
            notices.append(_("All weights of “%(composite)s” were 0; they are back at their defaults.")
                           % {"composite": composite.label})
            weights.update({part.code: part.weight for part in composite.parts})
    changed = changed and weights != DEFAULT_WEIGHTS
    return weights, changed
