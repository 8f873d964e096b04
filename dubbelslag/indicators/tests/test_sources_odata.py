"""CBS OData client and parser, run on captured pages of 85984NED (KWB 2024); see tests/data/SOURCE.md."""

from __future__ import annotations

import copy
import urllib.request

import pytest

from dubbelslag.indicators.sources.cbs_odata import (
    DEFAULT_BASE_URL,
    CbsODataClient,
    CbsODataError,
    _HttpsOnlyRedirectHandler,
    fetch_json_https,
    parse_odata,
)
from dubbelslag.indicators.sources.dataproperties import TableSchema

from .conftest import BASE, DP_URL, PAGE1_URL, PAGE2_URL, FakeFetcher, load_json

# The messages asserted below are the English source texts (see conftest.english).
pytestmark = pytest.mark.usefixtures("english")

STEMS = ["AantalInwoners", "Bevolkingsdichtheid", "Woningvoorraad", "OppervlakteLand"]

# The real values of these rows in kwb_2024_gm_wk_basic.csv (None where the file is empty, i.e. CBS null).
EXPECTED_2024 = {
    ("GM0014", "AantalInwoners_5"): 243768.0,
    ("GM0014", "Bevolkingsdichtheid_34"): 1314.0,
    ("GM0014", "Woningvoorraad_35"): 124258.0,
    ("GM0014", "OppervlakteLand_123"): 18553.0,
    ("WK001400", "AantalInwoners_5"): 24920.0,
    ("WK001400", "Bevolkingsdichtheid_34"): 10907.0,
    ("WK001400", "Woningvoorraad_35"): 13809.0,
    ("WK001400", "OppervlakteLand_123"): 228.0,
    ("WK001401", "AantalInwoners_5"): 22200.0,
    ("WK001401", "Bevolkingsdichtheid_34"): 5461.0,
    ("WK001401", "Woningvoorraad_35"): 11935.0,
    ("WK001401", "OppervlakteLand_123"): 406.0,
    ("WK003415", "AantalInwoners_5"): 0.0,
    ("WK003415", "Bevolkingsdichtheid_34"): None,
    ("WK003415", "Woningvoorraad_35"): 0.0,
    ("WK003415", "OppervlakteLand_123"): 260.0,
    ("WK030732", "AantalInwoners_5"): 0.0,
    ("WK030732", "Bevolkingsdichtheid_34"): None,
    ("WK030732", "Woningvoorraad_35"): None,
    ("WK030732", "OppervlakteLand_123"): 126.0,
}


def by_area_and_key(result):
    return {(r.area_code, r.column_key): r for r in result.records}


def test_fetch_observations_follows_next_link_across_two_pages(kwb_2024_fetcher):
    client = CbsODataClient(fetch_json=kwb_2024_fetcher)

    result = client.fetch_observations("85984NED", stems=STEMS, period="2024")

    assert result.errors == ()
    assert kwb_2024_fetcher.calls == [DP_URL, PAGE1_URL, PAGE2_URL]
    assert result.rows_read == 5
    assert {key: record.value for key, record in by_area_and_key(result).items()} == EXPECTED_2024
    assert {r.period for r in result.records} == {"2024"}
    assert [c.key for c in result.columns] == [
        "AantalInwoners_5",
        "Bevolkingsdichtheid_34",
        "Woningvoorraad_35",
        "OppervlakteLand_123",
    ]


def test_records_carry_stem_and_key_and_stripped_codes(kwb_2024_fetcher):
    result = CbsODataClient(fetch_json=kwb_2024_fetcher).fetch_observations("85984NED", stems=STEMS, period="2024")

    record = by_area_and_key(result)[("WK001400", "Woningvoorraad_35")]
    assert (record.area_code, record.column_key, record.key_stem) == (
        "WK001400",
        "Woningvoorraad_35",
        "Woningvoorraad",
    )
    # The pages hold 'GM0014    ' and 'WK001400  ', as CBS serves them.
    assert load_json("odata_85984NED_TypedDataSet_page1.json")["value"][0]["WijkenEnBuurten"] == "GM0014    "
    assert {r.area_code for r in result.records} == {"GM0014", "WK001400", "WK001401", "WK003415", "WK030732"}


