"""The open data of the knowledge base: the read API (/api/v1/products…, /api/v1/records…), the CSV downloads and
the PDF of each published product.

Everything here follows THE PUBLIC RULE: products only through ``KnowledgeProduct.objects.published()`` and their
published version (or, for a PDF of an earlier version, a superseded version of a product that is published);
records only through ``HarvestRecord.objects.published()``; experiments only when ``is_public``. The API is built
like the atlas's (``atlas.api``: GET and HEAD only, no trailing slashes, limit/offset pages, problems as
``application/problem+json`` in the request's language, CSRF-exempt) and described in ``public.openapi``.
"""

from __future__ import annotations

import csv
import re

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dubbelslag.areas.models import Area
from dubbelslag.atlas.api import BadParameter, _choice, _json, _matching, _page, api_view
from dubbelslag.core.markdown import render_markdown
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Experiment, Theme
from dubbelslag.publications.enums import LICENCE_URLS, Licence, ProductType, SectionKey, VersionStatus
from dubbelslag.publications.models import (
    PUBLICLY_NAMED_QUESTION,
    Citation,
    KnowledgeProduct,
    ProductSearchEntry,
    ProductVersion,
)
from dubbelslag.publications.pdf import open_pdf
from dubbelslag.research.enums import EvidenceLevel, RecordKind
from dubbelslag.research.exports import safe_cell
from dubbelslag.research.models import HarvestRecord

from .search import product_search_ids

# Published harvest records are open data under CC BY 4.0, like the products by default.
RECORD_LICENCE = Licence.CC_BY
PUBLISHER = "Dubbelslag"
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
KOPPELKANS_CODE = re.compile(r"^K\d{2,3}$")
THEME_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
MAX_QUERY = 200


# -- helpers --------------------------------------------------------------------------------------------------------

def _reverse(name: str, *args) -> str | None:
    """A path, or None while the page behind ``name`` does not exist (another part of the site)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _absolute(request, name: str, *args, query: str = "") -> str | None:
    found = _reverse(name, *args)
    if found is None:
        return None
    found += query
    return request.build_absolute_uri(found) if request is not None else settings.SITE_URL.rstrip("/") + found


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _theme(theme: Theme) -> dict:
    return {"slug": theme.slug, "name_nl": theme.name_nl, "name_en": theme.name_en}


def _koppelkans(koppelkans: Koppelkans) -> dict:
    return {"code": koppelkans.code, "title_nl": koppelkans.title_nl, "title_en": koppelkans.title_en}


def _experiment(request, experiment: Experiment) -> dict:
    return {"id": experiment.pk, "title": experiment.title, "gemeente": experiment.gemeente.code,
            "url": _absolute(request, "public:experiment-detail", experiment.pk)}


def public_experiments():
    return Experiment.objects.public().select_related("gemeente").order_by("title", "pk")


def public_questions(version: ProductVersion) -> list[KnowledgeQuestion]:
    """The knowledge questions a published version answers, as far as they belong to the whole programme or to a
    public experiment: a private experiment's question is not named."""
    return list(version.knowledge_questions.filter(PUBLICLY_NAMED_QUESTION))


def licence_url(licence: str) -> str:
    return LICENCE_URLS.get(licence, "")


def product_attribution(product: KnowledgeProduct, version: ProductVersion, page_url: str | None) -> str:
    """Credit line for reuse: authors, title, version and date, publisher and programme, address, licence."""
    authors = "; ".join(version.author_list())
    date = version.published_at.date().isoformat() if version.published_at else ""
    parts = [part for part in (
        authors, f"“{version.title_nl}”", f"v{version.number} ({date})" if date else f"v{version.number}",
        f"{PUBLISHER}, {product.programme.name}", page_url, Licence(version.licence).label) if part]
    return ". ".join(parts)


def record_attribution(record: HarvestRecord, page_url: str | None) -> str:
    parts = [part for part in (f"“{record.title}”", f"{PUBLISHER}, {record.programme.name}", page_url,
                               RECORD_LICENCE.label) if part]
    return ". ".join(parts)


def site_attribution() -> str:
    return f"{PUBLISHER} kennisbank, {settings.SITE_URL.rstrip('/')}"


