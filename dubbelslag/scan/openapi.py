"""OpenAPI 3.1 fragments for /scan/api/, merged into the project's OpenAPI document by the atlas app.

``PATHS`` goes under ``paths``, ``SCHEMAS`` under ``components.schemas`` (every ``$ref`` here points there).
Plain data only (no lazy translations), so that the merged document serialises with ``json.dumps``.
"""

from .composites import ALL_PARTS, MAX_WEIGHT
from .method import QUADRANTS

_SCORE_OR_NULL = {"type": ["number", "null"], "minimum": 0, "maximum": 100}


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PARAMETERS = [
    _query("gemeente", "Gemeente code (GM0599) or name; empty or absent: the whole country. Looked up in the "
           "boundary year `jaar`; unknown → 404.", {"type": "string"}),
    _query("niveau", "Level of the areas scored. Default: `buurt` with a gemeente, else `gemeente`.",
           {"type": "string", "enum": ["gemeente", "wijk", "buurt"]}),
    _query("jaar", "Boundary year (indeling). Default: the year with the most figures at this level. A year without "
           "figures falls back to the default, with a notice.", {"type": "integer"}),
    _query("sorteer", "Order of `areas`: `samen` (mean of both scores), `energie` or `kwetsbaarheid`, highest first; "
           "areas without that score last.", {"type": "string", "enum": ["samen", "energie", "kwetsbaarheid"]}),
    *[_query(f"w_{part.code}", f"Weight of {part.code} (default {part.weight:g}); 0 leaves it out. A bad value keeps "
             "the default, with a notice.", {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT})
      for part in ALL_PARTS],
]

PATHS = {
    "/scan/api/": {
        "get": {
            "operationId": "scanResult",
            "summary": "The dubbelslag-scan: every area scored on energy-transition task and vulnerability",
            "description": (
                "Each score is the weighted mean of the percentile ranks (0–100) of its indicators within the scan's "
                "population (every area of the level in the boundary year, or inside one gemeente), each indicator "
                "on its latest period there. An area whose figures carry less than `method.min_coverage` of a "
                "composite's weight gets `score: null` and lists what it misses. Source: CBS, CC BY 4.0. "
                "Method: docs/scan.md."
            ),
            "tags": ["scan"],
            "parameters": PARAMETERS,
            "responses": {
                "200": {"description": "The scan.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScanResult"}}}},
                "404": {"description": "Unknown gemeente in this boundary year, or no areas at this level.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScanError"}}}},
                "405": {"description": "Only GET is allowed."},
            },
        },
    },
}

SCHEMAS = {
    "ScanResult": {
        "type": "object",
        "required": ["level", "boundary_year", "gemeente", "sort", "method", "quadrant_counts", "areas", "notices",
                     "source"],
        "properties": {
            "level": {"type": "string", "enum": ["gemeente", "wijk", "buurt"]},
            "boundary_year": {"type": "integer"},
            "gemeente": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["code", "name"],
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}]},
            "sort": {"type": "string", "enum": ["samen", "energie", "kwetsbaarheid"]},
            "method": {"$ref": "#/components/schemas/ScanMethod"},
            "quadrant_counts": {"type": "object", "required": list(QUADRANTS),
                                "properties": {key: {"type": "integer", "minimum": 0} for key in QUADRANTS}},
            "areas": {"type": "array", "items": {"$ref": "#/components/schemas/ScanArea"}},
            "notices": {"type": "array", "items": {"type": "string"},
                        "description": "Parameters that were not understood and fell back to their defaults."},
            "source": {"type": "string", "examples": ["CBS, CC BY 4.0"]},
        },
    },
    "ScanMethod": {
        "type": "object",
        "required": ["percentile_rank", "min_coverage", "quadrant_split", "composites"],
        "properties": {
            "percentile_rank": {"type": "string"},
            "min_coverage": {"type": "number", "minimum": 0, "maximum": 1},
            "quadrant_split": {"type": "number"},
            "composites": {"type": "array", "items": {
                "type": "object", "required": ["key", "label", "indicators"],
                "properties": {
                    "key": {"type": "string", "enum": ["energy", "vulnerability"]},
                    "label": {"type": "string"},
                    "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/ScanIndicator"}},
                },
            }},
        },
    },
    "ScanIndicator": {
        "type": "object",
        "required": ["code", "name", "weight", "default_weight", "inverted", "period", "areas_with_value",
                     "fetch_command"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "weight": {"type": "number", "minimum": 0},
            "default_weight": {"type": "number", "minimum": 0},
            "inverted": {"type": "boolean", "description": "True: a lower figure means a bigger task or more "
                                                           "vulnerability, so the rank is turned round."},
            "period": {"type": ["string", "null"], "description": "The period read; null when no area has a figure."},
            "areas_with_value": {"type": "integer", "minimum": 0},
            "fetch_command": {"type": ["string", "null"],
                              "description": "The command that fetches the figures, when no area has one."},
        },
    },
    "ScanScore": {
        "type": "object",
        "required": ["score", "present", "total", "coverage", "missing"],
        "properties": {
            "score": _SCORE_OR_NULL,
            "present": {"type": "integer", "minimum": 0},
            "total": {"type": "integer", "minimum": 0},
            "coverage": {"type": "number", "minimum": 0, "maximum": 1,
                         "description": "Share of the composite's weight carried by the indicators present."},
            "missing": {"type": "array", "items": {"type": "string"}},
        },
    },
    "ScanArea": {
        "type": "object",
        "required": ["code", "name", "energy", "vulnerability", "combined", "quadrant"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "energy": {"$ref": "#/components/schemas/ScanScore"},
            "vulnerability": {"$ref": "#/components/schemas/ScanScore"},
            "combined": _SCORE_OR_NULL,
            "quadrant": {"type": ["string", "null"], "enum": [*QUADRANTS, None]},
        },
    },
    "ScanError": {
        "type": "object",
        "required": ["error", "notices"],
        "properties": {"error": {"type": "string"}, "notices": {"type": "array", "items": {"type": "string"}}},
    },
}

TAGS = [{"name": "scan", "description": "The dubbelslag-scan: energy task and vulnerability per area."}]
