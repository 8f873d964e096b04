from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.publications.demo import seed_demo_publications


class Command(TranslatedCommand):
    help_text = gettext_lazy("Give the demo programme its knowledge products: three published, one in review and one "
                             "draft, built on the demo harvest records (skips what is already there).")

    def handle(self, *args, **options):
        seeder = seed_demo_publications()
        if seeder is None:
            self.stdout.write(_("There is no demo programme yet: run seed_demo first."))
            return
        labels = {"products": _("knowledge products"), "figures": _("figures"),
                  "review comments": _("review comments"), "published versions": _("published versions"),
                  "skipped": _("skipped"), "left in review": _("left in review"), "images": _("images"),
                  "experiment pictures": _("experiment pictures")}
        summary = ", ".join(f"{labels.get(kind, kind)}: {count}" for kind, count in seeder.created.items() if count)
        self.stdout.write(_("Demo knowledge products ready (added %(summary)s).")
                          % {"summary": summary or _("nothing")})
        for problem in seeder.problems:
            self.stderr.write(problem)
