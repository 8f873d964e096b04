"""/api/v1/areas, /api/v1/indicators, /api/v1/observations: the atlas's open data."""

from __future__ import annotations

from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from dubbelslag.areas import models as areas_models
from dubbelslag.areas.models import CODE_PATTERN
from dubbelslag.atlas.selectors import AREA_FILTERS, INDICATOR_CODE, OBSERVATION_FILTERS
from dubbelslag.core.addresses import absolute_url
from dubbelslag.core.filters import BadParameter, Filter, FilterSet, integer
from dubbelslag.indicators import models as indicators_models
from dubbelslag.indicators.selectors import INDICATOR_FILTERS

from .base import ERRORS, NOT_FOUND, PageFields, openapi_parameters, page, read

router = Router()

Level = Literal["gemeente", "wijk", "buurt"]
DomainValue = Literal["energie", "woningvoorraad", "sociaal-economisch", "leefbaarheid", "energiearmoede", "proces"]
DETAIL_YEAR = FilterSet(Filter("year", integer(low=1900, high=2100), None, api="year",
                               schema={"type": "integer", "minimum": 1900, "maximum": 2100},
                               description="Boundary year.", example=2021))


class Area(Schema):
    code: str = Field(examples=["BU05991577"])
    name: str
    level: Level
    boundary_year: int = Field(description="The CBS boundaries (indeling) the code belongs to.")
    parent: str | None = Field(description="Code of the wijk or gemeente it lies in.")
    gemeente: str
    url: str = Field(json_schema_extra={"format": "uri"})
    profile_url: str = Field(description="The human-readable area profile.", json_schema_extra={"format": "uri"})



class AreaDetail(Area):
    children: list[str] = Field(description="Codes of the wijken (of a gemeente) or buurten (of a wijk).")
    other_boundary_years: list[int] = Field(description="Other boundary years with this code; not comparable.")
    observations_url: str = Field(json_schema_extra={"format": "uri"})



class AreaPage(PageFields):
    results: list[Area]


class ValueClass(Schema):
    code: str = Field(examples=["Laag"], description="The class as the source writes it.")
    label_nl: str
    label_en: str
    position: int = Field(description="1 for the lowest class.")


class Indicator(Schema):
    code: str
    name_nl: str
    name_en: str
    definition_nl: str
    definition_en: str
    domain: DomainValue
    unit: str
    direction: Literal["higher_better", "higher_worse", "context"]
    source_table: str = Field(description="CBS table id; empty for other sources.")
    source_key_stem: str
    source_note: str
    spatial_level: Literal["gemeente", "wijk", "buurt", "pc4", "other"]
    licence: str
    is_own_measurement: bool
    value_type: Literal["number", "category"] = Field(
        description="category: the figures are ordered classes (see classes), never numbers.")
    classes: list[ValueClass] = Field(description="The value classes, lowest first; empty for numbers.")
    url: str = Field(json_schema_extra={"format": "uri"})



class IndicatorList(Schema):
    count: int
    results: list[Indicator]


class ImportRun(Schema):
    """The import that brought the figure: where it came from and when."""

    id: int
    source: Literal["cbs_odata", "cbs_csv", "long_format", "bundled", "upload"]
    table_id: str
    file_name: str
    retrieved_at: str | None = Field(json_schema_extra={"format": "date-time"})
    checksum: str = Field(description="SHA-256 of the imported file.")


class Observation(Schema):
    area: str
    boundary_year: int
    indicator: str
    period: str = Field(examples=["2021"])
    value: float | None = Field(description="Null unless status is ok, and for a categorical indicator.")
    value_class: str | None = Field(description="The class (its code) of a categorical indicator's figure.")
    status: Literal["ok", "suppressed", "unknown"]
    unit: str
    import_run: ImportRun
    licence: str



class ObservationPage(PageFields):
    results: list[Observation]


# -- serialisation ----------------------------------------------------------------------------------------------

def area_data(request, area: areas_models.Area) -> dict:
    return {
        "code": area.code, "name": area.name, "level": area.level, "boundary_year": area.boundary_year,
        "parent": area.parent.code if area.parent_id else None, "gemeente": area.gemeente_code,
        "url": absolute_url(request, reverse("api:area", args=[area.code]) + f"?year={area.boundary_year}"),
        "profile_url": absolute_url(request, reverse("atlas:area-detail", args=[area.code])
                                                  + f"?jaar={area.boundary_year}"),
    }


def indicator_data(request, indicator: indicators_models.Indicator) -> dict:
    return {
        "code": indicator.code, "name_nl": indicator.name_nl, "name_en": indicator.name_en,
        "definition_nl": indicator.definition_nl, "definition_en": indicator.definition_en,
        "domain": indicator.domain, "unit": indicator.unit, "direction": indicator.direction,
        "source_table": indicator.source_table, "source_key_stem": indicator.source_key_stem,
        "source_note": indicator.source_note, "spatial_level": indicator.spatial_level,
        "licence": indicator.licence, "is_own_measurement": indicator.is_own_measurement,
        "value_type": indicator.value_type,
        "classes": [{"code": value.code, "label_nl": value.label_nl, "label_en": value.label_en,
                     "position": value.position} for value in indicator.classes.all()],
        "url": absolute_url(request, reverse("api:indicator", args=[indicator.code])),
    }


