"""Small helpers shared by the CBS and long-format parsers: key stems, codes, periods, numbers and checksums.

All functions are pure. Validation failures raise ``ValueError`` with a message written for the person who uploaded
the file, translated into the active language; the parsers turn those into ``RowError``s with a line number.
"""

from __future__ import annotations

import hashlib
import math
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..periods import FIRST_YEAR, LAST_YEAR, PERIOD_PATTERN, period_span
from .records import STATUS_SUPPRESSED, STATUS_UNKNOWN, RowError

# Every pattern here is ASCII only ([0-9], never \d): Python's \d, int(), float() and str.isdigit() accept any
# Unicode digit, so ２０２４ or ٢٠٢٤ would otherwise be stored as a period and 1٫5 read as a number.
# The positional suffix CBS appends to every topic key; it shifts whenever a column is added earlier in the table.
_KEY_SUFFIX = re.compile(r"_[0-9]+$")
# NL00, PV20, GM0014, WK001400, BU00140000 (and other CBS region codes of the same shape such as LD01, CR01);
# Amsterdam's wijken and buurten carry letters after the gemeente digits (WK0363AA, BU0363AA01).
_AREA_CODE = re.compile(r"[A-Z]{2}[0-9]{2}[0-9A-Z]{0,6}")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# The Netherlands as a whole: CBS tables start with it, and a partner's file may write it as NL. It is no area here;
# the import service skips its rows and counts them instead of refusing them.
NATIONAL_CODE = "NL00"
_NATIONAL_CODES = frozenset({"NL", NATIONAL_CODE})

# CBS "verklaring van tekens". '.' and 'x' mean secret or too unreliable to publish; '?' is what the CBS regional
# tools print for the same. '-' is "nihil" in some CBS products and "not applicable" in others (the hoofdverwarming
# export uses it for buurten without dwellings), so we do not turn it into 0: it becomes "unknown".
CBS_SYMBOLS: dict[str, str] = {
    ".": STATUS_SUPPRESSED,
    "x": STATUS_SUPPRESSED,
    "X": STATUS_SUPPRESSED,
    "?": STATUS_SUPPRESSED,
    "-": STATUS_UNKNOWN,
    "\u2013": STATUS_UNKNOWN,  # en dash, as printed in some StatLine exports
}
# Secrecy codes CBS writes in files that must stay numeric (KWB xlsx, PC4 tables); see data/cbs_pc4_2023/SOURCE.md.
CBS_SENTINELS: dict[str, str] = {"-99997": STATUS_SUPPRESSED, "-99995": STATUS_SUPPRESSED}


def _describe(char: str) -> str:
    """A character as a message shows it: ``'٢' (U+0662)``, or only the code point when it is invisible."""
    code = f"U+{ord(char):04X}"
    return f"'{char}' ({code})" if char.isprintable() and not char.isspace() else code


def non_ascii_problem(text: str, *, what: str) -> str | None:
    """A message naming the first character of ``text`` that is not ASCII, None when there is none.

    ``what`` says what the text is ("value '１２'", "period '２０２４'"), already translated. Digits of other
    scripts get their own advice, as they look like numbers but are not read as them."""
    for char in text:
        if ord(char) > 127:
            if char.isdigit():
                return _("%(what)s contains %(char)s, a digit of another script; type the digits 0-9") % {
                    "what": what, "char": _describe(char)}
            return _("%(what)s contains %(char)s, which is not a plain (ASCII) character") % {
                "what": what, "char": _describe(char)}
    return None


def field_count_problem(count: int, expected: int, *, delimiter: str) -> str:
    """The message for a CSV row with ``count`` fields under a header of ``expected``, with its likely cause."""
    if count < expected:
        return ngettext("the row has %(count)d of the %(expected)d field of the header; fill in the missing "
                        "value (write '.' for a value that is secret)",
                        "the row has %(count)d of the %(expected)d fields of the header; fill in the missing "
                        "values (write '.' for a value that is secret)", expected) % {
            "count": count, "expected": expected}
    if delimiter == ",":
        return ngettext("the row has %(count)d fields where the header has %(expected)d: a decimal comma in a "
                        "comma-separated file? Separate the columns with ; or write a decimal point (12.5)",
                        "the row has %(count)d fields where the header has %(expected)d: a decimal comma in a "
                        "comma-separated file? Separate the columns with ; or write a decimal point (12.5)",
                        expected) % {"count": count, "expected": expected}
    return ngettext("the row has %(count)d fields where the header has %(expected)d: a %(delimiter)s inside a "
                    "value? Put that value between double quotes",
                    "the row has %(count)d fields where the header has %(expected)d: a %(delimiter)s inside a "
                    "value? Put that value between double quotes",
                    expected) % {"count": count, "expected": expected, "delimiter": delimiter}


