"""The one read API at /api/v1/ on django-ninja: the NinjaAPI, problem+json errors, paging, and the wrapper every
URL of the API goes through.

The rules the API keeps (NL API Design Rules): GET and HEAD only (405 with ``Allow: GET, HEAD`` otherwise, also for
POST: there is no CSRF check because nothing is ever written); every error as ``application/problem+json`` (RFC 9457)
in the language of the request, 400 with ``invalid_params`` naming a bad parameter, 404 for an unknown code; the
``API-Version`` header; readable from any origin (``Access-Control-Allow-Origin: *``) since everything here is open
data; JSON with ``ensure_ascii=False``; paths without a trailing slash; limit/offset pages with links.

Query parameters are not declared to ninja: each endpoint reads them through its resource's ``FilterSet``
(``dubbelslag.core.filters``), shared with the HTML list page, and the OpenAPI parameters are generated from the same
definition (``openapi_extra``). Responses go through ninja's typed schemas, so the document is generated from the
code that serialises the answer.
"""

from __future__ import annotations

import functools
import json
from typing import Annotated, Any
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from pydantic import BeforeValidator

from dubbelslag.core.addresses import absolute_url
from dubbelslag.core.filters import DEFAULT_LIMIT, PAGING, BadParameter, FilterSet
from dubbelslag.core.params import parse_int

API_VERSION = "1.0.0"
ALLOW = "GET, HEAD"
LICENCE_NOTE = ("Figures: CBS (Statistics Netherlands) and other open sources as named per indicator, licensed "
                "CC BY 4.0: attribute the source when you reuse them.")


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class InvalidParam(Schema):
    name: str
    reason: str


class Problem(Schema):
    """An error (RFC 9457), its texts in the language of the request."""

    status: int
    title: str
    detail: str | None = None
    invalid_params: list[InvalidParam] | None = None


ERRORS = {400: Problem, 405: Problem}


def _ascii_integer(value):
    """A path's number through the one number parser: pydantic's own int() would read "３" as 3."""
    if isinstance(value, str):
        parsed = parse_int(value, max_digits=19)
        if parsed is None:
            raise ValueError("not a whole number in ASCII digits")  # answered as 404 (``_invalid``), never shown
        return parsed
    return value


# The type of every integer path parameter (``/records/{id}``): documented as an integer, read in ASCII digits only.
PathInt = Annotated[int, BeforeValidator(_ascii_integer)]
NOT_FOUND = {404: Problem}


def problem(status: int, title: str, detail: str = "", **extra) -> HttpResponse:
    body = {"status": status, "title": title, **({"detail": detail} if detail else {}), **extra}
    return HttpResponse(json.dumps(body, ensure_ascii=False, cls=NinjaJSONEncoder), status=status,
                        content_type="application/problem+json")


def bad_parameter(error: BadParameter) -> HttpResponse:
    return problem(400, _("Bad request parameter"), f"{error.name}: {error.reason}",
                   invalid_params=[{"name": error.name, "reason": error.reason}])


class DubbelslagAPI(NinjaAPI):
    def get_content_type(self) -> str:
        return "application/json"

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's document, with error responses described as problem+json (what they are served as)."""
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in document["paths"].values():
            for operation in operations.values():
                responses = {}
                for status, response in operation["responses"].items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {"application/problem+json": response["content"]["application/json"]}
                    responses[str(status)] = response
                operation["responses"] = responses
        return document


