"""/api/v1/products and /api/v1/records: the published knowledge products and harvest records.

THE PUBLIC RULE holds through ``public.opendata``: published products in their published version, published public
records, public experiments, publicly named knowledge questions. Filters are ``public.filters``, shared with the list
pages and the CSV downloads.
"""

from __future__ import annotations

from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from dubbelslag.core.addresses import absolute_url as site_address
from dubbelslag.core.markdown import render_markdown
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.programme.models import Experiment, Theme
from dubbelslag.public.filters import PRODUCT_FILTERS, RECORD_FILTERS
from dubbelslag.public.opendata import (
    RECORD_LICENCE,
    absolute_url,
    filtered_products,
    filtered_records,
    iso,
    licence_url,
    open_experiments,
    open_products,
    open_records,
    product_attribution,
    public_questions,
    record_attribution,
    site_attribution,
)
from dubbelslag.publications.enums import SectionKey, VersionStatus
from dubbelslag.publications.models import KnowledgeProduct, ProductVersion
from dubbelslag.research.models import HarvestRecord

from .base import ERRORS, NOT_FOUND, PageFields, PathInt, openapi_parameters, page, read

router = Router()

MAX_PK = 2**63 - 1
Licences = Literal["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"]
ProductTypes = Literal["best_practice", "factsheet", "inspiration", "guide", "report"]
RecordKinds = Literal["challenge", "solution", "insight", "lesson"]
EvidenceLevels = Literal["described", "substantiated", "first_indications", "good_indications", "strong_indications"]
SectionKeys = Literal["context", "question", "approach", "steps", "method", "results", "what_worked", "what_did_not",
                      "conditions", "transferability", "stories", "sources"]


def _uri(description: str = "", *, null: bool = False):
    return Field(description=description or None, json_schema_extra={"format": "uri"})


class ThemeRef(Schema):
    slug: str
    name_nl: str
    name_en: str


class KoppelkansRef(Schema):
    code: str = Field(examples=["K01"])
    title_nl: str
    title_en: str


class ExperimentRef(Schema):
    """A public experiment."""

    id: int
    title: str
    gemeente: str = Field(description="CBS code of its gemeente.")
    url: str | None = _uri()


class AreaRef(Schema):
    code: str
    name: str
    level: Literal["gemeente", "wijk", "buurt"]
    boundary_year: int


class ProductRef(Schema):
    slug: str
    title_nl: str
    title_en: str
    version: int
    url: str = _uri()
    page_url: str | None = _uri()


class ProductSummary(Schema):
    slug: str
    type: ProductTypes
    title_nl: str
    title_en: str = Field(description="Empty without English text.")
    subtitle_nl: str
    subtitle_en: str
    lead_nl: str
    lead_en: str
    languages: list[Literal["nl", "en"]]
    version: int = Field(description="Number of the published version.")
    published_at: str | None = Field(description="When this version was published.",
                                     json_schema_extra={"format": "date-time"})
    first_published_at: str | None = Field(json_schema_extra={"format": "date-time"})
    authors: list[str]
    programme: str
    themes: list[ThemeRef]
    koppelkansen: list[KoppelkansRef]
    evidence_level: EvidenceLevels | None
    url: str = _uri("This product in the API.")
    page_url: str | None = _uri("The product's public page.")
    pdf_url: str = _uri()
    licence: Licences = Field(description="SPDX identifier.")
    licence_url: str = _uri()
    attribution: str = Field(description="How to credit the source when reusing it.")


class AtAGlance(Schema):
    project_status: Literal["idea", "in_progress", "completed"] | None
    period: str
    partners: str
    budget: str
    funding: str
    scale: str
    contact: str


class QuestionRef(Schema):
    id: int
    title: str


class Section(Schema):
    key: SectionKeys
    heading_nl: str
    heading_en: str
    markdown_nl: str = Field(description="The source text, with citation markers [@R12] and figure markers "
                                         "[[figure 1]].")
    markdown_en: str
    html_nl: str = Field(description="Rendered and sanitised; citations as numbered links.")
    html_en: str | None = Field(description="Null without English text.")


