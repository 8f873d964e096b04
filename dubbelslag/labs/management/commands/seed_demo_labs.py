from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dubbelslag.labs.demo import seed_demo_labs


class Command(BaseCommand):
    @property
    def help(self):
        # A property, because argparse cannot format a lazy string as the parser's description.
        return _("Give the demo programme its Kennislabs, working groups, deep dive and knowledge questions "
                 "(skips what is already there).")

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
