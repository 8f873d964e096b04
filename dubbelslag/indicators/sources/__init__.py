"""Parsing of external indicator data (CBS OData, CBS CSV, long-format uploads) into plain dataclasses.

No database here: the import service in ``indicators.services`` stores what these parsers return. The one Django
import is ``django.utils.translation``, so the problems the parsers report to users (``RowError`` messages and the
``ValueError``/``LookupError``/``CbsODataError`` texts that become them) are translated into the active language when
they are found; translation reads the compiled catalogues only and never touches the ORM. Exceptions that signal a
bug in a parser or a shipped file (``ObservationRecord``'s checks, ``load_kwb_tables``) stay untranslated English.
"""

from .cbs_csv import parse_cbs_csv
from .cbs_odata import DEFAULT_BASE_URL, CbsODataClient, CbsODataError, fetch_json_https, parse_odata
from .common import key_stem
from .dataproperties import TableSchema, read_data_properties_csv
from .long_format import parse_long_csv, parse_long_format, parse_long_xlsx
from .records import (
    STATUS_OK,
    STATUS_SUPPRESSED,
    STATUS_UNKNOWN,
    ColumnProperty,
    ObservationRecord,
    ParseResult,
    RowError,
)
from .tables import CbsTable, kwb_table_id, load_kwb_tables

__all__ = [
    "DEFAULT_BASE_URL",
    "STATUS_OK",
    "STATUS_SUPPRESSED",
    "STATUS_UNKNOWN",
    "CbsODataClient",
    "CbsODataError",
    "CbsTable",
    "ColumnProperty",
    "ObservationRecord",
    "ParseResult",
    "RowError",
    "TableSchema",
    "fetch_json_https",
    "key_stem",
    "kwb_table_id",
    "load_kwb_tables",
    "parse_cbs_csv",
    "parse_long_csv",
    "parse_long_format",
    "parse_long_xlsx",
    "parse_odata",
    "read_data_properties_csv",
]
