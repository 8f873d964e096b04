"""Benchmarks (`make bench`). Figures are printed, never asserted: speed targets live here, not in tests.

Now: the latency of the main signed-in pages on the demo data (SQLite), next to a bare view on the same stack
(`/healthz`), so the ratio says how much the page itself costs.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from dubbelslag.accounts.models import User  # noqa: E402
from dubbelslag.programme.models import Experiment  # noqa: E402

ROUNDS = 200


def timings(client: Client, url: str) -> list[float]:
    client.get(url)  # warm up templates and caches
    result = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        result.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(result)


def p95(values: list[float]) -> float:
    return values[int(len(values) * 0.95) - 1]


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(User.objects.get(email="coordinator@demo.dubbelslag.nl"))
    experiment = Experiment.objects.order_by("pk").first()
    pages = {
        "healthz (bare view)": "/healthz",
        "home": "/",
        "dashboard": "/mijn/",
        "experiment list": "/experimenten/",
        "experiment detail": experiment.get_absolute_url(),
        "organisation list": "/organisaties/",
    }
    base = statistics.median(timings(client, "/healthz"))
    print(f"{'page':<22} {'median ms':>10} {'p95 ms':>8} {'× bare view':>12}   ({ROUNDS} requests each, "
          f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")
    for name, url in pages.items():
        values = timings(client, url)
        median = statistics.median(values)
        print(f"{name:<22} {median:>10.2f} {p95(values):>8.2f} {median / base:>12.1f}")


if __name__ == "__main__":
    main()
