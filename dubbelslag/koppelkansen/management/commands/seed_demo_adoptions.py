from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.koppelkansen.demo import ADOPTIONS
from dubbelslag.koppelkansen.models import Adoption, Koppelkans
from dubbelslag.koppelkansen.services import adopt_koppelkans
from dubbelslag.programme.models import Experiment


class Command(TranslatedCommand):
    help_text = gettext_lazy("Let the demo experiments take up their koppelkansen (skips those already taken up).")

    def handle(self, *args, **options):
        created = 0
        for title, code, note in ADOPTIONS:
            experiment = Experiment.objects.filter(title=title, programme__is_demo=True).first()
            koppelkans = Koppelkans.objects.filter(code=code).first()
            if experiment is None or koppelkans is None:
                continue
            if not Adoption.objects.filter(experiment=experiment, koppelkans=koppelkans).exists():
                adopt_koppelkans(experiment, koppelkans, by=None, note=note)
                created += 1
        self.stdout.write(_("%(count)d koppelkansen taken up by demo experiments.") % {"count": created})
