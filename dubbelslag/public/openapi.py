"""The public knowledge base's part of the OpenAPI document (merged by ``atlas.openapi`` through
``settings.OPENAPI_PARTS``): published knowledge products and published public harvest records.

Plain data only (no lazy translations), so the merged document serialises with ``json.dumps``. Every parameter
carries an ``example``; the path examples name the demo content (``huiskamer-aardgasvrij-pendrecht``, record 1) and
answer 404 as documented where that content is absent.
"""

from __future__ import annotations

LICENCES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"]
PRODUCT_TYPES = ["best_practice", "factsheet", "inspiration", "guide", "report"]
RECORD_KINDS = ["challenge", "solution", "insight", "lesson"]
EVIDENCE_LEVELS = ["described", "substantiated", "first_indications", "good_indications", "strong_indications"]
SECTION_KEYS = ["context", "question", "approach", "steps", "method", "results", "what_worked", "what_did_not",
                "conditions", "transferability", "stories", "sources"]
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 120}


def _param(name: str, description: str, schema: dict, example, *, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path", "description": description, "schema": schema,
            "example": example}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


PROBLEM = {"application/problem+json": {"schema": _ref("Problem")}}
ERRORS = {
    "400": {"description": "A parameter has a wrong value.", "content": PROBLEM},
    "405": {"description": "Only GET and HEAD are allowed.", "content": PROBLEM},
}
NOT_FOUND = {"404": {"description": "Not published, or no such item.", "content": PROBLEM}}
PAGINATION = [
    _param("limit", "How many results per page (at most 1000).",
           {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}, 20),
    _param("offset", "How many results to skip.", {"type": "integer", "minimum": 0, "default": 0}, 0),
]
COMMON_FILTERS = [
    _param("theme", "Only items with this theme (its short name), or a sub-theme of it.", SLUG, "armoede-schulden"),
    _param("koppelkans", "Only items about this koppelkans (code).", {"type": "string", "pattern": "^[Kk][0-9]{2,3}$"},
           "K01"),
    _param("gemeente", "Only items about this gemeente (CBS code), its wijken or buurten.",
           {"type": "string", "pattern": "^[Gg][Mm][0-9]{4}$"}, "GM0599"),
    _param("q", "Words to look for (all must occur; a word also finds the words it starts).",
           {"type": "string", "maxLength": 200}, "huiskamer"),
]
LICENCE_PROPERTIES = {
    "licence": {"type": "string", "enum": LICENCES, "description": "SPDX identifier."},
    "licence_url": {"type": "string", "format": "uri"},
    "attribution": {"type": "string", "description": "How to credit the source when reusing it."},
}
URL = {"type": "string", "format": "uri"}
URL_OR_NULL = {"type": ["string", "null"], "format": "uri"}
TEXT_OR_NULL = {"type": ["string", "null"]}


def _page_of(item: str) -> dict:
    return {
        "type": "object",
        "required": ["count", "limit", "offset", "next", "previous", "results", "licence_note", "attribution"],
        "properties": {
            "count": {"type": "integer", "description": "Results in all pages together."},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "next": URL_OR_NULL,
            "previous": URL_OR_NULL,
            "results": {"type": "array", "items": _ref(item)},
            "licence_note": {"type": "string", "description": "Each result carries its own licence."},
            "attribution": {"type": "string"},
        },
    }


PATHS: dict = {
    "/api/v1/products": {
        "get": {
            "operationId": "listProducts",
            "summary": "Published knowledge products",
            "description": "Best-practice descriptions, factsheets, inspiration examples, guides and reports, as far "
                           "as they are published: each in its current published version, newest first.",
            "tags": ["knowledge products"],
            "parameters": [
                _param("type", "Only products of this type.", {"type": "string", "enum": PRODUCT_TYPES},
                       "best_practice"),
                *COMMON_FILTERS,
                *PAGINATION,
            ],
            "responses": {"200": {"description": "A page of published products.",
                                  "content": _json(_page_of("ProductSummary"))}, **ERRORS},
        },
    },
    "/api/v1/products/{slug}": {
        "get": {
            "operationId": "getProduct",
            "summary": "One published knowledge product",
            "description": "The current published version in full: texts as Markdown and as HTML, at a glance, "
                           "metadata, citations of harvest records (a record that is no longer public is cited "
                           "without id or title), figures with their source, earlier published versions.",
            "tags": ["knowledge products"],
            "parameters": [
                _param("slug", "The product's web address (its last part).", SLUG,
                       "huiskamer-aardgasvrij-pendrecht", where="path"),
            ],
            "responses": {"200": {"description": "The product.", "content": _json(_ref("Product"))},
                          **ERRORS, **NOT_FOUND},
        },
    },
    "/api/v1/records": {
        "get": {
            "operationId": "listRecords",
            "summary": "Published harvest records",
            "description": "Challenges, solutions, insights and lessons harvested from the experiments' practice and "
                           "published. The evidence behind a record (log entries, coded excerpts) is not public; "
                           "only its size is given.",
            "tags": ["harvest records"],
            "parameters": [
                _param("kind", "Only records of this kind.", {"type": "string", "enum": RECORD_KINDS}, "lesson"),
                _param("evidence_level", "Only records with this evidence level.",
                       {"type": "string", "enum": EVIDENCE_LEVELS}, "described"),
                *COMMON_FILTERS,
                *PAGINATION,
            ],
            "responses": {"200": {"description": "A page of published records, newest first.",
                                  "content": _json(_page_of("Record"))}, **ERRORS},
        },
    },
    "/api/v1/records/{id}": {
        "get": {
            "operationId": "getRecord",
            "summary": "One published harvest record",
            "tags": ["harvest records"],
            "parameters": [
                _param("id", "The record's number.", {"type": "integer", "minimum": 1}, 1, where="path"),
            ],
            "responses": {"200": {"description": "The record and the published products citing it.",
                                  "content": _json(_ref("Record"))}, **ERRORS, **NOT_FOUND},
        },
    },
}