def csv_error_problem(error: Exception) -> str:
    """A message for a line Python's csv module cannot split, without its English error text. (Since Python 3.11
    the only such error in strict mode is unbalanced quoting; NUL bytes are caught by ``decode_text``.)"""
    return _("the quotes on this line do not pair up: a value that starts with \" must end with \", and a \" "
             "inside a value is written twice (\"\")")


def key_stem(key: str) -> str:
    """``Woningvoorraad_35`` -> ``Woningvoorraad``; keys without a numeric suffix are returned unchanged."""
    return _KEY_SUFFIX.sub("", key.strip())


def clean_area_code(raw: object) -> str:
    """Strip the right-padding CBS puts on codes (``'GM0014    '``) and check the shape; raise ValueError if wrong.

    The Netherlands as a whole, ``NL`` or ``NL00``, is returned as ``NL00``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError(_("area code is empty"))
    if not isinstance(raw, str):
        raise ValueError(_("area code %(code)r is not text") % {"code": raw})
    stripped = raw.strip()
    problem = non_ascii_problem(stripped, what=_("area code %(code)r") % {"code": stripped})
    if problem:
        raise ValueError(problem)
    code = stripped.upper()
    if code in _NATIONAL_CODES:
        return NATIONAL_CODE
    if not _AREA_CODE.fullmatch(code):
        raise ValueError(_("area code %(code)r is not a CBS code like GM0014, WK001400 or BU00140000")
                         % {"code": stripped})
    return code


def normalise_period(raw: object) -> str:
    """Return a period as text: ``2024``, ``2024.0`` and ``2024JJ00`` all become ``"2024"``; quarter and month codes
    (``2024KW01``, ``2024MM03``) are kept as CBS writes them. Raise ValueError for anything else."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError(_("period is empty"))
    if isinstance(raw, bool):
        raise ValueError(_("period %(period)r is not a year") % {"period": raw})
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        problem = non_ascii_problem(raw.strip(), what=_("period %(period)r") % {"period": raw.strip()})
        if problem:
            raise ValueError(problem)
    text = str(raw).strip().upper() if isinstance(raw, int | str) else ""
    match = PERIOD_PATTERN.fullmatch(text)
    if not match:
        raise ValueError(_("period %(period)r is not a year like 2024 or a CBS period code like 2024JJ00")
                         % {"period": raw})
    year, kind, _number = match.groups()
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(_("period %(period)r: the year must lie between %(first)d and %(last)d")
                         % {"period": raw, "first": FIRST_YEAR, "last": LAST_YEAR})
    if period_span(text) is None:
        raise ValueError(_("period %(period)r is not a CBS period code: a year is 2024JJ00, a quarter 2024KW01 to "
                           "2024KW04, a month 2024MM01 to 2024MM12") % {"period": raw})
    # A whole year is stored as the bare year so a KWB table (no period column) and a yearly table line up.
    if kind is None or kind == "JJ":
        return year
    return text


def parse_decimal_text(text: str, *, decimal: str) -> float:
    """Parse ``12,5`` (``decimal=","``), ``12.5`` (``decimal="."``) or either (``decimal="auto"``) into a float.

    Thousands separators are refused rather than guessed: with a comma decimal separator ``1.234`` is an error, not
    1234 and not 1.234, because reading a file with the wrong variant would otherwise give wrong numbers silently.
    """
    stripped = text.strip()
    problem = non_ascii_problem(stripped, what=_("value %(value)r") % {"value": stripped})
    if problem:
        raise ValueError(problem)
    if decimal == "auto":
        if "," in stripped and "." in stripped:
            raise ValueError(_("%(value)r is not a number (use one decimal separator and no thousands separator)")
                             % {"value": text})
        normalised = stripped.replace(",", ".")
    elif decimal == ",":
        if "." in stripped:
            raise ValueError(_("%(value)r is not a number in this file's format (decimal comma, no thousands "
                               "separator)") % {"value": text})
        normalised = stripped.replace(",", ".")
    elif decimal == ".":
        if "," in stripped:
            raise ValueError(_("%(value)r is not a number in this file's format (decimal point, no thousands "
                               "separator)") % {"value": text})
        normalised = stripped
    else:
        # Reaches users: the import_cbs_csv command passes its --decimal option through.
        raise ValueError(_("decimal separator must be ',', '.' or 'auto', not %(decimal)r") % {"decimal": decimal})
    if not _NUMBER.fullmatch(normalised):
        raise ValueError(_("%(value)r is not a number") % {"value": text})
    return float(normalised)