class Citation(Schema):
    number: int
    available: bool = Field(description="False when the cited record is no longer public.")
    record: int | None = Field(description="The record's id; null when not public.")
    title: str | None
    kind: RecordKinds | None
    url: str | None = _uri()
    page_url: str | None = _uri()


class Figure(Schema):
    number: int
    area: str | None = Field(description="CBS code; null for a monitoring figure.")
    indicator: str | None = Field(description="Indicator code; null for a monitoring figure.")
    period: str = Field(description="Empty: the latest period when it was published. A monitoring figure's "
                                    "reporting period.")
    monitoring_indicator: int | None = Field(
        description="A monitoring figure's result indicator (see /api/v1/monitoring/indicators/{id}).")
    caption_nl: str
    caption_en: str
    snapshot: dict = Field(description="The value as published, with unit, period and source.")


class EarlierVersion(Schema):
    version: int
    published_at: str | None = Field(json_schema_extra={"format": "date-time"})
    change_note: str
    page_url: str | None = _uri()
    pdf_url: str = _uri()


class Product(ProductSummary):
    at_a_glance: AtAGlance
    knowledge_questions: list[QuestionRef]
    experiments: list[ExperimentRef]
    areas: list[AreaRef]
    sections: list[Section]
    citations: list[Citation]
    figures: list[Figure]
    change_note: str
    earlier_versions: list[EarlierVersion]


class Evidence(Schema):
    """How much evidence the record rests on; the evidence itself is not public."""

    log_entries: int
    excerpts: int


class Record(Schema):
    id: int
    kind: RecordKinds
    title: str
    summary: str = Field(description="Markdown.")
    summary_html: str
    programme: str
    themes: list[ThemeRef]
    koppelkansen: list[KoppelkansRef]
    experiments: list[ExperimentRef] = Field(description="The public experiments it comes from.")
    evidence_level: EvidenceLevels
    evidence: Evidence
    published_at: str | None = Field(json_schema_extra={"format": "date-time"})
    cited_by: list[ProductRef] = Field(description="Published products whose current version cites it.")
    url: str = _uri()
    page_url: str | None = _uri()
    licence: Licences = Field(description="SPDX identifier.")
    licence_url: str = _uri()
    attribution: str = Field(description="How to credit the source when reusing it.")


class LicensedPage(PageFields):
    licence_note: str = Field(description="Each result carries its own licence.")
    attribution: str


class ProductPage(LicensedPage):
    results: list[ProductSummary]


class RecordPage(LicensedPage):
    results: list[Record]


# -- serialisation ----------------------------------------------------------------------------------------------

def theme_data(theme: Theme) -> dict:
    return {"slug": theme.slug, "name_nl": theme.name_nl, "name_en": theme.name_en}


def koppelkans_data(koppelkans: Koppelkans) -> dict:
    return {"code": koppelkans.code, "title_nl": koppelkans.title_nl, "title_en": koppelkans.title_en}


def experiment_data(request, experiment: Experiment) -> dict:
    return {"id": experiment.pk, "title": experiment.title, "gemeente": experiment.gemeente.code,
            "url": absolute_url(request, "public:experiment-detail", experiment.pk)}


def product_summary(request, product: KnowledgeProduct) -> dict:
    version = product.published_version
    page_url = absolute_url(request, "public:product-detail", product.slug)
    return {
        "slug": product.slug,
        "type": product.product_type,
        "title_nl": version.title_nl, "title_en": version.title_en,
        "subtitle_nl": version.subtitle_nl, "subtitle_en": version.subtitle_en,
        "lead_nl": version.lead_nl, "lead_en": version.lead_en,
        "languages": ["nl", "en"] if version.has_english else ["nl"],
        "version": version.number,
        "published_at": iso(version.published_at),
        "first_published_at": iso(product.first_published_at),
        "authors": version.author_list(),
        "programme": product.programme.name,
        "themes": [theme_data(theme) for theme in version.themes.all()],
        "koppelkansen": [koppelkans_data(koppelkans) for koppelkans in version.koppelkansen.all()],
        "evidence_level": version.evidence_level or None,
        "url": site_address(request, reverse("api:product", args=[product.slug])),
        "page_url": page_url,
        "pdf_url": site_address(request, reverse("public:product-pdf", args=[product.slug])),
        "licence": version.licence,
        "licence_url": licence_url(version.licence),
        "attribution": product_attribution(product, version, page_url),
    }


