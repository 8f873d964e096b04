"""Client and parser for the CBS OData v3 API (``https://opendata.cbs.nl/ODataApi/odata/<table>/``).

The client reads a table's ``DataProperties`` and pages through its ``TypedDataSet``; the parser maps wanted key stems
to the table's keys and turns rows into ``ObservationRecord``s. HTTP is injected: ``CbsODataClient(fetch_json=...)``
takes any ``fetch_json(url) -> dict`` callable, so tests serve captured JSON and never open a socket. The default,
``fetch_json_https``, uses ``urllib.request`` with the standard verified TLS context and refuses non-HTTPS URLs.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.utils.translation import gettext as _

from .common import clean_area_code, normalise_period, number_from_json
from .dataproperties import TableSchema
from .records import STATUS_OK, STATUS_SUPPRESSED, ObservationRecord, ParseResult, RowError

DEFAULT_BASE_URL = "https://opendata.cbs.nl/ODataApi/odata/"
USER_AGENT = "dubbelslag-indicator-import/1.0"
# Table ids look like 85984NED or 83625ENG; checking them keeps arbitrary text out of the request path.
_TABLE_ID = re.compile(r"^[0-9]{5}[A-Z0-9]{3}$")

FetchJson = Callable[[str], Mapping[str, Any]]


class CbsODataError(Exception):
    """The CBS API could not be read (network, HTTP status, or a response that is not an OData page).

    The message is for the person running the import, so it is translated into the active language."""


class _HttpsOnlyRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to https URLs; urllib would otherwise downgrade to http without a word."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme != "https":
            raise CbsODataError(_("refusing redirect from %(source)s to non-https %(target)s")
                                % {"source": req.full_url, "target": newurl})
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_json_https(url: str, *, timeout: float = 60.0) -> dict[str, Any]:
    """GET ``url`` over HTTPS and decode the JSON body.

    Effects: one HTTPS request. TLS is verified with the system trust store (``ssl.create_default_context()``);
    there is deliberately no switch to turn that off. Raises ``CbsODataError`` on any failure.
    """
    if urlsplit(url).scheme != "https":
        raise CbsODataError(_("refusing to fetch %(url)r: only https URLs are allowed") % {"url": url})
    # The scheme is checked above and redirects are checked by the opener, so the request cannot be steered to
    # file:// or plain http.
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})  # noqa: S310
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ssl.create_default_context()), _HttpsOnlyRedirectHandler()
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        body = exc.read(500).decode("utf-8", "replace")
        raise CbsODataError(_("CBS answered HTTP %(status)d for %(url)s: %(body)s")
                            % {"status": exc.code, "url": url, "body": body}) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # URLError and timeouts are OSErrors; a truncated body is an HTTPException; bad JSON is a ValueError.
        raise CbsODataError(_("could not read %(url)s: %(error)s") % {"url": url, "error": exc}) from exc


class CbsODataClient:
    """Reads CBS OData tables through an injectable ``fetch_json``.

    ``page_size`` adds ``$top``/``$skip`` paging for servers that cap a response without giving an
    ``odata.nextLink`` (the ODataApi refuses very large results); a ``odata.nextLink`` is always followed when present.
    ``max_pages`` stops a server that keeps sending links.
    """

    def __init__(
        self,
        *,
        fetch_json: FetchJson = fetch_json_https,
        base_url: str = DEFAULT_BASE_URL,
        page_size: int | None = None,
        max_pages: int = 1000,
    ) -> None:
        if page_size is not None and page_size < 1:
            raise ValueError("page_size must be positive")
        self.fetch_json = fetch_json
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.page_size = page_size
        self.max_pages = max_pages

    def url(self, table_id: str, entity: str, params: Mapping[str, str | int] | None = None) -> str:
        """The URL of ``<base>/<table_id>/<entity>?<params>``, with ``$format=json`` always included."""
        if not _TABLE_ID.match(table_id):
            raise ValueError(_("%(table)r is not a CBS table id like 85984NED") % {"table": table_id})
        query = {"$format": "json", **(params or {})}
        # Keep OData syntax readable in logs: $ , ' ( ) need no escaping in a query string; spaces become %20.
        return f"{self.base_url}{table_id}/{entity}?" + urlencode(query, safe="$,'()", quote_via=quote)

    def iter_pages(
        self,
        table_id: str,
        entity: str = "TypedDataSet",
        *,
        filter_expr: str | None = None,
        select: Sequence[str] | None = None,
        paged: bool = True,
    ) -> Iterator[Mapping[str, Any]]:
        """Yield each JSON page of an entity set, following ``odata.nextLink`` (and ``$skip`` when ``page_size``).

        Effects: one ``fetch_json`` call per page. Raises ``CbsODataError`` for a page without a ``value`` list, for
        a next link that leaves the configured host, and after ``max_pages`` pages. ``paged=False`` leaves out
        ``$top``/``$skip`` for small entity sets such as DataProperties.
        """
        params: dict[str, str | int] = {}
        if filter_expr:
            params["$filter"] = filter_expr
        if select:
            params["$select"] = ",".join(select)
        skip = 0
        page_size = self.page_size if paged else None
        if page_size:
            params["$top"] = page_size
        url = self.url(table_id, entity, params)
        origin = urlsplit(self.base_url)[:2]
        for _page_number in range(self.max_pages):
            page = self.fetch_json(url)
            if not isinstance(page, Mapping) or not isinstance(page.get("value"), list):
                raise CbsODataError(_("%(url)s did not return an OData page with a 'value' list") % {"url": url})
            yield page
            next_link = page.get("odata.nextLink")
            if next_link:
                url = urljoin(url, next_link)
                # A next link to another host would make us send requests wherever the response points.
                if urlsplit(url)[:2] != origin:
                    raise CbsODataError(_("refusing odata.nextLink to another host: %(url)s") % {"url": url})
            elif page_size and len(page["value"]) == page_size:
                skip += page_size
                url = self.url(table_id, entity, {**params, "$skip": skip})
            else:
                return
        raise CbsODataError(_("stopped after %(count)d pages of %(table)s/%(entity)s")
                            % {"count": self.max_pages, "table": table_id, "entity": entity})

    def data_properties(self, table_id: str) -> list[Mapping[str, Any]]:
        """All ``DataProperties`` rows of a table. Effects: one or more ``fetch_json`` calls."""
        return [row for page in self.iter_pages(table_id, "DataProperties", paged=False) for row in page["value"]]

    def fetch_observations(
        self,
        table_id: str,
        *,
        stems: Sequence[str],
        period: str | int | None = None,
        filter_expr: str | None = None,
    ) -> ParseResult:
        """Fetch and parse the wanted columns of a table.

        Effects: ``fetch_json`` calls for DataProperties and every data page; no other side effects. Only the region
        and period dimensions and the mapped keys are requested (``$select``), which keeps KWB buurt pages small.
        ``period`` is used for tables without a period dimension (KWB: pass the table year). ``filter_expr`` is an
        OData ``$filter`` such as ``"substringof('GM0014', WijkenEnBuurten)"``. If a stem cannot be mapped no data
        page is downloaded (the pages are read lazily) and the result carries the mapping errors. Network problems
        raise ``CbsODataError``; data problems become ``RowError``s.
        """
        properties = self.data_properties(table_id)
        schema = TableSchema.from_rows(properties)
        found, _problems = schema.resolve_stems(stems)  # parse_odata reports the problems
        select = [key for key in (schema.geo_key, schema.time_key) if key] + [c.key for c in found.values()]
        pages = self.iter_pages(table_id, filter_expr=filter_expr, select=select)
        return parse_odata(properties, pages, stems=stems, period=period)


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def parse_odata(
    data_properties: Iterable[Mapping[str, Any]],
    pages: Iterable[Mapping[str, Any]],
    *,
    stems: Sequence[str],
    period: str | int | None = None,
) -> ParseResult:
    """Turn DataProperties rows and TypedDataSet pages into a ``ParseResult``.

    Codes are stripped of CBS's right-padding; a JSON null is ``status="suppressed", value=None``; numbers become
    floats. ``line`` in errors is the 1-based position of the row across all pages (0 for table-level problems).
    The checksum is the sha256 of the canonical JSON of the DataProperties rows followed by each page's ``value``
    list, so it identifies the content whichever host or page links served it.
    """
    properties = list(data_properties)
    digest = hashlib.sha256(_canonical(properties))
    schema = TableSchema.from_rows(properties)
    found, problems = schema.resolve_stems(stems)
    errors = [RowError(0, message) for message in problems]
    if not schema.geo_key:
        errors.append(RowError(0, _("the table has no region dimension (WijkenEnBuurten or RegioS)")))
    fixed_period = None
    if not schema.time_key:
        try:
            fixed_period = normalise_period(period) if period is not None else None
        except ValueError as exc:
            errors.append(RowError(0, str(exc)))
        if period is None:
            errors.append(RowError(0, _("the table has no period dimension; pass the period (the KWB table year)")))
    if errors:
        # Mapping failed, so rows cannot be read meaningfully; report the table-level problems only.
        return ParseResult((), tuple(errors), 0, digest.hexdigest(), tuple(found.values()))

    records: list[ObservationRecord] = []
    seen: set[tuple[str, str, str]] = set()
    line = 0
    for page in pages:
        rows = page.get("value") or []
        digest.update(b"\n" + _canonical(rows))
        for row in rows:
            line += 1
            if not isinstance(row, Mapping):
                errors.append(RowError(line, _("row is not a JSON object: %(row).80r") % {"row": row}))
                continue
            try:
                area = clean_area_code(row.get(schema.geo_key))
                row_period = normalise_period(row.get(schema.time_key)) if schema.time_key else fixed_period
            except ValueError as exc:
                errors.append(RowError(line, str(exc)))
                continue
            for stem, column in found.items():
                if column.key not in row:
                    errors.append(RowError(line, _("%(area)s: column %(column)s is missing from the row")
                                           % {"area": area, "column": column.key}))
                    continue
                identity = (area, column.key, row_period)
                if identity in seen:
                    errors.append(RowError(line, _("%(area)s %(column)s %(period)s occurs twice")
                                           % {"area": area, "column": column.key, "period": row_period}))
                    continue
                seen.add(identity)
                raw = row[column.key]
                if raw is None:
                    # CBS publishes null where a value is secret or unreliable; it is not a zero.
                    records.append(ObservationRecord(area, column.key, stem, row_period, None, STATUS_SUPPRESSED))
                    continue
                try:
                    value = number_from_json(raw)
                except ValueError as exc:
                    errors.append(RowError(line, _("%(area)s: column %(column)s: %(problem)s")
                                           % {"area": area, "column": column.key, "problem": exc}))
                    continue
                records.append(ObservationRecord(area, column.key, stem, row_period, value, STATUS_OK))
    return ParseResult(tuple(records), tuple(errors), line, digest.hexdigest(), tuple(found.values()))
