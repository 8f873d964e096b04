"""A CBS table's ``DataProperties`` (its column dictionary) and the mapping from wanted key stems to actual keys.

CBS renumbers the suffix of every column key when a column is added (``Woningvoorraad_34`` one year,
``Woningvoorraad_35`` the next), so importers ask for stems and this module finds the key that carries the stem in the
table at hand. The same rows arrive as OData JSON (numbers, nulls) or as a CSV export of that JSON (text, ``"5.0"``,
empty strings); ``TableSchema.from_rows`` accepts both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .common import as_bytes, key_stem
from .records import ColumnProperty

# Datatypes of CBS topics that hold numbers; String topics (names, codes, the "indelingswijziging" flag) are not
# observations and cannot be imported as indicators.
NUMERIC_DATATYPES = frozenset({"Long", "Integer", "Short", "Double", "Float", "Decimal"})
GEO_TYPES = frozenset({"GeoDimension", "GeoDetail"})
TIME_TYPES = frozenset({"TimeDimension"})


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _int_or_none(value: object) -> int | None:
    # The CSV export writes integers as "5.0" (it went through pandas); JSON has real ints or null.
    text = _text(value)
    return int(float(text)) if text else None


@dataclass(frozen=True)
class TableSchema:
    """The dimensions and numeric-or-not topics of one CBS table, built from its ``DataProperties`` rows."""

    topics: Mapping[str, ColumnProperty]
    geo_key: str | None = None
    geo_title: str = ""
    time_key: str | None = None
    time_title: str = ""
    other_dimensions: tuple[str, ...] = ()
    _by_stem: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> TableSchema:
        """Build a schema from DataProperties rows (OData JSON ``value`` items or CSV dict rows)."""
        rows = list(rows)
        groups: dict[int, tuple[str, int | None]] = {}
        for row in rows:
            if _text(row.get("Type")) == "TopicGroup" and _int_or_none(row.get("ID")) is not None:
                groups[_int_or_none(row.get("ID"))] = (_text(row.get("Title")), _int_or_none(row.get("ParentID")))

        def path_of(parent_id: int | None) -> tuple[str, ...]:
            titles: list[str] = []
            seen: set[int] = set()
            # Walk up the group tree; ``seen`` guards against a malformed file whose parents form a loop.
            while parent_id is not None and parent_id in groups and parent_id not in seen:
                seen.add(parent_id)
                title, parent_id = groups[parent_id]
                titles.append(title)
            return tuple(reversed(titles))

        topics: dict[str, ColumnProperty] = {}
        by_stem: dict[str, list[str]] = {}
        geo_key = time_key = None
        geo_title = time_title = ""
        others: list[str] = []
        for row in rows:
            kind, key = _text(row.get("Type")), _text(row.get("Key"))
            if not key:
                continue
            if kind in GEO_TYPES:
                geo_key, geo_title = key, _text(row.get("Title"))
            elif kind in TIME_TYPES:
                time_key, time_title = key, _text(row.get("Title"))
            elif kind == "Dimension":
                others.append(key)
            elif kind == "Topic":
                topics[key] = ColumnProperty(
                    key=key,
                    key_stem=key_stem(key),
                    title=_text(row.get("Title")),
                    description=_text(row.get("Description")),
                    unit=_text(row.get("Unit")),
                    decimals=_int_or_none(row.get("Decimals")),
                    datatype=_text(row.get("Datatype")),
                    path=path_of(_int_or_none(row.get("ParentID"))),
                )
                by_stem.setdefault(key_stem(key).casefold(), []).append(key)
        return cls(
            topics=topics,
            geo_key=geo_key,
            geo_title=geo_title,
            time_key=time_key,
            time_title=time_title,
            other_dimensions=tuple(others),
            _by_stem={stem: tuple(keys) for stem, keys in by_stem.items()},
        )

    def resolve_stem(self, wanted: str) -> ColumnProperty:
        """Return the numeric column for a wanted stem; raise LookupError with a readable message otherwise.

        A stem that occurs twice in one table (KWB 2024 has ``Huurwoning_59`` under electricity and
        ``Huurwoning_67`` under gas) must be qualified with the title of one of its topic groups:
        ``"Gemiddeld aardgasverbruik/Huurwoning"``. Matching is case-insensitive because titles and keys are typed
        by people in mapping files.
        """
        *groups, stem = [part.strip() for part in wanted.split("/")]
        keys = self._by_stem.get(key_stem(stem).casefold(), ())
        keys = tuple(key for key in keys if self._in_groups(key, groups))
        if not keys:
            raise LookupError(_("column %(stem)r is not in this table") % {"stem": wanted})
        if len(keys) > 1:
            options = [f"{self._distinguishing_group(k, keys)}/{stem}" for k in keys]
            # "A or B", "A, B or C"
            raise LookupError(_("column %(stem)r is ambiguous (%(keys)s); ask for %(options)s or %(last)s") % {
                "stem": wanted, "keys": ", ".join(keys), "options": ", ".join(options[:-1]), "last": options[-1]})
        column = self.topics[keys[0]]
        if column.datatype not in NUMERIC_DATATYPES:
            if column.datatype:
                message = _("column %(stem)r (%(key)s) holds %(datatype)s data, not numbers")
            else:
                message = _("column %(stem)r (%(key)s) has no data type, so it holds no numbers")
            raise LookupError(message % {"stem": wanted, "key": column.key, "datatype": column.datatype})
        return column

    def _in_groups(self, key: str, groups: Sequence[str]) -> bool:
        path = {title.casefold() for title in self.topics[key].path}
        return all(group.casefold() in path for group in groups)

    def _distinguishing_group(self, key: str, candidates: Sequence[str]) -> str:
        # The deepest group title of this column that none of the other candidates has, for the error message.
        others = {title for other in candidates if other != key for title in self.topics[other].path}
        return next((title for title in reversed(self.topics[key].path) if title not in others), key)

    def resolve_header(self, header: str) -> str | None:
        """Map a CSV column header to a key: the key itself, or a topic/dimension title as StatLine prints it,
        optionally with its group path and unit (``"Bevolking/Aantal inwoners (aantal)"``). None if not found."""
        text = header.strip()
        if text in self.topics or text in (self.geo_key, self.time_key):
            return text
        if text.endswith(")") and " (" in text:
            text = text[: text.rindex(" (")]  # drop the "(unit)" StatLine appends to a title
        *group_path, title = [part.strip().casefold() for part in text.split("/")]
        for key, title_of in ((self.geo_key, self.geo_title), (self.time_key, self.time_title)):
            if key and not group_path and title == title_of.casefold():
                return key
        matches = [
            column.key
            for column in self.topics.values()
            if column.title.strip().casefold() == title and self._in_groups(column.key, group_path)
        ]
        return matches[0] if len(matches) == 1 else None

    def resolve_stems(self, wanted: Sequence[str]) -> tuple[dict[str, ColumnProperty], list[str]]:
        """Resolve several stems at once; return the found columns by wanted stem and one message per failure."""
        found: dict[str, ColumnProperty] = {}
        problems: list[str] = []
        for stem in wanted:
            try:
                found[stem] = self.resolve_stem(stem)
            except LookupError as exc:
                problems.append(str(exc))
        return found, problems


def read_data_properties_csv(data: bytes | str) -> TableSchema:
    """Read a DataProperties CSV export (like ``85984NED_DataProperties.csv``) into a ``TableSchema``.

    Effects: none. Raises ``ValueError`` when the file is not UTF-8 or lacks the ``Key``/``Type``/``Title`` columns;
    this is a reference file supplied by an administrator, so it fails loudly instead of yielding row errors.
    """
    text = as_bytes(data).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"Key", "Type", "Title"} - set(reader.fieldnames or ())
    if missing:
        raise ValueError(_("DataProperties CSV lacks columns: %(columns)s") % {"columns": ", ".join(sorted(missing))})
    return TableSchema.from_rows(reader)
