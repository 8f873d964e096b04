"""Test factories for knowledge products, shared by the publications and public tests.

``make_product`` writes rows directly (no services, no audit trail), so leak tests can set up every state fast:
draft, in review, published, superseded, withdrawn. Workflow tests go through the services instead.
"""

from __future__ import annotations

from django.utils import timezone

from dubbelslag.publications.enums import TEMPLATES, ProductType, VersionStatus
from dubbelslag.publications.models import Citation, KnowledgeProduct, ProductVersion, Section
from dubbelslag.publications.services.search_index import index_product


def make_version(product: KnowledgeProduct, *, number: int = 1, status: str = VersionStatus.DRAFT,
                 title: str = "", body: str = "", records=(), **fields) -> ProductVersion:
    """A version with the template sections of its type; ``body`` goes into the first section, followed by a
    citation marker for each record in ``records`` (cited in that order)."""
    published = status in (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN)
    fields.setdefault("authors", "A. Auteur (Platform31)")
    fields.setdefault("lead_nl", f"Inleiding van {title or product.slug}.")
    version = ProductVersion.objects.create(
        product=product, number=number, status=status, title_nl=title or f"Product {product.slug}",
        published_at=timezone.now() if published else None, **fields)
    markers = " ".join(f"[@R{record.pk}]" for record in records)
    for position, key in enumerate(TEMPLATES[product.product_type]):
        text = f"{body} {markers}".strip() if position == 0 else ""
        Section.objects.create(version=version, key=key, position=position, body_nl=text)
    for number_, record in enumerate(records, start=1):
        Citation.objects.create(version=version, record=record, number=number_)
    return version


def make_product(programme, *, slug: str, status: str = VersionStatus.PUBLISHED,
                 product_type: str = ProductType.BEST_PRACTICE, title: str = "", body: str = "", records=(),
                 **fields) -> KnowledgeProduct:
    """A product with one version in ``status``; a published one is set as the product's published version and
    indexed for search, a withdrawn one carries a withdrawal reason."""
    product = KnowledgeProduct.objects.create(programme=programme, slug=slug, product_type=product_type)
    version = make_version(product, status=status, title=title, body=body, records=records, **fields)
    if status == VersionStatus.PUBLISHED:
        product.published_version = version
        product.first_published_at = version.published_at
    elif status == VersionStatus.WITHDRAWN:
        product.first_published_at = version.published_at
        product.withdrawn_at = timezone.now()
        product.withdrawn_reason = "Bevat vertrouwelijke informatie."
    product.save()
    index_product(product)
    return product


def make_record(*, programme, kind="lesson", title="Begin bij de portemonnee", summary="Een les uit de praktijk.",
                status="published", confidentiality="public", **links):
    """A harvest record straight in the database (bypassing the services): set status and links freely."""
    from dubbelslag.research.models import HarvestRecord

    record = HarvestRecord.objects.create(programme=programme, kind=kind, title=title, summary=summary,
                                          status=status, confidentiality=confidentiality)
    for name, values in links.items():
        getattr(record, name).set(values)
    return record
