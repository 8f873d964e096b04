"""Benchmark: the national buurt scan (`scan.selectors.run_scan`) against a plain pandas computation of the same
formula on the same data, in one run. Figures are printed, never asserted; only the two results must agree.

Runs on the current database when it holds buurt figures for both composites. The shipped open data has buurt
heating figures but no buurt income, work, loneliness or livability figures (those come from CBS OData), so then it
builds a temporary SQLite database: migrated afresh, with the current database's buurten and their real heating
figures copied in, and the missing indicators generated (synthetic but realistic: correlated, rounded like CBS
publishes them, ties, some suppressed values, an older period next to the latest).

    DEBUG=true .venv/bin/python bench/scan_bench.py
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from dubbelslag.areas.models import Area  # noqa: E402
from dubbelslag.indicators.models import ImportRun, Indicator, Observation  # noqa: E402
from dubbelslag.scan.composites import ALL_PARTS, COMPOSITES, DEFAULT_WEIGHTS, MIN_COVERAGE  # noqa: E402
from dubbelslag.scan.selectors import ALL_CODES, run_scan, scan_years  # noqa: E402

ROUNDS = 7
TARGET_SECONDS = 1.0
TARGET_RATIO = 2.0
LEVEL = "buurt"
# As dubbelslag.settings configures SQLite.
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                  "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}


def run() -> list[str]:
    """Time the national buurt scan against the pandas reference, then the scan and profile pages on the same
    national data; return the lines to print."""
    year, ready = _buurt_data_in_current_db()
    if ready:
        return _compare(year, origin=f"current database, boundary year {year}") + _pages(year)
    buurten, heating = _current_buurten(year)
    with _temporary_sqlite() as path:
        year = _make_synthetic(buurten, heating, year or 2021)
        origin = (f"temporary SQLite ({Path(path).name}): {len(buurten) or 'synthetic'} buurten of {year}"
                  f"{' with their real heating figures' if heating else ''}, other indicators synthetic")
        return _compare(year, origin=origin) + _pages(year)


def _pages(year: int) -> list[str]:
    """The scan page (national and one gemeente) and an area profile, anonymous, with every buurt scored."""
    # The benchmark built its data in this process; a server process would not hold those objects. Collect them and
    # freeze what is left, as dubbelslag/wsgi.py freezes a server's start-up objects.
    gc.collect()
    gc.freeze()
    from django.test import Client
    from pages import page_lines

    buurt = (Area.objects.filter(level=LEVEL, boundary_year=year, code__startswith="BU0599")
             .order_by("code").values_list("code", flat=True).first()
             or Area.objects.filter(level=LEVEL, boundary_year=year).order_by("code").values_list("code", flat=True)
             .first())
    gemeente = "GM" + buurt[2:6]
    pages = {
        "scan, national buurten": f"/scan/?niveau={LEVEL}&jaar={year}",
        f"scan, buurten of {gemeente}": f"/scan/?gemeente={gemeente}&niveau={LEVEL}&jaar={year}",
        f"area profile {buurt}": f"/gebieden/{buurt}/?jaar={year}",
    }
    return ["", f"pages on the same national data (boundary year {year}):", *page_lines(Client(), pages, target=True)]


def _buurt_data_in_current_db() -> tuple[int | None, bool]:
    years = scan_years().get(LEVEL, {})
    with_figures = {y: n for y, n in years.items() if n}
    if not with_figures:
        return (max(years) if years else None), False
    year = max(with_figures, key=lambda y: (with_figures[y], y))
    result = run_scan(level=LEVEL, boundary_year=year)
    both = int((~np.isnan(result.energy.score) & ~np.isnan(result.vulnerability.score)).sum())
    return year, both >= 0.5 * len(result)


def _current_buurten(year: int | None) -> tuple[list[tuple[str, str]], dict[str, float]]:
    if year is None:
        return [], {}
    buurten = list(Area.objects.filter(level=LEVEL, boundary_year=year).order_by("code").values_list("code", "name"))
    heating = dict(Observation.objects.filter(indicator__code="ET_HOOFDVERW_GAS", area__level=LEVEL,
                                              area__boundary_year=year, status="ok")
                   .values_list("area__code", "value"))
    return buurten, heating


@contextmanager
def _temporary_sqlite():
    """Point the default connection at a new, migrated SQLite file for the duration; restore it afterwards."""
    settings_dict = connection.settings_dict
    saved = {key: settings_dict.get(key) for key in ("ENGINE", "NAME", "OPTIONS")}
    with tempfile.TemporaryDirectory(prefix="scan-bench-") as folder:
        path = str(Path(folder) / "scan_bench.sqlite3")
        connection.close()
        settings_dict.update(ENGINE="django.db.backends.sqlite3", NAME=path, OPTIONS=SQLITE_OPTIONS)
        try:
            if connection.vendor != "sqlite":
                raise RuntimeError("the synthetic scan benchmark needs the SQLite backend")
            call_command("migrate", verbosity=0)
            yield path
        finally:
            connection.close()
            settings_dict.update(saved)


def _make_synthetic(buurten: list[tuple[str, str]], heating: dict[str, float], year: int) -> int:
    """Areas (the given buurten, or 14,000 made up) and a figure for every scan indicator; returns the year."""
    rng = np.random.default_rng(20240605)
    if not buurten:
        buurten = [(f"BU{g:04d}{w:02d}{b:02d}", f"Buurt {g}-{w}-{b}")
                   for g in range(1, 343) for w in range(1, 6) for b in range(1, 9)][:14000]
    gemeenten = {code[2:6] for code, _ in buurten}
    wijken = {code[2:8] for code, _ in buurten}
    Area.objects.bulk_create([Area(code=f"GM{d}", name=f"Gemeente {d}", level="gemeente", boundary_year=year)
                              for d in sorted(gemeenten)])
    gm = dict(Area.objects.filter(level="gemeente", boundary_year=year).values_list("code", "pk"))
    Area.objects.bulk_create([Area(code=f"WK{d}", name=f"Wijk {d}", level="wijk", boundary_year=year,
                                   parent_id=gm[f"GM{d[:4]}"]) for d in sorted(wijken)])
    wk = dict(Area.objects.filter(level="wijk", boundary_year=year).values_list("code", "pk"))
    Area.objects.bulk_create([Area(code=code, name=name, level=LEVEL, boundary_year=year,
                                   parent_id=wk[f"WK{code[2:8]}"]) for code, name in buurten], batch_size=2000)
    area_ids = dict(Area.objects.filter(level=LEVEL, boundary_year=year).values_list("code", "pk"))

    n = len(buurten)
    deprivation, old_stock, noise = rng.standard_normal(n), rng.standard_normal(n), rng.standard_normal((12, n))
    real_gas = np.array([heating.get(code, np.nan) for code, _ in buurten])
    synthetic_gas = np.clip(np.round(88 + 8 * old_stock + 6 * noise[0]), 0, 100)
    columns = {
        "ET_HOOFDVERW_GAS": real_gas if heating else synthetic_gas,  # real ones keep their CBS suppression
        "ET_GAS_WON": np.clip(np.round(1150 + 250 * old_stock + 150 * noise[1], -1), 0, 4000),
        "ET_BOUWJAAR_VOOR2000": np.clip(np.round(72 + 18 * old_stock + 10 * noise[2]), 0, 100),
        "ET_LABEL_EFG": np.clip(np.round(22 + 9 * old_stock + 5 * noise[3], 1), 0, 100),
        "INK_SOCMIN": np.clip(np.round(8 + 4 * deprivation + 1.5 * noise[4], 1), 0, 60),
        "INK_LAAG": np.clip(np.round(7 + 3.5 * deprivation + 1.5 * noise[5], 1), 0, 60),
        "INK_GEM": np.clip(np.round(34 * np.exp(-0.18 * deprivation + 0.08 * noise[6]), 1), 12, 150),
        "VERM_MED": np.clip(np.round(110 - 55 * deprivation + 35 * noise[7], 1), 0, 900),
        "ARB_NETTO": np.clip(np.round(68 - 5 * deprivation + 4 * noise[8], 1), 20, 95),
        "GEZ_EENZ_ERN": np.clip(np.round(11 + 2.5 * deprivation + 1.5 * noise[9]), 1, 40),
        "LB_TOTAAL": np.clip(np.round(6 - 1.1 * deprivation + 0.8 * noise[10]), 1, 9),
    }
    # Suppression like CBS's: income and wealth hidden for the smallest buurten, survey figures for some more.
    small = rng.random(n) < 0.07
    suppressed = {code: small.copy() for code in ("INK_SOCMIN", "INK_LAAG", "INK_GEM", "VERM_MED", "ARB_NETTO")}
    suppressed["GEZ_EENZ_ERN"] = small | (rng.random(n) < 0.04)
    suppressed["LB_TOTAAL"] = rng.random(n) < 0.03
    suppressed["ET_LABEL_EFG"] = rng.random(n) < 0.05
    suppressed["ET_GAS_WON"] = rng.random(n) < 0.02
    periods = {code: str(year) for code in columns}
    periods.update({"INK_SOCMIN": str(year - 2), "INK_LAAG": str(year - 2), "INK_GEM": str(year - 2),
                    "VERM_MED": str(year - 2), "GEZ_EENZ_ERN": str(year - 1), "LB_TOTAAL": str(year - 1)})

    run = ImportRun.objects.create(source="bundled", table_id="synthetic", boundary_year=year,
                                   retrieved_at=timezone.now(), note="scan benchmark, synthetic")
    indicator_ids = dict(Indicator.objects.filter(code__in=ALL_CODES).values_list("code", "pk"))
    rows = []
    ids = [area_ids[code] for code, _ in buurten]
    for code, values in columns.items():
        hidden = suppressed.get(code, np.isnan(values))
        for area_id, value, is_hidden in zip(ids, values.tolist(), hidden.tolist(), strict=True):
            status = "suppressed" if is_hidden or value != value else "ok"
            rows.append((area_id, indicator_ids[code], periods[code], None if status != "ok" else value, status,
                         run.pk))
    # An older period of average income next to the latest, so the scan has to choose.
    rows.extend((area_id, indicator_ids["INK_GEM"], str(year - 3), float(value) * 0.97, "ok", run.pk)
                for area_id, value in zip(ids, columns["INK_GEM"].tolist(), strict=True))
    table = Observation._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (area_id, indicator_id, period, value, status, import_run_id) "
                           "VALUES (%s, %s, %s, %s, %s, %s)", rows)
    return year


def reference_scan(year: int) -> pd.DataFrame:
    """The same formula in plain pandas: one query for the areas, one for the figures, then rank and weigh."""
    return reference_compute(*reference_fetch(year))


def reference_fetch(year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    codes = ", ".join(f"'{code}'" for code in ALL_CODES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, code FROM {Area._meta.db_table} WHERE level = %s AND boundary_year = %s",
                       [LEVEL, year])
        areas = pd.DataFrame(cursor.fetchall(), columns=["area_id", "code"]).set_index("area_id")
        cursor.execute(
            f"SELECT o.area_id, i.code, o.period, o.value FROM {Observation._meta.db_table} o "
            f"JOIN {Indicator._meta.db_table} i ON i.id = o.indicator_id "
            f"JOIN {Area._meta.db_table} a ON a.id = o.area_id "
            f"WHERE a.level = %s AND a.boundary_year = %s AND o.status = 'ok' AND o.value IS NOT NULL "
            f"AND i.code IN ({codes})", [LEVEL, year])
        figures = pd.DataFrame(cursor.fetchall(), columns=["area_id", "indicator", "period", "value"])
    return areas, figures


def reference_compute(areas: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    figures = figures[figures["period"] == figures.groupby("indicator")["period"].transform("max")]
    wide = figures.pivot(index="area_id", columns="indicator", values="value").reindex(
        index=areas.index, columns=list(ALL_CODES))
    counts = wide.count()
    ranks = (wide.rank(method="average") - 1).div((counts - 1).where(counts > 1)) * 100
    ranks.loc[:, counts == 1] = ranks.loc[:, counts == 1].where(wide.loc[:, counts == 1].isna(), 50.0)
    inverted = [part.code for part in ALL_PARTS if part.inverted]
    ranks[inverted] = 100 - ranks[inverted]
    result = pd.DataFrame({"code": areas["code"]})
    for composite in COMPOSITES:
        weights = pd.Series({code: DEFAULT_WEIGHTS[code] for code in composite.codes})
        part = ranks[list(composite.codes)]
        present_weight = part.notna().astype(float).mul(weights).sum(axis=1)
        score = part.mul(weights).sum(axis=1) / present_weight
        result[composite.key] = score.where(present_weight / weights.sum() >= MIN_COVERAGE - 1e-9)
    return result


def _timed(function, rounds: int = ROUNDS) -> tuple[float, object]:
    function()  # warm up
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _compare(year: int, *, origin: str) -> list[str]:
    scan_time, scan = _timed(lambda: run_scan(level=LEVEL, boundary_year=year))
    reference_time, reference = _timed(lambda: reference_scan(year))
    fetched = reference_fetch(year)
    compute_time, _ = _timed(lambda: reference_compute(*fetched))
    reference = reference.set_index("code").reindex(scan.codes)
    for key in ("energy", "vulnerability"):
        np.testing.assert_allclose(scan.composite(key).score, reference[key].to_numpy(dtype=float), rtol=1e-9,
                                   atol=1e-9, equal_nan=True, err_msg=f"{key} scores differ from the reference")
    ratio = scan_time / reference_time
    scored = (f"{scan.scored_count('energy')} scored on energy, {scan.scored_count('vulnerability')} on "
              f"vulnerability, {scan.placed} in a quadrant")
    return [
        f"national buurt scan ({origin}): {len(scan)} buurten, {int((~np.isnan(scan.values)).sum())} figures; "
        f"{scored}",
        f"{'run_scan':<22} {scan_time * 1000:>9.1f} ms   (median of {ROUNDS})",
        f"{'pandas reference':<22} {reference_time * 1000:>9.1f} ms   (of which {compute_time * 1000:.1f} ms "
        "computing, the rest reading)",
        f"{'ratio':<22} {ratio:>9.2f} ×",
        f"target < {TARGET_SECONDS:.0f} s: {'met' if scan_time < TARGET_SECONDS else 'NOT met'}; "
        f"within {TARGET_RATIO:.0f}× of the reference: {'met' if ratio <= TARGET_RATIO else 'NOT met'}; "
        "same scores: yes",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