def _page_with_licence(request, queryset, serialise, note: str) -> dict:
    page = _page(request, queryset, serialise)
    page["licence_note"] = note
    page["attribution"] = site_attribution()
    return page


def _text_filter(params, name: str = "q") -> str:
    return params.get(name, "").replace("\x00", "").strip()[:MAX_QUERY]


def _gemeente_areas(code: str):
    digits = code[2:]
    return Area.objects.filter(Q(code=code) | Q(code__startswith=f"WK{digits}") | Q(code__startswith=f"BU{digits}"))


# -- products -------------------------------------------------------------------------------------------------------

def published_products():
    """THE starting point for products: those with a published version, with what the summaries need loaded."""
    return (KnowledgeProduct.objects.published()
            .select_related("programme", "published_version")
            .prefetch_related("published_version__themes", "published_version__koppelkansen")
            .order_by(F("first_published_at").desc(nulls_last=True), "slug"))


def _shared_filters(params) -> tuple:
    """The filters products and records share: theme, koppelkans, gemeente (each a list of at most one value) and
    the text query; BadParameter for a wrong value."""
    return (_matching(params, "theme", THEME_SLUG, _("“%(value)s” is not a theme's short name."), upper=False),
            _matching(params, "koppelkans", KOPPELKANS_CODE, _("“%(value)s” is not a koppelkans code.")),
            _matching(params, "gemeente", GEMEENTE_CODE, _("“%(value)s” is not a gemeente code (GM####).")),
            _text_filter(params))


def filter_products(params):
    """The published products that match the API's (or the CSV's) filters; BadParameter for a wrong value."""
    product_type = _choice(params, "type", ProductType.values)
    theme, koppelkans, gemeente, query = _shared_filters(params)
    products = published_products()
    if product_type:
        products = products.filter(product_type=product_type)
    if theme:
        products = products.filter(Q(published_version__themes__slug=theme[0].lower())
                                   | Q(published_version__themes__parent__slug=theme[0].lower()))
    if koppelkans:
        products = products.filter(published_version__koppelkansen__code=koppelkans[0])
    if gemeente:
        products = products.filter(
            Q(published_version__areas__in=_gemeente_areas(gemeente[0]))
            | Q(published_version__experiments__in=public_experiments().filter(gemeente__code=gemeente[0])))
    if query:
        ids = product_search_ids(query)
        if ids is not None:
            products = products.filter(pk__in=ProductSearchEntry.objects.filter(pk__in=ids).values("product_id"))
    return products.distinct() if theme or gemeente else products


def product_summary(request, product: KnowledgeProduct) -> dict:
    version = product.published_version
    page_url = _absolute(request, "public:product-detail", product.slug)
    return {
        "slug": product.slug,
        "type": product.product_type,
        "title_nl": version.title_nl, "title_en": version.title_en,
        "subtitle_nl": version.subtitle_nl, "subtitle_en": version.subtitle_en,
        "lead_nl": version.lead_nl, "lead_en": version.lead_en,
        "languages": ["nl", "en"] if version.has_english else ["nl"],
        "version": version.number,
        "published_at": _iso(version.published_at),
        "first_published_at": _iso(product.first_published_at),
        "authors": version.author_list(),
        "programme": product.programme.name,
        "themes": [_theme(theme) for theme in version.themes.all()],
        "koppelkansen": [_koppelkans(koppelkans) for koppelkans in version.koppelkansen.all()],
        "evidence_level": version.evidence_level or None,
        "url": request.build_absolute_uri(reverse("public:api-product", args=[product.slug])),
        "page_url": page_url,
        "pdf_url": request.build_absolute_uri(reverse("public:product-pdf", args=[product.slug])),
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
            "url": request.build_absolute_uri(reverse("public:api-record", args=[record.pk])) if record else None,
            "page_url": _absolute(request, "public:record-detail", record.pk) if record else None,
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
        "experiments": [_experiment(request, experiment)
                        for experiment in public_experiments().filter(pk__in=version.experiments.values("pk"))],
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
            "number": figure.number, "area": figure.area.code, "indicator": figure.indicator.code,
            "period": figure.period, "caption_nl": figure.caption_nl, "caption_en": figure.caption_en,
            "snapshot": figure.snapshot or {},
        } for figure in version.figures.select_related("area", "indicator").order_by("number")],
        "change_note": version.change_note,
        "earlier_versions": [{
            "version": old.number, "published_at": _iso(old.published_at), "change_note": old.change_note,
            "page_url": _absolute(request, "public:product-version", product.slug, old.number),
            "pdf_url": request.build_absolute_uri(f"{pdf}?versie={old.number}"),
        } for old in earlier],
    }


