"""Benchmarks (`make bench`). Figures are printed, never asserted: speed targets live here, not in tests.

1. Page latency on the demo data and the shipped open data (SQLite), each next to a bare view on the same stack
   (`/healthz`): the signed-in programme pages, and the public area profiles and scan pages.
2. Import throughput: our import service against a raw `executemany` of the same rows (`import_bench.py`).
3. The national buurt scan against a plain pandas computation of the same formula, then the scan and profile pages
   with every buurt scored (`scan_bench.py`).
4. Full-text search over 100,000 log entries and harvest records for three personas (`search_bench.py`).
5. The public knowledge base under concurrent load: product and search page throughput on a real WSGI server with
   DEBUG off, as a ratio to a bare view on the same server (`public_bench.py`).
6. The PDF of a ten-page knowledge product, built cold (`pdf_bench.py`).
7. Monitoring: the programme dashboard, one experiment's results page and the programme's XLSX export on 20
   experiments × 40 indicators × 12 periods × 3 disaggregations (`monitoring_bench.py`).
"""

import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")

import django  # noqa: E402

django.setup()
# As dubbelslag/wsgi.py does in a server process: start-up objects out of the garbage collector's reach.
gc.freeze()

import import_bench  # noqa: E402
import monitoring_bench  # noqa: E402
import pdf_bench  # noqa: E402
import public_bench  # noqa: E402
import scan_bench  # noqa: E402
import search_bench  # noqa: E402
from django.test import Client  # noqa: E402
from pages import page_lines  # noqa: E402

from dubbelslag.accounts.models import User  # noqa: E402
from dubbelslag.programme.models import Experiment  # noqa: E402


def section(title: str, lines: list[str]) -> None:
    print(f"\n== {title}")
    print("\n".join(lines), flush=True)


def main() -> None:
    client = Client()
    client.force_login(User.objects.get(email="coordinator@demo.dubbelslag.nl"))
    experiment = Experiment.objects.order_by("pk").first()
    section("signed-in pages (demo data)", page_lines(client, {
        "home": "/",
        "dashboard": "/mijn/",
        "experiment list": "/experimenten/",
        "experiment detail": experiment.get_absolute_url(),
        "organisation list": "/organisaties/",
        "research home": "/onderzoek/",
        "research log of an experiment": f"/onderzoek/experimenten/{experiment.pk}/",
        "harvest register": "/onderzoek/oogst/",
        "codebook": "/onderzoek/codes/",
        "search (demo data)": "/onderzoek/zoeken/?q=bewoners",
    }))
    section("public neighbourhood pages (shipped open data)", page_lines(Client(), {
        "area profile, buurt (2021)": "/gebieden/BU05990110/?jaar=2021",
        "area profile, gemeente (2023)": "/gebieden/GM0599/?jaar=2023",
        "area search": "/gebieden/?q=Pendrecht",
        "scan, Rotterdam buurten (2021)": "/scan/?gemeente=GM0599&niveau=buurt&jaar=2021",
        "scan, national gemeenten (2023)": "/scan/?niveau=gemeente&jaar=2023",
        "koppelkansen catalogue": "/koppelkansen/",
        "API observations": "/api/v1/observations?indicator=ET_HOOFDVERW_GAS&limit=100",
    }, target=True))
    section("import throughput", import_bench.run())
    section("dubbelslag-scan", scan_bench.run())
    section("full-text search", search_bench.run())
    section("public knowledge base under load (demo data)", public_bench.run())
    section("PDF of a ten-page knowledge product", pdf_bench.run())
    section("monitoring: dashboard, results page, XLSX export", monitoring_bench.run())


if __name__ == "__main__":
    main()
