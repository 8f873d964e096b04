from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.research.demo import seed_demo_research


class Command(TranslatedCommand):
    help_text = gettext_lazy("Give the demo experiments their learning agendas, cycles, log entries, coded excerpts "
                             "and harvest records (skips what is already there).")

    def handle(self, *args, **options):
        created = seed_demo_research()
        if created is None:
            self.stdout.write(_("There is no demo programme yet: run seed_demo first."))
            return
        labels = {"learning questions": _("learning questions"), "cycles": _("cycles"),
                  "log entries": _("log entries"), "excerpts": _("excerpts"), "codings": _("codings"),
                  "records": _("harvest records"), "memos": _("memos")}
        summary = ", ".join(f"{labels.get(kind, kind)}: {count}" for kind, count in created.items() if count)
        self.stdout.write(_("Demo action research ready (added %(summary)s).") % {"summary": summary or _("nothing")})
