"""Keeps ``ProductSearchEntry`` in step with what the public may read: one row per product with a published
version, none for the others. Called by the publish and unpublish services inside their transactions."""

from django.db import transaction

from ..enums import VersionStatus
from ..models import KnowledgeProduct, ProductSearchEntry, ProductVersion


def version_text(version: ProductVersion) -> tuple[str, str]:
    """The searchable title and body of a version: both languages, the lead, the sections and the metadata."""
    title = " · ".join(dict.fromkeys(text for text in (version.title_nl, version.title_en) if text))
    parts = [version.subtitle_nl, version.subtitle_en, version.lead_nl, version.lead_en, version.partners]
    for section in version.sections.all():
        parts.extend((section.body_nl, section.body_en))
    parts.extend(f"{theme.name_nl} {theme.name_en}" for theme in version.themes.all())
    parts.extend(f"{k.code} {k.title_nl} {k.title_en}" for k in version.koppelkansen.all())
    # Only experiments listed publicly: a private experiment's name never reaches the public search.
    parts.extend(experiment.title for experiment in version.experiments.all() if experiment.is_public)
    parts.extend(area.name for area in version.areas.all())
    return title[:500], "\n".join(part for part in parts if part)


def index_product(product: KnowledgeProduct) -> None:
    version = product.published_version
    if version is None or version.status != VersionStatus.PUBLISHED:
        ProductSearchEntry.objects.filter(product=product).delete()
        return
    title, body = version_text(version)
    ProductSearchEntry.objects.update_or_create(
        product=product, defaults={"title": title, "body": body, "published_at": version.published_at})


@transaction.atomic
def rebuild() -> int:
    ProductSearchEntry.objects.all().delete()
    products = KnowledgeProduct.objects.published().select_related("published_version")
    for product in products:
        index_product(product)
    return ProductSearchEntry.objects.count()
