"""Readers for the CBS open data shipped with the application (``indicators/data/open``).

Each file has its own layout (see its SOURCE.md); each reader turns one into a ``ParseResult`` whose ``key_stem`` is
the indicator code, plus the file's own code list (code → name) so its boundary year can be created from it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .common import parse_decimal_text, sha256_hex
from .records import STATUS_OK, STATUS_SUPPRESSED, STATUS_UNKNOWN, ObservationRecord, ParseResult, RowError

OPEN_DATA = Path(__file__).resolve().parent.parent / "data" / "open"


@dataclass(frozen=True)
class OpenDataset:
    """One shipped file: where it is, which boundary year and CBS table it belongs to, and how to read it."""

    key: str
    path: Path
    boundary_year: int
    table_id: str
    reader: Callable[[bytes], tuple[ParseResult, dict[str, str]]]


def _number(text: str, *, scale: float, empty_status: str = STATUS_UNKNOWN) -> tuple[float | None, str]:
    text = text.strip()
    if not text or text.lower() == "nan":
        return None, empty_status
    # Scaled fractions are rounded to the precision the source gave (two decimals → whole percentages).
    return round(parse_decimal_text(text, decimal=".") * scale, 6), STATUS_OK


def _read_columns(raw: bytes, *, code_column: str, name_column: str | None,
                  columns: dict[str, tuple[str, str]], row_status: Callable[[str], tuple[str, str]] | None = None,
                  status_column: str | None = None, derived: dict[str, tuple[tuple[str, ...], str]] | None = None,
                  scale: float = 1.0, empty_status: str = STATUS_UNKNOWN) -> tuple[ParseResult, dict[str, str]]:
    """Read a wide CSV: ``columns`` maps a column to (indicator code, period); ``derived`` maps an indicator code to
    (columns summed, period). ``row_status`` maps the text of ``status_column`` to the (status, CBS symbol) of the
    whole row: suppressed (CBS ``?``) or not applicable (``-``).

    A column the file lacks is a problem with the file, reported on line 1 (so it is refused), rather than a column
    of unknown values. Rows are read as lists by position rather than as dicts: the heating file alone has 14,080
    rows of 18 columns.
    """
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
    header = [cell.strip() for cell in next(reader, [])]
    position = {name: index for index, name in enumerate(header)}
    summed = {column for parts, _period in (derived or {}).values() for column in parts}
    needed = [code_column, *filter(None, [name_column, status_column]), *columns, *sorted(summed - set(columns))]
    missing = [column for column in needed if column not in position]
    if missing:
        problem = RowError(1, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
        return ParseResult((), (problem,), 0, sha256_hex(raw)), {}

    records: list[ObservationRecord] = []
    errors: list[RowError] = []
    names: dict[str, str] = {}
    read = [(column, position[column], indicator, period) for column, (indicator, period) in columns.items()]
    # Columns read only to be summed into a derived indicator.
    extra = [(column, position[column]) for column in sorted(summed - set(columns))]
    rows_read = 0
    for line, cells in enumerate(reader, start=2):
        if not cells:
            continue  # a blank line
        rows_read += 1
        cells += [""] * (len(header) - len(cells))
        code = cells[position[code_column]].strip()
        if not code:
            errors.append(RowError(line, _("no area code")))
            continue
        if name_column:
            names[code] = cells[position[name_column]].strip()
        status, symbol = row_status(cells[position[status_column]].strip()) if row_status else (STATUS_OK, "")
        values: dict[str, float | None] = {}
        for column, index, indicator, period in read:
            try:
                value, cell_status = _number(cells[index], scale=scale, empty_status=empty_status)
            except ValueError as exc:
                errors.append(RowError(line, f"{column}: {exc}"))
                continue
            if status != STATUS_OK:
                value, cell_status = None, status
            values[column] = value
            records.append(ObservationRecord(code, column, indicator, period, value, cell_status,
                                             symbol if status != STATUS_OK else "", line))
        for column, index in extra:
            try:
                values[column] = _number(cells[index], scale=scale)[0]
            except ValueError as exc:
                errors.append(RowError(line, f"{column}: {exc}"))
        for indicator, (parts, period) in (derived or {}).items():
            part_values = [values.get(column) for column in parts]
            if status != STATUS_OK:
                records.append(ObservationRecord(code, "+".join(parts), indicator, period, None, status, symbol,
                                                 line))
            elif any(part is None for part in part_values):
                records.append(ObservationRecord(code, "+".join(parts), indicator, period, None, STATUS_UNKNOWN,
                                                 "", line))
            else:
                records.append(ObservationRecord(code, "+".join(parts), indicator, period,
                                                 round(sum(part_values), 6), STATUS_OK, "", line))
    return ParseResult(tuple(records), tuple(errors), rows_read, sha256_hex(raw)), names


HEATING_PERIOD = "2021"
HEATING_COLUMNS = {
    "won_hfdverw_gas": ("ET_HOOFDVERW_GAS", HEATING_PERIOD),
    "won_hfdverw_cv": ("ET_HOOFDVERW_CV", HEATING_PERIOD),
    "won_hfdverw_blkvw": ("ET_HOOFDVERW_BLOK", HEATING_PERIOD),
    "won_hfdverw_stvw": ("ET_HOOFDVERW_STVW", HEATING_PERIOD),
    "won_hfdverw_allel": ("ET_HOOFDVERW_ELEK", HEATING_PERIOD),
    "won_hfdverw_inst_onb": ("ET_HOOFDVERW_ONB", HEATING_PERIOD),
}
HEATING_SYMBOLS = {"secret": (STATUS_SUPPRESSED, "?"), "nil": (STATUS_UNKNOWN, "-")}


def read_heating(raw: bytes) -> tuple[ParseResult, dict[str, str]]:
    """Main heating per buurt (2021 boundaries); the file gives fractions, stored as percentages."""
    return _read_columns(
        raw, code_column="buurtcode", name_column="buurtnaam", columns=HEATING_COLUMNS, scale=100.0,
        status_column="symbol", row_status=lambda text: HEATING_SYMBOLS.get(text, (STATUS_OK, "")),
        derived={"ET_HOOFDVERW_ZONDERGAS": (("won_hfdverw_stvw_zg", "won_hfdverw_allel_zg"), HEATING_PERIOD)},
    )


KWB_2024_COLUMNS = {
    "AantalInwoners_5": ("BEV_INWONERS", "2024"),
    "Bevolkingsdichtheid_34": ("BEV_DICHTHEID", "2024"),
    "Woningvoorraad_35": ("WON_VOORRAAD", "2024"),
}


def read_kwb_2024(raw: bytes) -> tuple[ParseResult, dict[str, str]]:
    """KWB 2024 basics for gemeenten and wijken; the extract has no names, so none are given.

    The extract was taken from the OData table, where CBS gives a secret figure as null: an empty cell here is
    suppressed by the source (as the OData importer stores it), not unknown.
    """
    return _read_columns(raw, code_column="code", name_column=None, columns=KWB_2024_COLUMNS,
                         empty_status=STATUS_SUPPRESSED)


GEMEENTEN_2023_COLUMNS = {
    "a_inw": ("BEV_INWONERS", "2023"),
    "ste_mvs": ("BEV_STEDELIJKHEID", "2023"),
    "ste_oad": ("BEV_ADRESDICHTHEID", "2023"),
    "p_koopw": ("ET_KOOP", "2023"),
    "p_huurw": ("ET_HUUR", "2023"),
    "g_hh_sti_2021": ("INK_GEM", "2021"),
    "p_hh_osm_2021": ("INK_SOCMIN", "2021"),
    "p_hh_110_2021": ("INK_SOCMIN110", "2021"),
    "p_hh_120_2021": ("INK_SOCMIN120", "2021"),
    "m_hh_ver_2021": ("VERM_MED", "2021"),
}


def read_gemeenten_2023(raw: bytes) -> tuple[ParseResult, dict[str, str]]:
    """KWB 2023 gemeente figures, with the 2021 income variables that jaargang carries."""
    return _read_columns(raw, code_column="gwb_code_10", name_column="gm_naam", columns=GEMEENTEN_2023_COLUMNS)


# Loaded in this order: the later files borrow names for unnamed areas from the earlier ones.
DATASETS = (
    OpenDataset("gemeenten_2023_kwb_subset", OPEN_DATA / "gemeenten_2023_kwb_subset" / "gemeenten_2023.csv",
                2023, "85618NED", read_gemeenten_2023),
    OpenDataset("cbs_kwb_2024_gm_wk_basic", OPEN_DATA / "cbs_kwb_2024_gm_wk_basic" / "kwb_2024_gm_wk_basic.csv",
                2024, "85984NED", read_kwb_2024),
    OpenDataset("cbs_hoofdverwarming_buurt", OPEN_DATA / "cbs_hoofdverwarming_buurt" / "hoofdverwarming_buurt.csv",
                2021, "85337NED", read_heating),
)
