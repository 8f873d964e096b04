from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.indicators.services import import_cbs_csv

from ._output import boundary_year_argument, indicator_spec, pairs, progress_writer, run_import


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Import a CSV of figures per area: a CBS download whose columns are CBS keys (matched to indicators by key "
        "stem), and other columns mapped to indicators with --map.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        boundary_year_argument(parser)
        parser.add_argument("--table", default="", help=gettext_lazy("CBS table id, e.g. 85984NED."))
        parser.add_argument("--period", default=None, help=gettext_lazy(
            "Period of the figures when the file has no Perioden column (the KWB year)."))
        parser.add_argument("--decimal", default=",", help=gettext_lazy(
            "Decimal separator in the file (default ',')."))
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=CODE", help=gettext_lazy(
            "Read the column COLUMN as the indicator CODE (repeat for more columns); for headers that are not CBS "
            "keys."))
        parser.add_argument("--new-indicator", action="append", default=[], metavar="SPEC", help=gettext_lazy(
            "Create an indicator for a mapped column first, in the same transaction: key=value pairs separated by "
            "';' with code, name_nl, name_en, domain, unit, value_type (number or category), classes (for "
            "category: lowest first, separated by '|'), source_note, licence."))
        parser.add_argument("--dimension", action="append", default=[], metavar="COLUMN=VALUE", help=gettext_lazy(
            "Import only the rows whose COLUMN is VALUE, such as type_eigendom=Totaal (repeat for more "
            "dimensions)."))
        parser.add_argument("--area-column", default=None, help=gettext_lazy(
            "The column with the CBS area codes, when it is not WijkenEnBuurten, RegioS or regiocode."))
        parser.add_argument("--name-column", default=None, help=gettext_lazy(
            "The column with the area names, checked against the boundary year's code list."))
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy(
            "Check the file and report what would change, without writing anything."))
        parser.add_argument("--skip-invalid", action="store_true", help=gettext_lazy(
            "Import the valid rows and report the others, instead of refusing the file."))

    def handle(self, *args, path, boundary_year, table, period, decimal, map, dimension, area_column, name_column,
               new_indicator, dry_run, skip_invalid, **options):
        try:
            mapping, dimensions = pairs(map, "--map"), pairs(dimension, "--dimension")
            new_indicators = tuple(indicator_spec(spec) for spec in new_indicator)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Importing %(path)s …") % {"path": path})
        run_import(self, lambda: import_cbs_csv(
            path, by=None, boundary_year=boundary_year, table_id=table, period=period, decimal=decimal,
            mapping=mapping, dimensions=dimensions, area_column=area_column, name_column=name_column,
            new_indicators=new_indicators,
            skip_invalid=skip_invalid, dry_run=dry_run, progress=progress_writer(self)),
            skip_invalid=skip_invalid, dry_run=dry_run)
