"""End to end in Chromium: a coordinator opens a product in review on the editorial pages and publishes it; an
anonymous visitor then finds it through the public search, opens it, follows a citation in the text to the numbered
source and from there to the public page of the harvest record behind the claim. No page breaks the strict CSP."""

import re

import pytest

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.publications.enums import ProductType, SectionKey, VersionStatus
from dubbelslag.publications.models import KnowledgeProduct
from dubbelslag.publications.services import workflow
from testing.base import browser_log_in, browser_log_out, make_area, make_experiment, make_programme, make_user
from testing.factories.publications import make_record

# serialized_rollback: the themes and codebook are seeded by migrations, and a transactional test's flush would
# empty them.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LESSON = "Begin het warmtegesprek bij de portemonnee, niet bij de techniek"


@pytest.fixture
def product_in_review():
    rotterdam = make_area("GM0599", "Rotterdam")
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=rotterdam, title="Huiskamer Aardgasvrij Pendrecht",
                                 is_public=True)
    rob = make_user("rob@example.org", name="Rob Onderzoeker")
    Membership.objects.create(user=rob, programme=programme, role=MembershipRole.RESEARCHER)
    carla = make_user("carla@example.org", name="Carla Coördinator")
    Membership.objects.create(user=carla, programme=programme, role=MembershipRole.COORDINATOR)
    lesson = make_record(programme=programme, title=LESSON, experiments=[experiment],
                         summary="Bewoners denken pas mee over het warmtenet als de woonlasten duidelijk zijn.")
    product = workflow.create_product(
        programme=programme, product_type=ProductType.BEST_PRACTICE, slug="huiskamer-pendrecht",
        title_nl="Huiskamer Aardgasvrij Pendrecht", title_en="Living Room Gas-Free Pendrecht",
        authors="Rob Onderzoeker (Hogeschool)", by=rob,
        lead_nl="Een huiskamer als energieloket en ontmoetingsplek in een portiekflat.",
        lead_en="A living room as energy desk and meeting place in a walk-up block.")
    version = product.versions.get()
    version = workflow.update_version(
        version, by=rob, expected_edit_version=version.edit_version, experiments=[experiment],
        sections={SectionKey.WHAT_WORKED: (
            f"Begin bij de portemonnee: bewoners denken pas mee over de zonneboiler en het warmtenet als de "
            f"woonlasten duidelijk zijn [@R{lesson.pk}].",
            f"Start with the wallet: residents only think along about the heat network once their housing costs "
            f"are clear [@R{lesson.pk}].")})
    workflow.submit_for_review(version, by=rob)
    return {"product": product, "lesson": lesson}


def test_publish_then_find_it_and_follow_a_citation_to_its_record(live_server, page, product_in_review):
    from playwright.sync_api import expect

    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()

    # Carla, the coordinator, opens the product in review from the editorial pages and publishes it.
    browser_log_in(page, live_server, "carla@example.org")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Knowledge products").click()
    page.get_by_role("link", name="version 1").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Living Room Gas-Free Pendrecht"
    expect(page.locator(".version-line")).to_contain_text("in review")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".version-line")).to_contain_text("published")
    product = KnowledgeProduct.objects.get(slug="huiskamer-pendrecht")
    assert (product.published_version.number, product.published_version.status) == (1, VersionStatus.PUBLISHED)
    browser_log_out(page)

    # An anonymous visitor searches the knowledge base and finds it.
    page.goto(live_server.url + "/kennisbank/")
    page.get_by_role("search").get_by_role("searchbox").fill("zonneboiler")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    results = page.get_by_role("region", name="Knowledge products")
    results.get_by_role("link", name="Living Room Gas-Free Pendrecht").click()
    page.wait_for_url(re.compile(r"/kennisbank/producten/huiskamer-pendrecht/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Living Room Gas-Free Pendrecht"

    # The claim's citation leads to the numbered source, and the source to the record's public page.
    page.locator("a.citation").first.click()
    page.wait_for_url(re.compile(r"#bron-1$"))
    source = page.locator("#bron-1")
    assert LESSON in source.inner_text()
    source.get_by_role("link", name=LESSON).click()
    lesson = product_in_review["lesson"]
    page.wait_for_url(re.compile(rf"/kennisbank/bevindingen/{lesson.pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == LESSON
    assert violations == []
