"""Access gates of the editorial side of knowledge products.

The editorial pages (drafts, reviews, versions, comments) are internal. The programme team (coordinators and
researchers) of the product's programme writes products and reviews them; the editors (project leaders) of an
experiment the version is about read it and comment in review, since it describes their practice. Coordinators
publish and unpublish. Everyone else gets 404, as if the product did not exist (the published version is read on the
public site, app ``public``). A user who may read but not do the step asked gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from dubbelslag.programme.access import programme_role
from dubbelslag.programme.enums import PROGRAMME_ROLES, MembershipRole
from dubbelslag.programme.models import Membership, Programme

from .models import KnowledgeProduct, ProductVersion


def may_write_products(user, programme: Programme) -> bool:
    """Create products, edit drafts, submit them for review, start new versions: the programme team."""
    return programme_role(user, programme) in PROGRAMME_ROLES


def may_publish(user, programme: Programme) -> bool:
    """Publish a version in review and unpublish a product: coordinators."""
    return programme_role(user, programme) == MembershipRole.COORDINATOR


def is_version_editor(user, version: ProductVersion) -> bool:
    """Whether ``user`` is an editor of one of the experiments ``version`` is about."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, role=MembershipRole.EDITOR,
                                     experiment__in=version.experiments.all()).exists()


def may_read_version(user, version: ProductVersion) -> bool:
    return may_write_products(user, version.product.programme) or is_version_editor(user, version)


def may_review(user, version: ProductVersion) -> bool:
    """Comment on a version in review: whoever may read it internally."""
    return may_read_version(user, version)


def get_product_for_user(user, slug: str) -> KnowledgeProduct:
    """The product behind an editorial page; 404 for those who may read none of its versions."""
    product = get_object_or_404(KnowledgeProduct.objects.select_related("programme", "published_version"),
                                slug=slug)
    if may_write_products(user, product.programme):
        return product
    if user.is_authenticated and Membership.objects.filter(
            user=user, role=MembershipRole.EDITOR,
            experiment__in=ProductVersion.experiments.through.objects.filter(
                productversion__product=product).values("experiment_id")).exists():
        return product
    raise Http404


def get_version_for_user(user, slug: str, number: int, *, write: bool = False) -> ProductVersion:
    """One version behind an editorial page. ``write``: the programme team only (403 for others who may read)."""
    version = get_object_or_404(
        ProductVersion.objects.select_related("product__programme", "product__published_version"),
        product__slug=slug, number=number)
    if not may_read_version(user, version):
        raise Http404
    if write and not may_write_products(user, version.product.programme):
        raise PermissionDenied
    return version
