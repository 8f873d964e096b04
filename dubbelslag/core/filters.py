"""Filter definitions shared by a list page and its API: one ``FilterSet`` per resource.

Each ``Filter`` names its parameter twice (``page``: the Dutch name in the page's query string, ``api``: the name in
/api/v1/, either None when only one side has it), parses the text with one parser, and narrows a queryset with one
function. Pages read a query string leniently (``FilterSet.from_page``: a value that is not understood is dropped
and its label named, never an error); the API strictly (``FilterSet.from_api``: ``BadParameter`` naming the
parameter, answered as 400 problem+json). The API's OpenAPI parameters are generated from the same definition
(``FilterSet.openapi_parameters``), so page, API and document cannot disagree.

Parsers raise ``ValueError`` with a translated reason; messages are translated when a request is read, never at
import time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .params import parse_int

MAX_LIST_ITEMS = 50


class BadParameter(Exception):
    """A query parameter the API cannot read: ``name`` is the parameter, ``reason`` a translated sentence."""

    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")


# -- parsers: text -> value, ValueError(reason) otherwise ----------------------------------------------------------

def integer(*, low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = parse_int(text, signed=True)
        if value is None:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text[:40]})
        if low is not None and value < low:
            raise ValueError(_("must be at least %(low)s.") % {"low": low})
        if high is not None and value > high:
            raise ValueError(_("must be at most %(high)s.") % {"high": high})
        return value

    return parse


def choice(values: Callable[[], Iterable[str]] | Iterable[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        allowed = list(values() if callable(values) else values)
        if text not in allowed:
            raise ValueError(_("must be one of: %(choices)s.") % {"choices": ", ".join(allowed)})
        return text

    return parse


def matching(pattern: re.Pattern, reason: Callable[[], str], *, upper: bool = False, lower: bool = False,
             many: bool = False) -> Callable[[str], Any]:
    """A value matching ``pattern`` (normalised to upper or lower case), or with ``many`` a comma-separated list of
    at most MAX_LIST_ITEMS such values; ``reason()`` is the translated message with ``%(value)s``."""
    def normalise(value: str) -> str:
        value = value.strip()
        return value.upper() if upper else value.lower() if lower else value

    def parse(text: str):
        values = [normalise(value) for value in text.split(",")] if many else [normalise(text)]
        if len(values) > MAX_LIST_ITEMS:
            raise ValueError(_("at most %(count)s values.") % {"count": MAX_LIST_ITEMS})
        for value in values:
            # Codes and slugs are ASCII: a pattern's "\\d" would also take "３" (and [A-Z] after upper() "ﬀ").
            if not value.isascii() or not pattern.fullmatch(value):
                raise ValueError(reason() % {"value": value[:40]})
        return values if many else values[0]

    return parse


def text(*, max_length: int) -> Callable[[str], str]:
    """Free text: NUL characters removed, cut to ``max_length``; never refused."""
    return lambda value: value.replace("\x00", "").strip()[:max_length]


# -- definitions ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filter:
    """One parameter of a resource's filters.

    ``narrow(queryset, value)`` applies a parsed value (None: the parameter only feeds the view, e.g. ``year`` of a
    detail). ``known(value)`` is the page's extra check that a well-formed value names something that exists (a
    theme slug, a gemeente): the page drops and names a value that fails it, the API simply finds nothing for it.
    ``schema``, ``description`` and ``example`` describe the API parameter in the OpenAPI document.
    """

    key: str
    parse: Callable[[str], Any]
    narrow: Callable[[QuerySet, Any], QuerySet] | None
    page: str | None = None
    api: str | None = None
    label: Any = ""  # lazy text naming the filter on the page ("theme"), for "not understood: theme"
    known: Callable[[Any], bool] | None = None
    schema: dict = field(default_factory=lambda: {"type": "string"})
    description: str = ""
    example: Any = None
    max_length: int | None = None  # pages drop longer values (as not understood); free text is cut instead


class Values(dict):
    """The parsed filter values by key, and (pages only) the labels of the parameters that were dropped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ignored: list[str] = []


class FilterSet:
    def __init__(self, *filters: Filter):
        self.filters = filters
        self.by_key = {item.key: item for item in filters}

    def _read(self, params, name_of, *, strict: bool) -> Values:
        values = Values()
        for item in self.filters:
            name = name_of(item)
            if name is None:
                continue
            raw = (params.get(name) or "").strip()
            if not raw:
                continue
            try:
                if item.max_length is not None and len(raw) > item.max_length and not strict:
                    raise ValueError
                value = item.parse(raw)
                if not strict and item.known is not None and not item.known(value):
                    raise ValueError
            except ValueError as error:
                if strict:
                    raise BadParameter(name, str(error)) from None
                values.ignored.append(str(item.label or name))
                continue
            if value not in ("", None, []):
                values[item.key] = value
        return values

    def from_api(self, params) -> Values:
        """The API's reading: ``BadParameter`` for the first value that is not understood."""
        return self._read(params, lambda item: item.api, strict=True)

    def from_page(self, params) -> Values:
        """The page's reading: values that are not understood are left out and named in ``ignored``."""
        return self._read(params, lambda item: item.page, strict=False)

    def apply(self, queryset: QuerySet, values: dict, *, without: str | None = None) -> QuerySet:
        """``queryset`` narrowed by every value (except the one keyed ``without``, for facet counts)."""
        for key, value in values.items():
            item = self.by_key[key]
            if key != without and item.narrow is not None:
                queryset = item.narrow(queryset, value)
        return queryset

    def openapi_parameters(self) -> list[dict]:
        return [{"name": item.api, "in": "query", "required": False, "description": item.description,
                 "schema": item.schema, **({"example": item.example} if item.example is not None else {})}
                for item in self.filters if item.api is not None]


# The API's paging parameters, shared by every list endpoint.
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
PAGING = FilterSet(
    Filter("limit", integer(low=1, high=MAX_LIMIT), None, api="limit",
           schema={"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
           description=f"How many results per page (at most {MAX_LIMIT}).", example=50),
    Filter("offset", integer(low=0), None, api="offset", schema={"type": "integer", "minimum": 0, "default": 0},
           description="How many results to skip.", example=0),
)
