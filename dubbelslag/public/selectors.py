"""Reads of the public knowledge base: published data only (THE PUBLIC RULE, docs/architecture.md).

Everything here starts from ``KnowledgeProduct.objects.published()`` (and its ``published_version``, or an earlier
superseded version while the product is published), ``HarvestRecord.objects.published()`` and experiments with
``is_public``. Nothing a view of this app shows comes from anywhere else.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dubbelslag.areas.models import Area
from dubbelslag.core.addresses import absolute_url
from dubbelslag.images.display import THUMBNAIL_SIZES, image_view
from dubbelslag.images.display import snapshot as image_snapshot
from dubbelslag.images.models import Image
from dubbelslag.images.selectors import experiment_picture
from dubbelslag.koppelkansen.models import Adoption, Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.enums import NeighbourhoodType, ThemeKind
from dubbelslag.programme.models import Experiment, Theme
from dubbelslag.publications.enums import ProductType, VersionStatus
from dubbelslag.publications.models import PUBLICLY_NAMED_QUESTION, KnowledgeProduct, ProductImage, ProductVersion
from dubbelslag.research.enums import RecordKind
from dubbelslag.research.models import HarvestRecord

from .filters import PRODUCT_FILTERS, RECORD_FILTERS
from .monitoring import experiment_values

GEMEENTE_CODE = re.compile(r"GM[0-9]{4}")
# Numbers from the URL beyond what the database columns hold are simply not there (PostgreSQL would refuse them).
MAX_PK, MAX_NUMBER = 2**63 - 1, 2**31 - 1
LATEST_COUNT = 5


def site_url(path: str) -> str:
    """``path`` as an absolute address on the public site (``core.addresses``: SITE_URL, else the request's host),
    for feeds, sitemaps and citations."""
    return absolute_url(None, path)


# Knowledge questions named in public: the whole programme's, and those of experiments listed publicly (a private
# experiment's question is not named; the same rule as the open data, ``public.opendata.public_questions``).


def gemeente_code_of(code: str) -> str | None:
    """The gemeente a CBS code lies in (codes embed their parents: WK0599xx and BU0599xxxx are in GM0599)."""
    if code[:2] in ("GM", "WK", "BU") and len(code) >= 6:
        return "GM" + code[2:6]
    return None


# --- Products ---------------------------------------------------------------------------------------------------


PUBLIC_COVERS = Prefetch("images", queryset=ProductImage.objects.filter(
    is_cover=True, image__in=Image.objects.publishable()).select_related("image"), to_attr="public_covers")


def published_products() -> QuerySet[KnowledgeProduct]:
    """The products the public may read, newest first, with what a list shows of their published version (its
    cover among it)."""
    return (KnowledgeProduct.objects.published().select_related("published_version")
            .prefetch_related(Prefetch("published_version__themes", queryset=Theme.objects.order_by("position")),
                              Prefetch("published_version__images", queryset=PUBLIC_COVERS.queryset,
                                       to_attr="public_covers"))
            .order_by("-first_published_at", "-pk"))


def cover_view(version: ProductVersion, *, slug: str = "", sizes: str = THUMBNAIL_SIZES, largest: int | None = 640):
    """The public view of a published version's cover (prefetched as ``public_covers``), or None."""
    covers = getattr(version, "public_covers", None)
    if covers is None:
        covers = list(PUBLIC_COVERS.queryset.filter(version=version))
    if not covers:
        return None
    placement = covers[0]
    data = placement.snapshot or image_snapshot(placement.image)
    slug = slug or version.product.slug
    return image_view(data, url=lambda name: reverse("public:product-image", args=[slug, data["token"], name]),
                      sizes=sizes, largest=largest)


def public_product_image(slug: str, token: str) -> Image:
    """An image shown by a published product's current or earlier published version, with consent; else 404."""
    placement = (ProductImage.objects.select_related("image")
                 .filter(version__product__in=KnowledgeProduct.objects.published(), version__product__slug=slug,
                         version__status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED],
                         image__token=token, image__in=Image.objects.publishable()).first())
    if placement is None:
        raise Http404
    return placement.image


