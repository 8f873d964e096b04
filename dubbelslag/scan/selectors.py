"""The dubbelslag-scan as a read: which areas, which figures, and their scores (method: docs/scan.md).

``run_scan`` reads every figure it needs in a fixed number of queries and computes with numpy (``method``), so that
the national buurt scan stays well under a second.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import itemgetter

import numpy as np
from django.core.cache import cache
from django.db.models import Count, F, Max, Q

from dubbelslag.areas.enums import CODE_PREFIX, AreaLevel
from dubbelslag.areas.models import Area
from dubbelslag.indicators.enums import ObservationStatus
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.indicators.periods import latest_period
from dubbelslag.indicators.references import data_version
from dubbelslag.indicators.selectors import NUMERIC_VALUE, fetch_command

from .composites import ALL_PARTS, COMPOSITES, DEFAULT_WEIGHTS, ENERGY, MIN_COVERAGE, QUADRANT_SPLIT, VULNERABILITY
from .method import QUADRANTS, CompositeArrays, composite_scores, oriented_ranks, quadrants

ALL_CODES = tuple(part.code for part in ALL_PARTS)
GEMEENTE_CODE = re.compile(r"^GM[0-9]{4}$", re.IGNORECASE)

SORT_ENERGY, SORT_VULNERABILITY, SORT_COMBINED = "energie", "kwetsbaarheid", "samen"
SORTS = (SORT_COMBINED, SORT_ENERGY, SORT_VULNERABILITY)


@dataclass(frozen=True)
class IndicatorUse:
    """How one indicator takes part in this scan: its weight, the period read and how many areas have a value."""

    composite: str
    code: str
    indicator: Indicator | None
    weight: float
    default_weight: float
    inverted: bool
    period: str | None
    areas_with_value: int
    fetch_command: str | None  # only when no area in the population has a value

    @property
    def name(self) -> str:
        return self.indicator.name if self.indicator else self.code


@dataclass(frozen=True)
class CompositeScore:
    score: float | None
    present: int
    total: int
    coverage: float  # share of the composite's weight carried by the indicators present, 0–1
    missing: tuple[str, ...]

    @property
    def scored(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class ScanRow:
    area_id: int
    code: str
    name: str
    energy: CompositeScore
    vulnerability: CompositeScore
    combined: float | None
    quadrant: str | None
    values: dict[str, float | None]
    ranks: dict[str, float | None]  # percentile ranks, already turned round for inverted indicators


@dataclass
class ScanResult:
    level: str
    boundary_year: int
    gemeente: Area | None
    weights: dict[str, float]
    indicators: list[IndicatorUse]
    area_ids: np.ndarray
    codes: list[str]
    names: list[str]
    values: np.ndarray  # areas × ALL_CODES, NaN where missing
    ranks: np.ndarray  # oriented percentile ranks, same shape
    energy: CompositeArrays
    vulnerability: CompositeArrays
    quadrants: list[str | None]
    min_coverage: float = MIN_COVERAGE
    split: float = QUADRANT_SPLIT

    def __len__(self) -> int:
        return len(self.codes)

    @cached_property
    def combined(self) -> np.ndarray:
        """The mean of both scores, for areas that have both (NaN otherwise)."""
        return (self.energy.score + self.vulnerability.score) / 2

    def composite(self, key: str) -> CompositeArrays:
        return self.energy if key == ENERGY else self.vulnerability

    def indicators_of(self, key: str) -> list[IndicatorUse]:
        return [use for use in self.indicators if use.composite == key]

    def order(self, sort: str = SORT_COMBINED) -> np.ndarray:
        """Row positions from the highest score down (areas without that score last, then by code)."""
        key = {SORT_ENERGY: self.energy.score, SORT_VULNERABILITY: self.vulnerability.score}.get(sort, self.combined)
        return np.argsort(np.where(np.isnan(key), np.inf, -key), kind="stable")

    def row(self, position: int) -> ScanRow:
        values = {code: _number(v) for code, v in zip(ALL_CODES, self.values[position].tolist(), strict=True)}
        ranks = {code: _number(v) for code, v in zip(ALL_CODES, self.ranks[position].tolist(), strict=True)}
        return ScanRow(
            area_id=int(self.area_ids[position]), code=self.codes[position], name=self.names[position],
            energy=self._score(ENERGY, position, values), vulnerability=self._score(VULNERABILITY, position, values),
            combined=_number(self.combined[position]), quadrant=self.quadrants[position], values=values, ranks=ranks,
        )

    def rows(self, sort: str = SORT_COMBINED) -> list[ScanRow]:
        return [self.row(int(position)) for position in self.order(sort)]

    def _score(self, key: str, position: int, values: dict[str, float | None]) -> CompositeScore:
        arrays = self.composite(key)
        missing = tuple(use.code for use in self.indicators_of(key) if use.weight > 0 and values[use.code] is None)
        return CompositeScore(score=_number(arrays.score[position]), present=int(arrays.present[position]),
                              total=arrays.total, coverage=float(arrays.coverage[position]), missing=missing)

    @cached_property
    def quadrant_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(QUADRANTS, 0)
        for quadrant in self.quadrants:
            if quadrant:
                counts[quadrant] += 1
        return counts

    @property
    def placed(self) -> int:
        return sum(self.quadrant_counts.values())

    def not_scored(self, key: str) -> list[tuple[tuple[str, ...], int]]:
        """For the areas without a score on composite ``key``: the sets of indicators they miss, with how many areas
        miss each set, most common first."""
        arrays = self.composite(key)
        uses = [(ALL_CODES.index(use.code), use.code) for use in self.indicators_of(key) if use.weight > 0]
        counts: dict[tuple[str, ...], int] = {}
        for position in np.flatnonzero(np.isnan(arrays.score)).tolist():
            missing = tuple(code for column, code in uses if np.isnan(self.values[position, column]))
            counts[missing] = counts.get(missing, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def scored_count(self, key: str) -> int:
        return int((~np.isnan(self.composite(key).score)).sum())


def _number(value: float) -> float | None:
    return None if value != value else float(value)  # NaN → None


def population(*, level: str, boundary_year: int, gemeente: Area | None = None):
    """The areas a scan ranks: every area of ``level`` in ``boundary_year``, or only those inside ``gemeente``."""
    areas = Area.objects.filter(boundary_year=boundary_year, level=level)
    if gemeente is not None:
        areas = areas.filter(code__startswith=CODE_PREFIX[AreaLevel(level)] + gemeente.code[2:6])
    return areas


SCAN_CACHE_SECONDS = 24 * 60 * 60


def cached_scan(*, level: str, boundary_year: int, gemeente_code: str | None = None,
                weights: Mapping[str, float] | None = None) -> ScanResult:
    """``run_scan``, remembered until the next import: a national buurt scan reads some 150,000 figures, which takes
    longer than a page may, and its result changes only when figures do (every import adds an ``ImportRun``, whose
    id is part of the key, as for the profiles' reference summaries)."""
    chosen = sorted((code, float(weight)) for code, weight in (weights or {}).items())
    identity = repr((data_version(), level, boundary_year, gemeente_code, chosen))
    key = "scan:" + hashlib.sha256(identity.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = run_scan(level=level, boundary_year=boundary_year, gemeente_code=gemeente_code, weights=weights)
        cache.set(key, result, SCAN_CACHE_SECONDS)
    return result


def run_scan(*, level: str, boundary_year: int, gemeente_code: str | None = None,
             weights: Mapping[str, float] | None = None, min_coverage: float = MIN_COVERAGE) -> ScanResult:
    """Score every area of ``level`` in ``boundary_year`` (optionally only inside the gemeente ``gemeente_code``) on
    both composites. ``weights`` overrides default weights by indicator code. Raises ``Area.DoesNotExist`` for an
    unknown gemeente code and ``ValueError`` for an unknown level or a negative weight."""
    if level not in AreaLevel.values:
        raise ValueError(f"unknown level {level!r}")
    chosen = dict(DEFAULT_WEIGHTS)
    for code, weight in (weights or {}).items():
        if code in chosen:
            if not weight >= 0:
                raise ValueError(f"weight of {code} must be a non-negative number, not {weight!r}")
            chosen[code] = float(weight)
    gemeente = None
    if gemeente_code:
        gemeente = Area.objects.get(code=gemeente_code.upper(), boundary_year=boundary_year,
                                    level=AreaLevel.GEMEENTE)

    areas = population(level=level, boundary_year=boundary_year, gemeente=gemeente)
    area_rows = sorted(areas.values_list("id", "code", "name").order_by(), key=itemgetter(1))
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=ALL_CODES)}
    column_of = {indicators[code].pk: column for column, code in enumerate(ALL_CODES) if code in indicators}

    # A categorical indicator takes part through the calibrated scores of its classes (NUMERIC_VALUE); the numbers
    # are read as they are, without the join.
    categorical = {indicator.pk for indicator in indicators.values() if indicator.is_categorical}
    figures = Observation.objects.filter(indicator_id__in=list(column_of), status=ObservationStatus.OK).order_by()
    if categorical:
        figures = figures.annotate(number=NUMERIC_VALUE).filter(number__isnull=False)
    else:
        figures = figures.filter(value__isnull=False).annotate(number=F("value"))
    if gemeente is None:
        # For a national scan SQLite would walk every area and probe its figures one by one; reading the figures by
        # (indicator, period) and testing the area is several times faster. "+ 0" keeps the planner off the area
        # index. Inside one gemeente the probing is the fast way, so there the filter stays plain.
        figures = figures.alias(area_ref=F("area_id") + 0).filter(area_ref__in=areas.values("pk"))
    else:
        figures = figures.filter(area__in=areas)
    latest = _latest_periods(figures, list(column_of))
    values = np.full((len(area_rows), len(ALL_CODES)), np.nan)
    area_ids = np.fromiter((row[0] for row in area_rows), dtype=np.int64, count=len(area_rows))
    if latest and area_rows:
        fetched = list(figures.filter(_period_is(latest)).values_list("area_id", "indicator_id", "number"))
        table = np.fromiter(chain.from_iterable(fetched), dtype=float, count=3 * len(fetched)).reshape(-1, 3)
        by_id = np.argsort(area_ids)
        rows = by_id[np.searchsorted(area_ids, table[:, 0].astype(np.int64), sorter=by_id)]
        column_lookup = np.zeros(max(column_of) + 1, dtype=np.int64)
        column_lookup[list(column_of)] = list(column_of.values())
        values[rows, column_lookup[table[:, 1].astype(np.int64)]] = table[:, 2]
    counts = {pk: int((~np.isnan(values[:, column])).sum()) for pk, column in column_of.items()}

    inverted = np.array([part.inverted for part in ALL_PARTS])
    ranks = oriented_ranks(values, inverted)
    scores = {}
    for composite in COMPOSITES:
        columns = [ALL_CODES.index(code) for code in composite.codes]
        scores[composite.key] = composite_scores(ranks[:, columns], np.array([chosen[c] for c in composite.codes]),
                                                 min_coverage=min_coverage)

    # The command for a figure that no area has: for this boundary year's table where the source has one per year.
    year_area = Area(boundary_year=boundary_year, level=level)
    uses = []
    for composite in COMPOSITES:
        for part in composite.parts:
            indicator = indicators.get(part.code)
            pk = indicator.pk if indicator else None
            present = counts.get(pk, 0)
            uses.append(IndicatorUse(
                composite=composite.key, code=part.code, indicator=indicator, weight=chosen[part.code],
                default_weight=part.weight, inverted=part.inverted, period=latest.get(pk) if present else None,
                areas_with_value=present,
                fetch_command=fetch_command(indicator, year_area) if indicator and not present else None,
            ))
    return ScanResult(
        level=level, boundary_year=boundary_year, gemeente=gemeente, weights=chosen, indicators=uses,
        area_ids=area_ids, codes=[row[1] for row in area_rows],
        names=[row[2] for row in area_rows], values=values, ranks=ranks, energy=scores[ENERGY],
        vulnerability=scores[VULNERABILITY],
        quadrants=quadrants(scores[ENERGY].score, scores[VULNERABILITY].score), min_coverage=min_coverage,
    )