def observation_data(request, observation: indicators_models.Observation) -> dict:
    run = observation.import_run
    return {
        "area": observation.area.code, "boundary_year": observation.area.boundary_year,
        "indicator": observation.indicator.code, "period": observation.period, "value": observation.value,
        "value_class": observation.value_class.code if observation.value_class_id else None,
        "status": observation.status, "unit": observation.indicator.unit,
        "import_run": {
            "id": run.pk, "source": run.source, "table_id": run.table_id, "file_name": run.file_name,
            "retrieved_at": run.retrieved_at.isoformat() if run.retrieved_at else None, "checksum": run.checksum,
        },
        "licence": observation.indicator.licence,
    }


# -- operations -------------------------------------------------------------------------------------------------

@router.get("/areas", response={200: AreaPage, **ERRORS}, url_name="areas", operation_id="listAreas",
            tags=["areas"], summary="Areas: gemeenten, wijken and buurten",
            description="CBS areas of every boundary year (indeling). A code means something only together with its "
                        "boundary year: CBS redraws and reuses codes.",
            openapi_extra=openapi_parameters(AREA_FILTERS, paged=True))
def areas(request):
    areas = AREA_FILTERS.apply(areas_models.Area.objects.select_related("parent"), read(AREA_FILTERS, request))
    return page(request, areas.order_by("boundary_year", "code"), area_data)


@router.get("/areas/{code}", response={200: AreaDetail, **ERRORS, **NOT_FOUND}, url_name="area",
            operation_id="getArea", tags=["areas"], summary="One area",
            description="Without `year`, the latest boundary year that has the code.",
            openapi_extra={**openapi_parameters(DETAIL_YEAR)})
def area(request, code: str = Path(description="CBS code: GM####, WK###### or BU######## (any case).",
                                   example="BU05991577")):
    year = read(DETAIL_YEAR, request).get("year")
    code_versions = areas_models.Area.objects.filter(code=code.upper()).select_related("parent")
    versions = list(code_versions.order_by("-boundary_year")) if CODE_PATTERN.match(code.upper()) else []
    found = next((version for version in versions if year in (None, version.boundary_year)), None)
    if found is None:
        raise Http404(_("No area has the code %(code)s in the %(year)s boundaries.") % {"code": code, "year": year}
                      if versions else _("No area has the code %(code)s.") % {"code": code})
    children = found.children.order_by("code").values_list("code", flat=True)
    return {
        **area_data(request, found),
        "children": list(children),
        "other_boundary_years": [version.boundary_year for version in versions if version is not found],
        "observations_url": absolute_url(request,
            reverse("api:observations") + f"?area={found.code}&year={found.boundary_year}"),
    }


@router.get("/indicators", response={200: IndicatorList, **ERRORS}, url_name="indicators",
            operation_id="listIndicators", tags=["indicators"], summary="The indicator catalogue",
            description="Every indicator (the catalogue is small: no pages).",
            openapi_extra=openapi_parameters(INDICATOR_FILTERS))
def indicators(request):
    indicators = indicators_models.Indicator.objects.prefetch_related("classes").order_by("domain", "code")
    queryset = INDICATOR_FILTERS.apply(indicators, read(INDICATOR_FILTERS, request))
    results = [indicator_data(request, item) for item in queryset]
    return {"count": len(results), "results": results}


@router.get("/indicators/{code}", response={200: Indicator, **ERRORS, **NOT_FOUND}, url_name="indicator",
            operation_id="getIndicator", tags=["indicators"], summary="One indicator's reference sheet")
def indicator(request, code: str = Path(description="Indicator code.", example="ET_HOOFDVERW_GAS")):
    code = code.upper()
    found = indicators_models.Indicator.objects.filter(code=code).first() if INDICATOR_CODE.fullmatch(code) else None
    if found is None:
        raise Http404(_("No indicator has the code %(code)s.") % {"code": code})
    return indicator_data(request, found)


@router.get("/observations", response={200: ObservationPage, **ERRORS}, url_name="observations",
            operation_id="listObservations", tags=["observations"],
            summary="Figures: one value per area, indicator and period, with its provenance",
            description="A value is present only when `status` is `ok`; `suppressed` means the source kept it "
                        "secret, `unknown` that it is missing. Never read either as 0.",
            openapi_extra=openapi_parameters(OBSERVATION_FILTERS, paged=True))
def observations(request):
    values = read(OBSERVATION_FILTERS, request)
    if codes := values.get("indicator"):
        known = set(indicators_models.Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := [code for code in codes if code not in known]:
            raise BadParameter("indicator", _("unknown indicator: %(codes)s.") % {"codes": ", ".join(unknown)})
    observations = indicators_models.Observation.objects.select_related("area", "indicator", "import_run",
                                                                        "value_class")
    queryset = OBSERVATION_FILTERS.apply(observations, values)
    return page(request, queryset.order_by("pk"), observation_data)

