"""Page latency measurement shared by the benchmarks: a page's requests through the full Django stack (test client),
next to a bare view on the same stack (`/healthz`), so the ratio says what the page itself costs."""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.test import Client

ROUNDS = 100
TARGET_P95_MS = 100.0


def timings(client: Client, url: str, rounds: int = ROUNDS) -> list[float]:
    response = client.get(url)  # warm up templates and caches
    assert response.status_code == 200, (url, response.status_code)
    result = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        result.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(result)


def p95(values: list[float]) -> float:
    return values[max(int(len(values) * 0.95) - 1, 0)]


def page_lines(client: Client, pages: dict[str, str], *, target: bool = False, rounds: int = ROUNDS) -> list[str]:
    """One line per page: median and p95 in ms, median as a multiple of the bare view; with ``target``, whether the
    p95 stays under the target."""
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    base = statistics.median(timings(client, "/healthz", rounds))
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lines = [f"{'page':<34} {'median ms':>10} {'p95 ms':>8} {'× bare view':>12}   ({rounds} requests each, {engine})",
             f"{'healthz (bare view)':<34} {base:>10.2f}"]
    for name, url in pages.items():
        values = timings(client, url, rounds)
        median = statistics.median(values)
        verdict = ""
        if target:
            verdict = f"   p95 < {TARGET_P95_MS:.0f} ms: {'met' if p95(values) < TARGET_P95_MS else 'NOT met'}"
        lines.append(f"{name:<34} {median:>10.2f} {p95(values):>8.2f} {median / base:>12.1f}{verdict}")
    return lines
