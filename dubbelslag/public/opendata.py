"""Selectors of the open data: what the API (/api/v1/products, /api/v1/records) and the CSV downloads read, and the
credit lines they carry.

Everything here follows THE PUBLIC RULE: products only through ``KnowledgeProduct.objects.published()`` and their
published version; records only through ``HarvestRecord.objects.published()``; experiments only when ``is_public``.
The filters are ``public.filters`` (shared with the list pages).
"""

from __future__ import annotations

from django.db.models import Count, F, Prefetch
from django.urls import NoReverseMatch, reverse

from dubbelslag.core.addresses import absolute_url as core_absolute_url
from dubbelslag.core.addresses import site_root
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Experiment
from dubbelslag.publications.enums import LICENCE_URLS, Licence, VersionStatus
from dubbelslag.publications.models import PUBLICLY_NAMED_QUESTION, Citation, KnowledgeProduct, ProductVersion
from dubbelslag.research.models import HarvestRecord

from .filters import PRODUCT_FILTERS, RECORD_FILTERS

# Published harvest records are open data under CC BY 4.0, like the products by default.
RECORD_LICENCE = Licence.CC_BY
PUBLISHER = "Dubbelslag"


# -- helpers --------------------------------------------------------------------------------------------------------

def reverse_or_none(name: str, *args) -> str | None:
    """A path, or None while the page behind ``name`` does not exist (another part of the site)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def absolute_url(request, name: str, *args, query: str = "") -> str | None:
    found = reverse_or_none(name, *args)
    if found is None:
        return None
    return core_absolute_url(request, found + query)


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def open_experiments():
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
    return f"{PUBLISHER} kennisbank, {site_root()}"



def open_products():
    """THE starting point for products: those with a published version, with what the summaries need loaded."""
    return (KnowledgeProduct.objects.published()
            .select_related("programme", "published_version")
            .prefetch_related("published_version__themes", "published_version__koppelkansen")
            .order_by(F("first_published_at").desc(nulls_last=True), "slug"))



def open_records():
    """THE starting point for records: published and public ones, with counts and public links loaded."""
    citing = (Citation.objects.filter(version__status=VersionStatus.PUBLISHED,
                                      version__product__published_version=F("version"))
              .select_related("version__product").order_by("version__product__slug"))
    return (HarvestRecord.objects.published()
            .select_related("programme")
            .prefetch_related("themes", "koppelkansen",
                              Prefetch("experiments", queryset=open_experiments(), to_attr="public_experiments"),
                              Prefetch("product_citations", queryset=citing, to_attr="published_citations"))
            .annotate(entry_count=Count("evidence_entries", distinct=True),
                      excerpt_count=Count("evidence_excerpts", distinct=True))
            .order_by(F("published_at").desc(nulls_last=True), "-pk"))


def filtered_products(values: dict):
    """The open products narrowed by parsed ``PRODUCT_FILTERS`` values."""
    # Every narrowing is a subquery on the published version, so no join multiplies the rows (no distinct()).
    return PRODUCT_FILTERS.apply(open_products(), values)


def filtered_records(values: dict):
    return RECORD_FILTERS.apply(open_records(), values)
