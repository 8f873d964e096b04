from django.utils.translation import gettext_lazy as _

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.indicators.services import import_long_format

from ._output import progress_writer, run_import


class Command(TranslatedCommand):
    help_text = _("Import a long-format observations file (CSV or XLSX: area_code, indicator_code, period, value).")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--skip-invalid", action="store_true",
                            help=_("Import the valid rows and report the others, instead of refusing the file."))

    def handle(self, *args, path, skip_invalid, **options):
        self.stdout.write(_("Importing %(path)s …") % {"path": path})
        run_import(self, lambda: import_long_format(path, by=None, skip_invalid=skip_invalid,
                                                    progress=progress_writer(self)))
