"""Small helpers shared by the CBS and long-format parsers: key stems, codes, periods, numbers and checksums.

All functions are pure. Validation failures raise ``ValueError`` with a message written for the person who uploaded
the file, translated into the active language; the parsers turn those into ``RowError``s with a line number.
"""

from __future__ import annotations

import hashlib
import math
import re

from django.utils.translation import gettext as _

from .records import STATUS_SUPPRESSED, STATUS_UNKNOWN, RowError

# The positional suffix CBS appends to every topic key; it shifts whenever a column is added earlier in the table.
_KEY_SUFFIX = re.compile(r"_\d+$")
# NL00, PV20, GM0014, WK001400, BU00140000 (and other CBS region codes of the same shape such as LD01, CR01);
# Amsterdam's wijken and buurten carry letters after the gemeente digits (WK0363AA, BU0363AA01).
_AREA_CODE = re.compile(r"^[A-Z]{2}\d{2}[0-9A-Z]{0,6}$")
# 2024, or a CBS period code such as 2024JJ00 (year), 2024KW01 (quarter), 2024MM01 (month).
_PERIOD = re.compile(r"^(\d{4})(?:([A-Z]{2})(\d{2}))?$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")

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


def key_stem(key: str) -> str:
    """``Woningvoorraad_35`` -> ``Woningvoorraad``; keys without a numeric suffix are returned unchanged."""
    return _KEY_SUFFIX.sub("", key.strip())


def clean_area_code(raw: object) -> str:
    """Strip the right-padding CBS puts on codes (``'GM0014    '``) and check the shape; raise ValueError if wrong."""
    if not isinstance(raw, str):
        raise ValueError(_("area code %(code)r is not text") % {"code": raw})
    code = raw.strip().upper()
    if code == "NL":
        return "NL00"  # the national row, as CBS codes it in its OData tables
    if not _AREA_CODE.match(code):
        raise ValueError(_("area code %(code)r is not a CBS code like GM0014, WK001400 or BU00140000")
                         % {"code": raw.strip()})
    return code


def normalise_period(raw: object) -> str:
    """Return a period as text: ``2024``, ``2024.0`` and ``2024JJ00`` all become ``"2024"``; quarter and month codes
    (``2024KW01``, ``2024MM03``) are kept as CBS writes them. Raise ValueError for anything else."""
    if isinstance(raw, bool):
        raise ValueError(_("period %(period)r is not a year") % {"period": raw})
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip().upper() if isinstance(raw, int | str) else ""
    match = _PERIOD.match(text)
    if not match:
        raise ValueError(_("period %(period)r is not a year like 2024 or a CBS period code like 2024JJ00")
                         % {"period": raw})
    year, kind, number = match.groups()
    # A whole year is stored as the bare year so a KWB table (no period column) and a yearly table line up.
    if kind is None or (kind == "JJ" and number == "00"):
        return year
    return text


def parse_decimal_text(text: str, *, decimal: str) -> float:
    """Parse ``12,5`` (``decimal=","``), ``12.5`` (``decimal="."``) or either (``decimal="auto"``) into a float.

    Thousands separators are refused rather than guessed: with a comma decimal separator ``1.234`` is an error, not
    1234 and not 1.234, because reading a file with the wrong variant would otherwise give wrong numbers silently.
    """
    stripped = text.strip()
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
    if not _NUMBER.match(normalised):
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


def decode_text(raw: bytes, encoding: str) -> tuple[str, RowError | None]:
    """The file as text, or an empty text and a file-level error when it is not in ``encoding``."""
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as exc:
        return "", RowError(0, _("the file is not %(encoding)s text (%(reason)s)")
                            % {"encoding": encoding, "reason": exc.reason})


def detect_delimiter(text: str) -> str:
    """``;`` when the header line contains one (CBS and Dutch spreadsheet exports), else ``,``."""
    return ";" if ";" in text.split("\n", 1)[0] else ","
