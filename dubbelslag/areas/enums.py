from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    GEMEENTE = "gemeente", _("municipality")
    WIJK = "wijk", _("district")
    BUURT = "buurt", _("neighbourhood")


CODE_PREFIX = {AreaLevel.GEMEENTE: "GM", AreaLevel.WIJK: "WK", AreaLevel.BUURT: "BU"}
CODE_DIGITS = {AreaLevel.GEMEENTE: 4, AreaLevel.WIJK: 6, AreaLevel.BUURT: 8}
