"""The CBS OData v3 importer: fetch a StatLine table and store its indicator columns as observations.

``import_cbs_odata`` reads the table's ``DataProperties``, maps its numeric columns to indicators by key stem
(``Indicator.source_key_stem``), reads the table's own region list for area names, pages through ``TypedDataSet``
and hands the parsed rows to ``services.import_records``, which refuses bad data whole or upserts it in one
transaction. HTTP goes through ``CbsODataClient`` (verified TLS, https only); tests inject a client that serves
captured responses. ``docs/data-sources.md`` describes the behaviour for users.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from dubbelslag.areas.enums import CODE_PREFIX, AreaLevel
from dubbelslag.areas.models import Area, level_for_code

from .enums import ImportSource
from .models import ImportRun, Indicator
from .services import import_records
from .sources.cbs_odata import CbsODataClient, CbsODataError, fetch_json_https, parse_odata
from .sources.common import normalise_period
from .sources.dataproperties import GEO_TYPES, TableSchema
from .sources.records import ColumnProperty, ObservationRecord, ParseResult, RowError
from .sources.tables import load_kwb_tables

# The ODataApi serves at most 10,000 rows per request, so the default client pages with $top/$skip at this size.
DEFAULT_PAGE_SIZE = 5000
_TABLE_ID = re.compile(r"^[0-9]{5}[A-Z0-9]{3}$")
# Any CBS region code (NL00, PV20, LD01, GM0014, WK0363AA, ...); only GM/WK/BU are areas in this application.
_REGION_CODE = re.compile(r"^[A-Z]{2}\d{2}[0-9A-Z]{0,6}$")
# StatLine titles wijken "Wijk 00 Centrum"; the CBS name lists (and so the other boundary years) call it "Centrum".
_WIJK_TITLE = re.compile(r"^Wijk\s?([0-9A-Z]{1,2})\s+(?=\S)")
LEVEL_ORDER = (AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT)


class ODataImportError(Exception):
    """The table cannot be imported as asked (bad table id or base URL, no indicator maps to it, the boundary year
    or period is unknown, a wrong dimension choice). Raised before anything is written."""


class ImportProgress:
    """What the importer reports while it works. The management command prints it; the default ignores it."""

    def info(self, message: str) -> None:
        """A notice: which columns map to which indicators, what was left out and why."""

    def fetched(self, entity: str, pages: int, rows: int) -> None:
        """``pages`` pages with ``rows`` rows in total have been read of ``entity`` (TypedDataSet, a dimension)."""

    def written(self, done: int, total: int) -> None:
        """``done`` of ``total`` changed observations have been written."""


def import_cbs_odata(
    table_id: str,
    *,
    by,
    client: CbsODataClient | None = None,
    base_url: str | None = None,
    boundary_year: int | None = None,
    levels: Sequence[str] | None = None,
    period: str | int | None = None,
    dimensions: Mapping[str, str] | None = None,
    skip_invalid: bool = False,
    progress: ImportProgress | None = None,
) -> ImportRun:
    """Fetch CBS table ``table_id`` and import every column that matches an indicator's key stem.

    Columns map by key stem: for a *Kerncijfers wijken en buurten* (KWB) table the stems of every indicator whose
    source table is any KWB table apply (the stems stay the same across years, the suffixes do not); for another
    table the indicators whose source table is that table. The boundary year of a KWB table is the table's year
    (``kwb_tables.csv``); for another table it is ``boundary_year``, else the ``MapYear`` the table's region
    dimension states, else the import is refused. The period is the table's ``Perioden`` dimension; a table without
    one (KWB) uses ``period``, by default the KWB year. Any other dimension is fixed to one key: ``dimensions[name]``
    or else its first key. ``levels`` limits the import to gemeenten, wijken and/or buurten; rows of other regions
    (NL00 Nederland, provinces) are always left out.

    The areas the table's region list names (its ``WijkenEnBuurten``/``RegioS`` dimension: code and title) are
    created in the boundary year if missing; a data row whose area is neither in that list nor already an area of
    the year is an error. Effects: HTTPS requests through ``client``; then ``import_records`` writes the areas, the
    observations and an ``ImportRun`` (source ``cbs_odata``) in one transaction, or raises ``ImportRefused`` and
    writes nothing. Raises ``ODataImportError`` for a table that cannot be imported as asked and ``CbsODataError``
    when CBS cannot be read.
    """
    progress = progress or ImportProgress()
    table_id = (table_id or "").strip().upper()
    if not _TABLE_ID.match(table_id):
        raise ODataImportError(_("%(table)s is not a CBS table id like 85984NED.") % {"table": table_id or '""'})
    client = _client(client, base_url)
    wanted_levels = _levels(levels)
    kwb_years = {table.table_id: table.year for table in load_kwb_tables().values()}
    indicators = _indicators_by_stem(table_id, kwb_ids=set(kwb_years), progress=progress)

    properties = client.data_properties(table_id)
    schema = TableSchema.from_rows(properties)
    if not schema.geo_key:
        raise ODataImportError(_("Table %(table)s has no region dimension (WijkenEnBuurten or RegioS), so its figures "
                                 "belong to no area.") % {"table": table_id})
    year = _boundary_year(table_id, kwb_years.get(table_id), boundary_year, properties, progress)
    columns = _map_columns(table_id, schema, indicators, progress)
    fixed_period = _fixed_period(table_id, schema, period, kwb_years.get(table_id))
    chosen = _choose_dimensions(client, table_id, schema, dict(dimensions or {}), progress)

    # What was imported how, for the person running the command now and in the import run's note later.
    notes = [f"{client.base_url}{table_id}", _("boundary year %(year)d") % {"year": year}]
    notes.append(_("columns: %(columns)s") % {"columns": ", ".join(
        f"{column.key} → {indicators[stem].code}" for stem, column in columns.items())})
    if fixed_period:
        notes.append(_("period %(period)s for every figure (the table has no period dimension)")
                     % {"period": fixed_period})
    if wanted_levels != LEVEL_ORDER:
        notes.append(_("levels: %(levels)s") % {"levels": ", ".join(wanted_levels)})
    notes += [f"{dimension} = {key.strip()} ({title})" for dimension, (key, title) in chosen.items()]
    for note in notes[1:]:
        progress.info(note)

    names = _area_names(client, table_id, schema.geo_key, wanted_levels, progress)
    name_key = None if names is not None else _name_column(schema)
    select = [key for key in (schema.geo_key, schema.time_key, *chosen, name_key) if key]
    select += [column.key for column in columns.values()]
    rows = _Rows(schema.geo_key, wanted_levels, chosen, name_key)
    pages = client.iter_pages(table_id, filter_expr=_filter(schema.geo_key, wanted_levels, chosen), select=select)
    parsed = parse_odata(properties, rows.pages(pages, progress), stems=list(columns), period=fixed_period)
    if names is None:
        names = rows.names
        notes.append(_("no region list: the codes in the data are taken as the code list"))
    result = _check_areas(parsed, rows, names, year)
    if rows.skipped:
        notes.append(_("left out %(count)d rows of regions that are no area here (%(codes)s)")
                     % {"count": sum(rows.skipped.values()), "codes": ", ".join(sorted(rows.skipped)[:5])})
        progress.info(notes[-1])
    return import_records(
        result, source=ImportSource.CBS_ODATA, by=by, boundary_year=year, table_id=table_id,
        area_names={code: name for code, name in names.items() if level_for_code(code)},
        indicator_for=lambda record: indicators.get(record.key_stem), skip_invalid=skip_invalid,
        progress=progress.written, note="\n".join(notes),
    )


def _client(client: CbsODataClient | None, base_url: str | None) -> CbsODataClient:
    """The client to use: the injected one (re-pointed at ``base_url`` when given) or a real HTTPS client for
    ``base_url`` or the ``CBS_ODATA_BASE_URL`` setting."""
    if base_url is None and client is not None:
        return client
    base_url = (base_url or settings.CBS_ODATA_BASE_URL).strip()
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.netloc:
        raise ODataImportError(_("The OData base URL must be an https URL like "
                                 "https://opendata.cbs.nl/ODataApi/odata/, not %(url)s.") % {"url": base_url})
    if client is not None:
        return CbsODataClient(fetch_json=client.fetch_json, base_url=base_url, page_size=client.page_size,
                              max_pages=client.max_pages)
    return CbsODataClient(fetch_json=fetch_json_https, base_url=base_url, page_size=DEFAULT_PAGE_SIZE)


def _levels(levels: Sequence[str] | None) -> tuple[AreaLevel, ...]:
    if not levels:
        return LEVEL_ORDER
    unknown = sorted(set(levels) - set(AreaLevel.values))
    if unknown:
        raise ODataImportError(_("Unknown level %(levels)s; choose from gemeente, wijk and buurt.")
                               % {"levels": ", ".join(unknown)})
    return tuple(level for level in LEVEL_ORDER if level in levels)


def _indicators_by_stem(table_id: str, *, kwb_ids: set[str], progress: ImportProgress) -> dict[str, Indicator]:
    """The indicators a table can feed, by key stem; refuse a table no indicator names as its source."""
    tables = kwb_ids if table_id in kwb_ids else {table_id}
    candidates = Indicator.objects.filter(source_table__in=tables, is_own_measurement=False).exclude(
        source_key_stem="")
    by_stem: dict[str, Indicator] = {}
    # An indicator of this very table wins over one of another KWB year with the same stem.
    for indicator in sorted(candidates, key=lambda indicator: (indicator.source_table != table_id, indicator.code)):
        for stem in indicator.key_stems:
            if stem in by_stem:
                progress.info(_("%(other)s has the same key stem %(stem)s as %(first)s; only %(first)s gets its "
                                "figures.") % {"other": indicator.code, "stem": stem, "first": by_stem[stem].code})
                continue
            by_stem[stem] = indicator
    if not by_stem:
        raise ODataImportError(_("No indicator has %(table)s as its source table with a key stem, so nothing of it "
                                 "would be imported. Set the source table and key stem of the indicators it should "
                                 "feed first.") % {"table": table_id})
    return by_stem


def _boundary_year(table_id: str, kwb_year: int | None, given: int | None,
                   properties: Sequence[Mapping[str, Any]], progress: ImportProgress) -> int:
    """The boundary year (indeling) of the table's area codes; see ``import_cbs_odata``."""
    if kwb_year is not None:
        if given is not None and given != kwb_year:
            raise ODataImportError(_("%(table)s is Kerncijfers wijken en buurten %(year)d: its figures are in the "
                                     "%(year)d boundaries, not %(given)d.")
                                   % {"table": table_id, "year": kwb_year, "given": given})
        return kwb_year
    map_year = next((_int(row.get("MapYear")) for row in properties if str(row.get("Type")) in GEO_TYPES), None)
    if given is not None:
        if map_year is not None and map_year != given:
            progress.info(_("Note: the table states its regions are of %(map_year)d; importing them as %(given)d as "
                            "asked.") % {"map_year": map_year, "given": given})
        return given
    if map_year is not None:
        return map_year
    raise ODataImportError(_("%(table)s is not a Kerncijfers wijken en buurten table and does not state the boundary "
                             "year of its regions; pass --boundary-year.") % {"table": table_id})


