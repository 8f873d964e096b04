"""The editorial workflow of a product version, declared once: submit, request changes, publish, supersede and
unpublish. The executor (``core.workflow``) takes every step; ``services/workflow.py`` wraps them for its callers and
keeps the writes that are not status steps (creating, editing, figures, comments, starting a new version).

The rules that protect the public: a version is published only when complete and while every record it cites is
published (public), so the public never meets a citation it cannot follow; publishing freezes its figures and
supersedes the version the public read before; unpublishing needs a reason. The search index follows both.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.workflow import ACTOR, NOW, Transition, Workflow
from dubbelslag.images.display import snapshot as image_snapshot
from dubbelslag.research.models import HarvestRecord

from .access import may_publish, may_write_products
from .enums import VersionStatus
from .figures import snapshot_figure
from .models import ProductVersion
from .services import search_index


def may_write(user, version: ProductVersion) -> bool:
    return may_write_products(user, version.product.programme)


def may_publish_version(user, version: ProductVersion) -> bool:
    return may_publish(user, version.product.programme)


def check_complete(version: ProductVersion, **data) -> None:
    """What a version needs before review and publication: a title, a lead, authors and some text."""
    missing = []
    if not version.title_nl.strip():
        missing.append(_("a title"))
    if not version.lead_nl.strip():
        missing.append(_("a lead"))
    if not version.author_list():
        missing.append(_("the authors"))
    if not any(section.body_nl.strip() for section in version.sections.all()):
        missing.append(_("the text of at least one section"))
    if missing:
        raise ValidationError(_("Version %(number)s is not complete yet: it still needs %(missing)s.") % {
            "number": version.number, "missing": ", ".join(missing)}, code="incomplete")


def _check_cited_records_public(version: ProductVersion, **data) -> None:
    published = set(HarvestRecord.objects.published().values_list("pk", flat=True)
                    .filter(pk__in=version.citations.values("record_id")))
    blocked = [citation for citation in version.citations.select_related("record").order_by("number")
               if citation.record_id not in published]
    if blocked:
        raise ValidationError(
            [_("Version %(number)s cites records that are not public, so it cannot be published:") % {
                "number": version.number}]
            + [_("[%(number)s] “%(title)s” is not published: publish it in the harvest register or remove the "
                 "citation.") % {"number": citation.number, "title": citation.record.title} for citation in blocked],
            code="unpublished_citation")


def _check_images_publishable(version: ProductVersion, **data) -> None:
    """A photograph of recognisable people is published only with their written consent or from a public event."""
    blocked = [placement for placement in version.images.select_related("image").order_by("number")
               if not placement.image.is_publishable]
    if blocked:
        raise ValidationError(
            [_("Version %(number)s shows recognisable people without their consent, so it cannot be published:")
             % {"number": version.number}]
            + [_("Image %(number)s (“%(alt)s”): record the consent in the image library, or remove the image.")
               % {"number": placement.number, "alt": placement.image.alt_nl} for placement in blocked],
            code="image_without_consent")


def _freeze_images(version: ProductVersion, *, by, previous, reason) -> None:
    for placement in version.images.select_related("image"):
        placement.snapshot = image_snapshot(placement.image)
        placement.save(update_fields=["snapshot"])


def _freeze_figures(version: ProductVersion, *, by, previous, reason) -> None:
    for figure in version.figures.select_related("area", "indicator", "result_indicator__experiment",
                                                 "result_indicator__programme", "reporting_period"):
        figure.snapshot = snapshot_figure(figure)
        figure.save(update_fields=["snapshot"])


def _make_current(version: ProductVersion, *, by, previous, reason) -> None:
    """The product points at this version; the one the public read before is superseded (a step of its own)."""
    product = version.product
    former = product.published_version
    if former is not None and former.pk != version.pk:
        VERSIONS.apply(former, "supersede", by=by)
    now = version.published_at or timezone.now()
    product.published_version = version
    product.first_published_at = product.first_published_at or now
    product.withdrawn_at, product.withdrawn_by, product.withdrawn_reason = None, None, ""
    product.save(update_fields=["published_version", "first_published_at", "withdrawn_at", "withdrawn_by",
                                "withdrawn_reason"])
    search_index.index_product(product)


def _withdraw(version: ProductVersion, *, by, previous, reason) -> None:
    """The product has no published version any more and leaves the search index."""
    product = version.product
    product.published_version = None
    product.withdrawn_at = timezone.now()
    product.withdrawn_by = by if by is not None and by.is_authenticated else None
    product.withdrawn_reason = reason
    product.save(update_fields=["published_version", "withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    search_index.index_product(product)


V = VersionStatus
VERSIONS = Workflow(
    "publications.version", model=ProductVersion, states=VersionStatus, version_field="edit_version",
    # The product first, then the version: every service that touches both locks them in this order.
    lock=lambda version: [version.product, version], parent=lambda version: version.product,
    full_clean=False,  # the edit services validate a version's fields; a step changes only its status and stamps
    message_context=lambda version: {"number": version.number},
    refusal_message=gettext_lazy(
        "Version %(number)s is “%(current)s”; only a “%(allowed)s” version can be %(doing)s."),
    reason_message=gettext_lazy("Give a reason; it is kept in the product's history."),
    transitions=[
        # The programme team asks for review of a complete draft.
        Transition("submit", {V.DRAFT}, V.IN_REVIEW, may=may_write, label=gettext_lazy("submitted for review"),
                   checks=(check_complete,), stamps={"submitted_by": ACTOR, "submitted_at": NOW}),
        # The programme team sends a version back for more work, giving a reason.
        Transition("request_changes", {V.IN_REVIEW}, V.DRAFT, may=may_write, label=gettext_lazy("changes requested"),
                   reason=True, stamps={"submitted_by": None, "submitted_at": None},
                   refusal_message=gettext_lazy(
                       "Version %(number)s is “%(current)s”; only a “%(allowed)s” version can be sent back.")),
        # Coordinators publish a complete version whose cited records are all public.
        Transition("publish", {V.IN_REVIEW}, V.PUBLISHED, may=may_publish_version, label=gettext_lazy("published"),
                   checks=(check_complete, _check_cited_records_public, _check_images_publishable),
                   stamps={"published_by": ACTOR, "published_at": NOW},
                   effects=(_freeze_figures, _freeze_images, _make_current)),
        # The version the public read until a newer one was published; follows from publishing that one.
        Transition("supersede", {V.PUBLISHED}, V.SUPERSEDED, may=may_publish_version,
                   label=gettext_lazy("superseded"), offered=False),
        # Coordinators take a product off the public site, giving a reason.
        Transition("unpublish", {V.PUBLISHED}, V.WITHDRAWN, may=may_publish_version,
                   label=gettext_lazy("unpublished"), reason=True, effects=(_withdraw,)),
    ],
)
