"""Key stems, DataProperties mapping, small helpers, records and the KWB table list."""

from __future__ import annotations

import pytest
from django.utils import translation

from dubbelslag.indicators.sources import common
from dubbelslag.indicators.sources.dataproperties import TableSchema, read_data_properties_csv
from dubbelslag.indicators.sources.long_format import parse_long_csv
from dubbelslag.indicators.sources.records import ObservationRecord, RowError
from dubbelslag.indicators.sources.tables import kwb_table_id, load_kwb_tables

from .conftest import DATA, load_json

# The messages asserted below are the English source texts (see conftest.english).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def schema_csv():
    return read_data_properties_csv((DATA / "85984NED_DataProperties_subset.csv").read_bytes())


@pytest.mark.parametrize(
    ("key", "stem"),
    [
        ("Woningvoorraad_35", "Woningvoorraad"),
        ("Woningvoorraad_34", "Woningvoorraad"),
        ("k_40HuishoudensMetLaagsteInkomen_87", "k_40HuishoudensMetLaagsteInkomen"),
        ("WijkenEnBuurten", "WijkenEnBuurten"),
    ],
)
def test_key_stem(key, stem):
    assert common.key_stem(key) == stem


def test_csv_and_json_dataproperties_give_the_same_schema(schema_csv):
    schema_json = TableSchema.from_rows(load_json("odata_85984NED_DataProperties.json")["value"])

    assert schema_json.topics == schema_csv.topics
    assert (schema_csv.geo_key, schema_csv.geo_title, schema_csv.time_key) == (
        "WijkenEnBuurten",
        "Wijken en buurten",
        None,
    )


def test_column_metadata_comes_from_the_real_dictionary(schema_csv):
    column = schema_csv.resolve_stem("Woningvoorraad")

    assert (column.key, column.title, column.unit, column.decimals, column.datatype, column.path) == (
        "Woningvoorraad_35",
        "Woningvoorraad",
        "aantal",
        0,
        "Long",
        ("Wonen en vastgoed",),
    )
    assert column.description.startswith("Het totale aantal woningen op 1 januari")


def test_a_stem_that_occurs_twice_must_be_qualified_with_a_group(schema_csv):
    with pytest.raises(LookupError) as excinfo:
        schema_csv.resolve_stem("Huurwoning")

    assert str(excinfo.value) == (
        "column 'Huurwoning' is ambiguous (Huurwoning_59, Huurwoning_67); ask for "
        "Gemiddelde elektriciteitslevering/Huurwoning or Gemiddeld aardgasverbruik/Huurwoning"
    )
    assert schema_csv.resolve_stem("Gemiddeld aardgasverbruik/Huurwoning").key == "Huurwoning_67"
    assert schema_csv.resolve_stem("energie/gemiddelde elektriciteitslevering/huurwoning").key == "Huurwoning_59"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Woningvoorraad_35", "Woningvoorraad_35"),
        ("Woningvoorraad", "Woningvoorraad_35"),
        ("Wonen en vastgoed/Woningvoorraad (aantal)", "Woningvoorraad_35"),
        ("Wijken en buurten", "WijkenEnBuurten"),
        ("Regioaanduiding/Codering (code)", "Codering_3"),
        ("Gemiddeld aardgasverbruik/Naar eigendom/Huurwoning (m³)", "Huurwoning_67"),
        ("Huurwoning", None),  # ambiguous without its group
        ("Woningvoorraad_34", None),  # another year's key is not this table's column
    ],
)
def test_resolve_header(schema_csv, header, key):
    assert schema_csv.resolve_header(header) == key


def test_dataproperties_csv_without_key_column_fails_loudly():
    with pytest.raises(ValueError, match="lacks columns: Key"):
        read_data_properties_csv("Type,Title\nTopic,Woningvoorraad\n")


@pytest.mark.parametrize(
    ("raw", "period"),
    [(2024, "2024"), (2024.0, "2024"), (" 2024 ", "2024"), ("2024JJ00", "2024"), ("2024KW01", "2024KW01")],
)
def test_normalise_period(raw, period):
    assert common.normalise_period(raw) == period


@pytest.mark.parametrize("raw", [True, "24", "2024-01-01", 2024.5])
def test_normalise_period_refuses(raw):
    with pytest.raises(ValueError, match="is not a year"):
        common.normalise_period(raw)


def test_normalise_period_refuses_a_missing_period_as_empty():
    with pytest.raises(ValueError, match="^period is empty$"):
        common.normalise_period(None)


def test_clean_area_code():
    assert common.clean_area_code("GM0014    ") == "GM0014"
    assert common.clean_area_code("bu00140000") == "BU00140000"
    for bad in ("Groningen", "GM", 14, None):
        with pytest.raises(ValueError):
            common.clean_area_code(bad)


def test_observation_record_refuses_values_that_contradict_the_status():
    ObservationRecord("GM0014", "Woningvoorraad_35", "Woningvoorraad", "2024", None, "suppressed")
    for value, status in ((None, "ok"), (0.0, "suppressed"), (124258, "ok"), (1.0, "secret")):
        with pytest.raises(ValueError):
            ObservationRecord("GM0014", "Woningvoorraad_35", "Woningvoorraad", "2024", value, status)


def test_row_error_text():
    assert str(RowError(3, "'veel' is not a number")) == "line 3: 'veel' is not a number"
    assert str(RowError(0, "the file is empty")) == "the file is empty"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["regel 2: '12a' is geen getal",
                "regel 3: gebiedscode 'Rotterdam' is geen CBS-code zoals GM0014, WK001400 of BU00140000"]),
        ("en", ["line 2: '12a' is not a number",
                "line 3: area code 'Rotterdam' is not a CBS code like GM0014, WK001400 or BU00140000"]),
    ],
)
def test_parser_messages_and_the_line_prefix_follow_the_active_language(language, expected):
    # Overrides the module's English: a report must be wholly in the language of the person who reads it.
    data = b"area_code,indicator_code,period,value\nGM0599,INK_LAAG,2024,12a\nRotterdam,INK_LAAG,2024,3\n"
    with translation.override(language):
        result = parse_long_csv(data)
        assert [str(error) for error in result.errors] == expected


def test_kwb_tables_per_year():
    assert {year: table.table_id for year, table in load_kwb_tables().items()} == {
        2019: "84583NED",
        2020: "84799NED",
        2021: "85039NED",
        2022: "85318NED",
        2023: "85618NED",
        2024: "85984NED",
        2025: "86165NED",
    }
    assert kwb_table_id(2024) == "85984NED"
    with pytest.raises(LookupError, match="no KWB table known for 2018"):
        kwb_table_id(2018)


def test_kwb_tables_file_with_a_duplicate_year_fails_loudly(tmp_path):
    path = tmp_path / "kwb_tables.csv"
    path.write_text("year,table_id,title\n2024,85984NED,a\n2024,86165NED,b\n", encoding="utf-8")

    with pytest.raises(ValueError, match="line 3: year 2024 occurs twice"):
        load_kwb_tables(path)