def _int(value: object) -> int | None:
    try:
        return int(float(str(value))) if value not in (None, "") else None
    except ValueError:
        return None


def _map_columns(table_id: str, schema: TableSchema, indicators: Mapping[str, Indicator],
                 progress: ImportProgress) -> dict[str, ColumnProperty]:
    """The table's column for each indicator stem it has; report the stems it lacks; refuse when none is left."""
    present = {column.key_stem.casefold() for column in schema.topics.values()}
    columns: dict[str, ColumnProperty] = {}
    absent: list[tuple[Indicator, str]] = []
    unusable: list[str] = []
    mapped: set[int] = set()
    for stem, indicator in indicators.items():
        if indicator.pk in mapped:
            continue  # an alias of a stem already found in this table
        if stem.split("/")[-1].strip().casefold() not in present:
            # Normal for KWB: the catalogue holds the stems of every year, and some columns come and go.
            absent.append((indicator, stem))
            continue
        try:
            columns[stem] = schema.resolve_stem(stem)
            mapped.add(indicator.pk)
        except LookupError as exc:
            # An ambiguous stem or a text column: the indicator's key stem needs fixing, so say why.
            unusable.append(f"{indicator.code}: {exc}")
    if not columns:
        raise ODataImportError(
            _("No column of %(table)s matches the key stem of an indicator (%(stems)s), so nothing would be imported.")
            % {"table": table_id, "stems": ", ".join(sorted(indicators))})
    absent_codes = sorted(f"{indicator.code} ({stem})" for indicator, stem in absent if indicator.pk not in mapped)
    if absent_codes:
        progress.info(_("not in this table: %(indicators)s") % {"indicators": ", ".join(absent_codes)})
    for line in unusable:
        progress.info(_("not imported: %(reason)s") % {"reason": line})
    return dict(sorted(columns.items(), key=lambda item: item[1].key))