@api_view
def api_products(request):
    products = filter_products(request.GET)
    return _json(_page_with_licence(request, products, product_summary,
                                    _("Each product carries its own licence and attribution.")))


@api_view
def api_product(request, slug):
    product = published_products().filter(slug=slug).first() if SLUG.match(slug) else None
    if product is None:
        raise Http404(_("No published knowledge product has the address %(slug)s.") % {"slug": slug[:120]})
    return _json(product_detail(request, product))


# -- records --------------------------------------------------------------------------------------------------------

def published_records():
    """THE starting point for records: published and public ones, with counts and public links loaded."""
    citing = (Citation.objects.filter(version__status=VersionStatus.PUBLISHED,
                                      version__product__published_version=F("version"))
              .select_related("version__product").order_by("version__product__slug"))
    return (HarvestRecord.objects.published()
            .select_related("programme")
            .prefetch_related("themes", "koppelkansen",
                              Prefetch("experiments", queryset=public_experiments(), to_attr="public_experiments"),
                              Prefetch("product_citations", queryset=citing, to_attr="published_citations"))
            .annotate(entry_count=Count("evidence_entries", distinct=True),
                      excerpt_count=Count("evidence_excerpts", distinct=True))
            .order_by(F("published_at").desc(nulls_last=True), "-pk"))


def filter_records(params):
    kind = _choice(params, "kind", RecordKind.values)
    level = _choice(params, "evidence_level", EvidenceLevel.values)
    theme, koppelkans, gemeente, query = _shared_filters(params)
    records = published_records()
    if kind:
        records = records.filter(kind=kind)
    if level:
        records = records.filter(evidence_level=level)
    if theme:
        records = records.filter(pk__in=HarvestRecord.objects.filter(
            Q(themes__slug=theme[0].lower()) | Q(themes__parent__slug=theme[0].lower())).values("pk"))
    if koppelkans:
        records = records.filter(pk__in=HarvestRecord.objects.filter(koppelkansen__code=koppelkans[0]).values("pk"))
    if gemeente:
        records = records.filter(pk__in=HarvestRecord.objects.filter(
            experiments__in=public_experiments().filter(gemeente__code=gemeente[0])).values("pk"))
    for word in query.split()[:12]:
        records = records.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return records


def record_data(request, record: HarvestRecord) -> dict:
    page_url = _absolute(request, "public:record-detail", record.pk)
    cited_by = {}
    for citation in record.published_citations:
        version = citation.version
        cited_by.setdefault(version.product.slug, {
            "slug": version.product.slug, "title_nl": version.title_nl, "title_en": version.title_en,
            "version": version.number,
            "url": request.build_absolute_uri(reverse("public:api-product", args=[version.product.slug])),
            "page_url": _absolute(request, "public:product-detail", version.product.slug),
        })
    return {
        "id": record.pk,
        "kind": record.kind,
        "title": record.title,
        "summary": record.summary,
        "summary_html": str(render_markdown(record.summary)),
        "programme": record.programme.name,
        "themes": [_theme(theme) for theme in record.themes.all()],
        "koppelkansen": [_koppelkans(koppelkans) for koppelkans in record.koppelkansen.all()],
        "experiments": [_experiment(request, experiment) for experiment in record.public_experiments],
        "evidence_level": record.evidence_level,
        "evidence": {"log_entries": record.entry_count, "excerpts": record.excerpt_count},
        "published_at": _iso(record.published_at),
        "cited_by": list(cited_by.values()),
        "url": request.build_absolute_uri(reverse("public:api-record", args=[record.pk])),
        "page_url": page_url,
        "licence": RECORD_LICENCE.value,
        "licence_url": licence_url(RECORD_LICENCE),
        "attribution": record_attribution(record, page_url),
    }


@api_view
def api_records(request):
    records = filter_records(request.GET)
    return _json(_page_with_licence(request, records, record_data,
                                    _("Published harvest records are licensed CC BY 4.0.")))


