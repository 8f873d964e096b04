"""Links to area pages for the templates of every app, including those to the left of `indicators` that may not
import it in Python (the import rule): `{% load area_links %}<a href="{% area_url area %}">`.

A link opens the area in a boundary year that has figures for it (``indicators.selectors.link_year``), so that no
link leads to an empty profile while the same area has figures in another year."""

from django import template

from ..selectors import area_url as _area_url
from ..selectors import figure_years

register = template.Library()


@register.simple_tag(takes_context=True)
def area_url(context, area):
    """The address of ``area``'s profile, in its own boundary year when that has figures, else in the latest year
    that has figures for its code. The years are read once per request, however many links a page has."""
    request = context.get("request")
    years = getattr(request, "_figure_years", None)
    if years is None:
        years = figure_years()
        if request is not None:
            request._figure_years = years
    return _area_url(area, years=years)