NAMED = {
    "Theme": {
        "type": "object", "required": ["slug", "name_nl", "name_en"],
        "properties": {"slug": {"type": "string"}, "name_nl": {"type": "string"}, "name_en": {"type": "string"}},
    },
    "KoppelkansRef": {
        "type": "object", "required": ["code", "title_nl", "title_en"],
        "properties": {"code": {"type": "string", "examples": ["K01"]}, "title_nl": {"type": "string"},
                       "title_en": {"type": "string"}},
    },
    "ExperimentRef": {
        "type": "object", "description": "A public experiment.", "required": ["id", "title", "gemeente", "url"],
        "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                       "gemeente": {"type": "string", "description": "CBS code of its gemeente."},
                       "url": URL_OR_NULL},
    },
    "AreaRef": {
        "type": "object", "required": ["code", "name", "level", "boundary_year"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                       "level": {"type": "string", "enum": ["gemeente", "wijk", "buurt"]},
                       "boundary_year": {"type": "integer"}},
    },
    "ProductRef": {
        "type": "object", "required": ["slug", "title_nl", "title_en", "version", "url", "page_url"],
        "properties": {"slug": {"type": "string"}, "title_nl": {"type": "string"}, "title_en": {"type": "string"},
                       "version": {"type": "integer"}, "url": URL, "page_url": URL_OR_NULL},
    },
}

PRODUCT_SUMMARY_PROPERTIES = {
    "slug": {"type": "string"},
    "type": {"type": "string", "enum": PRODUCT_TYPES},
    "title_nl": {"type": "string"}, "title_en": {"type": "string", "description": "Empty without English text."},
    "subtitle_nl": {"type": "string"}, "subtitle_en": {"type": "string"},
    "lead_nl": {"type": "string"}, "lead_en": {"type": "string"},
    "languages": {"type": "array", "items": {"type": "string", "enum": ["nl", "en"]}},
    "version": {"type": "integer", "description": "Number of the published version."},
    "published_at": {"type": "string", "format": "date-time", "description": "When this version was published."},
    "first_published_at": {"type": ["string", "null"], "format": "date-time"},
    "authors": {"type": "array", "items": {"type": "string"}},
    "programme": {"type": "string"},
    "themes": {"type": "array", "items": _ref("Theme")},
    "koppelkansen": {"type": "array", "items": _ref("KoppelkansRef")},
    "evidence_level": {"type": ["string", "null"], "enum": [*EVIDENCE_LEVELS, None]},
    "url": {**URL, "description": "This product in the API."},
    "page_url": {**URL_OR_NULL, "description": "The product's public page."},
    "pdf_url": URL,
    **LICENCE_PROPERTIES,
}

