from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "dubbelslag.labs"
    verbose_name = _("Kennislabs and knowledge questions")
