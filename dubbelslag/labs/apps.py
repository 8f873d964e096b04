from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "dubbelslag.labs"
    verbose_name = _("Kennislabs and knowledge questions")

    def ready(self):
        # The dashboard's "needs my attention" (dubbelslag.core.attention) asks this app what needs a person.
        from dubbelslag.core import attention

        from . import selectors

        attention.register(selectors.attention_items)
