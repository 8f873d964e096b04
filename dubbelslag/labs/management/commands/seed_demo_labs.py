from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.labs.demo import seed_demo_labs


class Command(TranslatedCommand):
    help_text = gettext_lazy("Give the demo programme its Kennislabs, working groups, deep dive and knowledge "
                             "questions (skips what is already there).")

    def handle(self, *args, **options):
        created = seed_demo_labs()
        if created is None:
            self.stdout.write(_("There is no demo programme yet: run seed_demo first."))
            return
        labels = {"labs": _("Kennislabs"), "agenda items": _("agenda items"), "registrations": _("registrations"),
                  "actions": _("actions"), "working groups": _("working groups"), "meetings": _("meetings"),
                  "deep dives": _("deep-dive sessions"), "questions": _("knowledge questions")}
        summary = ", ".join(f"{labels.get(kind, kind)}: {count}" for kind, count in created.items() if count)
        self.stdout.write(_("Demo Kennislabs ready (added %(summary)s).") % {"summary": summary or _("nothing")})
