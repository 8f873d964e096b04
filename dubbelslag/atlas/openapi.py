"""The OpenAPI 3.1 description of the read API, served at /api/v1/openapi.json.

Written out by hand as a dict (no generator): the API is small, and the document is the contract. The scan app
describes its own endpoints in ``dubbelslag.scan.openapi`` (``PATHS`` and ``SCHEMAS``), merged in here. Every
parameter carries an ``example``; the tests call every path with its examples, so the document cannot drift from
what is served.
"""

from __future__ import annotations

import copy
from importlib import import_module

from django.conf import settings

API_VERSION = "1.0.0"
LICENCE_NOTE = ("Figures: CBS (Statistics Netherlands) and other open sources as named per indicator, licensed "
                "CC BY 4.0: attribute the source when you reuse them.")


def _param(name: str, description: str, schema: dict, example, *, where: str = "query",
           required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "description": description,
            "schema": schema, "example": example}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


PROBLEM = {"application/problem+json": {"schema": _ref("Problem")}}
ERRORS = {
    "400": {"description": "A parameter has a wrong value.", "content": PROBLEM},
    "405": {"description": "Only GET and HEAD are allowed.", "content": PROBLEM},
}
NOT_FOUND = {"404": {"description": "No such code.", "content": PROBLEM}}

LEVEL = {"type": "string", "enum": ["gemeente", "wijk", "buurt"]}
YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
GEMEENTE = {"type": "string", "pattern": "^GM[0-9]{4}$"}
PAGINATION = [
    _param("limit", "How many results per page (at most 1000).",
           {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}, 50),
    _param("offset", "How many results to skip.", {"type": "integer", "minimum": 0, "default": 0}, 0),
]


def _page_of(item: str) -> dict:
    return {
        "type": "object",
        "required": ["count", "limit", "offset", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "description": "Results in all pages together."},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": _ref(item)},
        },
    }


PATHS: dict = {
    "/api/v1/areas": {
        "get": {
            "operationId": "listAreas",
            "summary": "Areas: gemeenten, wijken and buurten",
            "description": "CBS areas of every boundary year (indeling). A code means something only together with "
                           "its boundary year: CBS redraws and reuses codes.",
            "tags": ["areas"],
            "parameters": [
                _param("level", "Only areas of this level.", LEVEL, "buurt"),
                _param("year", "Only areas of this boundary year.", YEAR, 2021),
                _param("gemeente", "Only this gemeente and the wijken and buurten inside it.", GEMEENTE, "GM0599"),
                _param("q", "Name contains, or code starts with, this text.", {"type": "string", "maxLength": 100},
                       "Pendrecht"),
                *PAGINATION,
            ],
            "responses": {"200": {"description": "A page of areas, by boundary year and code.",
                                  "content": _json_content(_page_of("Area"))}, **ERRORS},
        },
    },
    "/api/v1/areas/{code}": {
        "get": {
            "operationId": "getArea",
            "summary": "One area",
            "description": "Without `year`, the latest boundary year that has the code.",
            "tags": ["areas"],
            "parameters": [
                _param("code", "CBS code: GM####, WK###### or BU########.",
                       {"type": "string", "pattern": "^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$"}, "BU05991577",
                       where="path"),
                _param("year", "Boundary year.", YEAR, 2021),
            ],
            "responses": {"200": {"description": "The area, its children and its other boundary years.",
                                  "content": _json_content(_ref("AreaDetail"))}, **ERRORS, **NOT_FOUND},
        },
    },
    "/api/v1/indicators": {
        "get": {
            "operationId": "listIndicators",
            "summary": "The indicator catalogue",
            "tags": ["indicators"],
            "parameters": [
                _param("domain", "Only indicators of this domain.",
                       {"type": "string", "enum": ["energie", "woningvoorraad", "sociaal-economisch", "leefbaarheid",
                                                   "energiearmoede", "proces"]}, "energie"),
            ],
            "responses": {"200": {"description": "Every indicator (the catalogue is small: no pages).",
                                  "content": _json_content({
                                      "type": "object", "required": ["count", "results"],
                                      "properties": {"count": {"type": "integer"},
                                                     "results": {"type": "array", "items": _ref("Indicator")}}})},
                          **ERRORS},
        },
    },
    "/api/v1/indicators/{code}": {
        "get": {
            "operationId": "getIndicator",
            "summary": "One indicator's reference sheet",
            "tags": ["indicators"],
            "parameters": [
                _param("code", "Indicator code.", {"type": "string"}, "ET_HOOFDVERW_GAS", where="path"),
            ],
            "responses": {"200": {"description": "The indicator.", "content": _json_content(_ref("Indicator"))},
                          **ERRORS, **NOT_FOUND},
        },
    },
    "/api/v1/observations": {
        "get": {
            "operationId": "listObservations",
            "summary": "Figures: one value per area, indicator and period, with its provenance",
            "description": "A value is present only when `status` is `ok`; `suppressed` means the source kept it "
                           "secret, `unknown` that it is missing. Never read either as 0.",
            "tags": ["observations"],
            "parameters": [
                _param("indicator", "Indicator code, or several separated by commas.", {"type": "string"},
                       "ET_HOOFDVERW_GAS"),
                _param("area", "Area code, or several separated by commas.", {"type": "string"}, "BU05991577"),
                _param("year", "Boundary year of the areas.", YEAR, 2021),
                _param("period", "Period of the figure, or several separated by commas.", {"type": "string"},
                       "2021"),
                _param("level", "Only areas of this level.", LEVEL, "buurt"),
                _param("gemeente", "Only this gemeente and the wijken and buurten inside it.", GEMEENTE, "GM0599"),
                *PAGINATION,
            ],
            "responses": {"200": {"description": "A page of observations, in the order they were stored.",
                                  "content": _json_content(_page_of("Observation"))}, **ERRORS},
        },
    },
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document",
            "tags": ["meta"],
            "responses": {"200": {"description": "The OpenAPI 3.1 description of the API.",
                                  "content": _json_content({"type": "object"})}},
        },
    },
}