def _rendered_sections(version: ProductVersion, language: str) -> dict[str, str]:
    """Each section's HTML as the public product page renders it, in ``language``."""
    from dubbelslag.publications.rendering import render_version

    with translation.override(language):
        rendered = render_version(version, viewer=None, public=True)
        return {section.key: str(section.html) for section in rendered.sections}


def _headings(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(label) for key, label in SectionKey.choices}


def citations(request, version: ProductVersion) -> list[dict]:
    """The version's citations; a cited record the public may not read is given without id, title or address."""
    public_ids = set(HarvestRecord.objects.published().filter(product_citations__version=version)
                     .values_list("pk", flat=True))
    result = []
    for citation in version.citations.select_related("record").order_by("number"):
        record = citation.record if citation.record_id in public_ids else None
        result.append({
            "number": citation.number,
            "available": record is not None,
            "record": record.pk if record else None,
            "title": record.title if record else None,
            "kind": record.kind if record else None,
            "url": site_address(request, reverse("api:record", args=[record.pk])) if record else None,
            "page_url": absolute_url(request, "public:record-detail", record.pk) if record else None,
        })
    return result


def product_detail(request, product: KnowledgeProduct) -> dict:
    version = product.published_version
    sections = list(version.sections.order_by("position"))
    html_nl = _rendered_sections(version, "nl")
    html_en = _rendered_sections(version, "en") if version.has_english else {}
    headings_nl, headings_en = _headings("nl"), _headings("en")
    earlier = product.versions.filter(status=VersionStatus.SUPERSEDED).order_by("-number")
    pdf = reverse("public:product-pdf", args=[product.slug])
    return {
        **product_summary(request, product),
        "at_a_glance": {
            "project_status": version.project_status or None, "period": version.period,
            "partners": version.partners, "budget": version.budget, "funding": version.funding,
            "scale": version.scale, "contact": version.contact,
        },
        "knowledge_questions": [{"id": question.pk, "title": question.title}
                                for question in public_questions(version)],
        "experiments": [experiment_data(request, experiment)
                        for experiment in open_experiments().filter(pk__in=version.experiments.values("pk"))],
        "areas": [{"code": area.code, "name": area.name, "level": area.level, "boundary_year": area.boundary_year}
                  for area in version.areas.order_by("code", "boundary_year")],
        "sections": [{
            "key": section.key,
            "heading_nl": headings_nl.get(section.key, section.key),
            "heading_en": headings_en.get(section.key, section.key),
            "markdown_nl": section.body_nl, "markdown_en": section.body_en,
            "html_nl": html_nl.get(section.key, ""),
            "html_en": html_en.get(section.key) if version.has_english else None,
        } for section in sections],
        "citations": citations(request, version),
        "figures": [{
            "number": figure.number, "area": figure.area.code if figure.area_id else None,
            "indicator": figure.indicator.code if figure.indicator_id else None,
            "period": figure.reporting_period.label if figure.is_monitoring else figure.period,
            "monitoring_indicator": figure.result_indicator_id,
            "caption_nl": figure.caption_nl, "caption_en": figure.caption_en, "snapshot": figure.snapshot or {},
        } for figure in version.figures.select_related("area", "indicator", "reporting_period").order_by("number")],
        "change_note": version.change_note,
        "earlier_versions": [{
            "version": old.number, "published_at": iso(old.published_at), "change_note": old.change_note,
            "page_url": absolute_url(request, "public:product-version", product.slug, old.number),
            "pdf_url": site_address(request, f"{pdf}?versie={old.number}"),
        } for old in earlier],
    }








