from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dubbelslag.core"
    verbose_name = _("Core")

    def ready(self):
        # Every app declares its status workflows in <app>/workflows.py; load them so core.workflow.REGISTRY is
        # complete whichever page is served first.
        autodiscover_modules("workflows")
