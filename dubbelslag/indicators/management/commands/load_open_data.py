from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.indicators.services import load_open_data
from dubbelslag.indicators.sources.open_data import DATASETS

from ._output import progress_writer, summary


class Command(TranslatedCommand):
    help_text = gettext_lazy("Import the CBS open data shipped with the application (skips files already imported).")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=gettext_lazy("Import files again even when "
                                                                              "they were imported before."))

    def handle(self, *args, force, **options):
        # One file at a time, so that each progress bar stands under the file it belongs to.
        for one in DATASETS:
            (dataset, run), = load_open_data(force=force, progress=progress_writer(self), datasets=(one,))
            if run is None:
                self.stdout.write(_("%(file)s: already imported") % {"file": dataset.path.name})
            else:
                self.stdout.write(_("%(file)s (boundaries %(year)s): %(summary)s") % {
                    "file": dataset.path.name, "year": dataset.boundary_year, "summary": summary(run)})
