"""The read API (/api/v1/…): areas, indicators and observations as JSON, for anyone, GET only.

Plain views returning JsonResponse. Every problem with a request is answered as ``application/problem+json``
(RFC 9457) in the active language: 400 for a bad parameter, 404 for an unknown code, 405 for another method than GET
or HEAD; never a 500 for anything a client can send. The document describing all this is ``atlas.openapi``.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import CODE_PATTERN, Area
from dubbelslag.indicators.enums import Domain
from dubbelslag.indicators.models import Indicator, Observation

from .openapi import API_VERSION, openapi_document

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
PERIOD = re.compile(r"^[0-9A-Za-z]{1,10}$")
INDICATOR_CODE = re.compile(r"^[A-Z0-9_]{1,40}$")
MAX_LIST_ITEMS = 50


class BadParameter(Exception):
    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")


def _problem(status: int, title: str, detail: str = "", **extra) -> JsonResponse:
    body = {"status": status, "title": title, **({"detail": detail} if detail else {}), **extra}
    response = JsonResponse(body, status=status, content_type="application/problem+json",
                            json_dumps_params={"ensure_ascii": False})
    return response


def api_view(view):
    """GET and HEAD only (405 otherwise, also for POST: there is no CSRF check because nothing is ever written),
    bad parameters as 400 and unknown codes as 404, all as problem JSON; the API version in a header; readable from
    any origin since everything here is open data."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _problem(405, _("Method not allowed"),
                                _("This API only reads: use GET.") if request.method != "OPTIONS" else "")
            response["Allow"] = "GET, HEAD"
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as error:
                response = _problem(400, _("Bad request parameter"), f"{error.name}: {error.reason}",
                                    invalid_params=[{"name": error.name, "reason": error.reason}])
            except Http404 as error:
                response = _problem(404, _("Not found"), str(error))
        response["API-Version"] = API_VERSION
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _json(data) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# -- parameters -----------------------------------------------------------------------------------------------------

def _int(params, name: str, *, default: int | None = None, low: int | None = None,
         high: int | None = None) -> int | None:
    text = params.get(name, "").strip()
    if not text:
        return default
    if not re.fullmatch(r"-?\d{1,18}", text):
        raise BadParameter(name, _("“%(value)s” is not a whole number.") % {"value": text[:40]})
    value = int(text)
    if low is not None and value < low:
        raise BadParameter(name, _("must be at least %(low)s.") % {"low": low})
    if high is not None and value > high:
        raise BadParameter(name, _("must be at most %(high)s.") % {"high": high})
    return value


def _choice(params, name: str, choices) -> str:
    value = params.get(name, "").strip()
    if value and value not in choices:
        raise BadParameter(name, _("must be one of: %(choices)s.") % {"choices": ", ".join(choices)})
    return value


def _matching(params, name: str, pattern: re.Pattern, reason: str, *, upper: bool = True,
              many: bool = False) -> list[str]:
    """A value (or with ``many`` a comma-separated list) that must each match ``pattern``."""
    text = params.get(name, "").strip()
    if not text:
        return []
    values = [value.strip().upper() if upper else value.strip() for value in text.split(",")] if many else [
        text.upper() if upper else text]
    if len(values) > MAX_LIST_ITEMS:
        raise BadParameter(name, _("at most %(count)s values.") % {"count": MAX_LIST_ITEMS})
    for value in values:
        if not pattern.match(value):
            raise BadParameter(name, reason % {"value": value[:40]})
    return values


