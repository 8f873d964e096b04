from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoppelkansenConfig(AppConfig):
    name = "dubbelslag.koppelkansen"
    verbose_name = _("Koppelkansen")
