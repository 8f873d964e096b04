from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    GEMEENTE = "gemeente", _("municipality")
    WONINGCORPORATIE = "woningcorporatie", _("housing corporation")
    WELZIJNSORGANISATIE = "welzijnsorganisatie", _("welfare organisation")
    NETBEHEERDER = "netbeheerder", _("grid operator")
    BEWONERSORGANISATIE = "bewonersorganisatie", _("residents' organisation")
    KENNISINSTELLING = "kennisinstelling", _("knowledge institution")
    ADVIESBUREAU = "adviesbureau", _("consultancy")
    OVERIG = "overig", _("other")
