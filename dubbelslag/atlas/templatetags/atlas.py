from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def figure_number(value):
    """A figure in the active language's number format, with as many decimals as its size deserves: none from 100
    up, one from 10, two below (and none when the value is whole), thousands grouped: 12.345 / 45,2 / 0,38 in
    Dutch. Empty for None: the template says why a figure is missing, never 0."""
    if value is None or value == "":
        return ""
    size = abs(float(value))
    decimals = 0 if size >= 100 else 1 if size >= 10 else 2
    return floatformat(value, f"-{decimals}g")
