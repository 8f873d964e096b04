"""Benchmark: the programme dashboard, one experiment's results page and the programme's XLSX export on a large
results framework.

Builds a temporary SQLite database (migrated afresh, as `search_bench.py` does, never the configured database): one
programme with 20 experiments, 40 shared indicators every experiment adopted (800 indicators), 12 quarterly periods
and 3 disaggregations per indicator (tenure, age group, household type: 10 categories), an update for almost every
indicator and period (most approved, some submitted, returned or draft, a few missing) with its parts in every
category, and the households of each experiment's municipality in the open statistics. Then times the pages
through the test client for a coordinator, each with its query count, twice: with the content cache on (what every
request but the first after a change gets) and off (what the first request after a change costs). Figures are
printed, never asserted.
Targets: p95 under 100 ms for both pages, the XLSX export under 2 s.

    DEBUG=true .venv/bin/python bench/monitoring_bench.py
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pages import page_lines  # noqa: E402
from search_bench import _temporary_sqlite  # noqa: E402

from dubbelslag.accounts.models import User  # noqa: E402
from dubbelslag.areas.models import Area  # noqa: E402
from dubbelslag.indicators.models import ImportRun, Indicator, Observation  # noqa: E402
from dubbelslag.monitoring.enums import (  # noqa: E402
    Dimension,
    IndicatorKind,
    RollupRule,
    Side,
    UpdateStatus,
    default_categories,
)
from dubbelslag.monitoring.models import (  # noqa: E402
    Baseline,
    Disaggregation,
    DisaggregationValue,
    Goal,
    ReportingPeriod,
    ResultIndicator,
    Target,
    Update,
    UpdateDisaggregation,
)
from dubbelslag.programme.enums import MembershipRole  # noqa: E402
from dubbelslag.programme.models import Experiment, Membership, Programme  # noqa: E402

EXPERIMENTS, INDICATORS, PERIODS = 20, 40, 12
DIMENSIONS = (Dimension.TENURE, Dimension.AGE_GROUP, Dimension.HOUSEHOLD_TYPE)
ROUNDS = 50
XLSX_ROUNDS = 3
TARGET_XLSX_S = 2.0
BATCH = 2000


def run() -> list[str]:
    if connection.vendor != "sqlite":
        return ["monitoring: skipped, the benchmark builds a temporary SQLite database and needs the SQLite backend"]
    with _temporary_sqlite() as path:
        started = time.perf_counter()
        programme, experiment, coordinator = _build(random.Random(20190101))
        built = time.perf_counter() - started
        # A server process holds none of the building's objects and freezes its start-up ones (dubbelslag/wsgi.py);
        # without this, collections of the build's leftovers land in the timings.
        gc.collect()
        gc.freeze()
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        client = Client()
        client.force_login(coordinator)
        pages = {
            "programme dashboard": reverse("monitoring:dashboard", args=[programme.slug]),
            "results page of one experiment": reverse("monitoring:results", args=[experiment.pk]),
        }
        header = (f"monitoring (temporary SQLite {Path(path).name}, built in {built:.0f} s): {EXPERIMENTS} "
                  f"experiments × {INDICATORS} shared indicators (adopted) × {PERIODS} periods × "
                  f"{len(DIMENSIONS)} disaggregations: {ResultIndicator.objects.count():,} indicators, "
                  f"{Update.objects.count():,} updates, {UpdateDisaggregation.objects.count():,} parts")
        # Kept: the content as rendered once for this data version (monitoring/cache.py), what every request but
        # the first after a change gets. Rendered: every request builds the read models and the page anew, as the
        # first request after each approval does.
        lines = [header, "-- kept (the content cache on, as deployed)",
                 *page_lines(client, pages, target=True, rounds=ROUNDS)]
        for name, url in pages.items():
            lines.append(f"{name:<34} {_query_count(client, url):>4} queries per request")
        with override_settings(MONITORING_CACHE_SECONDS=0):
            lines += ["-- rendered (every request reads and renders anew)",
                      *page_lines(client, pages, target=True, rounds=ROUNDS)]
            for name, url in pages.items():
                lines.append(f"{name:<34} {_query_count(client, url):>4} queries per request")
        lines += _export(client, programme)
        return lines


def _query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def _export(client: Client, programme: Programme) -> list[str]:
    url = reverse("monitoring:programme-export", args=[programme.slug, "xlsx"])
    response = client.get(url)
    if response.status_code != 200:
        return [f"XLSX export of the programme ({url}): not built yet (answers {response.status_code})"]
    times = []
    for _ in range(XLSX_ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    median = statistics.median(times)
    return [f"XLSX export of the programme: median {median:.2f} s, slowest {max(times):.2f} s of {XLSX_ROUNDS}, "
            f"{len(body) / 1e6:.1f} MB, {len(queries.captured_queries)} queries; target < {TARGET_XLSX_S:.0f} s: "
            f"{'met' if max(times) < TARGET_XLSX_S else 'NOT met'}"]


def _quarters(count: int) -> list[tuple[date, date, str]]:
    result = []
    for number in range(count):
        year, quarter = 2019 + number // 4, number % 4 + 1
        start = date(year, 3 * quarter - 2, 1)
        end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(days=1)
        result.append((start, end, f"{year}-K{quarter}"))
    return result


@transaction.atomic
def _build(rng: random.Random) -> tuple[Programme, Experiment, User]:
    programme = Programme.objects.create(name="Benchmarkprogramma", slug="bench", start_date=date(2019, 1, 1),
                                         end_date=date(2021, 12, 31))
    coordinator = User.objects.create_user("coordinator@bench.example", "bench-password-123", full_name="Carla")
    Membership.objects.create(user=coordinator, programme=programme, role=MembershipRole.COORDINATOR)
    run = ImportRun.objects.create(source="cbs_csv", table_id="85984NED", file_name="bench.csv")
    households = Indicator.objects.get(code="BEV_HUISHOUDENS")
    areas = Area.objects.bulk_create([Area(code=f"GM9{number:03d}", name=f"Gemeente {number}", level="gemeente",
                                           boundary_year=2023) for number in range(EXPERIMENTS)])
    Observation.objects.bulk_create([Observation(area=area, indicator=households, period="2023",
                                                 value=rng.randint(800, 20000), import_run=run) for area in areas])
    experiments = [Experiment.objects.create(programme=programme, gemeente=area, title=f"Experiment {number:02d}",
                                             summary="Benchmark.", start_date=date(2019, 1, 1))
                   for number, area in enumerate(areas)]
    periods = ReportingPeriod.objects.bulk_create([
        ReportingPeriod(programme=programme, start=start, end=end, label=label)
        for start, end, label in _quarters(PERIODS)])
    goals = [Goal.objects.create(programme=programme, side=side, title_nl=f"Doel {side}") for side in Side.values]
    catalogue = list(Indicator.objects.filter(value_type="number")[:5])
    rules = [RollupRule.SUM, RollupRule.MEAN, RollupRule.WEIGHTED_BY_HOUSEHOLDS]
    shared = ResultIndicator.objects.bulk_create([
        ResultIndicator(programme=programme, goal=goals[number % len(goals)], title_nl=f"Indicator {number:02d}",
                        kind=IndicatorKind.NUMBER, unit="woningen", cumulative=number % 2 == 0,
                        rollup_rule=rules[number % len(rules)], position=number,
                        catalogue_indicator=catalogue[number % len(catalogue)] if number % 4 == 0 else None)
        for number in range(INDICATORS)])
    adoptions = ResultIndicator.objects.bulk_create([
        ResultIndicator(programme=programme, experiment=experiment, goal=indicator.goal, adopted_from=indicator,
                        title_nl=indicator.title_nl, kind=indicator.kind, unit=indicator.unit,
                        cumulative=indicator.cumulative, rollup_rule=indicator.rollup_rule,
                        catalogue_indicator=indicator.catalogue_indicator, position=indicator.position)
        for experiment in experiments for indicator in shared], batch_size=BATCH)
    everything = [*shared, *adoptions]
    Baseline.objects.bulk_create([Baseline(indicator=indicator, value=0, measured_on=date(2019, 1, 1))
                                  for indicator in everything], batch_size=BATCH)
    Target.objects.bulk_create([Target(indicator=indicator, value=Decimal(500)) for indicator in everything],
                               batch_size=BATCH)
    disaggregations = Disaggregation.objects.bulk_create([
        Disaggregation(indicator=indicator, dimension=dimension)
        for indicator in everything for dimension in DIMENSIONS], batch_size=BATCH)
    categories = DisaggregationValue.objects.bulk_create([
        DisaggregationValue(disaggregation=disaggregation, code=code, label_nl=label_nl, label_en=label_en,
                            position=position)
        for disaggregation in disaggregations
        for position, (code, label_nl, label_en) in enumerate(default_categories(disaggregation.dimension))],
        batch_size=BATCH)
    by_indicator: dict[int, list[DisaggregationValue]] = {}
    dimension_of = {disaggregation.pk: disaggregation for disaggregation in disaggregations}
    for category in categories:
        by_indicator.setdefault(dimension_of[category.disaggregation_id].indicator_id, []).append(category)
    now = timezone.now()
    statuses = [UpdateStatus.APPROVED] * 16 + [UpdateStatus.SUBMITTED, UpdateStatus.RETURNED, UpdateStatus.DRAFT,
                                               None]
    updates, values = [], []
    for indicator in adoptions:
        total = 0
        for period in periods:
            status = rng.choice(statuses)
            if status is None:
                continue  # not reported
            total += rng.randint(0, 20)
            value = total if indicator.cumulative else rng.randint(0, 20)
            updates.append(Update(indicator=indicator, period=period, value=Decimal(value), status=status,
                                  narrative="Voortgang volgens plan.",
                                  return_reason="Graag de bron noemen." if status == UpdateStatus.RETURNED else "",
                                  approved_at=now if status == UpdateStatus.APPROVED else None))
            values.append(value)
    Update.objects.bulk_create(updates, batch_size=BATCH)
    parts = []
    for update, value in zip(updates, values, strict=True):
        for dimension in DIMENSIONS:
            own = [category for category in by_indicator[update.indicator_id]
                   if dimension_of[category.disaggregation_id].dimension == dimension]
            # Split the value over the categories; now and then one is left out (an incomplete split).
            shares = [value // len(own)] * len(own)
            shares[0] += value - sum(shares)
            for category, share in zip(own, shares, strict=True):
                if share and rng.random() > 0.05:
                    parts.append(UpdateDisaggregation(update=update, category=category, value=Decimal(share)))
    UpdateDisaggregation.objects.bulk_create(parts, batch_size=BATCH)
    return programme, experiments[0], coordinator


if __name__ == "__main__":
    print("\n".join(run()))
