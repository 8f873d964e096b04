from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.monitoring.demo import seed_demo_monitoring


class Command(TranslatedCommand):
    help_text = gettext_lazy("Give the demo programme its results framework, quarterly reporting periods and "
                             "updates in every state (skips what is already there).")

    def handle(self, *args, **options):
        created = seed_demo_monitoring()
        if created is None:
            self.stdout.write(_("There is no demo programme yet: run seed_demo first."))
            return
        labels = {"periods": _("reporting periods"), "goals": _("goals"), "indicators": _("result indicators"),
                  "adoptions": _("adopted indicators"), "baselines": _("baselines"), "targets": _("targets"),
                  "updates": _("updates"), "reminders": _("reminders")}
        summary = ", ".join(f"{labels.get(kind, kind)}: {count}" for kind, count in created.items() if count)
        self.stdout.write(_("Demo monitoring ready (added %(summary)s).") % {"summary": summary or _("nothing")})