def _latest_periods(figures, indicator_ids: list[int]) -> dict[int, str]:
    """Indicator id → the latest period with a figure in ``figures``. Most indicators have one period in the whole
    table, read from the (indicator, period) index alone; only those with several are looked up in the population."""
    candidates: dict[int, set[str]] = {}
    periods = (Observation.objects.filter(indicator_id__in=indicator_ids).values_list("indicator_id", "period")
               .distinct().order_by())
    for indicator_id, period in periods:
        candidates.setdefault(indicator_id, set()).add(period)
    latest = {pk: next(iter(found)) for pk, found in candidates.items() if len(found) == 1}
    several = [pk for pk, found in candidates.items() if len(found) > 1]
    if several:
        # The latest in time, not Max("period"): as text 2024KW04 sorts before 2024MM02 (see indicators.periods).
        present: dict[int, set[str]] = {}
        for indicator_id, period in (figures.filter(indicator_id__in=several).values_list("indicator_id", "period")
                                     .distinct().order_by()):
            present.setdefault(indicator_id, set()).add(period)
        latest.update({pk: latest_period(found) for pk, found in present.items()})
    return latest


def _period_is(latest: Mapping[int, str]) -> Q:
    condition = Q()
    for indicator_id, period in latest.items():
        condition |= Q(indicator_id=indicator_id, period=period)
    return condition


