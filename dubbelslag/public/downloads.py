"""The knowledge base's downloads: the CSV files of published products and records (filtered like the list pages
and the API, through ``public.filters``) and the PDF of each published product (or an earlier published version).
"""

from __future__ import annotations

import itertools

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from dubbelslag.core.filters import BadParameter
from dubbelslag.core.params import parse_int
from dubbelslag.core.spreadsheets import csv_response, spreadsheet_export
from dubbelslag.publications.enums import VersionStatus
from dubbelslag.publications.models import ProductVersion
from dubbelslag.publications.pdf import open_pdf
from dubbelslag.research.models import HarvestRecord

from .filters import PRODUCT_FILTERS, RECORD_FILTERS
from .opendata import (
    RECORD_LICENCE,
    absolute_url,
    filtered_products,
    filtered_records,
    iso,
    licence_url,
    open_experiments,
    open_products,
    product_attribution,
    record_attribution,
)

# -- CSV ------------------------------------------------------------------------------------------------------------

def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """UTF-8 with a byte-order mark so Excel reads the accents; semicolons in Dutch (as Dutch Excel expects) and
    commas in English, like the atlas's CSV; every text cell formula-safe (``core.spreadsheets``)."""
    dutch = (get_language() or "nl").startswith("nl")
    response = csv_response(itertools.chain([header], rows), filename=filename, delimiter=";" if dutch else ",")
    response["Access-Control-Allow-Origin"] = "*"
    return response


PRODUCT_COLUMNS = [
    "slug", "type", "title_nl", "title_en", "subtitle_nl", "subtitle_en", "lead_nl", "lead_en", "version",
    "published_at", "first_published_at", "authors", "programme", "themes", "koppelkansen", "experiments", "areas",
    "evidence_level", "project_status", "period", "partners", "funding", "scale", "citations_public",
    "page_url", "pdf_url", "api_url", "licence", "licence_url", "attribution",
]
RECORD_COLUMNS = [
    "id", "kind", "title", "summary", "programme", "themes", "koppelkansen", "experiments", "evidence_level",
    "evidence_log_entries", "evidence_excerpts", "published_at", "cited_by", "page_url", "api_url", "licence",
    "licence_url", "attribution",
]


@spreadsheet_export
@require_safe
def products_csv(request):
    """One row per published product: its published version's metadata, addresses and licence."""
    try:
        products = filtered_products(PRODUCT_FILTERS.from_api(request.GET))
    except BadParameter:
        products = open_products()
    products = products.prefetch_related(
        "published_version__areas", "published_version__citations",
        Prefetch("published_version__experiments", queryset=open_experiments(), to_attr="public_experiments"))
    public_records = set(HarvestRecord.objects.published().values_list("pk", flat=True))

    def rows():
        for product in products:
            version = product.published_version
            page_url = absolute_url(None, "public:product-detail", product.slug)
            yield [
                product.slug, product.product_type, version.title_nl, version.title_en, version.subtitle_nl,
                version.subtitle_en, version.lead_nl, version.lead_en, version.number, iso(version.published_at),
                iso(product.first_published_at), "; ".join(version.author_list()), product.programme.name,
                "; ".join(theme.slug for theme in version.themes.all()),
                "; ".join(k.code for k in version.koppelkansen.all()),
                "; ".join(experiment.title for experiment in version.public_experiments),
                "; ".join(area.code for area in version.areas.all()),
                version.evidence_level, version.project_status, version.period, version.partners, version.funding,
                version.scale,
                "; ".join(f"R{c.record_id}" for c in version.citations.all() if c.record_id in public_records),
                page_url, absolute_url(None, "public:product-pdf", product.slug),
                absolute_url(None, "api:product", product.slug), version.licence, licence_url(version.licence),
                product_attribution(product, version, page_url),
            ]

    return _csv_response("kennisproducten.csv", PRODUCT_COLUMNS, rows())


@spreadsheet_export
@require_safe
def records_csv(request):
    """One row per published public record: what it is, its links to public things, evidence counts, licence."""
    try:
        records = filtered_records(RECORD_FILTERS.from_api(request.GET))
    except BadParameter:
        records = filtered_records({})

    def rows():
        for record in records:
            page_url = absolute_url(None, "public:record-detail", record.pk)
            yield [
                record.pk, record.kind, record.title, record.summary, record.programme.name,
                "; ".join(theme.slug for theme in record.themes.all()),
                "; ".join(k.code for k in record.koppelkansen.all()),
                "; ".join(experiment.title for experiment in record.public_experiments),
                record.evidence_level, record.entry_count, record.excerpt_count, iso(record.published_at),
                "; ".join(dict.fromkeys(c.version.product.slug for c in record.published_citations)),
                page_url, absolute_url(None, "api:record", record.pk), RECORD_LICENCE.value,
                licence_url(RECORD_LICENCE), record_attribution(record, page_url),
            ]

    return _csv_response("bevindingen.csv", RECORD_COLUMNS, rows())


# -- PDF ------------------------------------------------------------------------------------------------------------

def public_version(slug: str, number_text: str | None) -> ProductVersion:
    """The published version of a published product, or (``number``) one of its superseded versions; 404 for
    anything else: drafts, versions in review, withdrawn versions, unpublished products."""
    product = get_object_or_404(open_products(), slug=slug)
    if not number_text:
        return product.published_version
    number = parse_int(number_text, max_digits=9)
    if number is None:
        raise Http404
    if number == product.published_version.number:
        return product.published_version
    return get_object_or_404(ProductVersion.objects.select_related("product__programme"), product=product,
                             number=number, status=VersionStatus.SUPERSEDED)


@require_safe
def product_pdf(request, slug):
    version = public_version(slug, request.GET.get("versie", "").strip())
    response = FileResponse(open_pdf(version, language=get_language() or "nl"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{version.product.slug}-v{version.number}.pdf"'
    return response


urlpatterns = [
    path("kennisbank/producten/<slug:slug>/pdf/", product_pdf, name="product-pdf"),
    path("kennisbank/producten.csv", products_csv, name="products-csv"),
    path("kennisbank/bevindingen.csv", records_csv, name="records-csv"),
]
