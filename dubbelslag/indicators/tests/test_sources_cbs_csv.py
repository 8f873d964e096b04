"""CBS StatLine CSV parser, run on samples built from real KWB rows; see tests/data/SOURCE.md."""

from __future__ import annotations

import hashlib

import pytest

from dubbelslag.indicators.sources.cbs_csv import parse_cbs_csv
from dubbelslag.indicators.sources.dataproperties import read_data_properties_csv

from .conftest import DATA

# The messages asserted below are the English source texts (see conftest.english).
pytestmark = pytest.mark.usefixtures("english")

STEMS = ["AantalInwoners", "Bevolkingsdichtheid", "Woningvoorraad", "OppervlakteLand"]
SYMBOLEN = (DATA / "kwb_2024_symbolen.csv").read_bytes()
INKOMEN = (DATA / "kwb_gm_inkomen_2021_symbolen.csv").read_bytes()


@pytest.fixture(scope="module")
def schema_2024():
    return read_data_properties_csv((DATA / "85984NED_DataProperties_subset.csv").read_bytes())


def values(result):
    return {(r.area_code, r.column_key): (r.value, r.status, r.symbol) for r in result.records}


def test_symbols_csv_with_key_headers():
    result = parse_cbs_csv(SYMBOLEN, stems=STEMS, period=2024)

    assert result.errors == ()
    assert result.rows_read == 5
    parsed = values(result)
    # Real values of kwb_2024_gm_wk_basic.csv; "." where that file is empty (CBS null).
    assert parsed[("GM0014", "AantalInwoners_5")] == (243768.0, "ok", "")
    assert parsed[("WK001401", "Woningvoorraad_35")] == (11935.0, "ok", "")
    assert parsed[("WK003415", "Woningvoorraad_35")] == (0.0, "ok", "")
    assert {key for key, v in parsed.items() if v[1] != "ok"} == {
        ("WK003415", "Bevolkingsdichtheid_34"),
        ("WK030732", "Bevolkingsdichtheid_34"),
        ("WK030732", "Woningvoorraad_35"),
    }
    assert parsed[("WK030732", "Woningvoorraad_35")] == (None, "suppressed", ".")
    assert {r.area_code for r in result.records} == {"GM0014", "WK001400", "WK001401", "WK003415", "WK030732"}
    assert {r.key_stem for r in result.records} == set(STEMS)
    assert {r.period for r in result.records} == {"2024"}


def test_title_headers_mapped_through_dataproperties_and_decimal_commas(schema_2024):
    stems = ["GemGestandaardiseerdInkomenVanHuish", "HuishOnderOfRondSociaalMinimum"]

    result = parse_cbs_csv(INKOMEN, stems=stems, schema=schema_2024, period="2021")

    assert result.errors == ()
    # Real g_hh_sti_2021 / p_hh_osm_2021 values of gemeenten_2023.csv, written with a decimal comma.
    assert {key: v[0] for key, v in values(result).items()} == {
        ("GM0014", "GemGestandaardiseerdInkomenVanHuish_86"): 26.8,
        ("GM0014", "HuishOnderOfRondSociaalMinimum_90"): 11.0,
        ("GM0034", "GemGestandaardiseerdInkomenVanHuish_86"): 33.3,
        ("GM0034", "HuishOnderOfRondSociaalMinimum_90"): 6.4,
        ("GM0363", "GemGestandaardiseerdInkomenVanHuish_86"): 34.9,
        ("GM0363", "HuishOnderOfRondSociaalMinimum_90"): 12.4,
        ("GM0518", "GemGestandaardiseerdInkomenVanHuish_86"): 31.8,
        ("GM0518", "HuishOnderOfRondSociaalMinimum_90"): 11.6,
    }
    income = result.columns[0]
    assert (income.key, income.unit, income.decimals, income.datatype) == (
        "GemGestandaardiseerdInkomenVanHuish_86",
        "x 1 000 euro",
        1,
        "Double",
    )


def test_plain_variant_with_decimal_point_is_the_real_file_head():
    data = (DATA / "kwb_2024_gm_wk_basic_head.csv").read_bytes()

    result = parse_cbs_csv(
        data,
        stems=["Bevolkingsdichtheid", "Woningvoorraad"],
        period=2024,
        decimal=".",
        area_column="code",
        ignore_columns=["soort", "OppervlakteTotaal_122"],
        empty_status="suppressed",  # this export wrote CBS nulls as empty cells
    )

    assert result.errors == ()
    assert {key: v[:2] for key, v in values(result).items()} == {
        ("GM1680", "Bevolkingsdichtheid_34"): (94.0, "ok"),
        ("GM1680", "Woningvoorraad_35"): (11500.0, "ok"),
        ("WK168000", "Bevolkingsdichtheid_34"): (245.0, "ok"),
        ("WK168000", "Woningvoorraad_35"): (1663.0, "ok"),
        ("WK168001", "Bevolkingsdichtheid_34"): (82.0, "ok"),
        ("WK168001", "Woningvoorraad_35"): (602.0, "ok"),
        ("WK168002", "Bevolkingsdichtheid_34"): (48.0, "ok"),
        ("WK168002", "Woningvoorraad_35"): (169.0, "ok"),
        ("WK030732", "Bevolkingsdichtheid_34"): (None, "suppressed"),
        ("WK030732", "Woningvoorraad_35"): (None, "suppressed"),
    }


