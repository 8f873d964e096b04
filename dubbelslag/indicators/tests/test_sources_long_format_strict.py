"""Long-format rows that used to be stored wrongly or refused for the wrong reason: split values, other digits,
periods that are no time, the national row, other encodings, and headers that name what was found and expected."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dubbelslag.indicators.sources.long_format import parse_long_csv, parse_long_format, parse_long_xlsx

# The messages asserted below are the English source texts (see conftest.english).
pytestmark = pytest.mark.usefixtures("english")

HEADER = b"area_code,indicator_code,period,value\n"


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems(result):
    return [(error.line, error.message) for error in result.errors]


def observed(result):
    return {(r.area_code, r.column_key, r.period): (r.value, r.status) for r in result.records}


def test_a_decimal_comma_in_a_comma_file_is_refused_not_read_as_the_whole_number():
    result = parse_long_csv(HEADER + b"GM0599,EB_FORMULE,2019,5,5\nGM0014,EB_FORMULE,2019,\"6,5\"\n")

    assert problems(result) == [
        (2, "the row has 5 fields where the header has 4: a decimal comma in a comma-separated file? Separate the "
            "columns with ; or write a decimal point (12.5)"),
    ]
    # The quoted decimal comma on the next line is a sound value.
    assert observed(result) == {("GM0014", "EB_FORMULE", "2019"): (6.5, "ok")}
    assert result.rows_read == 2


def test_an_extra_field_in_a_semicolon_file_points_at_the_separator_inside_a_value():
    result = parse_long_csv(b"gebiedscode;indicatorcode;periode;waarde\nGM0599;EB_FORMULE;2019;5;1\n")

    assert problems(result) == [
        (2, "the row has 5 fields where the header has 4: a ; inside a value? Put that value between double quotes"),
    ]
    assert result.records == ()


def test_a_truncated_row_says_how_many_fields_it_has():
    result = parse_long_csv(HEADER + b"GM0599,EB_FORMULE\n")

    assert problems(result) == [
        (2, "the row has 2 of the 4 fields of the header; fill in the missing values (write '.' for a value that is "
            "secret)"),
    ]


@pytest.mark.parametrize(("row", "message"), [
    ("GM0599,EB_FORMULE,２０２４,5", "period '２０２４' contains '２' (U+FF12), a digit of another script; type the "
                                    "digits 0-9"),
    ("GM0599,EB_FORMULE,٢٠٢٤,5", "period '٢٠٢٤' contains '٢' (U+0662), a digit of another script; type the digits "
                                "0-9"),
    ("GM0599,EB_FORMULE,2024,５", "value '５' contains '５' (U+FF15), a digit of another script; type the digits 0-9"),
    ("GM0599,EB_FORMULE,2024,\"1٫5\"", "value '1٫5' contains '٫' (U+066B), which is not a plain (ASCII) character"),
    ("GM0599,EB_FORMULE,2024,−5", "value '−5' contains '−' (U+2212), which is not a plain (ASCII) character"),
    # An invisible character is named by its code point only (the quoted value shows it escaped).
    ("GM0599,EB_FORMULE,2024,\"12\u00a0345\"", "value '12\\xa0345' contains U+00A0, which is not a plain (ASCII) "
                                               "character"),
    ("GM٠٥٩٩,EB_FORMULE,2024,5", "area code 'GM٠٥٩٩' contains '٠' (U+0660), a digit of another script; type the "
                                "digits 0-9"),
])
def test_other_digits_and_characters_are_refused_by_name(row, message):
    result = parse_long_csv(HEADER + row.encode() + b"\n")

    assert problems(result) == [(2, message)]
    assert result.records == ()


@pytest.mark.parametrize(("period", "message"), [
    ("1899", "period '1899': the year must lie between 1900 and 2100"),
    ("2101", "period '2101': the year must lie between 1900 and 2100"),
    ("2024KW05", "period '2024KW05' is not a CBS period code: a year is 2024JJ00, a quarter 2024KW01 to 2024KW04, a "
                 "month 2024MM01 to 2024MM12"),
    ("2024MM13", "period '2024MM13' is not a CBS period code: a year is 2024JJ00, a quarter 2024KW01 to 2024KW04, a "
                 "month 2024MM01 to 2024MM12"),
    ("2024JJ01", "period '2024JJ01' is not a CBS period code: a year is 2024JJ00, a quarter 2024KW01 to 2024KW04, a "
                 "month 2024MM01 to 2024MM12"),
    ("2024X000", "period '2024X000' is not a year like 2024 or a CBS period code like 2024JJ00"),
])
def test_periods_that_are_no_time_are_refused(period, message):
    result = parse_long_csv(HEADER + f"GM0599,EB_FORMULE,{period},5\n".encode())

    assert problems(result) == [(2, message)]
    assert result.records == ()


def test_valid_periods_are_kept_as_cbs_writes_them():
    rows = b"".join(f"GM0599,EB_FORMULE,{period},1\n".encode()
                    for period in ("1900", "2100JJ00", "2024kw04", "2024MM12"))

    result = parse_long_csv(HEADER + rows)

    assert result.errors == ()
    assert sorted(r.period for r in result.records) == ["1900", "2024KW04", "2024MM12", "2100"]


def test_national_rows_are_read_as_nl00_not_refused():
    # The import service skips and counts them (test_services_import_refusals).
    result = parse_long_csv(HEADER + b"NL,EB_FORMULE,2019,5\nGM0599,EB_FORMULE,2019,4\nnl00,EB_FORMULE,2020,5\n"
                            b"NL00  ,EB_FORMULE,2021,.\n")

    assert result.errors == ()
    assert observed(result) == {
        ("NL00", "EB_FORMULE", "2019"): (5.0, "ok"),
        ("GM0599", "EB_FORMULE", "2019"): (4.0, "ok"),
        ("NL00", "EB_FORMULE", "2020"): (5.0, "ok"),
        ("NL00", "EB_FORMULE", "2021"): (None, "suppressed"),
    }


def test_xlsx_empty_cells_say_what_is_empty():
    result = parse_long_xlsx(xlsx([("area_code", "indicator_code", "period", "value"),
                                   (None, "EB_FORMULE", None, 5), ("NL", "EB_FORMULE", 2024, 1)]))

    assert problems(result) == [(2, "area code is empty"), (2, "period is empty")]
    assert [r.area_code for r in result.records] == ["NL00"]


def test_a_utf16_file_is_refused_with_how_to_save_it_as_utf8():
    result = parse_long_csv((HEADER + b"GM0599,EB_FORMULE,2019,5\n").decode().encode("utf-16"))

    assert [(e.line, e.fatal) for e in result.errors] == [(1, True)]
    assert result.errors[0].message == (
        'the file is UTF-16 text (Excel\'s "Unicode text"); we read UTF-8 only (with or without a byte-order mark): '
        'in Excel choose Save As and the type "CSV UTF-8 (comma delimited)"')


def test_a_latin1_file_is_refused_at_its_line_without_codec_text():
    result = parse_long_csv(HEADER + b"GM0599,EB_FORMULE,2019,5\nGM0599,\xc9B,2019,5\n")

    assert [(e.line, e.fatal) for e in result.errors] == [(3, True)]
    message = result.errors[0].message
    assert message.startswith("the file is not UTF-8 text: this line has a byte (0xC9) that UTF-8 does not allow, "
                              "so it was probably saved as Windows-1252 or Latin-1")
    assert "CSV UTF-8 (comma delimited)" in message
    for python_text in ("invalid continuation byte", "codec", "utf-8-sig", "position"):
        assert python_text not in message
    assert result.records == ()


def test_broken_quoting_and_nul_bytes_are_fatal_and_in_plain_words():
    quoting = parse_long_csv(HEADER + b"GM0599,EB_FORMULE,2019,5\nGM0599,EB_FORMULE,2020,\"5\n")
    nul = parse_long_csv("area_code,indicator_code,period,value\nGM0599,EB_FORMULE,2019,5\n".encode("utf-16-le"))

    assert [(e.line, e.fatal) for e in quoting.errors] == [(3, True)]
    assert quoting.errors[0].message.startswith("the quotes on this line do not pair up")
    # UTF-16 without a byte-order mark: a NUL after every letter.
    assert [(e.line, e.fatal) for e in nul.errors] == [(1, True)]
    assert nul.errors[0].message.startswith("the file contains NUL bytes, so it is not plain text")


def test_a_broken_workbook_is_refused_without_library_text():
    result = parse_long_format(b"PK\x03\x04 not really a zip archive")

    assert problems(result) == [(0, 'not a readable xlsx workbook: the file starts like one but cannot be opened; '
                                    'open it in Excel and save it again as .xlsx, or as "CSV UTF-8"')]


def test_a_header_only_file_has_no_rows_and_no_errors():
    result = parse_long_csv(HEADER + b"\n,,,\n")

    assert (result.records, result.errors, result.rows_read) == ((), (), 0)


def test_a_tab_separated_header_is_reported_as_one_column():
    result = parse_long_csv(b"area_code\tindicator_code\tperiod\tvalue\nGM0599\tEB_FORMULE\t2019\t5\n")

    assert problems(result) == [
        (1, "unknown column 'area_code\\tindicator_code\\tperiod\\tvalue'"),
        (1, "missing columns: area_code, indicator_code, period, value"),
        (1, "the header has area_code\tindicator_code\tperiod\tvalue; expected area_code, indicator_code, period, "
            "value (or in Dutch gebiedscode, indicatorcode, periode, waarde), in any order"),
        (1, "the header was read as a single column: separate the columns with a comma or a semicolon (tabs are not "
            "read)"),
    ]


def test_one_missing_column_is_named_in_the_singular_with_the_columns_found():
    result = parse_long_csv(b"gebiedscode;indicatorcode;periode;periode\nGM0599;EB_FORMULE;2019;5\n")

    assert problems(result) == [
        (1, "column period occurs twice"),
        (1, "missing column: value"),
        (1, "the header has gebiedscode, indicatorcode, periode, periode; expected area_code, indicator_code, period, "
            "value (or in Dutch gebiedscode, indicatorcode, periode, waarde), in any order"),
    ]