def test_null_is_suppressed_and_a_real_zero_stays_zero(kwb_2024_fetcher):
    records = by_area_and_key(
        CbsODataClient(fetch_json=kwb_2024_fetcher).fetch_observations("85984NED", stems=STEMS, period="2024")
    )

    suppressed = records[("WK030732", "Woningvoorraad_35")]
    assert (suppressed.value, suppressed.status) == (None, "suppressed")
    zero = records[("WK003415", "Woningvoorraad_35")]
    assert (zero.value, zero.status) == (0.0, "ok")
    assert {key for key, r in records.items() if r.status == "suppressed"} == {
        ("WK003415", "Bevolkingsdichtheid_34"),
        ("WK030732", "Bevolkingsdichtheid_34"),
        ("WK030732", "Woningvoorraad_35"),
    }


def test_numbers_become_floats(kwb_2024_fetcher):
    result = CbsODataClient(fetch_json=kwb_2024_fetcher).fetch_observations("85984NED", stems=STEMS, period="2024")

    assert {type(r.value) for r in result.records if r.status == "ok"} == {float}
    assert result.status_counts() == {"ok": 17, "suppressed": 3, "unknown": 0}


def test_top_skip_paging_when_the_server_gives_no_next_link():
    page1 = load_json("odata_85984NED_TypedDataSet_page1.json")
    del page1["odata.nextLink"]
    first = f"{PAGE1_URL}&$top=3"
    fetcher = FakeFetcher(
        {
            DP_URL: load_json("odata_85984NED_DataProperties.json"),
            first: page1,
            f"{first}&$skip=3": load_json("odata_85984NED_TypedDataSet_page2.json"),
        }
    )

    result = CbsODataClient(fetch_json=fetcher, page_size=3).fetch_observations("85984NED", stems=STEMS, period=2024)

    assert result.errors == ()
    assert fetcher.calls == [DP_URL, first, f"{first}&$skip=3"]
    assert {key: r.value for key, r in by_area_and_key(result).items()} == EXPECTED_2024


def test_same_stem_maps_to_each_tables_own_suffix():
    properties_2023 = load_json("odata_2023style_DataProperties.json")["value"]
    page_2023 = load_json("odata_2023style_TypedDataSet.json")

    result = parse_odata(properties_2023, [page_2023], stems=["AantalInwoners", "Koopwoningen"], period="2023")

    assert result.errors == ()
    # Real 2023 values from gemeenten_2023.csv (a_inw, p_koopw).
    assert {(r.area_code, r.column_key, r.key_stem): r.value for r in result.records} == {
        ("GM0014", "AantalInwoners_5", "AantalInwoners"): 238147.0,
        ("GM0014", "Koopwoningen_40", "Koopwoningen"): 40.0,
        ("GM0034", "AantalInwoners_5", "AantalInwoners"): 222825.0,
        ("GM0034", "Koopwoningen_40", "Koopwoningen"): 63.0,
        ("GM0363", "AantalInwoners_5", "AantalInwoners"): 918117.0,
        ("GM0363", "Koopwoningen_40", "Koopwoningen"): 30.0,
    }
    schema_2024 = TableSchema.from_rows(load_json("odata_85984NED_DataProperties.json")["value"])
    assert schema_2024.resolve_stem("Koopwoningen").key == "Koopwoningen_47"


def test_unknown_stem_is_a_table_error_and_no_data_page_is_fetched(kwb_2024_fetcher):
    result = CbsODataClient(fetch_json=kwb_2024_fetcher).fetch_observations(
        "85984NED", stems=["Woningvoorraad", "Bestaatniet"], period="2024"
    )

    assert result.records == ()
    assert [(e.line, e.message) for e in result.errors] == [(0, "column 'Bestaatniet' is not in this table")]
    assert kwb_2024_fetcher.calls == [DP_URL]


def test_text_columns_and_ambiguous_stems_are_refused():
    properties = load_json("odata_85984NED_DataProperties.json")["value"]

    result = parse_odata(properties, [], stems=["Gemeentenaam", "Huurwoning"], period="2024")

    messages = [e.message for e in result.errors]
    assert messages[0] == "column 'Gemeentenaam' (Gemeentenaam_1) holds String data, not numbers"
    assert "Huurwoning_59, Huurwoning_67" in messages[1]
    assert "Gemiddeld aardgasverbruik/Huurwoning" in messages[1]


def test_kwb_table_without_period_argument_is_an_error():
    properties = load_json("odata_85984NED_DataProperties.json")["value"]

    result = parse_odata(properties, [load_json("odata_85984NED_TypedDataSet_page2.json")], stems=["Woningvoorraad"])

    assert [e.line for e in result.errors] == [0]
    assert "pass the period" in result.errors[0].message


