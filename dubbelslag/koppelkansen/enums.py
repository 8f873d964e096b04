from django.db import models
from django.utils.translation import gettext_lazy as _


class Orientation(models.TextChoices):
    """The Platform31/Nyenrode typology (docs/domain.md#koppelkansen)."""

    PERSON = "person", _("person-oriented (mensgericht)")
    AREA = "area", _("area-oriented (gebiedsgericht)")
    BOTH = "both", _("person- and area-oriented")


class Operator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"


class ReferenceKind(models.TextChoices):
    """What a trigger rule's threshold is compared against. Percentiles and the median are taken over the areas of
    the same level, boundary year and period as the figure; see `selectors`."""

    ABSOLUTE = "absolute", _("absolute value")
    GEMEENTE_PERCENTILE = "gemeente_percentile", _("percentile within the municipality")
    NL_PERCENTILE = "nl_percentile", _("percentile across the Netherlands")
    NL_MEDIAN_MULTIPLE = "nl_median_multiple", _("multiple of the Netherlands median")


# A tuple, not a set: its order ends up in a migration and must not change between runs.
PERCENTILE_KINDS = (ReferenceKind.GEMEENTE_PERCENTILE, ReferenceKind.NL_PERCENTILE)