def public_experiment_image(pk: int, token: str) -> Image:
    if pk > MAX_PK:
        raise Http404
    image = Image.objects.publishable().filter(experiment__pk=pk, experiment__is_public=True,
                                               on_experiment_page=True, token=token).first()
    if image is None:
        raise Http404
    return image


def experiment_picture_view(experiment: Experiment):
    image = experiment_picture(experiment, public=True)
    if image is None:
        return None
    return image_view(image_snapshot(image), url=lambda name: reverse(
        "public:experiment-image", args=[experiment.pk, image.token, name]))


def latest_products(count: int = LATEST_COUNT) -> list[KnowledgeProduct]:
    return list(published_products()[:count])


def public_product(slug: str) -> KnowledgeProduct:
    """A published product for its public page; 404 for a draft, one in review, or a withdrawn product."""
    return get_object_or_404(KnowledgeProduct.objects.published().select_related("published_version", "programme"),
                             slug=slug)


def public_earlier_version(product: KnowledgeProduct, number: int) -> ProductVersion:
    """An earlier published version of a published product: status superseded only (never draft, in review or
    withdrawn)."""
    if number > MAX_NUMBER:
        raise Http404
    return get_object_or_404(ProductVersion.objects.select_related("product"), product=product, number=number,
                             status=VersionStatus.SUPERSEDED)


def earlier_versions(product: KnowledgeProduct) -> list[ProductVersion]:
    return list(product.versions.filter(status=VersionStatus.SUPERSEDED).order_by("-number")
                .only("pk", "product_id", "number", "published_at", "change_note", "status"))


@dataclass
class ProductContext:
    """What a product page shows around the rendered text of one published (or superseded) version."""

    public_experiments: list[Experiment]
    other_experiments: int
    areas: list[Area]
    themes: list[Theme]
    koppelkansen: list[Koppelkans]
    knowledge_questions: list[KnowledgeQuestion]


def product_context(version: ProductVersion) -> ProductContext:
    experiments = list(version.experiments.select_related("gemeente").order_by("title"))
    public = [experiment for experiment in experiments if experiment.is_public]
    return ProductContext(
        public_experiments=public, other_experiments=len(experiments) - len(public),
        areas=list(version.areas.order_by("level", "code")),
        themes=list(version.themes.order_by("position", "name_nl")),
        koppelkansen=list(version.koppelkansen.order_by("code")),
        knowledge_questions=list(version.knowledge_questions.filter(PUBLICLY_NAMED_QUESTION).order_by("title")
                                 .only("pk", "title")),
    )


def feed_versions(limit: int = 50) -> list[ProductVersion]:
    """Published versions, newest first: every product's first publication and each new version since, of the
    products that are published now (a withdrawn product's versions are left out, as are open ones)."""
    return list(ProductVersion.objects.filter(
        product__in=KnowledgeProduct.objects.published(),
        status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED]).select_related("product")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position")),
                          Prefetch("images", queryset=PUBLIC_COVERS.queryset, to_attr="public_covers"))
        .order_by("-published_at", "-pk")[:limit])


def products_citing(record: HarvestRecord) -> list[KnowledgeProduct]:
    """Published products whose published version cites ``record``."""
    return list(published_products().filter(published_version__citations__record=record).distinct())


# --- Filters and facets -----------------------------------------------------------------------------------------

@dataclass
class ProductFilters:
    """The product list's filters from the query string, read through ``public.filters.PRODUCT_FILTERS`` (the same
    definition as the API's and the CSV's); values that are not understood are dropped and named in ``ignored``
    (the page says so), never an error."""

    values: dict = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params: QueryDict) -> ProductFilters:
        values = PRODUCT_FILTERS.from_page(params)
        return cls(values=dict(values), ignored=values.ignored)

    def _value(self, page_name: str, empty=""):
        return self.values.get(PRODUCT_KEYS[page_name], empty)

    thema = property(lambda self: self._value("thema"))
    koppelkans = property(lambda self: self._value("koppelkans"))
    kennisvraag = property(lambda self: self._value("kennisvraag", None))
    wijktype = property(lambda self: self._value("wijktype"))
    gemeente = property(lambda self: self._value("gemeente"))
    type = property(lambda self: self._value("type"))
    q = property(lambda self: self._value("q"))

    def without(self, name: str) -> ProductFilters:
        """These filters with the one named (by its page name) left out."""
        key = PRODUCT_KEYS[name]
        return replace(self, values={k: v for k, v in self.values.items() if k != key})

    @property
    def active(self) -> bool:
        return bool(self.values)

    def apply(self, products: QuerySet[KnowledgeProduct]) -> QuerySet[KnowledgeProduct]:
        return PRODUCT_FILTERS.apply(products, self.values)


