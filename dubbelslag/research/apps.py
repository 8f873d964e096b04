from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "dubbelslag.research"
    verbose_name = _("Action research and harvest register")
