"""Reads of the editorial pages: the products a user works on, a product's versions and the steps open to the user,
a version's review comments and publishing checklist, and the record picker beside the editor. Each page's reads
run in a fixed number of queries, whatever the number of rows. (What changed between versions: ``diff.py``.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dubbelslag.core.attention import AttentionItem
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Experiment, Programme, Theme
from dubbelslag.programme.selectors import team_programmes
from dubbelslag.research.enums import Confidentiality, RecordKind, RecordStatus
from dubbelslag.research.models import HarvestRecord

from .access import may_write_products
from .enums import ProductType, VersionStatus
from .models import Citation, Figure, KnowledgeProduct, ProductVersion, ReviewComment, Section
from .workflows import VERSIONS

PICKER_LIMIT = 50
# The ``todo`` filter the dashboard's "versions awaiting my review" links to.
TODO_REVIEW = "review"


# --- Who works on what -----------------------------------------------------------------------------------------

def edited_experiments(user) -> QuerySet[Experiment]:
    return Experiment.objects.filter(memberships__user=user, memberships__role=MembershipRole.EDITOR)


def readable_versions(user) -> QuerySet[ProductVersion]:
    """The versions ``user`` may read on the editorial pages (``access.may_read_version`` as a filter)."""
    if not user.is_authenticated:
        return ProductVersion.objects.none()
    if user.is_superuser:
        return ProductVersion.objects.all()
    return ProductVersion.objects.filter(
        Q(product__programme__in=team_programmes(user).values("pk"))
        | Q(pk__in=ProductVersion.experiments.through.objects.filter(
            experiment__in=edited_experiments(user).values("pk")).values("productversion_id")))


def takes_part(user) -> bool:
    """Whether ``user`` holds any role in a programme (they get 403 rather than 404 on steps they may not take)."""
    return user.is_authenticated and (user.is_superuser or user.memberships.exists())


# --- The product list ------------------------------------------------------------------------------------------

def products_for(user, filters: dict | None = None) -> QuerySet[KnowledgeProduct]:
    """The products of the programmes ``user`` writes in, and those with a version about an experiment they edit;
    with the latest version they may read (``latest``: a one-item list), filtered by that version's status, the
    type and words of a title; most recently changed first."""
    filters = filters or {}
    readable = readable_versions(user)

    def latest(field_name: str):
        return Subquery(readable.filter(product=OuterRef("pk")).order_by("-number").values(field_name)[:1])

    products = KnowledgeProduct.objects.filter(
        pk__in=readable.values("product_id")
    ).annotate(latest_status=latest("status"), latest_updated=latest("updated_at"))
    if filters.get("status") in VersionStatus.values:
        products = products.filter(latest_status=filters["status"])
    if filters.get("type") in ProductType.values:
        products = products.filter(product_type=filters["type"])
    if filters.get("todo") == TODO_REVIEW:
        products = products.filter(pk__in=awaiting_review(user).values("product_id"))
    if filters.get("q"):
        titled = readable.filter(Q(title_nl__icontains=filters["q"]) | Q(title_en__icontains=filters["q"]))
        products = products.filter(Q(slug__icontains=filters["q"]) | Q(pk__in=titled.values("product_id")))
    return (products.select_related("programme", "published_version")
            .prefetch_related(Prefetch("versions", queryset=readable.order_by("-number")[:1], to_attr="latest"))
            .order_by("-latest_updated", "-pk"))


def awaiting_review(user) -> QuerySet[ProductVersion]:
    """The versions in review that ``user`` may review (``access.may_review`` as a filter) and did not submit
    themselves: what the dashboard calls "versions awaiting my review"."""
    return readable_versions(user).filter(status=VersionStatus.IN_REVIEW).exclude(submitted_by=user)


def attention_items(user) -> list[AttentionItem]:
    """What needs ``user``'s attention on the editorial side (see ``core.attention``): for the programme team and the
    editors of experiments, the versions awaiting their review, counted as rows of the product list's filter (a
    product has at most one version in review)."""
    if not (team_programmes(user).exists() or edited_experiments(user).exists()):
        return []
    count = products_for(user, {"todo": TODO_REVIEW}).count()
    return [AttentionItem(
        key="review", order=40, count=count,
        text=ngettext("%(count)d version awaiting my review", "%(count)d versions awaiting my review",
                      count) % {"count": count},
        url=f"{reverse('publications:product-list')}?{urlencode({'todo': TODO_REVIEW})}")]


# --- One product -----------------------------------------------------------------------------------------------

@dataclass
class ProductOverview:
    versions: list[ProductVersion]
    readable_ids: set[int]  # the versions the user may open; of the others only number, status and dates show
    open_version: ProductVersion | None
    latest: ProductVersion | None  # the latest version the user may read
    steps: set[str] = field(default_factory=set)


def product_overview(product: KnowledgeProduct, user) -> ProductOverview:
    """Every version of ``product`` (newest first) with who did what and its open review comments, which of them
    ``user`` may open, and the steps ``user`` may take on the product now (``product_steps``)."""
    versions = list(
        product.versions.select_related("created_by", "submitted_by", "published_by")
        .annotate(open_comments=Count("review_comments", filter=Q(review_comments__resolved_at__isnull=True)))
        .order_by("-number"))
    readable = set(readable_versions(user).filter(product=product).values_list("pk", flat=True))
    open_version = next((version for version in versions if version.is_open), None)
    overview = ProductOverview(versions=versions, readable_ids=readable, open_version=open_version,
                               latest=next((version for version in versions if version.pk in readable), None))
    overview.steps = product_steps(user, product, open_version)
    return overview


def product_steps(user, product: KnowledgeProduct, open_version: ProductVersion | None) -> set[str]:
    """The steps ``user`` may take now, the buttons of the product page: the status steps of the version being
    worked on and of the published one, as ``workflows.VERSIONS`` declares them (submit, request_changes, publish,
    unpublish), and the edits (edit, new_version)."""
    steps = set()
    writes = may_write_products(user, product.programme)
    if open_version is not None:
        steps |= set(VERSIONS.available(user, open_version))
        if open_version.status == VersionStatus.DRAFT and writes:
            steps.add("edit")
    elif writes:
        steps.add("new_version")
    if product.published_version is not None:
        steps |= set(VERSIONS.available(user, product.published_version))
    return steps


# --- One version -----------------------------------------------------------------------------------------------

def review_comments(version: ProductVersion) -> dict[str, list[ReviewComment]]:
    """The version's review comments per section key ("" for the whole version), oldest first."""
    grouped: dict[str, list[ReviewComment]] = {}
    for comment in version.review_comments.select_related("author", "resolved_by").order_by("created_at", "pk"):
        grouped.setdefault(comment.section_key, []).append(comment)
    return grouped


