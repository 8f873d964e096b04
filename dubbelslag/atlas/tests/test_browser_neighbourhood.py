"""End to end, as a visitor from another municipality: find a buurt from the home page, read its profile with the
koppelkansen it suggests, and go on to the scan of its gemeente. Real figures: the shipped main-heating file, for the
buurten of Pendrecht's wijk in the 2021 boundaries."""

import csv

import pytest
from django.utils import timezone

from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.indicators.sources.open_data import OPEN_DATA
from testing.base import make_area

# serialized_rollback: the indicator catalogue and the koppelkansen are seeded by migrations, and a transactional
# test's flush would otherwise leave them empty for the tests after it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEATING = OPEN_DATA / "cbs_hoofdverwarming_buurt" / "hoofdverwarming_buurt.csv"
COLUMNS = {"ET_HOOFDVERW_GAS": "won_hfdverw_gas", "ET_HOOFDVERW_BLOK": "won_hfdverw_blkvw"}


@pytest.fixture
def charlois_2021():
    rotterdam = make_area("GM0599", "Rotterdam", year=2021)
    wijk = make_area("WK059915", "Charlois", parent=rotterdam, year=2021)
    run = ImportRun.objects.create(source="bundled", table_id="85337NED", file_name=HEATING.name,
                                   boundary_year=2021, retrieved_at=timezone.now())
    indicators = {code: Indicator.objects.get(code=code) for code in COLUMNS}
    with HEATING.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["wijkcode"] == "WK059915"]
    for row in rows:
        buurt = make_area(row["buurtcode"], row["buurtnaam"], parent=wijk, year=2021)
        for code, column in COLUMNS.items():
            Observation.objects.create(area=buurt, indicator=indicators[code], period="2021",
                                       value=round(float(row[column]) * 100, 6), import_run=run)
    return {row["buurtnaam"]: row for row in rows}


def test_visitor_finds_a_buurt_its_koppelkansen_and_its_gemeentes_scan(live_server, page, charlois_2021):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()

    page.get_by_label("Find a gemeente, wijk or buurt").fill("Zuiderpark")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Zuiderpark").first.click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Zuiderpark")
    assert page.get_by_text("Source: CBS", exact=False).first.is_visible()
    # The real figures of the 2021 heating file: 63% on gas, 49% block heating.
    main = page.locator("main")
    assert "63" in main.inner_text() and "49" in main.inner_text()
    # Block heating of 49% is at least the rule's 30%: the corporation-maintenance koppelkans, with its reason.
    suggestions = page.get_by_role("heading", name="Coupling opportunities to consider").locator("xpath=..")
    assert "K05" in suggestions.inner_text()
    assert "30" in suggestions.inner_text()

    page.get_by_role("link", name="Scan of Rotterdam").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dubbelslag scan"
    table = page.get_by_role("table").filter(has_text="Zuiderpark")
    assert table.count() == 1
    assert table.get_by_role("link", name="Pendrecht").is_visible()
    # Without buurt income figures the vulnerability side is not scored: the page says so once, ranks on the energy
    # side alone and shows the anonymous visitor no shell command (issue 14).
    assert page.get_by_text("Only the energy-transition task can be scored here").count() == 1
    assert "manage.py" not in page.content()
    assert table.get_by_text("not scored").count() == 0
    assert not [text for text in problems if "Content Security Policy" in text], problems