def _fixed_period(table_id: str, schema: TableSchema, period: str | int | None, kwb_year: int | None) -> str | None:
    """The period of every figure of a table without a Perioden dimension (KWB: the table's year)."""
    if schema.time_key:
        return None
    if period is None:
        period = kwb_year
    if period is None:
        raise ODataImportError(_("%(table)s has no period dimension; pass --period (the year its figures are about).")
                               % {"table": table_id})
    try:
        return normalise_period(period)
    except ValueError as exc:
        raise ODataImportError(str(exc)) from exc


def _dimension_items(client: CbsODataClient, table_id: str, dimension: str, *, paged: bool,
                     progress: ImportProgress) -> list[Mapping[str, Any]]:
    items: list[Mapping[str, Any]] = []
    for number, page in enumerate(client.iter_pages(table_id, dimension, select=["Key", "Title"], paged=paged), 1):
        items += [item for item in page["value"] if isinstance(item, Mapping)]
        progress.fetched(dimension, number, len(items))
    return items


def _choose_dimensions(client: CbsODataClient, table_id: str, schema: TableSchema, requested: dict[str, str],
                       progress: ImportProgress) -> dict[str, tuple[str, str]]:
    """One key (as CBS serves it, with its title) for every dimension besides region and period.

    A table such as the RIVM health monitor splits each figure by, say, ``Marges`` (value, lower and upper bound);
    importing every key would give three values for one area, indicator and period.
    """
    unknown = sorted(set(requested) - set(schema.other_dimensions))
    if unknown:
        raise ODataImportError(_("%(table)s has no dimension %(names)s; its dimensions are: %(dimensions)s.") % {
            "table": table_id, "names": ", ".join(unknown),
            "dimensions": ", ".join(schema.other_dimensions) or _("none besides region and period")})
    chosen: dict[str, tuple[str, str]] = {}
    for dimension in schema.other_dimensions:
        items = _dimension_items(client, table_id, dimension, paged=False, progress=progress)
        keys = {str(item.get("Key") or "").strip(): item for item in items if str(item.get("Key") or "").strip()}
        if not keys:
            raise ODataImportError(_("Dimension %(dimension)s of %(table)s lists no keys.")
                                   % {"dimension": dimension, "table": table_id})
        wanted = requested.get(dimension, "").strip()
        if wanted and wanted not in keys:
            raise ODataImportError(_("Dimension %(dimension)s has no key %(key)s; choose from: %(keys)s.") % {
                "dimension": dimension, "key": wanted, "keys": ", ".join(
                    f"{key} ({str(item.get('Title') or '').strip()})" for key, item in list(keys.items())[:20])})
        key = wanted or next(iter(keys))
        chosen[dimension] = (str(keys[key]["Key"]), str(keys[key].get("Title") or "").strip())
        if not wanted:
            progress.info(_("%(dimension)s: importing %(key)s (%(title)s) only; choose another with --dimension "
                            "%(dimension)s=KEY.")
                          % {"dimension": dimension, "key": key, "title": chosen[dimension][1]})
    return chosen


