"""Benchmark: throughput of the public knowledge base under concurrent load on loopback, as a ratio to a bare Django
view on the same server stack. Target: the product page and the search page each at least 50% of the bare view.

A real WSGI server (gunicorn, gthread workers, DEBUG off) serves ``bench_server.py`` in a subprocess: the project's
URLs plus ``/bench/bare`` (a plain HttpResponse behind the same middleware), on the configured database, which
`make bench` has seeded with the demo (``seed_demo``: the published best practice of Pendrecht). ``wrk`` loads each
URL over keep-alive connections after a warm-up, in interleaved rounds; without wrk a Python load generator in a
separate process does (slower, so its absolute figures are lower; the ratios still compare like with like). When a
page misses the target it is profiled in-process (SQL queries, time per request, and pyinstrument's call tree if
installed). Figures are printed, never asserted.

    DEBUG=true .venv/bin/python bench/public_bench.py
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from dubbelslag.publications.demo_content import BEST_PRACTICE  # noqa: E402
from dubbelslag.publications.models import KnowledgeProduct  # noqa: E402

TARGET_RATIO = 0.50
# The machine has two cores, shared by the server and the load generator. Rendering is CPU-bound Python, so processes,
# not threads, give parallelism: three gthread workers (gthread for keep-alive) of one thread each, one per core plus
# one to cover database and socket waits; a second thread per worker measured slower (GIL contention). gunicorn does
# not balance keep-alive connections over its workers, so wrk opens two per worker (with one each, two connections
# often share a worker while another idles); wrk itself runs one thread.
WORKERS, THREADS = 3, 1
WRK_THREADS, CONNECTIONS = 1, 6
ROUNDS, DURATION_S, WARMUP_S = 3, 5, 3
BARE, BARE_URL = "bare view", "/bench/bare"
# Anonymous visitors get whole pages from the cache (dubbelslag.public.cache); a request with a session cookie (an
# unknown one: still anonymous) bypasses it, which measures what rendering the page costs.
UNCACHED = " (rendered)"
NO_CACHE_HEADER = "Cookie: sessionid=bench-not-a-session"
SEARCH_QUERY = "warmtenet"


def run() -> list[str]:
    product = (KnowledgeProduct.objects.published().filter(slug=BEST_PRACTICE.slug).first()
               or KnowledgeProduct.objects.published().first())
    if product is None:
        return ["public knowledge base: skipped, no published product in the database (run `make setup`, which "
                "seeds the demo)"]
    try:
        pages = {
            BARE: BARE_URL,
            "product page": reverse("public:product-detail", args=[product.slug]),
            "search page": reverse("public:search") + f"?q={SEARCH_QUERY}",
        }
        pages["product" + UNCACHED] = pages["product page"]
        pages["search" + UNCACHED] = pages["search page"]
    except NoReverseMatch as error:
        return [f"public knowledge base: skipped, the public pages are not there yet ({error})"]
    port = _free_port()
    server, server_label = _start_server(port)
    lines = []
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base + BARE_URL, server)
        for url in pages.values():
            _check(base + url)
        wrk = shutil.which("wrk")
        load_label = (f"wrk, {WRK_THREADS} thread, {CONNECTIONS} keep-alive connections" if wrk
                      else f"Python load generator (wrk not found), {CONNECTIONS} keep-alive connections")
        lines += ["pages: " + ", ".join(f"{name} {url}" for name, url in pages.items()),
                  f"server: {server_label}, DEBUG off, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
                  f"load: {load_label}; {os.cpu_count()} cores shared by server and load generator",
                  "pages as anonymous visitors get them (served from the whole-page cache once rendered), and "
                  f"'{UNCACHED.strip()}' with a session cookie, which bypasses that cache",
                  f"{'page':<19} {'requests/s':>11} {'(min–max)':>13} {'× bare':>8} {'errors':>8}   "
                  f"(median of {ROUNDS} interleaved rounds of {DURATION_S} s)"]
        # Interleaved rounds, the median per page: other work on the machine then weighs on every page alike.
        for name, url in pages.items():
            _load(base + url, WARMUP_S, wrk, _headers(name))  # warm: templates, caches, the database's pages
        rates = {name: [] for name in pages}
        errors = dict.fromkeys(pages, 0)
        for _round in range(ROUNDS):
            for name, url in pages.items():
                rate, failed = _load(base + url, DURATION_S, wrk, _headers(name))
                rates[name].append(rate)
                errors[name] += failed
        results = {name: statistics.median(values) for name, values in rates.items()}
        bare = results[BARE]
        for name, url in pages.items():
            ratio = results[name] / bare if bare else 0.0
            verdict = "" if url == BARE_URL or name.endswith(UNCACHED) else (
                f"   ≥ {TARGET_RATIO:.0%}: {'met' if ratio >= TARGET_RATIO else 'NOT met'}")
            spread = "–".join(f"{value:.0f}" for value in (min(rates[name]), max(rates[name])))
            lines.append(f"{name:<19} {results[name]:>11.0f} {spread:>13} {ratio:>8.3f} {errors[name]:>8}{verdict}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    slow = {name: url for name, url in pages.items()
            if name != BARE and not name.endswith(UNCACHED) and results[name] < TARGET_RATIO * bare}
    for name, url in slow.items():
        lines += [f"-- where the time goes: {name}", *_profile(url)]
    return lines


def _headers(name: str) -> list[str]:
    return [NO_CACHE_HEADER] if name.endswith(UNCACHED) else []


# The server --------------------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(DEBUG="false", SECRET_KEY="bench-only-secret-key-not-for-production", SECURE_COOKIES="false",  # noqa: S106
               ALLOWED_HOSTS="127.0.0.1,localhost", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="dubbelslag.settings",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "bench"), env.get("PYTHONPATH", "")]))
    return env


def _start_server(port: int) -> tuple[subprocess.Popen, str]:
    try:
        import gunicorn  # noqa: F401

        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
                   "--worker-class", "gthread", "--threads", str(THREADS), "--keep-alive", "30",
                   "--log-level", "warning", "--chdir", str(ROOT), "--pythonpath", str(ROOT / "bench"),
                   "bench_server:application"]
        label = f"gunicorn {gunicorn.__version__}, {WORKERS} workers × {THREADS} thread (gthread)"
    except ImportError:
        command = [sys.executable, str(ROOT / "bench" / "bench_server.py"), str(port)]
        label = "werkzeug threaded server, one process (gunicorn is not installed)"
    return subprocess.Popen(command, cwd=ROOT, env=_server_env()), label  # noqa: S603


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the bench server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the bench server did not come up")


def _check(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        body = response.read()
        if response.status != 200 or not body:
            raise RuntimeError(f"{url} answered {response.status}")


# Load ------------------------------------------------------------------------------------------------------------

def _load(url: str, seconds: int, wrk: str | None, headers: list[str]) -> tuple[float, int]:
    """Requests per second and the number of non-2xx/3xx answers or socket errors."""
    if wrk:
        header_args = [argument for header in headers for argument in ("-H", header)]
        output = subprocess.run(  # noqa: S603
            [wrk, f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", *header_args, url],
            capture_output=True, text=True, check=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors = sum(int(number) for number in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        if socket_errors:
            errors += sum(int(number) for number in socket_errors.groups())
        return rate, errors
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_python_load, args=(url, seconds, CONNECTIONS, headers, queue))
    process.start()
    rate, errors = queue.get()
    process.join()
    return rate, errors


def _python_load(url: str, seconds: int, connections: int, headers: list[str], queue) -> None:
    """A keep-alive load generator: one thread per connection, each sending requests one after another."""
    match = re.match(r"http://([^:/]+):(\d+)(.*)", url)
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    counts, errors, stop = [0] * connections, [0] * connections, time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < stop:
            try:
                connection.request("GET", path, headers=dict(header.split(": ", 1) for header in headers))
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[index] += 1
                counts[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(index,)) for index in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((sum(counts) / (time.monotonic() - started), sum(errors)))


# Profile ---------------------------------------------------------------------------------------------------------

def _profile(url: str, rounds: int = 200, top: int = 45) -> list[str]:
    """The page's requests through the test client, in-process with DEBUG off: SQL queries and median time per
    request, then pyinstrument's call tree (if installed), cut to the frames that take the time."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    with override_settings(DEBUG=False):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries.captured_queries)
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        bare = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get("/healthz")
            bare.append((time.perf_counter() - started) * 1000)
    lines = [f"   in-process (test client, {rounds} requests): {statistics.median(timings):.1f} ms median per "
             f"request, {query_count} SQL queries; /healthz {statistics.median(bare):.2f} ms"]
    try:
        from pyinstrument import Profiler
    except ImportError:
        return [*lines, "   (install pyinstrument to see where the time goes: .venv/bin/pip install pyinstrument)"]
    profiler = Profiler(interval=0.001)
    with override_settings(DEBUG=False):
        profiler.start()
        for _ in range(rounds):
            client.get(url)
        profiler.stop()
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    tree = [line for line in text.splitlines() if line.strip() and "frames hidden" not in line]
    # From the view down: the middleware above it is the same for the bare view.
    start = next((index for index, line in enumerate(tree) if "dubbelslag/public/views.py" in line), 0)
    indent = len(tree[start]) - len(tree[start].lstrip(" │├└─")) if tree else 0
    lines.append(f"   pyinstrument, seconds over {rounds} requests (wall clock, its own overhead included):")
    lines += ["   " + line[indent:] for line in tree[start:start + top]]
    return lines


if __name__ == "__main__":
    print("\n".join(run()), flush=True)
