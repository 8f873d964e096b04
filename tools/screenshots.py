"""The page gallery (`make screenshots`): PNGs of the key pages, at desktop and phone width, in Dutch and English, so
that every change to the look can be seen before it is merged.

The script builds a demo database in a temporary directory (migrate, load_open_data, seed_demo), starts the
application on a free port with that database, signs in as each demo persona where a page needs one, and writes full
pages to var/screenshots/ (not committed) as <language>-<width>-<page>.png. Chromium is Debian's (/usr/bin/chromium,
or $CHROMIUM), driven by Playwright, as in the browser tests.

    .venv/bin/python tools/screenshots.py [--only dashboard] [--language nl] [--width 375] [--out var/screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WIDTHS = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}
LANGUAGES = ("nl", "en")


def build_database(directory: Path, env: dict[str, str]) -> None:
    for command in (["migrate", "--verbosity", "0"], ["load_open_data"], ["seed_demo"]):
        print("manage.py", " ".join(command), flush=True)
        subprocess.run([PYTHON, str(ROOT / "manage.py"), *command], env=env, check=True, cwd=ROOT,  # noqa: S603 - ours
                       stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 - our own http:// server
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer on {url} within {seconds:.0f} s")


def gallery() -> list[tuple[str, str | None, str]]:
    """(name, persona e-mail or None for anonymous, path) of every page in the gallery, read from the demo database."""
    from django.db.models import Count
    from django.urls import reverse

    from dubbelslag.areas.models import Area
    from dubbelslag.images.models import Image
    from dubbelslag.labs.models import KnowledgeLab, KnowledgeQuestion
    from dubbelslag.monitoring.enums import UpdateStatus
    from dubbelslag.monitoring.models import ResultIndicator, Update
    from dubbelslag.programme.demo import content
    from dubbelslag.publications import demo_content
    from dubbelslag.publications.models import KnowledgeProduct
    from dubbelslag.research.models import HarvestRecord, LogEntry

    coordinator, researcher, editor, reader, outsider = (email for email, *_ in content.USERS)
    product = KnowledgeProduct.objects.get(slug=demo_content.BEST_PRACTICE.slug)
    area = (Area.objects.filter(level="buurt").annotate(figures=Count("observations"))
            .order_by("-figures", "code").first())
    gemeente = Area.objects.filter(level="gemeente", code="GM0344").order_by("-boundary_year").first()
    pages = [
        ("home", None, reverse("programme:home")),
        ("knowledge-base", None, reverse("public:home")),
        ("product", None, reverse("public:product-detail", args=[product.slug])),
        ("search", None, reverse("public:search") + "?q=warmtenet"),
        ("area-search", None, reverse("atlas:area-search") + "?q=Overvecht+Utrecht"),
        ("area-profile", None, reverse("atlas:area-detail", args=[area.code]) + f"?jaar={area.boundary_year}"),
        ("scan-gemeente", None, reverse("scan:scan") + "?" + urlencode({"niveau": "gemeente"})),
        ("scan-buurt", None, reverse("scan:scan") + "?" + urlencode(
            {"gemeente": gemeente.code if gemeente else "", "niveau": "buurt"})),
        ("koppelkansen", None, reverse("koppelkansen:koppelkans-list")),
        ("glossary", None, reverse("public:glossary")),
        ("login", None, reverse("accounts:login")),
    ]
    for email in (coordinator, researcher, editor, reader, outsider):
        pages.append((f"dashboard-{email.split('@')[0]}", email, reverse("programme:dashboard")))
    lab = KnowledgeLab.objects.order_by("starts_at").first()
    question = KnowledgeQuestion.objects.order_by("pk").first()
    entry = LogEntry.objects.order_by("pk").first()
    record = HarvestRecord.objects.order_by("pk").first()
    pages += [
        ("kennislab", coordinator, reverse("labs:lab-detail", args=[lab.pk])),
        ("question", coordinator, reverse("labs:question-detail", args=[question.pk])),
        ("log-entry", researcher, reverse("research:entry-detail", args=[entry.pk])),
        ("log-entry-form", researcher, reverse("research:entry-create", args=[entry.experiment_id])),
        ("record", researcher, reverse("research:record-detail", args=[record.pk])),
        ("editorial-product", coordinator, reverse("publications:product-detail", args=[product.slug])),
        ("import", coordinator, reverse("indicators:import-upload")),
        ("image-library", coordinator, reverse("images:image-list", args=[product.programme.slug])),
        ("image-upload", coordinator, reverse("images:image-upload", args=[product.programme.slug])),
        ("product-images", coordinator, reverse("publications:version-images",
                                                args=[product.slug, product.published_version.number])),
        ("experiment-public", None, reverse("public:experiment-detail", args=[
            next(image.experiment_id for image in Image.objects.filter(on_experiment_page=True,
                                                                       experiment__is_public=True))])),
    ]
    # Monitoring: the editor's experiment, its results and an update returned to its editor, the programme's
    # dashboard, framework and periods, and the public totals.
    returned = (Update.objects.filter(status=UpdateStatus.RETURNED, indicator__experiment__title=content.USERS[2][4])
                .order_by("pk").first())
    experiment = returned.indicator.experiment
    shared = ResultIndicator.objects.filter(experiment__isnull=True, is_public=True).order_by("pk").first()
    slug = experiment.programme.slug
    pages += [
        ("monitoring-results", editor, reverse("monitoring:results", args=[experiment.pk])),
        ("monitoring-update-returned", editor, reverse("monitoring:update-detail", args=[returned.pk])),
        ("monitoring-update-form", editor, reverse("monitoring:update-edit",
                                                   args=[returned.indicator_id, returned.period_id])),
        ("monitoring-framework", editor, reverse("monitoring:framework", args=[experiment.pk])),
        ("monitoring-dashboard", coordinator, reverse("monitoring:dashboard", args=[slug])),
        ("monitoring-programme-framework", coordinator, reverse("monitoring:programme-framework", args=[slug])),
        ("monitoring-periods", coordinator, reverse("monitoring:periods", args=[slug])),
        ("monitoring-public", None, reverse("public:monitoring")),
        ("monitoring-public-indicator", None, reverse("public:monitoring-indicator", args=[shared.pk])),
    ]
    return pages


def sign_in(context, base: str, email: str, password: str) -> None:
    page = context.new_page()
    page.goto(base + "/account/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()
    if "/account/login/" in page.url:
        raise SystemExit(f"could not sign in as {email}")
    page.close()


def shoot(base: str, out: Path, pages, *, languages, widths, password: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    written, problems = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--disable-gpu", "--no-first-run", "--disable-sync"])
        for language in languages:
            for width in widths:
                personas = {}
                for name, email, path in pages:
                    if email not in personas:
                        context = browser.new_context(viewport=WIDTHS[width], device_scale_factor=1,
                                                      locale="nl-NL" if language == "nl" else "en-GB")
                        context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                        if email:
                            sign_in(context, base, email, password)
                        personas[email] = context
                    page = personas[email].new_page()
                    response = page.goto(base + path)
                    if response is None or response.status != 200:
                        problems.append(f"{name} ({path}): HTTP {response.status if response else '?'}")
                    target = out / f"{language}-{width}-{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                    page.close()
                for context in personas.values():
                    context.close()
        browser.close()
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    if problems:
        raise SystemExit(f"{len(problems)} pages did not answer 200")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"))
    parser.add_argument("--only", help="only pages whose name contains this")
    parser.add_argument("--language", choices=LANGUAGES, action="append")
    parser.add_argument("--width", choices=sorted(WIDTHS), action="append")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="dubbelslag-gallery-") as tmp:
        directory = Path(tmp)
        env = {**os.environ, "DEBUG": "true", "SECRET_KEY": "screenshots-only-secret-key",
               "DATABASE_URL": f"sqlite:///{directory / 'demo.sqlite3'}", "MEDIA_ROOT": str(directory / "media"),
               "DJANGO_SETTINGS_MODULE": "dubbelslag.settings", "PYTHONUNBUFFERED": "1"}
        build_database(directory, env)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from dubbelslag.programme.demo import content

        pages = [page for page in gallery() if not args.only or args.only in page[0]]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [PYTHON, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, env=env, cwd=ROOT,  # noqa: S603 - our own command line
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(base, server)
            written = shoot(base, out, pages, languages=args.language or LANGUAGES,
                            widths=args.width or sorted(WIDTHS, key=int, reverse=True), password=content.PASSWORD)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{len(written)} screenshots in {out}")


if __name__ == "__main__":
    main()
