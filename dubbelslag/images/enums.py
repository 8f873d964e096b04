"""Choices of the image library: the licence of a photograph and the consent of the people it shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.TextChoices):
    """Whether the recognisable people in a photograph agreed to its publication (docs/privacy.md#photographs)."""

    NONE = "none", _("no consent")
    WRITTEN = "written", _("residents consented in writing")
    PUBLIC_EVENT = "public_event", _("taken at a public event")


# Consents under which a photograph of recognisable people may reach the public site.
PUBLISHABLE_CONSENTS = {Consent.WRITTEN, Consent.PUBLIC_EVENT}


class ImageLicence(models.TextChoices):
    CC0 = "cc0", _("CC0 1.0 (public domain)")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    PERMISSION = "permission", _("used with the maker's permission")


LICENCE_URLS = {
    ImageLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    ImageLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    ImageLicence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
}