PRODUCT_KEYS = {item.page: item.key for item in PRODUCT_FILTERS.filters if item.page}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    group: str = ""


@dataclass
class Facet:
    name: str  # the query parameter
    label: str
    options: list[FacetOption]

    @property
    def selected(self) -> FacetOption | None:
        return next((option for option in self.options if option.selected), None)


def _published_version_ids(products: QuerySet[KnowledgeProduct] | None = None):
    products = KnowledgeProduct.objects.published() if products is None else products
    return products.values("published_version_id")


def facets(filters: ProductFilters | None = None) -> list[Facet]:
    """Counts per facet value over the published products: for each facet, how many products each value would
    show with the other filters kept (the facet's own choice left out, so the other values stay choosable).
    Values without products are left out, except a selected one. A fixed number of queries, whatever the number
    of products."""
    filters = filters or ProductFilters()
    published = KnowledgeProduct.objects.published()

    def versions(name: str):
        return _published_version_ids(filters.without(name).apply(published))

    return [
        _theme_facet(versions("thema"), filters.thema),
        _koppelkans_facet(versions("koppelkans"), filters.koppelkans),
        _question_facet(versions("kennisvraag"), filters.kennisvraag),
        _neighbourhood_facet(versions("wijktype"), filters.wijktype),
        _gemeente_facet(versions("gemeente"), filters.gemeente),
        _type_facet(filters.without("type").apply(published), filters.type),
    ]


def _counts(through, column: str, versions) -> dict[int, int]:
    """How many of ``versions`` link to each value of an M2M ``through`` table's ``column``."""
    return dict(through.objects.filter(productversion_id__in=versions).values_list(column)
                .annotate(count=Count("productversion_id", distinct=True)).order_by())


def _theme_facet(versions, selected: str) -> Facet:
    counts = _counts(ProductVersion.themes.through, "theme_id", versions)
    themes = Theme.objects.filter(Q(pk__in=counts) | Q(slug=selected or None)).order_by("position", "name_nl")
    options = [FacetOption(theme.slug, theme.name, counts.get(theme.pk, 0), theme.slug == selected)
               for theme in themes]
    return Facet("thema", str(_("Theme")), options)


def _koppelkans_facet(versions, selected: str) -> Facet:
    counts = _counts(ProductVersion.koppelkansen.through, "koppelkans_id", versions)
    koppelkansen = Koppelkans.objects.filter(Q(pk__in=counts) | Q(code=selected or None)).order_by("code")
    options = [FacetOption(koppelkans.code, f"{koppelkans.code} {koppelkans.title}", counts.get(koppelkans.pk, 0),
                           koppelkans.code == selected) for koppelkans in koppelkansen]
    return Facet("koppelkans", str(_("Koppelkans")), options)


def _question_facet(versions, selected: int | None) -> Facet:
    """The knowledge questions answered by the products: the programme's standing questions (a programme-wide
    question on a theme of kind "standing question") first, then the others."""
    through = ProductVersion.knowledge_questions.through
    standing = Theme.objects.filter(kind=ThemeKind.STANDING_QUESTION, questions=OuterRef("knowledgequestion_id"))
    rows = (through.objects.filter(productversion_id__in=versions,
                                   knowledgequestion__in=KnowledgeQuestion.objects.filter(PUBLICLY_NAMED_QUESTION))
            .values("knowledgequestion_id", "knowledgequestion__title", "knowledgequestion__experiment_id")
            .annotate(count=Count("productversion_id", distinct=True), standing_theme=Exists(standing)))
    standing_label, other_label = str(_("Standing knowledge questions")), str(_("Other questions answered"))
    options = []
    for row in rows:
        is_standing = row["standing_theme"] and row["knowledgequestion__experiment_id"] is None
        options.append(FacetOption(str(row["knowledgequestion_id"]), row["knowledgequestion__title"], row["count"],
                                   row["knowledgequestion_id"] == selected,
                                   group=standing_label if is_standing else other_label))
    if selected and not any(option.selected for option in options):
        # Chosen but no longer among the filtered products (the filter was validated as public).
        title = KnowledgeQuestion.objects.filter(pk=selected).values_list("title", flat=True).first()
        if title:
            options.append(FacetOption(str(selected), title, 0, True, group=other_label))
    options.sort(key=lambda option: (option.group != standing_label, option.label.lower()))
    return Facet("kennisvraag", str(_("Knowledge question")), options)


