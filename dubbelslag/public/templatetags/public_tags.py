"""Blocks of the public knowledge base that other apps' pages include (the programme's home page)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import selectors

register = template.Library()


@register.inclusion_tag("public/includes/latest_products.html")
def latest_knowledge_products(count: int = 3):
    """The newest published knowledge products, with a link to the knowledge base."""
    return {"products": selectors.latest_products(count)}


@register.simple_tag
def dutch_only():
    """` lang="nl"` on content that exists in Dutch only (records, experiments, questions) when the page is not."""
    return "" if (get_language() or "nl").startswith("nl") else mark_safe(' lang="nl"')  # noqa: S308 - a constant


@register.inclusion_tag("images/includes/thumbnail.html")
def product_cover(version, slug=""):
    """The cover of a published version as a list thumbnail (nothing when it has none the public may see)."""
    from ..selectors import cover_view

    return {"image": cover_view(version, slug=slug) if version is not None else None}
