"""The scan at gemeente level in Chromium, under axe-core: the map is a decorative picture (no links inside
``role="img"``, axe's nested-interactive, issue 14) and its areas are reachable as real links next to it."""

import pytest

from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations, describe
from testing.base import make_area
from testing.factories.scan import add_figures, make_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GEMEENTEN = (("GM0014", "Groningen"), ("GM0034", "Almere"), ("GM0037", "Stadskanaal"), ("GM0344", "Utrecht"),
             ("GM0599", "Rotterdam"))


@pytest.fixture
def gemeenten():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    run = make_run(2023)
    areas = [make_area(code, name, year=2023) for code, name in GEMEENTEN]
    # Both sides scored for every gemeente, so that the map is coloured by quadrant and the scatter is drawn.
    add_figures(run, "ET_HOOFDVERW_GAS", dict(zip(areas, [80, 60, 95, 70, 75], strict=True)))
    add_figures(run, "INK_SOCMIN", dict(zip(areas, [12, 8, 9, 10, 14], strict=True)), period="2021")
    add_figures(run, "INK_GEM", dict(zip(areas, [30, 35, 31, 33, 28], strict=True)), period="2021")
    add_figures(run, "ARB_NETTO", dict(zip(areas, [60, 70, 62, 68, 58], strict=True)), period="2021")
    add_figures(run, "GEZ_EENZ_ERN", dict(zip(areas, [14, 10, 12, 11, 15], strict=True)), period="2022")
    return areas


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_gemeente_scan_has_no_axe_violations_and_lists_the_map_areas(live_server, browser, gemeenten, language):
    context = browser.new_context(locale="nl-NL" if language == "nl" else "en-GB",
                                  viewport={"width": 1280, "height": 900})
    if language == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    url = "/scan/?niveau=gemeente&jaar=2023"
    try:
        response = page.goto(live_server.url + url)
        assert response.status == 200
        # The map really is drawn, with a link per scanned gemeente inside the picture, hidden from assistive tech.
        assert page.locator("svg.scan-map").get_attribute("aria-hidden") == "true"
        assert page.locator("svg.scan-map a").count() == len(GEMEENTEN)
        assert page.locator("svg.scan-scatter").count() == 1
        violations = axe_violations(page)
        assert not violations, describe("gemeente scan", language, url, violations)
        # The same gemeenten as real links in the list next to the map.
        page.locator("details.map-areas summary").click()
        names = page.locator("details.map-areas li a").all_inner_texts()
        assert names == sorted(name for _code, name in GEMEENTEN)
        page.locator("details.map-areas li a", has_text="Utrecht").click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Utrecht")
    finally:
        context.close()


def test_the_keyboard_never_lands_inside_the_pictures(live_server, page, gemeenten):
    page.goto(live_server.url + "/scan/?niveau=gemeente&jaar=2023")
    inside = []
    for _step in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('svg')"):
            inside.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    assert inside == []
