"""End to end in Chromium, the issue's "done when": a coordinator uploads a photograph with GPS tags, gives its alt
text, credit and consent, places it as a product's cover and in a section, publishes; an anonymous visitor sees it
on the product page (with srcset and the credit), in the list, the feed and the PDF, and the served file carries no
metadata. axe finds no WCAG 2.1 A/AA violation on the library, upload and product pages; no page breaks the CSP."""

import io
import re

import pytest

from dubbelslag.images.models import Image
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations
from dubbelslag.publications.enums import ProductType, SectionKey, VersionStatus
from dubbelslag.publications.models import KnowledgeProduct
from dubbelslag.publications.services import workflow
from testing.base import browser_log_in, browser_log_out, make_area, make_experiment, make_programme, make_user
from testing.factories.images import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def draft(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    rotterdam = make_area("GM0599", "Rotterdam")
    programme = make_programme()
    make_experiment(programme=programme, gemeente=rotterdam, title="Huiskamer Aardgasvrij Pendrecht", is_public=True)
    carla = make_user("carla@example.org", name="Carla Coördinator")
    Membership.objects.create(user=carla, programme=programme, role=MembershipRole.COORDINATOR)
    product = workflow.create_product(
        programme=programme, product_type=ProductType.BEST_PRACTICE, slug="huiskamer-pendrecht",
        title_nl="Huiskamer Aardgasvrij Pendrecht", title_en="Living Room Gas-Free Pendrecht",
        authors="Carla Coördinator (Hogeschool)", by=carla, lead_nl="Een huiskamer als energieloket.",
        lead_en="A living room as energy desk.")
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_gps())
    return {"product": product, "carla": carla, "photo": photo}


def test_upload_place_publish_and_see_it_in_public(live_server, page, draft):
    from PIL import Image as PillowImage
    from playwright.sync_api import expect
    from pypdf import PdfReader

    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` at the repository root")
    violations, csp = [], []
    page.on("console", lambda message: csp.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    browser_log_in(page, live_server, "carla@example.org")

    # Carla uploads the photograph to the library with its alt text, credit, licence and consent.
    page.goto(live_server.url + "/afbeeldingen/")
    violations += axe_violations(page)
    page.get_by_role("link", name="Upload an image").click()
    page.locator("input[type=file]").set_input_files(str(draft["photo"]))
    page.get_by_label("Alternative text (Dutch)").fill("Bewoners bekijken een warmtepomp in de huiskamer")
    page.get_by_label("Alternative text (English)").fill("Residents look at a heat pump in the living room")
    page.get_by_label("Photographer or source").fill("Foto: Anna de Vries")
    page.get_by_label("Licence").select_option("cc-by-4.0")
    page.get_by_label("People can be recognised in this image").check()
    page.get_by_label("Consent of the people shown").select_option("written")
    violations += axe_violations(page)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".image-preview img")).to_be_visible()
    violations += axe_violations(page)
    image = Image.objects.get()
    assert (image.credit, image.consent, image.recognisable_people) == ("Foto: Anna de Vries", "written", True)

    # She places it as the cover, puts [[afbeelding 1]] in a section, and publishes.
    product = draft["product"]
    page.goto(live_server.url + f"/kennisproducten/{product.slug}/versie/1/afbeeldingen/")
    page.get_by_label("Use as the cover").check()
    page.get_by_role("button", name="Place image").click()
    expect(page.locator(".image-preview img")).to_be_visible()
    version = product.versions.get()
    version = workflow.update_version(version, by=draft["carla"], expected_edit_version=version.edit_version,
                                      sections={SectionKey.WHAT_WORKED: ("De huiskamer:\n\n[[afbeelding 1]]", "")})
    workflow.submit_for_review(version, by=draft["carla"])
    page.goto(live_server.url + f"/kennisproducten/{product.slug}/versie/1/")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".version-line")).to_contain_text("published")
    assert KnowledgeProduct.objects.get(pk=product.pk).published_version.status == VersionStatus.PUBLISHED
    browser_log_out(page)

    # An anonymous visitor: the product page, with srcset, lazy loading and the credit.
    page.goto(live_server.url + f"/kennisbank/producten/{product.slug}/")
    placed = page.locator("#afbeelding-1 img")
    expect(placed).to_have_attribute("srcset", re.compile(r"w320\.jpg 320w, .+w1280\.jpg 1280w"))
    expect(placed).to_have_attribute("loading", "lazy")
    expect(placed).to_have_attribute("alt", "Residents look at a heat pump in the living room")
    expect(page.locator("#afbeelding-1 .image-credit")).to_contain_text("Foto: Anna de Vries")
    placed.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=placed.element_handle())
    violations += axe_violations(page)
    served = page.request.get(live_server.url + placed.get_attribute("src"))
    assert served.status == 200
    data = served.body()
    assert b"Exif" not in data and b"CAMERA-SERIAL" not in data
    assert dict(PillowImage.open(io.BytesIO(data)).getexif()) == {}

    # The list, the feed and the PDF.
    page.goto(live_server.url + "/kennisbank/producten/")
    expect(page.locator(".image-thumbnail img")).to_have_count(1)
    expect(page.locator(".image-thumbnail")).to_contain_text("Foto: Anna de Vries")
    violations += axe_violations(page)
    feed = page.request.get(live_server.url + "/kennisbank/feed.atom").text()
    assert re.search(r'<link[^>]+rel="enclosure"', feed)
    pdf = page.request.get(live_server.url + f"/kennisbank/producten/{product.slug}/pdf/")
    assert pdf.status == 200
    reader = PdfReader(io.BytesIO(pdf.body()))
    assert any(page_.images for page_ in reader.pages)
    assert "Foto: Anna de Vries" in "".join(page_.extract_text() for page_ in reader.pages)
    assert violations == [], violations
    assert csp == []
