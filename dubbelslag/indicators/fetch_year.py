"""Fetching every catalogue table of one boundary year from CBS in one go (``manage.py fetch_cbs_year``).

The catalogue names the CBS tables its indicators come from. For boundary year Y those are the *Kerncijfers wijken
en buurten* table of Y (one table feeds every KWB indicator, whatever KWB year the catalogue names) and each other
CBS table whose regions are of Y (the ``MapYear`` its ``DataProperties`` state). Each table is one
``import_cbs_odata`` call, so one transaction and one ``ImportRun``: a table is done once its run exists, and a
second call skips it, which makes the whole fetch resumable after an interruption or a failed table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .enums import ImportSource
from .models import ImportRun, Indicator
from .odata import ImportProgress, ODataImportError, import_cbs_odata
from .odata import _client as odata_client
from .selectors import THIRD_PARTY_BASE_URL, THIRD_PARTY_TABLES
from .services import ImportRefused
from .sources.cbs_odata import CbsODataClient, CbsODataError
from .sources.dataproperties import GEO_TYPES
from .sources.tables import load_kwb_tables

DONE, IMPORTED, SKIPPED, FAILED = "done", "imported", "skipped", "failed"


@dataclass(frozen=True)
class CatalogueTable:
    """A CBS table the catalogue takes figures from, as fetched for one boundary year."""

    table_id: str
    is_kwb: bool
    base_url: str | None  # None: the CBS_ODATA_BASE_URL setting (the open data portal)


@dataclass(frozen=True)
class TableOutcome:
    table: CatalogueTable
    state: str  # DONE (imported before), IMPORTED, SKIPPED (not of this year), FAILED
    message: str = ""
    run: ImportRun | None = None


def catalogue_tables(boundary_year: int) -> list[CatalogueTable]:
    """The tables to fetch for ``boundary_year``: its KWB table when the catalogue has KWB indicators (none when CBS
    has no KWB table of that year), then every other CBS table of the catalogue, by id. Whether another table is
    of this year is only known from CBS (``fetch_boundary_year`` asks)."""
    kwb = load_kwb_tables()
    kwb_ids = {table.table_id for table in kwb.values()}
    sources = set(Indicator.objects.filter(is_own_measurement=False).exclude(source_table="")
                  .exclude(source_key_stem="").values_list("source_table", flat=True).order_by())
    tables = []
    if sources & kwb_ids and boundary_year in kwb:
        tables.append(CatalogueTable(kwb[boundary_year].table_id, True, None))
    for table_id in sorted(sources - kwb_ids):
        tables.append(CatalogueTable(table_id, False, THIRD_PARTY_BASE_URL if table_id in THIRD_PARTY_TABLES
                                     else None))
    return tables


def imported_tables(boundary_year: int) -> set[str]:
    """The tables already fetched from CBS in ``boundary_year`` (an OData import run exists)."""
    return set(ImportRun.objects.filter(source=ImportSource.CBS_ODATA, boundary_year=boundary_year)
               .values_list("table_id", flat=True).order_by())


def _map_year(client: CbsODataClient, table_id: str) -> int | None:
    for row in client.data_properties(table_id):
        if str(row.get("Type")) in GEO_TYPES:
            try:
                return int(float(str(row.get("MapYear"))))
            except (TypeError, ValueError):
                return None
    return None


def _client_for(client: CbsODataClient | None, table: CatalogueTable) -> CbsODataClient | None:
    if client is None or table.base_url is None:
        return client
    return CbsODataClient(fetch_json=client.fetch_json, base_url=table.base_url, page_size=client.page_size,
                          max_pages=client.max_pages)


class YearProgress(ImportProgress):
    """What ``fetch_boundary_year`` reports besides each table's own import progress."""

    def table(self, number: int, total: int, table: CatalogueTable) -> None:
        """Table ``number`` of ``total`` is next."""

    def outcome(self, outcome: TableOutcome) -> None:
        """The table is done with, in one of the four states."""


def fetch_boundary_year(boundary_year: int, *, by, client: CbsODataClient | None = None, again: bool = False,
                        progress: YearProgress | None = None) -> list[TableOutcome]:
    """Fetch every catalogue table of ``boundary_year`` (``catalogue_tables``) that has not been fetched in that
    year before (all of them when ``again``), each through ``import_cbs_odata``.

    A table that is refused, cannot be read or is of another boundary year does not stop the others: it is reported
    as failed or skipped and nothing of it is written, so running the call again retries exactly the tables that
    are not done. Effects: the import runs, observations and areas ``import_cbs_odata`` writes, per table."""
    progress = progress or YearProgress()
    tables = catalogue_tables(boundary_year)
    done = set() if again else imported_tables(boundary_year)
    outcomes = []
    for number, table in enumerate(tables, 1):
        progress.table(number, len(tables), table)
        outcome = _fetch_one(table, boundary_year, by=by, client=_client_for(client, table), done=done,
                             progress=progress)
        progress.outcome(outcome)
        outcomes.append(outcome)
    return outcomes


def _fetch_one(table: CatalogueTable, boundary_year: int, *, by, client, done: set[str],
               progress: YearProgress) -> TableOutcome:
    if table.table_id in done:
        return TableOutcome(table, DONE, _("already imported in %(year)d") % {"year": boundary_year})
    try:
        if not table.is_kwb:
            reading = client or _real_client(table)
            map_year = _map_year(reading, table.table_id)
            if map_year != boundary_year:
                return TableOutcome(table, SKIPPED, _("its regions are of %(year)s") % {
                    "year": map_year if map_year is not None else _("an unstated year")})
        run = import_cbs_odata(table.table_id, by=by, client=client, base_url=table.base_url,
                               boundary_year=None if table.is_kwb else boundary_year, progress=progress)
    except ImportRefused as exc:
        return TableOutcome(table, FAILED, _("refused, nothing written: %(problem)s") % {
            "problem": "; ".join(exc.report[:3])})
    except (ODataImportError, CbsODataError) as exc:
        return TableOutcome(table, FAILED, str(exc))
    return TableOutcome(table, IMPORTED, run=run)


def _real_client(table: CatalogueTable) -> CbsODataClient:
    """An HTTPS client by the importer's own rules for the base URL and TLS."""
    return odata_client(None, table.base_url)