def test_bad_rows_become_row_errors_with_their_position_across_pages():
    page1 = load_json("odata_85984NED_TypedDataSet_page1.json")
    page2 = copy.deepcopy(load_json("odata_85984NED_TypedDataSet_page2.json"))
    page2["value"][0]["Woningvoorraad_35"] = "veel"
    page2["value"][1]["WijkenEnBuurten"] = "Buitenland"
    properties = load_json("odata_85984NED_DataProperties.json")["value"]

    result = parse_odata(properties, [page1, page2], stems=["Woningvoorraad"], period="2024")

    assert [(e.line, e.message) for e in result.errors] == [
        (4, "WK003415: column Woningvoorraad_35: 'veel' is not a number"),
        (5, "area code 'Buitenland' is not a CBS code like GM0014, WK001400 or BU00140000"),
    ]
    assert {r.area_code for r in result.records} == {"GM0014", "WK001400", "WK001401"}
    assert result.rows_read == 5


def test_checksum_is_stable_for_identical_content_and_changes_with_it():
    properties = load_json("odata_85984NED_DataProperties.json")["value"]
    pages = [load_json("odata_85984NED_TypedDataSet_page1.json"), load_json("odata_85984NED_TypedDataSet_page2.json")]
    changed = copy.deepcopy(pages)
    changed[1]["value"][0]["OppervlakteLand_123"] = 261

    first = parse_odata(properties, pages, stems=STEMS, period="2024")
    again = parse_odata(properties, copy.deepcopy(pages), stems=STEMS, period="2024")
    other = parse_odata(properties, changed, stems=STEMS, period="2024")

    assert len(first.checksum) == 64
    assert first.checksum == again.checksum
    assert other.checksum != first.checksum


def test_next_link_to_another_host_is_refused():
    page1 = load_json("odata_85984NED_TypedDataSet_page1.json")
    page1["odata.nextLink"] = "https://elders.example/odata/85984NED/TypedDataSet?$skip=3"
    client = CbsODataClient(fetch_json=FakeFetcher({PAGE1_URL: page1}))

    with pytest.raises(CbsODataError, match="another host"):
        list(client.iter_pages("85984NED", select=SELECT_LIST))


SELECT_LIST = [
    "WijkenEnBuurten",
    "AantalInwoners_5",
    "Bevolkingsdichtheid_34",
    "Woningvoorraad_35",
    "OppervlakteLand_123",
]


def test_paging_stops_after_max_pages():
    looping = load_json("odata_85984NED_TypedDataSet_page1.json")
    looping["odata.nextLink"] = PAGE1_URL
    client = CbsODataClient(fetch_json=FakeFetcher({PAGE1_URL: looping}), max_pages=3)

    with pytest.raises(CbsODataError, match="stopped after 3 pages"):
        list(client.iter_pages("85984NED", select=SELECT_LIST))


def test_filter_and_configurable_base_url_end_up_in_the_request():
    mirror = "https://mirror.example.org/ODataApi/odata"
    url = f"{mirror}/85984NED/TypedDataSet?$format=json&$filter=substringof('GM0014',WijkenEnBuurten)"
    fetcher = FakeFetcher({url: {"value": []}})

    pages = list(
        CbsODataClient(fetch_json=fetcher, base_url=mirror).iter_pages(
            "85984NED", filter_expr="substringof('GM0014',WijkenEnBuurten)"
        )
    )

    assert pages == [{"value": []}]
    assert fetcher.calls == [url]


def test_a_response_without_value_list_is_an_error():
    client = CbsODataClient(fetch_json=FakeFetcher({DP_URL: {"odata.error": {"message": "Not found"}}}))

    with pytest.raises(CbsODataError, match="'value' list"):
        client.data_properties("85984NED")


def test_table_ids_are_checked_before_building_a_url():
    with pytest.raises(ValueError, match="not a CBS table id"):
        CbsODataClient(fetch_json=FakeFetcher({})).url("85984NED/../x", "TypedDataSet")


def test_default_client_uses_real_https_fetcher_and_cbs_base_url():
    client = CbsODataClient()

    assert client.fetch_json is fetch_json_https
    assert client.base_url == DEFAULT_BASE_URL == BASE


def test_real_fetcher_refuses_plain_http_before_any_io():
    with pytest.raises(CbsODataError, match="only https"):
        fetch_json_https("http://opendata.cbs.nl/ODataApi/odata/85984NED/DataProperties")


def test_redirects_to_plain_http_are_refused():
    request = urllib.request.Request("https://opendata.cbs.nl/ODataApi/odata/85984NED/DataProperties")

    with pytest.raises(CbsODataError, match="non-https"):
        _HttpsOnlyRedirectHandler().redirect_request(request, None, 302, "Found", {}, "http://opendata.cbs.nl/x")
