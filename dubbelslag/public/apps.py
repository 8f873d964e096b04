from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "dubbelslag.public"
    verbose_name = _("Public knowledge base and open data")