def _page(request, queryset, serialise) -> dict:
    """``limit`` / ``offset`` pagination: count, links to the next and previous page, and the results."""
    limit = _int(request.GET, "limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    offset = _int(request.GET, "offset", default=0, low=0)
    count = queryset.count()

    def link(new_offset):
        query = request.GET.copy()
        query["offset"], query["limit"] = str(new_offset), str(limit)
        return request.build_absolute_uri(request.path + "?" + urlencode(sorted(query.items())))

    return {
        "count": count, "limit": limit, "offset": offset,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
        "results": [serialise(request, item) for item in queryset[offset:offset + limit]],
    }


# -- serialisation ----------------------------------------------------------------------------------------------

def _area(request, area: Area) -> dict:
    return {
        "code": area.code, "name": area.name, "level": area.level, "boundary_year": area.boundary_year,
        "parent": area.parent.code if area.parent_id else None, "gemeente": area.gemeente_code,
        "url": request.build_absolute_uri(reverse("atlas:api-area", args=[area.code])
                                          + f"?year={area.boundary_year}"),
        "profile_url": request.build_absolute_uri(reverse("atlas:area-detail", args=[area.code])
                                                  + f"?jaar={area.boundary_year}"),
    }


def _indicator(request, indicator: Indicator) -> dict:
    return {
        "code": indicator.code, "name_nl": indicator.name_nl, "name_en": indicator.name_en,
        "definition_nl": indicator.definition_nl, "definition_en": indicator.definition_en,
        "domain": indicator.domain, "unit": indicator.unit, "direction": indicator.direction,
        "source_table": indicator.source_table, "source_key_stem": indicator.source_key_stem,
        "source_note": indicator.source_note, "spatial_level": indicator.spatial_level,
        "licence": indicator.licence, "is_own_measurement": indicator.is_own_measurement,
        "url": request.build_absolute_uri(reverse("atlas:api-indicator", args=[indicator.code])),
    }


def _observation(request, observation: Observation) -> dict:
    run = observation.import_run
    return {
        "area": observation.area.code, "boundary_year": observation.area.boundary_year,
        "indicator": observation.indicator.code, "period": observation.period, "value": observation.value,
        "status": observation.status, "unit": observation.indicator.unit,
        "import_run": {
            "id": run.pk, "source": run.source, "table_id": run.table_id, "file_name": run.file_name,
            "retrieved_at": run.retrieved_at.isoformat() if run.retrieved_at else None, "checksum": run.checksum,
        },
        "licence": observation.indicator.licence,
    }


# -- views ----------------------------------------------------------------------------------------------------------

@api_view
def areas(request):
    params = request.GET
    level = _choice(params, "level", AreaLevel.values)
    year = _int(params, "year", low=1900, high=2100)
    gemeente = _matching(params, "gemeente", GEMEENTE_CODE, _("“%(value)s” is not a gemeente code (GM####)."))
    q = params.get("q", "").replace("\x00", "").strip()[:100]
    queryset = Area.objects.select_related("parent")
    if level:
        queryset = queryset.filter(level=level)
    if year:
        queryset = queryset.filter(boundary_year=year)
    if gemeente:
        digits = gemeente[0][2:]
        queryset = queryset.filter(Q(code=gemeente[0]) | Q(code__startswith=f"WK{digits}")
                                   | Q(code__startswith=f"BU{digits}"))
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(code__istartswith=q))
    return _json(_page(request, queryset.order_by("boundary_year", "code"), _area))


@api_view
def area(request, code):
    year = _int(request.GET, "year", low=1900, high=2100)
    versions = list(Area.objects.filter(code=code.upper()).select_related("parent").order_by("-boundary_year")
                    ) if CODE_PATTERN.match(code.upper()) else []
    found = next((version for version in versions if year in (None, version.boundary_year)), None)
    if found is None:
        raise Http404(_("No area has the code %(code)s in the %(year)s boundaries.") % {"code": code, "year": year}
                      if versions else _("No area has the code %(code)s.") % {"code": code})
    children = found.children.order_by("code").values_list("code", flat=True)
    return _json({
        **_area(request, found),
        "children": list(children),
        "other_boundary_years": [version.boundary_year for version in versions if version is not found],
        "observations_url": request.build_absolute_uri(
            reverse("atlas:api-observations") + f"?area={found.code}&year={found.boundary_year}"),
    })


@api_view
def indicators(request):
    domain = _choice(request.GET, "domain", Domain.values)
    queryset = Indicator.objects.order_by("domain", "code")
    if domain:
        queryset = queryset.filter(domain=domain)
    return _json({"count": len(results := [_indicator(request, item) for item in queryset]), "results": results})


@api_view
def indicator(request, code):
    found = Indicator.objects.filter(code=code.upper()).first() if INDICATOR_CODE.match(code.upper()) else None
    if found is None:
        raise Http404(_("No indicator has the code %(code)s.") % {"code": code})
    return _json(_indicator(request, found))


@api_view
def observations(request):
    params = request.GET
    indicator_codes = _matching(params, "indicator", INDICATOR_CODE, _("“%(value)s” is not an indicator code."),
                                many=True)
    area_codes = _matching(params, "area", CODE_PATTERN, _("“%(value)s” is not a CBS area code."), many=True)
    year = _int(params, "year", low=1900, high=2100)
    periods = _matching(params, "period", PERIOD, _("“%(value)s” is not a period."), upper=False, many=True)
    level = _choice(params, "level", AreaLevel.values)
    gemeente = _matching(params, "gemeente", GEMEENTE_CODE, _("“%(value)s” is not a gemeente code (GM####)."))
    if indicator_codes:
        known = set(Indicator.objects.filter(code__in=indicator_codes).values_list("code", flat=True))
        if unknown := [code for code in indicator_codes if code not in known]:
            raise BadParameter("indicator", _("unknown indicator: %(codes)s.") % {"codes": ", ".join(unknown)})
    queryset = Observation.objects.select_related("area", "indicator", "import_run")
    if indicator_codes:
        queryset = queryset.filter(indicator__code__in=indicator_codes)
    if area_codes:
        queryset = queryset.filter(area__code__in=area_codes)
    if year:
        queryset = queryset.filter(area__boundary_year=year)
    if periods:
        queryset = queryset.filter(period__in=periods)
    if level:
        queryset = queryset.filter(area__level=level)
    if gemeente:
        digits = gemeente[0][2:]
        queryset = queryset.filter(Q(area__code=gemeente[0]) | Q(area__code__startswith=f"WK{digits}")
                                   | Q(area__code__startswith=f"BU{digits}"))
    return _json(_page(request, queryset.order_by("pk"), _observation))


@api_view
def openapi(request):
    return _json(openapi_document())