api = DubbelslagAPI(
    title="Dubbelslag open data API",
    version=API_VERSION,
    description="Read-only JSON about Dutch gemeenten, wijken and buurten: the energy transition and livability side "
                "by side, each figure with its provenance; the dubbelslag-scan; the published knowledge products and "
                "harvest records. " + LICENCE_NOTE + " Errors are answered as application/problem+json in the "
                "language of the request (Dutch unless the language cookie says English).",
    urls_namespace="api",
    openapi_url=None,  # served by our own operation below, under the same rules as the rest
    docs_url=None,  # ninja's docs page loads Swagger UI from a CDN; /api/ is ours (dubbelslag.api.views)
    renderer=Renderer(),
    servers=[{"url": "/"}],
    openapi_extra={
        "info": {
            "summary": "Areas, indicators, figures, the dubbelslag-scan and the published knowledge: read-only, open "
                       "to everyone.",
            "license": {"name": "CC BY 4.0 (data)", "identifier": "CC-BY-4.0"},
        },
        "tags": [
            {"name": "areas", "description": "CBS gemeenten, wijken and buurten per boundary year."},
            {"name": "indicators", "description": "What is measured, in which unit, from which source."},
            {"name": "observations", "description": "The figures, each with the import that brought it."},
            {"name": "scan", "description": "The dubbelslag-scan: energy task and vulnerability per area."},
            {"name": "knowledge products", "description": "Published best practices, factsheets, inspiration "
                                                          "examples, guides and reports, each with its licence."},
            {"name": "harvest records", "description": "Published lessons, insights, solutions and challenges from "
                                                       "practice."},
            {"name": "monitoring", "description": "The experiments' public result indicators, their approved values "
                                                  "in public periods and the programme totals."},
            {"name": "meta", "description": "About the API itself."},
        ],
    },
)


@api.exception_handler(BadParameter)
def _bad_parameter(request, error: BadParameter):
    return bad_parameter(error)


@api.exception_handler(Http404)
def _not_found(request, error: Http404):
    return problem(404, _("Not found"), str(error))


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    """Ninja's own validation, never its 422: a path parameter it cannot read names nothing (404); any other
    parameter declared to ninja is a bad parameter (400 naming it). Endpoints read their query strings through
    their FilterSet instead, whose messages are ours and translated."""
    locations = [tuple(item.get("loc", ())) for item in error.errors]
    if not locations or any(location[:1] == ("path",) for location in locations):
        return problem(404, _("Not found"), _("No such item."))
    names = [str(location[-1]) for location in locations if len(location) > 1]
    return bad_parameter(BadParameter(names[0] if names else "", _("This value is not valid.")))


def read(filters: FilterSet, request) -> dict:
    """The API's strict reading of ``request``'s query string through a resource's filters (``BadParameter``, so a
    400 problem, for a value it cannot read)."""
    return filters.from_api(request.GET)


def openapi_parameters(*filter_sets: FilterSet, paged: bool = False) -> dict:
    """``openapi_extra`` for an operation whose query parameters are those of ``filter_sets`` (and paging)."""
    parameters = [parameter for filters in filter_sets for parameter in filters.openapi_parameters()]
    return {"parameters": parameters + (PAGING.openapi_parameters() if paged else [])}


def page(request, queryset, serialise, **extra) -> dict:
    """``limit`` / ``offset`` pagination: count, links to the next and previous page, and the results."""
    paging = PAGING.from_api(request.GET)
    limit, offset = paging.get("limit", DEFAULT_LIMIT), paging.get("offset", 0)
    count = queryset.count()

    def link(new_offset):
        query = request.GET.copy()
        query["offset"], query["limit"] = str(new_offset), str(limit)
        return absolute_url(request, request.path + "?" + urlencode(sorted(query.items())))

    return {
        "count": count, "limit": limit, "offset": offset,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
        "results": [serialise(request, item) for item in queryset[offset:offset + limit]],
        **extra,
    }


class PageFields(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


def read_only(view):
    """Every URL of the API: GET and HEAD only, the version header and open CORS, a 404 outside an operation as
    problem+json too."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = problem(405, _("Method not allowed"),
                               _("This API only reads: use GET.") if request.method != "OPTIONS" else "")
            response["Allow"] = ALLOW
        else:
            # Ninja routes by method; HEAD is answered as GET (the server leaves out the body).
            method, request.method = request.method, "GET"
            try:
                response = view(request, *args, **kwargs)
            except Http404 as error:
                response = problem(404, _("Not found"), str(error))
            finally:
                request.method = method
        response["API-Version"] = API_VERSION
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def url_patterns() -> list:
    """Ninja's URL patterns, each wrapped in ``read_only``."""
    patterns = api.urls[0]
    for pattern in patterns:
        pattern.callback = read_only(pattern.callback)
    return patterns


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document, built once per process from the routers (as plain JSON data)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