def scan_years() -> dict[str, dict[int, int]]:
    """Per level: boundary year → number of figures (status ok) of the scan's indicators for areas of that level
    and year. Years with areas but no figures are listed with 0."""
    counts = _scan_figure_counts()
    result: dict[str, dict[int, int]] = {level: {} for level in AreaLevel.values}
    for (level, year), by_code in counts["figures"].items():
        result.setdefault(level, {})[year] = sum(by_code.values())
    return result


def scan_coverage() -> dict[str, dict[int, float]]:
    """Per level: boundary year → how much of the scan its figures cover, 0–1: for each composite the share of its
    default weight carried by the figures present, averaged over the areas, then the mean of both composites. A
    year where every area has every figure is 1; one where only one side has figures at most 0.5."""
    counts = _scan_figure_counts()
    result: dict[str, dict[int, float]] = {level: {} for level in AreaLevel.values}
    for (level, year), by_code in counts["figures"].items():
        areas = counts["areas"][(level, year)] or 1
        shares = [sum(part.weight * min(by_code.get(part.code, 0), areas) for part in composite.parts)
                  / (areas * sum(part.weight for part in composite.parts)) for composite in COMPOSITES]
        result.setdefault(level, {})[year] = sum(shares) / len(shares)
    return result


def _scan_figure_counts() -> dict:
    """The areas per (level, year) and the figures (status ok) per (level, year) and indicator code of the scan.

    Counting reads every figure of the scan's indicators, so the answer is cached until areas or figures change.
    Figures are written by imports, each of which records an ImportRun, so the fingerprint is a few cheap aggregates:
    the newest figure, the areas, and the import runs."""
    fingerprint = (
        Observation.objects.aggregate(last=Max("id"))["last"],
        tuple(Area.objects.aggregate(n=Count("id"), last=Max("id")).values()),
        tuple(ImportRun.objects.aggregate(n=Count("id"), last=Max("started_at")).values()),
    )
    key = "scan:figures:" + hashlib.sha256(repr(fingerprint).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _count_scan_figures()
        cache.set(key, cached, timeout=24 * 3600)
    return cached


def _count_scan_figures() -> dict:
    areas: dict[tuple[str, int], int] = {}
    figures: dict[tuple[str, int], dict[str, int]] = {}
    for level, year, n in Area.objects.values_list("level", "boundary_year").annotate(n=Count("id")).order_by():
        areas[(level, year)] = n
        figures[(level, year)] = {}
    rows = (Observation.objects.filter(indicator__code__in=ALL_CODES, status=ObservationStatus.OK)
            .values_list("area__level", "area__boundary_year", "indicator__code").annotate(n=Count("id")).order_by())
    for level, year, code, n in rows:
        figures.setdefault((level, year), {})[code] = n
        areas.setdefault((level, year), 0)
    return {"areas": areas, "figures": figures}


def best_view(coverage: Mapping[str, Mapping[int, float]]) -> tuple[str, int] | None:
    """The (level, boundary year) whose figures cover the scan best; among equals the latest year, then the coarser
    level. None when there are no areas at all."""
    order = {level: position for position, level in enumerate(AreaLevel.values)}
    candidates = [(share, year, -order[level], level) for level, years in coverage.items()
                  for year, share in years.items()]
    if not candidates:
        return None
    _share, year, _order, level = max(candidates)
    return level, year


def default_year(years: Mapping[int, float]) -> int | None:
    """The year with the most figures or coverage (the latest of equals); the latest year when none has any."""
    if not years:
        return None
    return max(years, key=lambda year: (years[year], year))


def find_gemeente(text: str, *, boundary_year: int) -> Area | None:
    """The gemeente of ``boundary_year`` with the code (GM0599) or the name (case-insensitive) ``text``."""
    text = (text or "").strip()
    if not text:
        return None
    gemeenten = Area.objects.filter(boundary_year=boundary_year, level=AreaLevel.GEMEENTE)
    if GEMEENTE_CODE.match(text):
        return gemeenten.filter(code=text.upper()).first()
    return gemeenten.filter(name__iexact=text).order_by("code").first()


def scan_for(params) -> ScanResult | None:
    """The scan that ``params`` (``scan.forms.ScanParams``, read by ``read_params``) ask for; None when the level has
    no areas at all."""
    if params.boundary_year is None:
        return None
    return cached_scan(level=params.level, boundary_year=params.boundary_year,
                       gemeente_code=params.gemeente.code if params.gemeente else None, weights=params.weights)


def chosen_sort(params, result: ScanResult | None) -> str:
    """The chosen order, else the combined score when any area has both, else the score there is."""
    if params.sort or result is None:
        return params.sort or SORT_COMBINED
    if result.placed or not (result.scored_count(ENERGY) or result.scored_count(VULNERABILITY)):
        return SORT_COMBINED
    return SORT_ENERGY if result.scored_count(ENERGY) >= result.scored_count(VULNERABILITY) else SORT_VULNERABILITY


def scan_link_for(gemeente: Area) -> dict[str, str | int] | None:
    """The scan parameters that show ``gemeente``'s own areas with figures: the finest level (buurt, then wijk, then
    the gemeente itself among all gemeenten) and, at that level, the boundary year with the most figures of the
    scan's indicators for areas inside the gemeente. None when no such figure exists in any year. One query."""
    digits = gemeente.code[2:6]
    inside = Q()
    for level in AreaLevel.values:
        inside |= Q(area__level=level, area__code__startswith=CODE_PREFIX[AreaLevel(level)] + digits)
    counts = (Observation.objects.filter(inside, indicator__code__in=ALL_CODES, status=ObservationStatus.OK)
              .values_list("area__level", "area__boundary_year").annotate(n=Count("id")).order_by())
    by_level: dict[str, dict[int, int]] = {}
    for level, year, n in counts:
        by_level.setdefault(level, {})[year] = n
    for level in (AreaLevel.BUURT, AreaLevel.WIJK, AreaLevel.GEMEENTE):
        if by_level.get(level):
            return {"gemeente": gemeente.code, "niveau": str(level), "jaar": default_year(by_level[level])}
    return None
