from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.indicators.services import import_long_format

from ._output import boundary_year_argument, progress_writer, run_import


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Import a long-format observations file (CSV in UTF-8 or XLSX: area_code, indicator_code, period, value).")

    def add_arguments(self, parser):
        parser.add_argument("path")
        boundary_year_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy(
            "Check the file and report what would change, without writing anything."))
        parser.add_argument("--skip-invalid", action="store_true", help=gettext_lazy(
            "Import the valid rows and report the others, instead of refusing the file. A problem with the header or "
            "with the file as a whole is still refused."))

    def handle(self, *args, path, boundary_year, dry_run, skip_invalid, **options):
        self.stdout.write(_("Importing %(path)s …") % {"path": path})
        run_import(self, lambda: import_long_format(path, by=None, boundary_year=boundary_year,
                                                    skip_invalid=skip_invalid, dry_run=dry_run,
                                                    progress=progress_writer(self)),
                   skip_invalid=skip_invalid, dry_run=dry_run)