@api_view
def api_record(request, pk):
    record = published_records().filter(pk=int(pk)).first() if re.fullmatch(r"\d{1,18}", pk) else None
    if record is None:
        raise Http404(_("No published harvest record has the number %(pk)s.") % {"pk": pk[:20]})
    return _json(record_data(request, record))


# -- CSV ------------------------------------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return ""
    return str(safe_cell(value))


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """UTF-8 with a byte-order mark so Excel reads the accents; semicolons in Dutch (as Dutch Excel expects) and
    commas in English, like the atlas's CSV; every text cell formula-safe."""
    dutch = (get_language() or "nl").startswith("nl")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";" if dutch else ",")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
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


@require_safe
def products_csv(request):
    """One row per published product: its published version's metadata, addresses and licence."""
    try:
        products = filter_products(request.GET)
    except BadParameter:
        products = published_products()
    products = products.prefetch_related(
        "published_version__areas", "published_version__citations",
        Prefetch("published_version__experiments", queryset=public_experiments(), to_attr="public_experiments"))
    public_records = set(HarvestRecord.objects.published().values_list("pk", flat=True))

    def rows():
        for product in products:
            version = product.published_version
            page_url = _absolute(None, "public:product-detail", product.slug)
            yield [
                product.slug, product.product_type, version.title_nl, version.title_en, version.subtitle_nl,
                version.subtitle_en, version.lead_nl, version.lead_en, version.number, _iso(version.published_at),
                _iso(product.first_published_at), "; ".join(version.author_list()), product.programme.name,
                "; ".join(theme.slug for theme in version.themes.all()),
                "; ".join(k.code for k in version.koppelkansen.all()),
                "; ".join(experiment.title for experiment in version.public_experiments),
                "; ".join(area.code for area in version.areas.all()),
                version.evidence_level, version.project_status, version.period, version.partners, version.funding,
                version.scale,
                "; ".join(f"R{c.record_id}" for c in version.citations.all() if c.record_id in public_records),
                page_url, _absolute(None, "public:product-pdf", product.slug),
                _absolute(None, "public:api-product", product.slug), version.licence, licence_url(version.licence),
                product_attribution(product, version, page_url),
            ]

    return _csv_response("kennisproducten.csv", PRODUCT_COLUMNS, rows())


@require_safe
def records_csv(request):
    """One row per published public record: what it is, its links to public things, evidence counts, licence."""
    try:
        records = filter_records(request.GET)
    except BadParameter:
        records = published_records()

    def rows():
        for record in records:
            page_url = _absolute(None, "public:record-detail", record.pk)
            yield [
                record.pk, record.kind, record.title, record.summary, record.programme.name,
                "; ".join(theme.slug for theme in record.themes.all()),
                "; ".join(k.code for k in record.koppelkansen.all()),
                "; ".join(experiment.title for experiment in record.public_experiments),
                record.evidence_level, record.entry_count, record.excerpt_count, _iso(record.published_at),
                "; ".join(dict.fromkeys(c.version.product.slug for c in record.published_citations)),
                page_url, _absolute(None, "public:api-record", record.pk), RECORD_LICENCE.value,
                licence_url(RECORD_LICENCE), record_attribution(record, page_url),
            ]

    return _csv_response("bevindingen.csv", RECORD_COLUMNS, rows())


# -- PDF ------------------------------------------------------------------------------------------------------------

def public_version(slug: str, number_text: str | None) -> ProductVersion:
    """The published version of a published product, or (``number``) one of its superseded versions; 404 for
    anything else: drafts, versions in review, withdrawn versions, unpublished products."""
    product = get_object_or_404(published_products(), slug=slug)
    if not number_text:
        return product.published_version
    if not re.fullmatch(r"\d{1,9}", number_text):
        raise Http404
    number = int(number_text)
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
    path("api/v1/products", api_products, name="api-products"),
    path("api/v1/products/<str:slug>", api_product, name="api-product"),
    path("api/v1/records", api_records, name="api-records"),
    # A string converter, so that /api/v1/records/abc is answered as problem JSON (404), not as an HTML page.
    path("api/v1/records/<str:pk>", api_record, name="api-record"),
]
