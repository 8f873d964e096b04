"""Long-format uploads (CSV and XLSX); values come from the real KWB files, see tests/data/SOURCE.md."""

from __future__ import annotations

import hashlib
import io

import openpyxl
import pytest

from dubbelslag.indicators.sources.long_format import parse_long_csv, parse_long_format, parse_long_xlsx

from .conftest import DATA

# The messages asserted below are the English source texts (see conftest.english).
pytestmark = pytest.mark.usefixtures("english")

LONG_NL = (DATA / "long_format_nl.csv").read_bytes()


def xlsx(rows) -> bytes:
    """A workbook with one sheet holding ``rows``, as a user would save it from Excel."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Waarden"
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def observed(result):
    return {(r.area_code, r.column_key, r.period): (r.value, r.status) for r in result.records}


def test_dutch_headers_decimal_comma_and_suppressed_symbol():
    result = parse_long_csv(LONG_NL)

    assert result.errors == ()
    assert result.rows_read == 5
    assert observed(result) == {
        ("GM0014", "INK_GEM", "2021"): (26.8, "ok"),
        ("GM0014", "INK_SOCMIN", "2021"): (11.0, "ok"),
        ("GM0034", "INK_GEM", "2021"): (33.3, "ok"),
        ("WK001400", "Woningvoorraad", "2024"): (13809.0, "ok"),
        ("WK003415", "Bevolkingsdichtheid", "2024"): (None, "suppressed"),
    }
    assert {r.key_stem for r in result.records} == {r.column_key for r in result.records}


def test_xlsx_with_english_headers_numbers_and_text_cells():
    data = xlsx(
        [
            ("Area_Code", "Indicator_Code", "Period", "Value", None),
            ("GM0014", "INK_GEM", 2021, 26.8, None),
            ("GM0034", "INK_SOCMIN", "2021JJ00", "6,4", None),
            ("WK001400  ", "Woningvoorraad", 2024, 13809, None),
            (None, None, None, None, None),
            ("GM0363", "INK_GEM", 2021, "x", None),
        ]
    )

    result = parse_long_format(data)

    assert result.errors == ()
    assert observed(result) == {
        ("GM0014", "INK_GEM", "2021"): (26.8, "ok"),
        ("GM0034", "INK_SOCMIN", "2021"): (6.4, "ok"),
        ("WK001400", "Woningvoorraad", "2024"): (13809.0, "ok"),
        ("GM0363", "INK_GEM", "2021"): (None, "suppressed"),
    }
    assert {type(r.value) for r in result.records if r.status == "ok"} == {float}
    assert result.rows_read == 4


def test_xlsx_row_errors_name_the_sheet_row_and_every_problem():
    data = xlsx(
        [
            ("gebiedscode", "indicatorcode", "periode", "waarde"),
            ("GM0014", "INK_GEM", 2021, None),
            ("Groningen", "INK_GEM", "vorig jaar", 26.8),
            ("GM0014", "", 2021, "1.234,5"),
            ("GM0034", "INK_GEM", 2021, 33.3),
            ("GM0034", "INK_GEM", 2021, 33.3),
        ]
    )

    result = parse_long_xlsx(data)

    assert [(e.line, e.message) for e in result.errors] == [
        (2, "value is empty; write '.' for a value that is secret or suppressed"),
        (3, "area code 'Groningen' is not a CBS code like GM0014, WK001400 or BU00140000"),
        (3, "period 'vorig jaar' is not a year like 2024 or a CBS period code like 2024JJ00"),
        (4, "indicator code is empty"),
        (4, "'1.234,5' is not a number (use one decimal separator and no thousands separator)"),
        (6, "GM0034 INK_GEM 2021 also occurs on line 5"),
    ]
    assert observed(result) == {("GM0034", "INK_GEM", "2021"): (33.3, "ok")}


def test_csv_row_errors_carry_line_numbers():
    data = LONG_NL + b"GM0014;INK_GEM;2021;hoog\nGM0014;INK_GEM;2021;27,0\n"

    result = parse_long_csv(data)

    assert [(e.line, e.message) for e in result.errors] == [
        (7, "'hoog' is not a number"),
        (8, "GM0014 INK_GEM 2021 also occurs on line 2"),
    ]


def test_a_short_row_reports_its_missing_value():
    result = parse_long_csv(b"area_code,indicator_code,period,value\nGM0014,INK_GEM,2021\n")

    assert [(e.line, e.message) for e in result.errors] == [
        (2, "the row has 3 of the 4 fields of the header; fill in the missing values (write '.' for a value that is "
            "secret)")
    ]


def test_missing_and_unknown_header_columns():
    result = parse_long_csv(b"gebiedscode;indicator;periode\nGM0014;INK_GEM;2021\n")

    assert [(e.line, e.message) for e in result.errors] == [
        (1, "unknown column 'indicator'; did you mean indicatorcode?"),
        (1, "missing columns: indicator_code, value"),
        (1, "the header has gebiedscode, indicator, periode; expected area_code, indicator_code, period, value (or "
            "in Dutch gebiedscode, indicatorcode, periode, waarde), in any order"),
    ]
    assert result.records == ()


def test_empty_file_and_broken_workbook():
    assert [e.message for e in parse_long_csv(b"").errors] == ["the file is empty"]

    broken = parse_long_format(b"PK\x03\x04 not really a zip archive")
    assert [e.line for e in broken.errors] == [0]
    assert broken.errors[0].message.startswith("not a readable xlsx workbook")


def test_named_sheet_must_exist():
    result = parse_long_xlsx(xlsx([("area_code", "indicator_code", "period", "value")]), sheet="Blad1")

    assert [e.message for e in result.errors] == ["the workbook has no sheet 'Blad1'"]


@pytest.mark.parametrize("make", [lambda: LONG_NL, lambda: xlsx([("area_code", "indicator_code", "period", "value")])])
def test_checksum_is_sha256_of_the_raw_bytes_and_stable(make):
    data = make()

    assert parse_long_format(data).checksum == parse_long_format(bytes(data)).checksum
    assert parse_long_format(data).checksum == hashlib.sha256(data).hexdigest()
