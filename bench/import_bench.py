"""Benchmark: import throughput (`indicators.services.import_records`) against a raw DB-API `executemany` of the same
rows, side by side in one run. Figures are printed, never asserted; only the two results must agree.

Works in temporary SQLite databases, migrated afresh with the project's own SQLite settings (WAL, synchronous=NORMAL),
never in the configured database. Two national tables, each timed from parsed records (parsing is shown apart):

- the shipped CBS heating file: 98,560 figures for the 14,080 buurten of 2021, 940 buurten suppressed;
- a generated long-format file over every 2025 gemeente, wijk and buurt (code lists shipped with the application):
  six indicators, values with one decimal, 4% suppressed.

For each: the first import into an empty observations table against a raw `executemany` INSERT of the same rows in
one transaction (each in a fresh copy of the same database), then a re-import of the same file (nothing changes) and
one with a tenth of the values revised. Target: at least 50,000 observations per second on the first import.

    DEBUG=true .venv/bin/python bench/import_bench.py
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from dubbelslag.areas.models import Area  # noqa: E402
from dubbelslag.areas.services import ensure_areas, load_areas  # noqa: E402
from dubbelslag.indicators.enums import ImportSource  # noqa: E402
from dubbelslag.indicators.models import ImportRun, Indicator, Observation  # noqa: E402
from dubbelslag.indicators.services import import_records  # noqa: E402
from dubbelslag.indicators.sources import ParseResult, parse_long_format  # noqa: E402
from dubbelslag.indicators.sources.open_data import DATASETS  # noqa: E402
from dubbelslag.settings import database_from_url  # noqa: E402

ROUNDS = 3
TARGET_PER_SECOND = 50_000
GENERATED_YEAR = 2025
GENERATED_CODES = ("BEV_INWONERS", "WON_VOORRAAD", "ET_KOOP", "ET_HUUR", "INK_SOCMIN", "INK_GEM")


def run() -> list[str]:
    """Time both tables; return the lines to print."""
    if connection.vendor != "sqlite":
        return ["import throughput: skipped, the benchmark swaps in temporary SQLite databases and needs the SQLite "
                "backend (DATABASE_URL=sqlite:///…)"]
    started = time.perf_counter()
    lines = [f"import throughput on SQLite {connection.Database.sqlite_version} (median of {ROUNDS} rounds; "
             f"each first import and raw insert into a fresh copy of the same database)"]
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        heating = next(dataset for dataset in DATASETS if dataset.key == "cbs_hoofdverwarming_buurt")
        raw = heating.path.read_bytes()
        start = time.perf_counter()
        result, names = heating.reader(raw)
        parse_seconds = time.perf_counter() - start

        template = Path(folder) / "heating.sqlite3"
        with _database(template):
            call_command("migrate", verbosity=0)
            ensure_areas(heating.boundary_year, names)
        lines += _compare(
            f"{heating.path.name} (shipped, boundaries {heating.boundary_year}), parsed in {parse_seconds:.2f} s",
            template, Path(folder), result, boundary_year=heating.boundary_year, area_names=names,
            source=ImportSource.BUNDLED, table_id=heating.table_id, file_name=heating.path.name)

        template = Path(folder) / "generated.sqlite3"
        with _database(template):
            call_command("migrate", verbosity=0)
            load_areas(year=GENERATED_YEAR)
            content = _generated_long_format(GENERATED_YEAR)
        start = time.perf_counter()
        result = parse_long_format(content)
        parse_seconds = time.perf_counter() - start
        lines += _compare(
            f"generated long-format file (boundaries {GENERATED_YEAR}, {len(GENERATED_CODES)} indicators), "
            f"parsed in {parse_seconds:.2f} s",
            template, Path(folder), result, boundary_year=GENERATED_YEAR, area_names=None,
            source=ImportSource.LONG_FORMAT, table_id="", file_name="generated.csv")
    lines.append(f"(benchmark took {time.perf_counter() - started:.0f} s in all)")
    return lines


@contextmanager
def _database(path: Path) -> Iterator[None]:
    """Point the default connection at the SQLite file ``path`` (created when missing) for the duration.

    The settings come from the project's own ``DATABASE_URL`` reader, so the pragmas are those of a real install.
    """
    settings_dict = connection.settings_dict
    saved = {key: settings_dict.get(key) for key in ("ENGINE", "NAME", "OPTIONS")}
    sqlite = database_from_url(f"sqlite:///{path}")
    connection.close()
    settings_dict.update(ENGINE=sqlite["ENGINE"], NAME=sqlite["NAME"], OPTIONS=sqlite["OPTIONS"])
    try:
        yield
    finally:
        # Closing the last connection checkpoints the WAL into the file, so the file alone can be copied.
        connection.close()
        settings_dict.update(saved)


@contextmanager
def _copy(template: Path, folder: Path) -> Iterator[None]:
    path = folder / "round.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    with _database(path):
        yield


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    outcome = action()
    return time.perf_counter() - start, outcome


def _compare(title: str, template: Path, folder: Path, result: ParseResult, *, boundary_year: int,
             area_names: dict[str, str] | None, **run_fields) -> list[str]:
    n = len(result.records)

    def service(records: ParseResult) -> ImportRun:
        return import_records(records, by=None, boundary_year=boundary_year, area_names=area_names, **run_fields)

    revised = _revised(result)
    times: dict[str, list[float]] = {"service": [], "raw": [], "again": [], "revised": []}
    stored: dict[str, list[tuple]] = {}
    for round_number in range(ROUNDS):
        with _copy(template, folder):
            rows = _raw_rows(result, boundary_year)
            seconds, _ = _timed(lambda rows=rows: _raw_insert(rows))
            times["raw"].append(seconds)
            if round_number == 0:
                stored["raw"] = _stored()
        with _copy(template, folder):
            seconds, first = _timed(lambda: service(result))
            times["service"].append(seconds)
            assert (first.rows_created, first.rows_updated, first.rows_unchanged) == (n, 0, 0), first
            if round_number == 0:
                stored["service"] = _stored()
            seconds, again = _timed(lambda: service(result))
            times["again"].append(seconds)
            assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, n), again
            seconds, second = _timed(lambda: service(revised))
            times["revised"].append(seconds)
            assert second.rows_updated == len(revised.records) - second.rows_unchanged > 0, second
    if stored["service"] != stored["raw"]:
        raise AssertionError("the import service and the raw insert stored different rows")

    median = {key: statistics.median(values) for key, values in times.items()}
    per_second = n / median["service"]
    return [
        "",
        f"{title}: {n} observations, {result.status_counts()['suppressed']} suppressed",
        f"{'':<28} {'rows':>8} {'seconds':>8} {'rows/s':>9}",
        f"{'import_records, first':<28} {n:>8} {median['service']:>8.3f} {per_second:>9,.0f}",
        f"{'raw executemany (DB-API)':<28} {n:>8} {median['raw']:>8.3f} {n / median['raw']:>9,.0f}",
        f"{'ratio import / raw':<28} {median['service'] / median['raw']:>17.2f} ×",
        f"{'re-import, nothing changed':<28} {n:>8} {median['again']:>8.3f} {n / median['again']:>9,.0f}",
        f"{'re-import, 10% revised':<28} {n:>8} {median['revised']:>8.3f} {n / median['revised']:>9,.0f}"
        f"   ({second.rows_updated} updated)",
        f"target ≥ {TARGET_PER_SECOND:,} observations/s on the first import: "
        f"{'met' if per_second >= TARGET_PER_SECOND else 'NOT met'} ({per_second:,.0f}/s)",
    ]


def _raw_rows(result: ParseResult, boundary_year: int) -> list[tuple]:
    """The rows the service would insert, as the tuples a raw INSERT takes, with an import run to point at."""
    areas = dict(Area.objects.filter(boundary_year=boundary_year).values_list("code", "pk"))
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    run = ImportRun.objects.create(source=ImportSource.BUNDLED, boundary_year=boundary_year)
    return [(areas[record.area_code], indicators[record.key_stem], record.period, record.value, record.status, run.pk)
            for record in result.records]


def _raw_insert(rows: list[tuple]) -> None:
    """One transaction, one prepared INSERT run over every row by the driver: the floor for any import."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # the sqlite3 cursor itself, without Django's wrapper
    table = Observation._meta.db_table
    cursor.execute("BEGIN IMMEDIATE")
    cursor.executemany(f"INSERT INTO {table} (area_id, indicator_id, period, value, status, import_run_id) "
                       "VALUES (?, ?, ?, ?, ?, ?)", rows)
    cursor.execute("COMMIT")
    cursor.close()


def _stored() -> list[tuple]:
    return sorted(Observation.objects.values_list("area_id", "indicator_id", "period", "value", "status"),
                  key=lambda row: row[:3])


def _revised(result: ParseResult) -> ParseResult:
    """The same table with every tenth record that has a value revised upwards, as in a corrected CBS release."""
    records = tuple(replace(record, value=round(record.value + 1.5, 6))
                    if record.value is not None and index % 10 == 0 else record
                    for index, record in enumerate(result.records))
    return replace(result, records=records)


def _generated_long_format(year: int) -> bytes:
    """A long-format CSV with a figure for every area of ``year`` and indicator of ``GENERATED_CODES``."""
    rng = random.Random(20250101)  # noqa: S311 - synthetic figures, not secrets
    lines = ["area_code,indicator_code,period,value"]
    for code in Area.objects.filter(boundary_year=year).order_by("code").values_list("code", flat=True):
        for indicator in GENERATED_CODES:
            value = "." if rng.random() < 0.04 else f"{rng.uniform(0, 100):.1f}"
            lines.append(f"{code},{indicator},{year},{value}")
    return ("\n".join(lines) + "\n").encode()


if __name__ == "__main__":
    print("\n".join(run()))
