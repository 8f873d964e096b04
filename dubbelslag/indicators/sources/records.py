"""Plain value objects returned by the parsers in ``indicators.sources``.

Nothing here touches the database: the import service turns these into model rows. All classes are frozen so a
parse result can be passed around (and compared in tests) without anyone editing it on the way.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

STATUS_OK = "ok"
STATUS_SUPPRESSED = "suppressed"
STATUS_UNKNOWN = "unknown"
STATUSES = frozenset({STATUS_OK, STATUS_SUPPRESSED, STATUS_UNKNOWN})


@dataclass(frozen=True, slots=True)
class ColumnProperty:
    """One numeric column (a CBS ``Topic``) as described by a table's ``DataProperties``.

    ``key`` is the full OData key (``Woningvoorraad_35``); ``key_stem`` is the key without the positional suffix
    (``Woningvoorraad``), which is what stays the same from one KWB year to the next. ``path`` holds the titles of
    the enclosing topic groups (``("Wonen en vastgoed",)``), used to tell apart stems that occur twice in a table.
    """

    key: str
    key_stem: str
    title: str
    description: str = ""
    unit: str = ""
    decimals: int | None = None
    datatype: str = ""
    path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    """One value for one area, column and period.

    ``value`` is a float when ``status == "ok"`` and ``None`` otherwise: a value the source kept secret is
    ``status="suppressed"`` and one that is missing or not applicable is ``status="unknown"``. It is never 0,
    because a 0 would be averaged and mapped as if CBS had measured it. ``key_stem`` is the stem the caller asked
    for (possibly qualified with a group, see ``TableSchema.resolve_stem``); the service maps it to an indicator.
    ``symbol`` keeps the raw CBS symbol (``.``, ``x``, ``?``, ``-``) for provenance, empty for OData nulls and values.
    ``line`` is the 1-based line (CSV) or row (XLSX) the value came from, 0 for OData; it only serves error reports,
    so it takes no part in comparisons.
    """

    area_code: str
    column_key: str
    key_stem: str
    period: str
    value: float | None
    status: str
    symbol: str = ""
    line: int = field(default=0, compare=False)
    # The class word of a categorical column (``Midden``), with value None; the service maps it to a class.
    category: str = ""

    def __post_init__(self) -> None:
        # These are programming errors in a parser, not data errors, so they raise instead of becoming RowErrors.
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.category:
            if self.status != STATUS_OK or self.value is not None:
                raise ValueError(f"a class needs status 'ok' and value None, got {self.status!r}, {self.value!r}")
        elif self.status == STATUS_OK:
            if not isinstance(self.value, float) or not math.isfinite(self.value):
                raise ValueError(f"status 'ok' needs a finite float value, got {self.value!r}")
        elif self.value is not None:
            raise ValueError(f"status {self.status!r} needs value None, got {self.value!r}")


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in the input. ``line`` is the 1-based line (CSV), row (XLSX) or dataset row (OData);
    0 means the problem concerns the whole file or table (for example a requested column that does not exist).

    ``message`` is already translated: parsers build it with ``gettext`` when they find the problem, so it is in the
    language active then. ``str()`` adds the line in the language active when the report is written. ``fatal``
    marks a problem past the header that still leaves no row to trust (a file in another encoding, quoting that
    breaks the rest of the file): the import service refuses it even when asked to skip invalid rows, as it does any
    problem on line 0 or 1.
    """

    line: int
    message: str
    fatal: bool = False

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class ParseResult:
    """Everything a parser found in one input.

    The parsers never stop half-way on bad data: they collect ``errors`` and keep going, so a user sees every
    problem at once. The import service refuses the whole input when ``errors`` is not empty. ``checksum`` is the
    sha256 hex digest of the raw input, stored on the import run so re-importing the same file can be recognised.
    """

    records: tuple[ObservationRecord, ...]
    errors: tuple[RowError, ...]
    rows_read: int
    checksum: str
    columns: tuple[ColumnProperty, ...] = field(default=())
    # The names the file gives its areas (code → name), when it has a name column: checked against the code list.
    area_names: dict[str, str] = field(default_factory=dict, compare=False)
    # Rows read but deliberately not imported, per reason (another value of a chosen dimension): counted, not errors.
    skipped: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def status_counts(self) -> dict[str, int]:
        """Number of records per status, with every status present (zero when absent)."""
        counts = Counter(record.status for record in self.records)
        return {status: counts.get(status, 0) for status in sorted(STATUSES)}