def parse_cbs_cell(text: str, *, decimal: str, empty_status: str = STATUS_UNKNOWN) -> tuple[float | None, str, str]:
    """Read one CBS CSV cell and return ``(value, status, symbol)``; raise ValueError when it is malformed.

    CBS right-aligns symbols with spaces (``'       .'``), so the text is stripped first.
    """
    stripped = text.strip()
    if not stripped:
        return None, empty_status, ""
    if stripped in CBS_SYMBOLS:
        return None, CBS_SYMBOLS[stripped], stripped
    if stripped in CBS_SENTINELS:
        return None, CBS_SENTINELS[stripped], stripped
    return parse_decimal_text(stripped, decimal=decimal), "ok", ""


def number_from_json(raw: object) -> float:
    """Turn an OData JSON number into a float; raise ValueError for anything that is not a finite number."""
    # bool is a subclass of int; a true/false in a numeric column is a data error, not 1.0/0.0.
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError(_("%(value)r is not a number") % {"value": raw})
    value = parse_decimal_text(raw, decimal=".") if isinstance(raw, str) else float(raw)
    if not math.isfinite(value):
        raise ValueError(_("%(value)r is not a finite number") % {"value": raw})
    return value


def sha256_hex(data: bytes) -> str:
    """The sha256 hex digest used as the input checksum on every ``ParseResult``."""
    return hashlib.sha256(data).hexdigest()


def as_bytes(data: bytes | str) -> bytes:
    """Parsers checksum the raw bytes; text passed in by a caller is checksummed as its UTF-8 encoding."""
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_NAMES = frozenset({"utf-8", "utf-8-sig", "utf8", "utf_8", "utf_8_sig"})


def decode_text(raw: bytes, encoding: str) -> tuple[str, RowError | None]:
    """The file as text, or an empty text and an error that refuses the whole file when it is not in ``encoding``.

    The message says which encoding we read, where the file breaks it and how to save it from Excel, never the
    codec's own English text."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        save_as = _("in Excel choose Save As and the type \"CSV UTF-8 (comma delimited)\"")
        if encoding.lower() not in _UTF8_NAMES:
            message = _("the file is not %(encoding)s text: this line has a byte (0x%(byte)02X) that %(encoding)s "
                        "does not allow") % {"encoding": encoding, "byte": raw[exc.start]}
        elif raw.startswith(_UTF16_BOMS):
            message = _("the file is UTF-16 text (Excel's \"Unicode text\"); we read UTF-8 only (with or without "
                        "a byte-order mark): %(save_as)s") % {"save_as": save_as}
        else:
            message = _("the file is not UTF-8 text: this line has a byte (0x%(byte)02X) that UTF-8 does not allow, "
                        "so it was probably saved as Windows-1252 or Latin-1 (Excel's plain \"CSV\"). We read UTF-8 "
                        "only (with or without a byte-order mark): %(save_as)s") % {
                "byte": raw[exc.start], "save_as": save_as}
        return "", RowError(line, message, fatal=True)
    if "\x00" in text:
        # UTF-16 without a byte-order mark decodes as UTF-8 with a NUL after every letter.
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", RowError(line, _("the file contains NUL bytes, so it is not plain text: was it saved as UTF-16 "
                                    "(Excel's \"Unicode text\")? Save it as \"CSV UTF-8\""), fatal=True)
    return text, None


def detect_delimiter(text: str) -> str:
    """``;`` when the header line contains one (CBS and Dutch spreadsheet exports), else ``,``."""
    return ";" if ";" in text.split("\n", 1)[0] else ","