def record_data(request, record: HarvestRecord) -> dict:
    page_url = absolute_url(request, "public:record-detail", record.pk)
    cited_by = {}
    for citation in record.published_citations:
        version = citation.version
        cited_by.setdefault(version.product.slug, {
            "slug": version.product.slug, "title_nl": version.title_nl, "title_en": version.title_en,
            "version": version.number,
            "url": site_address(request, reverse("api:product", args=[version.product.slug])),
            "page_url": absolute_url(request, "public:product-detail", version.product.slug),
        })
    return {
        "id": record.pk,
        "kind": record.kind,
        "title": record.title,
        "summary": record.summary,
        "summary_html": str(render_markdown(record.summary)),
        "programme": record.programme.name,
        "themes": [theme_data(theme) for theme in record.themes.all()],
        "koppelkansen": [koppelkans_data(koppelkans) for koppelkans in record.koppelkansen.all()],
        "experiments": [experiment_data(request, experiment) for experiment in record.public_experiments],
        "evidence_level": record.evidence_level,
        "evidence": {"log_entries": record.entry_count, "excerpts": record.excerpt_count},
        "published_at": iso(record.published_at),
        "cited_by": list(cited_by.values()),
        "url": site_address(request, reverse("api:record", args=[record.pk])),
        "page_url": page_url,
        "licence": RECORD_LICENCE.value,
        "licence_url": licence_url(RECORD_LICENCE),
        "attribution": record_attribution(record, page_url),
    }


# -- operations -------------------------------------------------------------------------------------------------

@router.get("/products", response={200: ProductPage, **ERRORS}, url_name="products", operation_id="listProducts",
            tags=["knowledge products"], summary="Published knowledge products",
            description="Best-practice descriptions, factsheets, inspiration examples, guides and reports, as far as "
                        "they are published: each in its current published version, newest first.",
            openapi_extra=openapi_parameters(PRODUCT_FILTERS, paged=True))
def products(request):
    products = filtered_products(read(PRODUCT_FILTERS, request))
    return page(request, products, product_summary, licence_note=_("Each product carries its own licence and "
                                                                    "attribution."),
                attribution=site_attribution())


@router.get("/products/{slug}", response={200: Product, **ERRORS, **NOT_FOUND}, url_name="product",
            operation_id="getProduct", tags=["knowledge products"], summary="One published knowledge product",
            description="The current published version in full: texts as Markdown and as HTML, at a glance, "
                        "metadata, citations of harvest records (a record that is no longer public is cited without "
                        "id or title), figures with their source, earlier published versions.")
def product(request, slug: str = Path(description="The product's web address (its last part).",
                                      pattern="^[-a-zA-Z0-9_]+$", max_length=120,
                                      example="huiskamer-aardgasvrij-pendrecht")):
    found = open_products().filter(slug=slug).first()
    if found is None:
        raise Http404(_("No published knowledge product has the address %(slug)s.") % {"slug": slug[:120]})
    return product_detail(request, found)


@router.get("/records", response={200: RecordPage, **ERRORS}, url_name="records", operation_id="listRecords",
            tags=["harvest records"], summary="Published harvest records",
            description="Challenges, solutions, insights and lessons harvested from the experiments' practice and "
                        "published. The evidence behind a record (log entries, coded excerpts) is not public; only "
                        "its size is given.",
            openapi_extra=openapi_parameters(RECORD_FILTERS, paged=True))
def records(request):
    records = filtered_records(read(RECORD_FILTERS, request))
    return page(request, records, record_data, licence_note=_("Published harvest records are licensed CC BY 4.0."),
                attribution=site_attribution())


@router.get("/records/{id}", response={200: Record, **ERRORS, **NOT_FOUND}, url_name="record",
            operation_id="getRecord", tags=["harvest records"], summary="One published harvest record",
            description="The record and the published products citing it.")
def record(request, id: PathInt = Path(description="The record's number.", ge=1, le=MAX_PK, example=1)):  # noqa: A002, B008
    found = open_records().filter(pk=id).first()
    if found is None:
        raise Http404(_("No published harvest record has the number %(pk)s.") % {"pk": id})
    return record_data(request, found)
