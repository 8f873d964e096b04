"""WCAG 2.1 A and AA in Chromium: axe-core (npm, pinned in package.json; `npm ci` installs it) runs on the public
knowledge base's pages, in Dutch and in English, on the demo's content: the home page, search results, a best-practice
description with figures and citations, a record, an experiment, the product list with filters, and the accessibility
and privacy statements; and on the pages the demo personas see signed in: every persona's dashboard, a Kennislab, a
knowledge question, a log entry and its form, a harvest record, the editorial product page, a draft's edit form and
the import page. axe is evaluated into each page through the DevTools protocol, so the page's strict CSP stays
in force. Every violation is reported with its rule, impact, help text and the elements it concerns."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from dubbelslag.labs.models import KnowledgeLab, KnowledgeQuestion
from dubbelslag.programme.demo import content
from dubbelslag.publications import demo_content
from dubbelslag.publications.enums import VersionStatus
from dubbelslag.publications.models import KnowledgeProduct, ProductVersion
from dubbelslag.publications.tests.test_demo import build_demo, seed
from dubbelslag.research.models import HarvestRecord, LogEntry
from testing.base import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LESSON = "Begin het warmtegesprek bij de portemonnee, niet bij de techniek"


@pytest.fixture
def demo():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    people = build_demo()
    seed()
    return people


def pages(demo) -> dict[str, str]:
    best_practice = KnowledgeProduct.objects.get(slug=demo_content.BEST_PRACTICE.slug)
    lesson = HarvestRecord.objects.get(title=LESSON)
    pendrecht = demo["experiments"]["Huiskamer Aardgasvrij Pendrecht"]
    return {
        "home": reverse("public:home"),
        "search results": reverse("public:search") + "?q=warmtenet",
        "product page": reverse("public:product-detail", args=[best_practice.slug]),
        "record page": reverse("public:record-detail", args=[lesson.pk]),
        "experiment page": reverse("public:experiment-detail", args=[pendrecht.pk]),
        "product list with filters": reverse("public:product-list")
        + "?thema=armoede-schulden&type=best_practice&wijktype=postwar",
        "accessibility statement": reverse("public:accessibility"),
        "monitoring page": reverse("public:monitoring") + "?kant=energy",
        "privacy statement": reverse("public:privacy"),
    }


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("options => axe.run(document, options)",
                           {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    # axe really ran its WCAG rules on the page.
    assert result["testEngine"]["name"] == "axe-core" and result["passes"], result.get("testEngine")
    return result["violations"]


def describe(name: str, language: str, url: str, violations: list[dict]) -> str:
    lines = [f"{name} ({language}, {url}):"]
    for violation in violations:
        lines.append(f"  {violation['id']} [{violation['impact']}] {violation['help']}")
        for node in violation["nodes"]:
            summary = "; ".join(line.strip() for line in node.get("failureSummary", "").splitlines() if line.strip())
            lines.append(f"    {json.dumps(node['target'])}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_public_pages_have_no_axe_violations(live_server, browser, demo, language):
    context = browser.new_context(locale="nl-NL" if language == "nl" else "en-GB",
                                  viewport={"width": 1280, "height": 900})
    if language == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    csp = []
    page.on("console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text
            else None)
    failures, checked = [], []
    try:
        for name, url in pages(demo).items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, (name, url, response.status)
            assert page.locator("html").get_attribute("lang") == language, (name, url)
            violations = axe_violations(page)
            checked.append(name)
            if violations:
                failures.append(describe(name, language, url, violations))
    finally:
        context.close()
    assert len(checked) == 9
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
    assert csp == []


def signed_in_pages(demo) -> list[tuple[str, str, str]]:
    """(name, persona's e-mail, path) of the pages each demo persona works on."""
    coordinator, researcher, *_ = (email for email, *_rest in content.USERS)
    draft = ProductVersion.objects.filter(status=VersionStatus.DRAFT).select_related("product").order_by("pk").first()
    in_review = (ProductVersion.objects.filter(status=VersionStatus.IN_REVIEW).select_related("product")
                 .order_by("pk").first())
    entry = LogEntry.objects.order_by("pk").first()
    pages = [(f"dashboard of {email}", email, reverse("programme:dashboard")) for email, *_rest in content.USERS]
    return pages + [
        ("Kennislab", coordinator,
         reverse("labs:lab-detail", args=[KnowledgeLab.objects.order_by("starts_at")[0].pk])),
        ("knowledge question", coordinator,
         reverse("labs:question-detail", args=[KnowledgeQuestion.objects.order_by("pk")[0].pk])),
        ("editorial product page", coordinator, reverse("publications:product-detail", args=[in_review.product.slug])),
        ("product editing", coordinator,
         reverse("publications:version-update", args=[draft.product.slug, draft.number])),
        ("import page", coordinator, reverse("indicators:import-upload")),
        ("log entry", researcher, reverse("research:entry-detail", args=[entry.pk])),
        ("log entry form", researcher, reverse("research:entry-create", args=[entry.experiment_id])),
        ("harvest record", researcher,
         reverse("research:record-detail", args=[HarvestRecord.objects.get(title=LESSON).pk])),
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_signed_in_pages_have_no_axe_violations(live_server, browser, demo, language):
    failures, checked = [], []
    csp = []
    pages = signed_in_pages(demo)
    for email in dict.fromkeys(email for _name, email, _path in pages):
        context = browser.new_context(locale="nl-NL" if language == "nl" else "en-GB",
                                      viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text
                else None)
        try:
            page.goto(live_server.url + reverse("accounts:login"))
            page.locator("input[name=username]").fill(email)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("form:has(input[name=password]) [type=submit]").click()
            page.wait_for_url(lambda url: "/account/login/" not in url)
            for name, persona, url in pages:
                if persona != email:
                    continue
                response = page.goto(live_server.url + url)
                assert response.status == 200, (name, url, response.status)
                assert page.locator("html").get_attribute("lang") == language, (name, url)
                violations = axe_violations(page)
                checked.append(name)
                if violations:
                    failures.append(describe(f"{name} as {email}", language, url, violations))
        finally:
            context.close()
    assert sorted(checked) == sorted(name for name, _email, _path in pages) and len(checked) == 13
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
    assert csp == []
