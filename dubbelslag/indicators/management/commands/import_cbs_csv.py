from django.utils.translation import gettext_lazy as _

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.indicators.services import import_cbs_csv

from ._output import progress_writer, run_import


class Command(TranslatedCommand):
    help_text = _("Import a CBS CSV download, matching its columns to indicators by key stem.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--table", default="", help=_("CBS table id, e.g. 85984NED."))
        parser.add_argument("--period", default=None, help=_("Period of the figures when the file has no Perioden "
                                                             "column (the KWB year)."))
        parser.add_argument("--decimal", default=",", help=_("Decimal separator in the file (default ',')."))
        parser.add_argument("--skip-invalid", action="store_true",
                            help=_("Import the valid rows and report the others, instead of refusing the file."))

    def handle(self, *args, path, table, period, decimal, skip_invalid, **options):
        self.stdout.write(_("Importing %(path)s …") % {"path": path})
        run_import(self, lambda: import_cbs_csv(path, by=None, table_id=table, period=period, decimal=decimal,
                                                skip_invalid=skip_invalid, progress=progress_writer(self)))