SCHEMAS: dict = {
    **NAMED,
    "ProductSummary": {
        "type": "object",
        "required": list(PRODUCT_SUMMARY_PROPERTIES),
        "properties": PRODUCT_SUMMARY_PROPERTIES,
    },
    "Product": {
        "allOf": [
            _ref("ProductSummary"),
            {"type": "object",
             "required": ["at_a_glance", "knowledge_questions", "experiments", "areas", "sections", "citations",
                          "figures", "change_note", "earlier_versions"],
             "properties": {
                 "at_a_glance": {
                     "type": "object",
                     "required": ["project_status", "period", "partners", "budget", "funding", "scale", "contact"],
                     "properties": {
                         "project_status": {"type": ["string", "null"],
                                            "enum": ["idea", "in_progress", "completed", None]},
                         **{name: {"type": "string"} for name in ("period", "partners", "budget", "funding", "scale",
                                                                  "contact")},
                     },
                 },
                 "knowledge_questions": {"type": "array", "items": {
                     "type": "object", "required": ["id", "title"],
                     "properties": {"id": {"type": "integer"}, "title": {"type": "string"}}}},
                 "experiments": {"type": "array", "items": _ref("ExperimentRef")},
                 "areas": {"type": "array", "items": _ref("AreaRef")},
                 "sections": {"type": "array", "items": _ref("Section")},
                 "citations": {"type": "array", "items": _ref("Citation")},
                 "figures": {"type": "array", "items": _ref("Figure")},
                 "change_note": {"type": "string"},
                 "earlier_versions": {"type": "array", "items": _ref("EarlierVersion")},
             }},
        ],
    },
    "Section": {
        "type": "object",
        "required": ["key", "heading_nl", "heading_en", "markdown_nl", "markdown_en", "html_nl", "html_en"],
        "properties": {
            "key": {"type": "string", "enum": SECTION_KEYS},
            "heading_nl": {"type": "string"}, "heading_en": {"type": "string"},
            "markdown_nl": {"type": "string", "description": "The source text, with citation markers [@R12] and "
                                                             "figure markers [[figure 1]]."},
            "markdown_en": {"type": "string"},
            "html_nl": {"type": "string", "description": "Rendered and sanitised; citations as numbered links."},
            "html_en": {"type": ["string", "null"], "description": "Null without English text."},
        },
    },
    "Citation": {
        "type": "object",
        "required": ["number", "available", "record", "title", "kind", "url", "page_url"],
        "properties": {
            "number": {"type": "integer"},
            "available": {"type": "boolean", "description": "False when the cited record is no longer public."},
            "record": {"type": ["integer", "null"], "description": "The record's id; null when not public."},
            "title": TEXT_OR_NULL,
            "kind": {"type": ["string", "null"], "enum": [*RECORD_KINDS, None]},
            "url": URL_OR_NULL,
            "page_url": URL_OR_NULL,
        },
    },
    "Figure": {
        "type": "object",
        "required": ["number", "area", "indicator", "period", "caption_nl", "caption_en", "snapshot"],
        "properties": {
            "number": {"type": "integer"},
            "area": {"type": "string", "description": "CBS code."},
            "indicator": {"type": "string", "description": "Indicator code."},
            "period": {"type": "string", "description": "Empty: the latest period when it was published."},
            "caption_nl": {"type": "string"}, "caption_en": {"type": "string"},
            "snapshot": {"type": "object", "description": "The value as published, with unit, period and source."},
        },
    },
    "EarlierVersion": {
        "type": "object", "required": ["version", "published_at", "change_note", "page_url", "pdf_url"],
        "properties": {"version": {"type": "integer"}, "published_at": {"type": ["string", "null"],
                                                                         "format": "date-time"},
                       "change_note": {"type": "string"}, "page_url": URL_OR_NULL, "pdf_url": URL},
    },
    "Record": {
        "type": "object",
        "required": ["id", "kind", "title", "summary", "summary_html", "programme", "themes", "koppelkansen",
                     "experiments", "evidence_level", "evidence", "published_at", "cited_by", "url", "page_url",
                     "licence", "licence_url", "attribution"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": RECORD_KINDS},
            "title": {"type": "string"},
            "summary": {"type": "string", "description": "Markdown."},
            "summary_html": {"type": "string"},
            "programme": {"type": "string"},
            "themes": {"type": "array", "items": _ref("Theme")},
            "koppelkansen": {"type": "array", "items": _ref("KoppelkansRef")},
            "experiments": {"type": "array", "items": _ref("ExperimentRef"),
                            "description": "The public experiments it comes from."},
            "evidence_level": {"type": "string", "enum": EVIDENCE_LEVELS},
            "evidence": {"type": "object", "required": ["log_entries", "excerpts"],
                         "description": "How much evidence the record rests on; the evidence itself is not public.",
                         "properties": {"log_entries": {"type": "integer"}, "excerpts": {"type": "integer"}}},
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "cited_by": {"type": "array", "items": _ref("ProductRef"),
                         "description": "Published products whose current version cites it."},
            "url": URL,
            "page_url": URL_OR_NULL,
            **LICENCE_PROPERTIES,
        },
    },
}

TAGS = [
    {"name": "knowledge products", "description": "Published best practices, factsheets, inspiration examples, "
                                                  "guides and reports, each with its licence."},
    {"name": "harvest records", "description": "Published lessons, insights, solutions and challenges from practice."},
]