def _neighbourhood_facet(versions, selected: str) -> Facet:
    through = ProductVersion.experiments.through
    rows = (through.objects.filter(productversion_id__in=versions, experiment__is_public=True)
            .exclude(experiment__neighbourhood_type="")
            .values("experiment__neighbourhood_type")
            .annotate(count=Count("productversion_id", distinct=True)))
    counts = {row["experiment__neighbourhood_type"]: row["count"] for row in rows}
    options = [FacetOption(value, str(label), counts.get(value, 0), value == selected)
               for value, label in NeighbourhoodType.choices if counts.get(value) or value == selected]
    return Facet("wijktype", str(_("Type of neighbourhood")), options)


def _gemeente_facet(versions, selected: str) -> Facet:
    """Gemeenten from the products' areas (a wijk or buurt counts for its gemeente) and from their public
    experiments."""
    area_codes = ProductVersion.areas.through.objects.filter(productversion_id__in=versions).values_list(
        "productversion_id", "area__code")
    experiment_codes = ProductVersion.experiments.through.objects.filter(
        productversion_id__in=versions, experiment__is_public=True).values_list(
        "productversion_id", "experiment__gemeente__code")
    per_gemeente: dict[str, set[int]] = defaultdict(set)
    for version_id, code in [*area_codes, *experiment_codes]:
        gemeente = gemeente_code_of(code)
        if gemeente:
            per_gemeente[gemeente].add(version_id)
    wanted = set(per_gemeente) | ({selected} if selected else set())
    names = dict(Area.objects.filter(code__in=wanted).order_by("code", "boundary_year").values_list("code", "name"))
    options = sorted(
        (FacetOption(code, names.get(code, code), len(per_gemeente.get(code, ())), code == selected)
         for code in wanted), key=lambda option: (option.label, option.value))
    return Facet("gemeente", str(_("Municipality")), options)


def _type_facet(products: QuerySet[KnowledgeProduct], selected: str) -> Facet:
    counts = Counter(dict(products.order_by().values_list("product_type").annotate(count=Count("pk"))))
    options = [FacetOption(value, str(label), counts.get(value, 0), value == selected)
               for value, label in ProductType.choices if counts.get(value) or value == selected]
    return Facet("type", str(_("Type of product")), options)


@dataclass
class ProductListing:
    filters: ProductFilters
    products: QuerySet[KnowledgeProduct]
    facets: list[Facet]


def product_listing(params: QueryDict) -> ProductListing:
    filters = ProductFilters.from_query(params)
    products = filters.apply(published_products())
    return ProductListing(filters=filters, products=products, facets=facets(filters))


def home_overview() -> dict:
    products = published_products()
    return {"latest": latest_products(), "facets": facets(), "total": products.count(),
            "record_total": HarvestRecord.objects.published().count(),
            "experiment_total": Experiment.objects.public().count()}


# --- Records ----------------------------------------------------------------------------------------------------


def published_records() -> QuerySet[HarvestRecord]:
    return (HarvestRecord.objects.published()
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position")))
            .order_by(Coalesce("published_at", "updated_at").desc(), "-pk"))


@dataclass
class RecordFilters:
    """The record list's filters, read through ``public.filters.RECORD_FILTERS`` (shared with the API and CSV)."""

    values: dict = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params: QueryDict) -> RecordFilters:
        values = RECORD_FILTERS.from_page(params)
        return cls(values=dict(values), ignored=values.ignored)

    kind = property(lambda self: self.values.get("kind", ""))
    thema = property(lambda self: self.values.get("theme", ""))

    def apply(self, records: QuerySet[HarvestRecord]) -> QuerySet[HarvestRecord]:
        return RECORD_FILTERS.apply(records, self.values)


