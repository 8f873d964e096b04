from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanConfig(AppConfig):
    name = "dubbelslag.scan"
    verbose_name = _("Dubbelslag scan")
