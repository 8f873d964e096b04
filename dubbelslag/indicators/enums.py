from django.db import models
from django.utils.translation import gettext_lazy as _

from .sources.records import STATUS_OK, STATUS_SUPPRESSED, STATUS_UNKNOWN


class Domain(models.TextChoices):
    ENERGY = "energie", _("energy transition")
    HOUSING = "woningvoorraad", _("housing stock")
    SOCIO_ECONOMIC = "sociaal-economisch", _("socio-economic")
    LIVABILITY = "leefbaarheid", _("livability")
    ENERGY_POVERTY = "energiearmoede", _("energy poverty")
    PROCESS = "proces", _("process")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("higher is better")
    HIGHER_WORSE = "higher_worse", _("higher is worse")
    CONTEXT = "context", _("context (not normative)")


class ValueType(models.TextChoices):
    NUMBER = "number", _("number")
    CATEGORY = "category", _("ordered classes")


class ObservationStatus(models.TextChoices):
    OK = STATUS_OK, _("value")
    SUPPRESSED = STATUS_SUPPRESSED, _("suppressed by the source")
    UNKNOWN = STATUS_UNKNOWN, _("unknown")


class SpatialLevel(models.TextChoices):
    GEMEENTE = "gemeente", _("gemeente")
    WIJK = "wijk", _("wijk")
    BUURT = "buurt", _("buurt")
    PC4 = "pc4", _("postcode (4 digits)")
    OTHER = "other", _("other")


class ImportSource(models.TextChoices):
    CBS_ODATA = "cbs_odata", _("CBS OData API")
    CBS_CSV = "cbs_csv", _("CBS CSV download")
    LONG_FORMAT = "long_format", _("long-format upload")
    BUNDLED = "bundled", _("open data shipped with the application")
    UPLOAD = "upload", _("file uploaded on the import page")