SCHEMAS: dict = {
    "Area": {
        "type": "object",
        "required": ["code", "name", "level", "boundary_year", "parent", "gemeente", "url", "profile_url"],
        "properties": {
            "code": {"type": "string", "examples": ["BU05991577"]},
            "name": {"type": "string"},
            "level": LEVEL,
            "boundary_year": {"type": "integer", "description": "The CBS boundaries (indeling) the code belongs to."},
            "parent": {"type": ["string", "null"], "description": "Code of the wijk or gemeente it lies in."},
            "gemeente": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "profile_url": {"type": "string", "format": "uri", "description": "The human-readable area profile."},
        },
    },
    "AreaDetail": {
        "allOf": [
            _ref("Area"),
            {"type": "object",
             "required": ["children", "other_boundary_years", "observations_url"],
             "properties": {
                 "children": {"type": "array", "items": {"type": "string"},
                              "description": "Codes of the wijken (of a gemeente) or buurten (of a wijk)."},
                 "other_boundary_years": {"type": "array", "items": {"type": "integer"},
                                          "description": "Other boundary years with this code; not comparable."},
                 "observations_url": {"type": "string", "format": "uri"},
             }},
        ],
    },
    "Indicator": {
        "type": "object",
        "required": ["code", "name_nl", "name_en", "domain", "unit", "direction", "spatial_level", "licence"],
        "properties": {
            "code": {"type": "string"},
            "name_nl": {"type": "string"}, "name_en": {"type": "string"},
            "definition_nl": {"type": "string"}, "definition_en": {"type": "string"},
            "domain": {"type": "string", "enum": ["energie", "woningvoorraad", "sociaal-economisch", "leefbaarheid",
                                                  "energiearmoede", "proces"]},
            "unit": {"type": "string"},
            "direction": {"type": "string", "enum": ["higher_better", "higher_worse", "context"]},
            "source_table": {"type": "string", "description": "CBS table id; empty for other sources."},
            "source_key_stem": {"type": "string"},
            "source_note": {"type": "string"},
            "spatial_level": {"type": "string", "enum": ["gemeente", "wijk", "buurt", "pc4", "other"]},
            "licence": {"type": "string"},
            "is_own_measurement": {"type": "boolean"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Observation": {
        "type": "object",
        "required": ["area", "boundary_year", "indicator", "period", "value", "status", "import_run", "licence"],
        "properties": {
            "area": {"type": "string"},
            "boundary_year": {"type": "integer"},
            "indicator": {"type": "string"},
            "period": {"type": "string", "examples": ["2021"]},
            "value": {"type": ["number", "null"], "description": "Null unless status is ok."},
            "status": {"type": "string", "enum": ["ok", "suppressed", "unknown"]},
            "unit": {"type": "string"},
            "import_run": _ref("ImportRun"),
            "licence": {"type": "string"},
        },
    },
    "ImportRun": {
        "type": "object",
        "description": "The import that brought the figure: where it came from and when.",
        "required": ["id", "source", "table_id", "file_name", "retrieved_at", "checksum"],
        "properties": {
            "id": {"type": "integer"},
            "source": {"type": "string", "enum": ["cbs_odata", "cbs_csv", "long_format", "bundled"]},
            "table_id": {"type": "string"},
            "file_name": {"type": "string"},
            "retrieved_at": {"type": ["string", "null"], "format": "date-time"},
            "checksum": {"type": "string", "description": "SHA-256 of the imported file."},
        },
    },
    "Problem": {
        "type": "object",
        "description": "An error (RFC 9457), its texts in the language of the request.",
        "required": ["status", "title"],
        "properties": {
            "status": {"type": "integer"},
            "title": {"type": "string"},
            "detail": {"type": "string"},
            "invalid_params": {"type": "array", "items": {
                "type": "object", "required": ["name", "reason"],
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}}}},
        },
    },
}


TAGS = [
    {"name": "areas", "description": "CBS gemeenten, wijken and buurten per boundary year."},
    {"name": "indicators", "description": "What is measured, in which unit, from which source."},
    {"name": "observations", "description": "The figures, each with the import that brought it."},
    {"name": "meta", "description": "About the API itself."},
]


def openapi_document() -> dict:
    """The whole document: the atlas endpoints plus those of the apps listed in ``settings.OPENAPI_PARTS``
    (modules with ``PATHS``, ``SCHEMAS`` and optionally ``TAGS``), so the atlas never imports apps to its right."""
    paths, schemas, tags = copy.deepcopy(PATHS), copy.deepcopy(SCHEMAS), copy.deepcopy(TAGS)
    for module_name in settings.OPENAPI_PARTS:
        module = import_module(module_name)
        paths.update(copy.deepcopy(module.PATHS))
        schemas.update(copy.deepcopy(module.SCHEMAS))
        tags.extend(copy.deepcopy(getattr(module, "TAGS", [])))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dubbelslag open data API",
            "version": API_VERSION,
            "summary": "Areas, indicators, figures, the dubbelslag-scan and the published knowledge: read-only, "
                       "open to everyone.",
            "description": "Read-only JSON about Dutch gemeenten, wijken and buurten: the energy transition and "
                           "livability side by side, each figure with its provenance. " + LICENCE_NOTE
                           + " Errors are answered as application/problem+json in the language of the request "
                             "(Dutch unless the language cookie says English).",
            "license": {"name": "CC BY 4.0 (data)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/"}],
        "tags": tags,
        "paths": paths,
        "components": {"schemas": schemas},
    }
