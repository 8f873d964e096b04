from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.core.management import TranslatedCommand
from dubbelslag.indicators.odata import ImportProgress, ODataImportError, import_cbs_odata
from dubbelslag.indicators.services import ImportRefused
from dubbelslag.indicators.sources.cbs_odata import CbsODataError

from ._output import progress_writer, refusal, summary


class _Printer(ImportProgress):
    """Prints the importer's notices and a progress line per page fetched and per batch written."""

    def __init__(self, command):
        self.command = command
        self.write_progress = progress_writer(command)

    def info(self, message):
        self.command.stdout.write(message)

    def fetched(self, entity, pages, rows):
        self.command.stdout.write(_("%(entity)s: page %(pages)d fetched, %(rows)d rows")
                                  % {"entity": entity, "pages": pages, "rows": rows})

    def written(self, done, total):
        self.write_progress(done, total)


class Command(TranslatedCommand):
    # Tests pass a CbsODataClient that serves captured responses; it is not a command-line option.
    stealth_options = ("client",)

    help_text = gettext_lazy("Fetch a CBS OData v3 table (StatLine) and import the columns that match an "
                             "indicator's key stem, e.g. import_cbs_odata 85984NED for Kerncijfers wijken en "
                             "buurten 2024.")

    def add_arguments(self, parser):
        parser.add_argument("table_id", help=gettext_lazy("CBS table id, e.g. 85984NED."))
        parser.add_argument("--base-url", default=None,
                            help=gettext_lazy("OData base URL (https); default the CBS_ODATA_BASE_URL setting. CBS's "
                                              "portal for third-party data is https://dataderden.cbs.nl/ODataApi/odata/."))
        parser.add_argument("--boundary-year", type=int, default=None,
                            help=gettext_lazy("Boundary year (indeling) of the table's area codes. A Kerncijfers "
                                              "wijken en buurten table is in its own year; other tables default to "
                                              "the year their region dimension states."))
        parser.add_argument("--level", dest="levels", nargs="+", action="extend", choices=AreaLevel.values,
                            help=gettext_lazy("Import only these levels (gemeente, wijk, buurt); default all."))
        parser.add_argument("--period", default=None,
                            help=gettext_lazy("Period of the figures of a table without a Perioden dimension "
                                              "(default for Kerncijfers wijken en buurten: the table's year)."))
        parser.add_argument("--dimension", dest="dimensions", action="append", default=[], metavar="NAME=KEY",
                            help=gettext_lazy("The key to import of a further dimension, e.g. Marges=MW00000 "
                                              "(default: its first key)."))
        parser.add_argument("--skip-invalid", action="store_true",
                            help=gettext_lazy("Import the valid rows and report the others, instead of refusing the "
                                              "table."))

    def handle(self, *args, table_id, base_url, boundary_year, levels, period, dimensions, skip_invalid, **options):
        chosen = {}
        for item in dimensions:
            name, sep, key = item.partition("=")
            if not sep or not name.strip() or not key.strip():
                raise CommandError(_("--dimension takes NAME=KEY, e.g. Marges=MW00000; got %(value)s.")
                                   % {"value": item})
            chosen[name.strip()] = key.strip()
        self.stdout.write(_("Importing CBS table %(table)s …") % {"table": table_id})

        try:
            run = import_cbs_odata(table_id, by=None, client=options.get("client"), base_url=base_url,
                                   boundary_year=boundary_year, levels=levels, period=period, dimensions=chosen,
                                   skip_invalid=skip_invalid, progress=_Printer(self))
        except ImportRefused as exc:
            for line in exc.report:
                self.stderr.write(line)
            raise CommandError(refusal(exc, table=table_id)) from exc
        except ODataImportError as exc:
            raise CommandError(str(exc)) from exc
        except CbsODataError as exc:
            raise CommandError(_("Could not read table %(table)s from CBS (%(error)s); nothing was written.")
                               % {"table": table_id, "error": exc}) from exc
        for line in run.report:
            self.stderr.write(_("skipped: %(problem)s") % {"problem": line})
        self.stdout.write(summary(run))
