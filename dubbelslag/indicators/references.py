"""The reference values an area's figure is compared with: its gemeente and the Netherlands.

For one indicator, period, boundary year and level, the Netherlands reference is the median of every area of that
level, and the gemeente reference falls back to the median of the gemeente's areas of that level. Reading a national
distribution means reading some 14,000 rows per indicator, which on SQLite takes longer than a page may; so each
distribution is summarised once (sorted values, median, per-gemeente medians) and kept in the cache. Figures change
only through an import, and every import records a new ``ImportRun``, so the cache key carries the latest run and a
new import makes every summary stale at once. Only values with status ok take part (``indicators.stats``).

Area profiles (atlas) and koppelkans suggestions both read these summaries.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from .enums import ObservationStatus
from .models import ImportRun, IndicatorClass, Observation
from .stats import quantile

CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Distribution:
    """One indicator and period across the areas of one level in one boundary year."""

    values: array  # every ok value, sorted ('d')
    median: float | None
    # gemeente digits ("0599") → (median of that gemeente's areas, how many areas)
    gemeenten: dict[str, tuple[float, int]]
    # gemeente digits → every ok value of that gemeente's areas, sorted ('d')
    gemeente_values: dict[str, array]

    @property
    def count(self) -> int:
        return len(self.values)

    def percentile(self, value: float) -> float | None:
        """The percentile rank of ``value``: the share of areas below it, counting ties half (mid-rank), 0–100."""
        if not self.values:
            return None
        below = bisect_left(self.values, value)
        equal = bisect_right(self.values, value) - below
        return 100 * (below + equal / 2) / len(self.values)


def data_version() -> str:
    """A key that changes whenever figures may have changed: the latest import run."""
    latest = ImportRun.objects.order_by("-pk").values_list("pk", "started_at").first()
    return f"{latest[0]}-{latest[1].timestamp()}" if latest else "none"


Key = tuple[int, str]  # (indicator id, period)


def distributions(keys: set[Key], *, boundary_year: int, level: str) -> dict[Key, Distribution]:
    """(indicator id, period) → its distribution over the areas of ``level`` in ``boundary_year``.

    Runs one query for the data version and, for the keys not cached, one query for all of them together.
    """
    if not keys:
        return {}
    version = data_version()
    cache_keys = {key: f"indicators:dist:{version}:{boundary_year}:{level}:{key[0]}:{key[1]}" for key in keys}
    cached = cache.get_many(cache_keys.values())
    found = {key: cached[cache_key] for key, cache_key in cache_keys.items() if cache_key in cached}
    missing = keys - found.keys()
    if missing:
        values: dict[tuple[int, str], list[float]] = defaultdict(list)
        by_gemeente: dict[tuple[int, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        # A categorical indicator has no value (its figures are classes): it has no median or percentile, only
        # the shares of its classes (``class_shares``).
        rows = Observation.objects.filter(
            status=ObservationStatus.OK, value__isnull=False, area__boundary_year=boundary_year, area__level=level,
            indicator_id__in={indicator_id for indicator_id, _period in missing},
            period__in={period for _indicator_id, period in missing},
        ).values_list("indicator_id", "period", "area__code", "value").order_by()
        for indicator_id, period, code, value in rows:
            key = (indicator_id, period)
            if key in missing:
                values[key].append(value)
                by_gemeente[key][code[2:6]].append(value)
        computed = {}
        for key in missing:
            ordered = sorted(values.get(key, []))
            computed[key] = Distribution(
                values=array("d", ordered), median=quantile(ordered, 0.5),
                gemeenten={digits: (quantile(group, 0.5), len(group))
                           for digits, group in by_gemeente.get(key, {}).items()},
                gemeente_values={digits: array("d", sorted(group))
                                 for digits, group in by_gemeente.get(key, {}).items()},
            )
        cache.set_many({cache_keys[key]: distribution for key, distribution in computed.items()}, CACHE_SECONDS)
        found.update(computed)
    return found


@dataclass(frozen=True)
class ClassShare:
    """How many areas of a level fall in one class of a categorical indicator, and their share of all areas with a
    class (0–100)."""

    class_id: int
    label_nl: str
    label_en: str
    count: int
    share: float

    @property
    def label(self) -> str:
        # Cached for every language, so the label is chosen when shown.
        return self.label_en if (get_language() or "nl").startswith("en") and self.label_en else self.label_nl


def class_shares(keys: set[Key], *, boundary_year: int, level: str) -> dict[Key, list[ClassShare]]:
    """(indicator id, period) → the shares of its classes over the areas of ``level`` in ``boundary_year``, in
    class order; only keys of categorical indicators have any. One query; cached like ``distributions``."""
    if not keys:
        return {}
    version = data_version()
    cache_key = f"indicators:classes:{version}:{boundary_year}:{level}:" + ",".join(
        f"{indicator_id}/{period}" for indicator_id, period in sorted(keys))
    found = cache.get(cache_key)
    if found is not None:
        return found
    counts: dict[Key, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rows = Observation.objects.filter(
        status=ObservationStatus.OK, value_class__isnull=False, area__boundary_year=boundary_year, area__level=level,
        indicator_id__in={indicator_id for indicator_id, _period in keys},
        period__in={period for _indicator_id, period in keys},
    ).values_list("indicator_id", "period", "value_class_id").order_by()
    for indicator_id, period, class_id in rows:
        if (indicator_id, period) in keys:
            counts[(indicator_id, period)][class_id] += 1
    classes = IndicatorClass.objects.filter(indicator_id__in={key[0] for key in counts}).order_by("position")
    by_indicator: dict[int, list[IndicatorClass]] = defaultdict(list)
    for value_class in classes:
        by_indicator[value_class.indicator_id].append(value_class)
    found = {}
    for key, per_class in counts.items():
        total = sum(per_class.values())
        found[key] = [ClassShare(value_class.pk, value_class.label_nl, value_class.label_en,
                                 per_class.get(value_class.pk, 0), 100 * per_class.get(value_class.pk, 0) / total)
                      for value_class in by_indicator[key[0]]]
    cache.set(cache_key, found, CACHE_SECONDS)
    return found