def test_malformed_numbers_are_row_errors_with_line_numbers_and_parsing_goes_on():
    # A thousands separator and a word, in the rows of GM0014 (line 2) and WK001401 (line 4).
    data = SYMBOLEN.replace(b'"243768"', b'"243.768"').replace(b'"11935"', b'"veel"')

    result = parse_cbs_csv(data, stems=STEMS, period=2024)

    assert [(e.line, e.message) for e in result.errors] == [
        (
            2,
            "GM0014: column AantalInwoners_5: '243.768' is not a number in this file's format "
            "(decimal comma, no thousands separator)",
        ),
        (4, "WK001401: column Woningvoorraad_35: 'veel' is not a number"),
    ]
    assert len(result.records) == 5 * 4 - 2
    assert result.rows_read == 5


def test_reading_a_decimal_comma_file_as_decimal_point_fails_loudly(schema_2024):
    stems = ["GemGestandaardiseerdInkomenVanHuish", "HuishOnderOfRondSociaalMinimum"]

    result = parse_cbs_csv(INKOMEN, stems=stems, schema=schema_2024, period="2021", decimal=".")

    assert len(result.errors) == 8
    assert result.errors[0].line == 2


def test_unknown_column_without_dataproperties():
    data = SYMBOLEN.replace(b'"Woningvoorraad_35"', b'"Woningvoorraad"')

    result = parse_cbs_csv(data, stems=STEMS, period=2024)

    assert result.records == ()
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "unknown column 'Woningvoorraad': not a CBS column key like Woningvoorraad_35"),
        (1, "column 'Woningvoorraad': expected one column with this key stem, found none"),
    ]


def test_unknown_title_with_dataproperties(schema_2024):
    data = INKOMEN.replace(b"Huish. onder of rond sociaal minimum", b"Huishoudens in armoede")

    result = parse_cbs_csv(data, stems=["GemGestandaardiseerdInkomenVanHuish"], schema=schema_2024, period=2021)

    assert [(e.line, e.message) for e in result.errors] == [
        (
            1,
            "unknown column 'Inkomen/Inkomen van huishoudens/Huishoudens in armoede (%)': "
            "not in the table's DataProperties",
        ),
    ]


def test_wrong_header_without_area_column():
    data = SYMBOLEN.replace(b'"WijkenEnBuurten"', b'"Gebied_1"')

    result = parse_cbs_csv(data, stems=STEMS, period=2024)

    assert [(e.line, e.message) for e in result.errors] == [(1, "no area column (expected WijkenEnBuurten or RegioS)")]


def test_empty_file_and_missing_period_and_stem_not_in_file():
    assert [e.message for e in parse_cbs_csv(b"", stems=STEMS, period=2024).errors] == [
        "the file is empty or has no header"
    ]
    assert [e.message for e in parse_cbs_csv(SYMBOLEN, stems=STEMS).errors] == [
        "no Perioden column; pass the period (the KWB table year)"
    ]
    assert [e.message for e in parse_cbs_csv(SYMBOLEN, stems=["Koopwoningen"], period=2024).errors] == [
        "column 'Koopwoningen': expected one column with this key stem, found none"
    ]


def test_cbs_symbols_and_padding():
    text = (
        '"WijkenEnBuurten";"Woningvoorraad_35"\r\n'
        '"GM0014    ";"       ."\r\n'
        '"WK001400  ";"x"\r\n'
        '"WK001401  ";"?"\r\n'
        '"WK001402  ";"-"\r\n'
        '"WK001403  ";""\r\n'
        '"WK001404  ";"-99997"\r\n'
    )

    result = parse_cbs_csv(text, stems=["Woningvoorraad"], period=2024)

    assert result.errors == ()
    assert [(r.area_code, r.value, r.status, r.symbol) for r in result.records] == [
        ("GM0014", None, "suppressed", "."),
        ("WK001400", None, "suppressed", "x"),
        ("WK001401", None, "suppressed", "?"),
        ("WK001402", None, "unknown", "-"),
        ("WK001403", None, "unknown", ""),
        ("WK001404", None, "suppressed", "-99997"),
    ]


def test_field_count_bad_code_duplicates_and_broken_quoting_are_row_errors():
    text = (
        '"WijkenEnBuurten";"Woningvoorraad_35"\n'
        '"GM0014    ";"124258"\n'
        '"GM0014    ";"124258";"1"\n'
        '"Groningen";"124258"\n'
        '"GM0014    ";"124258"\n'
        '"WK001400  ";"13809\n'
    )

    result = parse_cbs_csv(text, stems=["Woningvoorraad"], period=2024)

    assert [(e.line, e.message) for e in result.errors] == [
        (3, "the row has 3 fields where the header has 2: a ; inside a value? Put that value between double quotes"),
        (4, "area code 'Groningen' is not a CBS code like GM0014, WK001400 or BU00140000"),
        (5, "GM0014 Woningvoorraad_35 2024 occurs twice"),
        (6, 'the quotes on this line do not pair up: a value that starts with " must end with ", and a " inside a '
            'value is written twice ("")'),
    ]
    assert [(r.area_code, r.value) for r in result.records] == [("GM0014", 124258.0)]


def test_non_utf8_input_is_an_error_not_an_exception():
    result = parse_cbs_csv('"WijkenEnBuurten";"Bevolkingsdichtheid_34 per km²"'.encode("cp1252"), stems=STEMS)

    assert [(e.line, e.fatal) for e in result.errors] == [(1, True)]
    assert "not UTF-8 text" in result.errors[0].message


def test_checksum_is_sha256_of_the_raw_bytes_and_stable():
    first = parse_cbs_csv(SYMBOLEN, stems=STEMS, period=2024)
    again = parse_cbs_csv(bytes(SYMBOLEN), stems=STEMS, period=2024)
    changed = parse_cbs_csv(SYMBOLEN.replace(b'"18553"', b'"18554"'), stems=STEMS, period=2024)

    assert first.checksum == again.checksum == hashlib.sha256(SYMBOLEN).hexdigest()
    assert changed.checksum != first.checksum
