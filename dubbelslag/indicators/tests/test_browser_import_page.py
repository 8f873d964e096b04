"""End to end, as the programme coordinator: import the held-out CBS willingness file (shared/data) through the
import page onto the 2022 boundaries — households as a count, one class column as a new categorical indicator made on
the page, the two others onto the seeded ones — and find the figures on Liessel's wijk profile. axe checks every
step of the page."""

import pytest

from dubbelslag.indicators.models import ImportRun, Indicator, Observation, StagedImport
from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations, describe
from testing.base import browser_log_in, make_user
from testing.shared_data import shared_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HELD_OUT = ("cbs_bereidheid_energietransitie_2021", "bereidheid_energietransitie_2021.csv")


@pytest.fixture
def coordinator():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    user = make_user("coordinator@example.org", is_superuser=True)
    return user


def check_axe(page, name):
    violations = axe_violations(page)
    assert not violations, describe(name, "en", page.url, violations)


def test_the_held_out_file_imports_through_the_page_and_shows_on_a_2022_wijk_profile(live_server, page,
                                                                                     coordinator):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    browser_log_in(page, live_server, coordinator.email)
    page.goto(live_server.url + "/indicatoren/importeren/")
    check_axe(page, "upload")
    page.get_by_label("File").set_input_files(str(shared_file(*HELD_OUT)))
    page.get_by_role("button", name="Upload and preview").click()

    # Preview: UTF-8, commas, the CBS dot, 10,944 rows.
    assert page.locator("[data-fact=encoding]").inner_text() == "UTF-8"
    assert page.locator("[data-fact=rows]").inner_text() == "10,944"
    assert "comma" in page.locator("[data-fact=delimiter]").inner_text()
    assert "." in page.locator("[data-fact=symbols]").inner_text()
    check_axe(page, "preview")
    page.get_by_role("link", name="Next: how to read the columns").click()

    # Mapping: regiocode and regionaam are guessed; the rest is chosen here.
    check_axe(page, "mapping")
    page.get_by_label("Boundary year (indeling)").select_option("2022")
    page.get_by_label("Period").fill("2021")
    page.locator("[name=c4_role]").select_option("dimension")
    page.locator("[name=c4_value]").select_option("Totaal")
    page.locator("[name=c5_role]").select_option("indicator")
    page.locator("[name=c5_indicator]").select_option("BEV_HUISHOUDENS")
    page.locator("[name=c6_role]").select_option("new")
    # Only the fields a role needs are shown: the new indicator's, not an existing one's or a dimension value.
    assert page.locator("[name=c6_code]").is_visible()
    assert not page.locator("[name=c6_indicator]").is_visible() and not page.locator("[name=c6_value]").is_visible()
    assert page.locator("[name=c4_value]").is_visible() and not page.locator("[name=c4_indicator]").is_visible()
    page.locator("[name=c6_code]").fill("BE_COMFORT_PAGINA")
    page.locator("[name=c6_name_nl]").fill("Comfort belangrijk, dus geïsoleerd")
    page.locator("[name=c6_name_en]").fill("Values comfort, so insulated")
    page.locator("[name=c6_domain]").select_option("energie")
    page.locator("[name=c6_value_type]").select_option("category")
    assert page.locator("[name=c6_classes]").input_value() == "Laag, Midden, Hoog"
    page.locator("[name=c6_source_note]").fill("CBS maatwerk voor VNG, 2023")
    page.locator("[name=c7_role]").select_option("indicator")
    page.locator("[name=c7_indicator]").select_option("BE_MILIEU_BETALEN")
    page.locator("[name=c8_role]").select_option("indicator")
    page.locator("[name=c8_indicator]").select_option("BE_WONING_ZUINIG")
    page.get_by_role("button", name="Next: dry run").click()

    # Dry run: the command's figures, nothing written.
    assert page.locator("[data-count=created]").inner_text() == "14,612"
    assert page.locator("[data-count=suppressed]").inner_text() == "4,855"
    assert "type_eigendom is not Totaal: 7,290" in page.locator("main").inner_text()
    assert not Observation.objects.exists() and not Indicator.objects.filter(code="BE_COMFORT_PAGINA").exists()
    check_axe(page, "dry run")
    page.get_by_role("button", name="Confirm and import").click()

    page.wait_for_url("**/indicatoren/importen/*/")
    run = ImportRun.objects.get()
    assert (run.boundary_year, run.rows_created, run.source) == (2022, 14612, "upload")
    assert "type_eigendom = Totaal" in page.locator("main").inner_text()
    assert not StagedImport.objects.exists()
    check_axe(page, "provenance")

    page.goto(live_server.url + "/gebieden/WK076202/?jaar=2022")
    main = page.locator("main").inner_text()
    assert "Liessel" in main
    assert "1,345" in main
    # The class of the new indicator is suppressed for Liessel; BE_WONING_ZUINIG is Midden, shown with its share.
    assert "Midden" in main and "%" in main
    assert not [text for text in problems if "Content Security Policy" in text], problems