def record_listing(params: QueryDict) -> dict:
    filters = RecordFilters.from_query(params)
    records = filters.apply(published_records())
    published = HarvestRecord.objects.published()
    kind_counts = dict(published.order_by().values_list("kind").annotate(count=Count("pk")))
    theme_rows = (HarvestRecord.themes.through.objects.filter(harvestrecord_id__in=published.values("pk"))
                  .values("theme__slug", "theme__name_nl", "theme__name_en")
                  .annotate(count=Count("harvestrecord_id")).order_by("theme__position", "theme__name_nl"))
    return {
        "filters": filters, "records": records,
        "kinds": [FacetOption(value, str(label), kind_counts.get(value, 0), value == filters.kind)
                  for value, label in RecordKind.choices if kind_counts.get(value) or value == filters.kind],
        "themes": [FacetOption(row["theme__slug"],
                               Theme(name_nl=row["theme__name_nl"], name_en=row["theme__name_en"]).name,
                               row["count"], row["theme__slug"] == filters.thema) for row in theme_rows],
    }


def public_record(pk: int) -> HarvestRecord:
    if pk > MAX_PK:
        raise Http404
    return get_object_or_404(
        HarvestRecord.objects.published().annotate(
            entry_count=Count("evidence_entries", distinct=True),
            excerpt_count=Count("evidence_excerpts", distinct=True)),
        pk=pk)


def record_context(record: HarvestRecord, user) -> dict:
    """Around a published record: its public links, the products citing it, and (for a signed-in reader who may
    read it in the register) whether to link to its evidence."""
    experiments = list(record.experiments.select_related("gemeente").order_by("title"))
    public = [experiment for experiment in experiments if experiment.is_public]
    published = HarvestRecord.objects.published().order_by("title")
    return {
        "themes": list(record.themes.order_by("position", "name_nl")),
        "koppelkansen": list(record.koppelkansen.order_by("code")),
        "public_experiments": public,
        "other_experiments": len(experiments) - len(public),
        "products": products_citing(record),
        "responds_to": list(published.filter(solutions=record)),
        "solutions": list(published.filter(responds_to=record)),
        "draws_on": list(published.filter(lessons=record)),
        "lessons": list(published.filter(draws_on=record)),
        "evidence_link": user.is_authenticated
        and HarvestRecord.objects.visible_to(user).filter(pk=record.pk).exists(),
    }


# --- Experiments ------------------------------------------------------------------------------------------------


def _count(queryset):
    """A correlated COUNT(*) of ``queryset`` (which refers to the outer row with OuterRef)."""
    return Coalesce(Subquery(queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n")[:1]), 0)


def public_experiments() -> QuerySet[Experiment]:
    """Experiments listed publicly, with how many published products and records each has."""
    products = KnowledgeProduct.objects.published().filter(published_version__experiments=OuterRef("pk"))
    records = HarvestRecord.objects.published().filter(experiments=OuterRef("pk"))
    return (Experiment.objects.public().select_related("gemeente")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position")))
            .annotate(product_count=_count(products), record_count=_count(records))
            .order_by("gemeente__name", "title"))


def public_experiment(pk: int) -> Experiment:
    if pk > MAX_PK:
        raise Http404
    experiment = Experiment.objects.public().select_related("gemeente", "programme").filter(pk=pk).first()
    if experiment is None:
        raise Http404
    return experiment


def experiment_context(experiment: Experiment) -> dict:
    return {
        "focus_areas": list(experiment.focus_areas.order_by("level", "code")),
        "themes": list(experiment.themes.order_by("position", "name_nl")),
        "adoptions": list(Adoption.objects.filter(experiment=experiment, koppelkans__is_active=True)
                          .select_related("koppelkans").order_by("koppelkans__code")),
        "products": list(published_products().filter(published_version__experiments=experiment).distinct()),
        "records": list(published_records().filter(experiments=experiment)),
        "monitoring_values": experiment_values(experiment),
    }