@dataclass
class Checklist:
    """What stands between a version and publication, as far as the editors can see it."""

    records_not_public: list[HarvestRecord] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)
    empty_sections: list[str] = field(default_factory=list)
    open_comments: int = 0

    @property
    def ready(self) -> bool:
        """Nothing stops publication (empty sections are left out of the product, not a reason to wait)."""
        return not (self.records_not_public or self.missing_fields)


# Fields a version needs before the public can read it, with the label the checklist shows.
REQUIRED_FIELDS = {
    "title_nl": _("Title (Dutch)"),
    "lead_nl": _("Lead (Dutch)"),
    "authors": _("Authors"),
}


def publish_checklist(version: ProductVersion, user, comments: dict[str, list[ReviewComment]],
                      sections: list[Section]) -> Checklist:
    """The cited records that are not public yet (with ``readable``: whether ``user`` may open its page), the
    required fields, the ``sections`` without Dutch text, and the open review ``comments``."""
    readable = HarvestRecord.objects.visible_to(user).filter(pk=OuterRef("pk"))
    not_public = (HarvestRecord.objects.filter(product_citations__version=version)
                  .exclude(status=RecordStatus.PUBLISHED, confidentiality=Confidentiality.PUBLIC)
                  .annotate(readable=Q(pk__in=readable.values("pk")), number=Subquery(
                      Citation.objects.filter(version=version, record=OuterRef("pk")).values("number")[:1]))
                  .order_by("number"))
    missing = [label for name, label in REQUIRED_FIELDS.items() if not getattr(version, name).strip()]
    empty = [section.get_key_display() for section in sections if not section.body_nl.strip()]
    if len(empty) == len(sections):
        missing.append(_("The text of at least one section"))
    return Checklist(
        records_not_public=list(not_public), missing_fields=missing, empty_sections=empty,
        open_comments=sum(1 for items in comments.values() for comment in items if comment.resolved_at is None),
    )


# --- The record picker -----------------------------------------------------------------------------------------

def citable_records(user, programme: Programme, filters: dict | None = None) -> QuerySet[HarvestRecord]:
    """Validated and published records of ``programme`` that ``user`` may read, to cite with ``[@R<pk>]``;
    filtered by words, kind, experiment and theme (a theme also finds its sub-themes)."""
    filters = filters or {}
    records = HarvestRecord.objects.visible_to(user).filter(
        programme=programme, status__in=[RecordStatus.VALIDATED, RecordStatus.PUBLISHED])
    if filters.get("q"):
        records = records.filter(Q(title__icontains=filters["q"]) | Q(summary__icontains=filters["q"]))
    if filters.get("kind") in RecordKind.values:
        records = records.filter(kind=filters["kind"])
    if filters.get("experiment"):
        records = records.filter(experiments=filters["experiment"])
    if filters.get("theme"):
        records = records.filter(Q(themes__slug=filters["theme"]) | Q(themes__parent__slug=filters["theme"]))
    return (HarvestRecord.objects.filter(pk__in=records.values("pk"))
            .prefetch_related(Prefetch("experiments", queryset=Experiment.objects.order_by("title")))
            .order_by("-updated_at", "-pk"))


def picker_choices(user, programme: Programme) -> dict:
    return {
        "experiments": Experiment.objects.visible_to(user).filter(programme=programme).order_by("title"),
        "themes": Theme.objects.filter(parent__isnull=True).order_by("position")
        .prefetch_related(Prefetch("children", queryset=Theme.objects.order_by("position"))),
    }


def version_figures(version: ProductVersion) -> QuerySet[Figure]:
    return (version.figures.select_related("area", "indicator", "result_indicator__experiment", "reporting_period")
            .order_by("number"))