def _area_names(client: CbsODataClient, table_id: str, geo_key: str, levels: Sequence[AreaLevel],
                progress: ImportProgress) -> dict[str, str] | None:
    """The table's own region list (code → name) for the wanted levels and the levels above them, or None when the
    server does not give it (the names then come from the data rows)."""
    prefixes = {CODE_PREFIX[level] for level in LEVEL_ORDER[: max(LEVEL_ORDER.index(level) for level in levels) + 1]}
    try:
        items = _dimension_items(client, table_id, geo_key, paged=True, progress=progress)
    except CbsODataError as exc:
        progress.info(_("Could not read the region list %(entity)s (%(error)s); area names are taken from the data.")
                      % {"entity": geo_key, "error": exc})
        return None
    names: dict[str, str] = {}
    for item in items:
        code = str(item.get("Key") or "").strip().upper()
        if code[:2] in prefixes and level_for_code(code):
            names[code] = _area_name(code, str(item.get("Title") or ""))
    return names


def _area_name(code: str, title: str) -> str:
    title = " ".join(title.split())
    match = _WIJK_TITLE.match(title) if code.startswith("WK") else None
    # Only the wijk's own number is a prefix: "Wijk 2 Noord" for WK001402, not a name that starts with "Wijk".
    return title[match.end():] if match and match.group(1).zfill(2) == code[-2:] else title


