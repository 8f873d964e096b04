from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.indicators.fetch_year import DONE, FAILED, IMPORTED, SKIPPED, YearProgress, fetch_boundary_year

from ._output import progress_writer, summary


class _Printer(YearProgress):
    """One line per table (``[2/5] 85984NED …``), the importer's page and write progress, and each table's result."""

    def __init__(self, command):
        self.command = command
        self.write_progress = progress_writer(command)

    def table(self, number, total, table):
        self.command.stdout.write(_("[%(number)d/%(total)d] table %(table)s …")
                                  % {"number": number, "total": total, "table": table.table_id})

    def fetched(self, entity, pages, rows):
        self.command.stdout.write(_("%(entity)s: page %(pages)d fetched, %(rows)d rows")
                                  % {"entity": entity, "pages": pages, "rows": rows})

    def written(self, done, total):
        self.write_progress(done, total)

    def outcome(self, outcome):
        label = {DONE: _("done before"), IMPORTED: _("imported"), SKIPPED: _("skipped"),
                 FAILED: _("failed")}[outcome.state]
        detail = summary(outcome.run) if outcome.run else outcome.message
        stream = self.command.stderr if outcome.state == FAILED else self.command.stdout
        stream.write(f"{outcome.table.table_id}: {label}" + (f" ({detail})" if detail else ""))


class Command(TranslatedCommand):
    # Tests pass a CbsODataClient that serves captured responses; it is not a command-line option.
    stealth_options = ("client",)

    help_text = gettext_lazy("Fetch every CBS table of the indicator catalogue for one boundary year (its Kerncijfers "
                             "wijken en buurten table and the other tables in that year's boundaries), e.g. "
                             "fetch_cbs_year 2024. Tables imported before are skipped, so an interrupted run "
                             "continues where it stopped.")

    def add_arguments(self, parser):
        parser.add_argument("boundary_year", type=int, help=gettext_lazy("Boundary year (indeling), e.g. 2024."))
        parser.add_argument("--again", action="store_true",
                            help=gettext_lazy("Fetch the tables imported before again too (to take in corrections)."))

    def handle(self, *args, boundary_year, again, **options):
        if not 1900 <= boundary_year <= 2100:
            raise CommandError(_("%(year)d is not a boundary year.") % {"year": boundary_year})
        outcomes = fetch_boundary_year(boundary_year, by=None, client=options.get("client"), again=again,
                                       progress=_Printer(self))
        if not outcomes:
            raise CommandError(_("The catalogue has no CBS table for boundary year %(year)d.")
                               % {"year": boundary_year})
        counts = {state: sum(outcome.state == state for outcome in outcomes)
                  for state in (IMPORTED, DONE, SKIPPED, FAILED)}
        self.stdout.write(_("Boundary year %(year)d: %(imported)d imported, %(done)d done before, %(skipped)d of "
                            "another year, %(failed)d failed.") % {"year": boundary_year, **counts})
        if counts[FAILED]:
            raise CommandError(_("%(failed)d table(s) failed; nothing of them was written. Run the command again "
                                 "to retry only those.") % counts)
