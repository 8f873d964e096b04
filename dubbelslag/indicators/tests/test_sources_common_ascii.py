"""The shared helpers read ASCII digits only (Python's \\d, int(), float() and str.isdigit() take any Unicode digit)
and the CBS CSV and OData parsers apply the same rules: other digits refused by name, NL read as NL00."""

from __future__ import annotations

import pytest

from dubbelslag.indicators.sources import common
from dubbelslag.indicators.sources.cbs_csv import parse_cbs_csv
from dubbelslag.indicators.sources.cbs_odata import parse_odata

from .conftest import load_json

# The messages asserted below are the English source texts (see conftest.english).
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize("decimal", [",", ".", "auto"])
@pytest.mark.parametrize("text", ["１２", "1٢", "١٫٥", "12\u00a0345", "−5", "5\u200b"])
def test_parse_decimal_text_refuses_every_non_ascii_number(text, decimal):
    with pytest.raises(ValueError, match=r"^value .* contains .*U\+[0-9A-F]{4}"):
        common.parse_decimal_text(text, decimal=decimal)


def test_parse_decimal_text_refuses_what_float_would_accept():
    for text in ("1_000", "1e3", "inf", "nan", " 12 5"):
        with pytest.raises(ValueError, match="is not a number"):
            common.parse_decimal_text(text, decimal="auto")
    assert common.parse_decimal_text(" -12,5 ", decimal=",") == -12.5


def test_number_from_json_refuses_other_digits_in_text():
    with pytest.raises(ValueError, match="a digit of another script"):
        common.number_from_json("１２")
    assert common.number_from_json(12) == 12.0


def test_clean_area_code_reads_ascii_codes_and_the_netherlands():
    assert common.clean_area_code(" gm0599 ") == "GM0599"
    assert [common.clean_area_code(code) for code in ("NL", "nl", "NL00", "NL00    ")] == ["NL00"] * 4
    with pytest.raises(ValueError, match=r"^area code 'GM٠٥٩٩' contains '٠' \(U\+0660\), a digit of another script"):
        common.clean_area_code("GM٠٥٩٩")
    with pytest.raises(ValueError, match=r"^area code 'ＧM0599' contains 'Ｇ' \(U\+FF27\)"):
        common.clean_area_code("ＧM0599")
    for empty in (None, "", "   "):
        with pytest.raises(ValueError, match="^area code is empty$"):
            common.clean_area_code(empty)
    with pytest.raises(ValueError, match="is not a CBS code"):
        common.clean_area_code("NL0")


def test_normalise_period_reads_ascii_digits_only():
    assert common.normalise_period("2024jj00") == "2024"
    assert common.normalise_period("2024mm03") == "2024MM03"
    for period in ("２０２４", "٢٠٢٤", "2024KW０1"):
        with pytest.raises(ValueError, match="a digit of another script"):
            common.normalise_period(period)
    with pytest.raises(ValueError, match="between 1900 and 2100"):
        common.normalise_period(1850)


def test_key_stem_strips_only_an_ascii_suffix():
    assert common.key_stem("Woningvoorraad_35") == "Woningvoorraad"
    assert common.key_stem("Woningvoorraad_٣٥") == "Woningvoorraad_٣٥"


def test_cbs_csv_rows_apply_the_same_rules():
    text = (
        '"WijkenEnBuurten";"Perioden";"Woningvoorraad_35"\n'
        '"NL00      ";"2024JJ00";"8100000"\n'
        '"GM0014    ";"2024JJ00";"１２"\n'
        '"GM0034    ";"٢٠٢٤JJ00";"12"\n'
        '"GM0307    ";"2024JJ00";"12"\n'
    )

    result = parse_cbs_csv(text, stems=["Woningvoorraad"])

    assert [(e.line, e.message) for e in result.errors] == [
        (3, "GM0014: column Woningvoorraad_35: value '１２' contains '１' (U+FF11), a digit of another script; type "
            "the digits 0-9"),
        (4, "period '٢٠٢٤JJ00' contains '٢' (U+0662), a digit of another script; type the digits 0-9"),
    ]
    # The national row is read as NL00; the import service skips it.
    assert [(r.area_code, r.period, r.value) for r in result.records] == [("NL00", "2024", 8100000.0),
                                                                           ("GM0307", "2024", 12.0)]


def test_cbs_csv_decimal_comma_in_a_comma_file_is_a_field_count_error():
    text = "WijkenEnBuurten,Woningvoorraad_35\nGM0014,12,5\nGM0034,13\n"

    result = parse_cbs_csv(text, stems=["Woningvoorraad"], period=2024, decimal=".")

    assert [(e.line, e.message) for e in result.errors] == [
        (2, "the row has 3 fields where the header has 2: a decimal comma in a comma-separated file? Separate the "
            "columns with ; or write a decimal point (12.5)"),
    ]
    assert [(r.area_code, r.value) for r in result.records] == [("GM0034", 13.0)]


def test_odata_rows_apply_the_same_rules():
    properties = load_json("odata_85984NED_DataProperties.json")["value"]
    page = {"value": [
        {"WijkenEnBuurten": "NL00      ", "Woningvoorraad_35": 8100000},
        {"WijkenEnBuurten": "GM0014    ", "Woningvoorraad_35": "１２"},
        {"WijkenEnBuurten": "GM٠٠٣٤    ", "Woningvoorraad_35": 12},
        {"WijkenEnBuurten": "GM0307    ", "Woningvoorraad_35": 12},
    ]}

    result = parse_odata(properties, [page], stems=["Woningvoorraad"], period="2024")

    assert [(e.line, e.message) for e in result.errors] == [
        (2, "GM0014: column Woningvoorraad_35: value '１２' contains '１' (U+FF11), a digit of another script; type "
            "the digits 0-9"),
        (3, "area code 'GM٠٠٣٤' contains '٠' (U+0660), a digit of another script; type the digits 0-9"),
    ]
    assert [(r.area_code, r.value) for r in result.records] == [("NL00", 8100000.0), ("GM0307", 12.0)]