def _name_column(schema: TableSchema) -> str | None:
    """The KWB text column with the gemeente name (``Gemeentenaam_1``), used when the region list is unavailable."""
    return next((key for key, column in schema.topics.items() if column.key_stem.casefold() == "gemeentenaam"), None)


def _filter(geo_key: str, levels: Sequence[AreaLevel], chosen: Mapping[str, tuple[str, str]]) -> str | None:
    """The OData ``$filter`` that keeps the download to the wanted levels and dimension keys."""
    parts = []
    if tuple(levels) != LEVEL_ORDER:
        parts.append("(" + " or ".join(f"substringof('{CODE_PREFIX[level]}',{geo_key})" for level in levels) + ")")
    for dimension, (key, _title) in chosen.items():
        quoted = key.replace("'", "''")  # OData doubles a quote inside a string literal
        parts.append(f"{dimension} eq '{quoted}'")
    return " and ".join(parts) or None


class _Rows:
    """Passes the data pages on to the parser with only the rows to import, remembering what it saw.

    The server filter already does most of this; the same rules are applied here so a server that ignores a filter
    cannot slip other levels or dimension keys in. ``lines`` holds each area's row numbers as the parser counts
    them, for error reports; ``names`` the area codes seen (with the gemeente name when ``name_key`` is given).
    """

    def __init__(self, geo_key: str, levels: Sequence[AreaLevel], chosen: Mapping[str, tuple[str, str]],
                 name_key: str | None) -> None:
        self.geo_key = geo_key
        self.prefixes = {CODE_PREFIX[level] for level in levels}
        self.chosen = {dimension: key.strip() for dimension, (key, _title) in chosen.items()}
        self.name_key = name_key
        self.total = 0
        self.skipped: dict[str, int] = {}
        self.lines: dict[str, list[int]] = {}
        self.names: dict[str, str] = {}

    def keep(self, row: object) -> bool:
        if not isinstance(row, Mapping):
            return True  # the parser reports it
        for dimension, key in self.chosen.items():
            if str(row.get(dimension) or "").strip() != key:
                return False
        raw = row.get(self.geo_key)
        code = raw.strip().upper() if isinstance(raw, str) else ""
        if _REGION_CODE.match(code) and (code[:2] not in CODE_PREFIX.values() or
                                         (level_for_code(code) and code[:2] not in self.prefixes)):
            self.skipped[code] = self.skipped.get(code, 0) + 1
            return False
        return True

    def pages(self, pages: Iterable[Mapping[str, Any]], progress: ImportProgress) -> Iterator[Mapping[str, Any]]:
        kept = 0
        for number, page in enumerate(pages, 1):
            rows = [row for row in page["value"] if self.keep(row)]
            self.total += len(page["value"])
            for row in rows:
                kept += 1
                raw = row.get(self.geo_key) if isinstance(row, Mapping) else None
                if isinstance(raw, str):
                    code = raw.strip().upper()
                    self.lines.setdefault(code, []).append(kept)
                    name = row.get(self.name_key) if self.name_key and code.startswith("GM") else ""
                    self.names.setdefault(code, name.strip() if isinstance(name, str) else "")
            progress.fetched("TypedDataSet", number, self.total)
            yield {**page, "value": rows}


def _check_areas(result: ParseResult, rows: _Rows, names: Mapping[str, str], year: int) -> ParseResult:
    """Turn records of areas that are neither in the table's region list nor areas of ``year`` into row errors
    (one per row, not one per column), so ``import_records`` refuses or skips them like any other bad row."""
    known = set(names) | set(Area.objects.in_year(year).values_list("code", flat=True).order_by())
    records: list[ObservationRecord] = []
    errors = list(result.errors)
    reported: set[str] = set()
    for record in result.records:
        code = record.area_code
        if level_for_code(code) and code in known:
            records.append(record)
            continue
        if code in reported:
            continue
        reported.add(code)
        if level_for_code(code):
            message = (_("unknown area code %(code)s: not in the table's region list nor in the %(year)d boundaries")
                       % {"code": code, "year": year})
        else:
            message = _("%(code)s is not a gemeente, wijk or buurt code") % {"code": code}
        errors += [RowError(line, message) for line in rows.lines.get(code, [0])]
    errors.sort(key=lambda error: error.line)
    return ParseResult(tuple(records), tuple(errors), rows.total, result.checksum, result.columns)
