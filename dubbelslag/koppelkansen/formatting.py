"""Numbers and rules as people read them, in the active language. No database access."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Plural level names for "p75 of the neighbourhoods in the municipality".
LEVEL_PLURALS = {
    "gemeente": _("municipalities"),
    "wijk": _("districts"),
    "buurt": _("neighbourhoods"),
}
# Units that read better without being repeated after the number.
SILENT_UNITS = {"", "aantal"}


def format_number(value: float, *, decimals: int | None = None) -> str:
    """A figure with the active locale's separators: one decimal below 100, none above; thresholds keep up to two
    decimals but drop trailing zeros (40, 1,5)."""
    if decimals is None:
        decimals = 1 if abs(value) < 100 else 0
    return number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=abs(value) >= 10000)


def format_threshold(value: float) -> str:
    decimals = 0 if float(value).is_integer() else (1 if round(value, 1) == round(value, 2) else 2)
    return number_format(value, decimals, use_l10n=True, force_grouping=abs(value) >= 10000)


def with_unit(number: str, unit: str) -> str:
    if unit in SILENT_UNITS:
        return number
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}"


def format_value(value: float, unit: str) -> str:
    return with_unit(format_number(value), unit)


def percentile_label(threshold: float) -> str:
    return f"p{format_threshold(threshold)}"
