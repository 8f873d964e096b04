"""Shared output of the import commands: a progress line, the summary, and the report of a refused file."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dubbelslag.indicators.services import ImportRefused, skipped_text

BAR_WIDTH = 30


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """``[##########--------------------]  33%``: how far ``done`` is of ``total``."""
    share = done / total if total else 1.0
    filled = round(width * share)
    return f"[{'#' * filled}{'-' * (width - filled)}] {share:>4.0%}"


def progress_writer(command):
    """A progress bar with the rows written so far: redrawn on one line in a terminal, a line per batch otherwise
    (a log file keeps every step)."""
    terminal = command.stdout.isatty()

    def progress(done: int, total: int) -> None:
        text = _("written %(done)d of %(total)d changed rows") % {"done": done, "total": total}
        ending = "\r" if terminal and done < total else "\n"
        command.stdout.write(f"{progress_bar(done, total)} {text}", ending=ending)

    return progress


def summary(run) -> str:
    return _("read %(read)d, created %(created)d, updated %(updated)d, unchanged %(unchanged)d, "
             "suppressed %(suppressed)d, rejected %(rejected)d") % {
        "read": run.rows_read, "created": run.rows_created, "updated": run.rows_updated,
        "unchanged": run.rows_unchanged, "suppressed": run.rows_suppressed, "rejected": run.rows_rejected}


def refusal(exc: ImportRefused, *, table: str = "") -> str:
    """What a refused import means and what to try next: ``--skip-invalid`` only when it would help, and otherwise
    why it would not (a problem with the header or the whole file leaves no row to trust)."""
    count = len(exc.report)
    if table and exc.skippable:
        text = ngettext("Table %(table)s was not imported: %(count)d problem. Nothing was written; use "
                        "--skip-invalid to import the valid rows only.",
                        "Table %(table)s was not imported: %(count)d problems. Nothing was written; use "
                        "--skip-invalid to import the valid rows only.", count)
    elif table:
        text = ngettext("Table %(table)s was not imported: %(count)d problem. Nothing was written: a problem with "
                        "the table as a whole cannot be skipped, not even with --skip-invalid.",
                        "Table %(table)s was not imported: %(count)d problems. Nothing was written: a problem with "
                        "the table as a whole cannot be skipped, not even with --skip-invalid.", count)
    elif exc.skippable:
        text = ngettext("The file was not imported: %(count)d problem. Nothing was written; correct the file and "
                        "import it again, or use --skip-invalid to import the valid rows only.",
                        "The file was not imported: %(count)d problems. Nothing was written; correct the file and "
                        "import it again, or use --skip-invalid to import the valid rows only.", count)
    else:
        text = ngettext("The file was not imported: %(count)d problem. Nothing was written: a problem with the "
                        "header or with the file as a whole cannot be skipped, not even with --skip-invalid. "
                        "Correct the file and import it again.",
                        "The file was not imported: %(count)d problems. Nothing was written: a problem with the "
                        "header or with the file as a whole cannot be skipped, not even with --skip-invalid. "
                        "Correct the file and import it again.", count)
    return text % {"table": table, "count": count}


def boundary_year_argument(parser) -> None:
    """The required --boundary-year of the file imports: a code means an area only together with its year."""
    parser.add_argument("--boundary-year", type=int, required=True, metavar="YEAR", help=gettext_lazy(
        "The CBS boundary year (indeling) of the area codes in the file, such as 2022. Codes are checked against "
        "that year's code list; the same code can mean another neighbourhood in another year."))


def pairs(values: list[str], option: str) -> dict[str, str]:
    """``["a=b", "c=d"]`` as ``{"a": "b", "c": "d"}``; ValueError naming ``option`` for a value without ``=``."""
    result = {}
    for value in values:
        name, sign, target = value.partition("=")
        if not sign or not name.strip() or not target.strip():
            raise ValueError(_("%(option)s takes COLUMN=VALUE, not %(value)r") % {"option": option, "value": value})
        result[name.strip()] = target.strip()
    return result


SPEC_KEYS = ("code", "name_nl", "name_en", "domain", "unit", "value_type", "classes", "source_note", "licence",
             "definition_nl", "definition_en", "direction", "spatial_level")


def indicator_spec(text: str) -> dict:
    """``code=BP_X;name_nl=…;value_type=category;classes=Laag|Hoog`` as keyword arguments of
    ``catalogue.create_indicator``; ValueError for an unknown key or a pair without ``=``."""
    spec: dict = {}
    for part in filter(None, (part.strip() for part in text.split(";"))):
        key, sign, value = part.partition("=")
        key = key.strip()
        if not sign or key not in SPEC_KEYS:
            raise ValueError(_("--new-indicator takes key=value pairs separated by ';' with the keys %(keys)s, not "
                               "%(part)r") % {"keys": ", ".join(SPEC_KEYS), "part": part})
        spec[key] = value.strip()
    if "classes" in spec:
        spec["classes"] = [(word.strip(), word.strip(), "") for word in spec["classes"].split("|") if word.strip()]
    spec.setdefault("name_en", spec.get("name_nl", ""))
    return spec


def run_import(command, do_import, *, skip_invalid: bool = False, dry_run: bool = False):
    """Run ``do_import()``; print the summary, or the per-row report and a CommandError when refused."""
    try:
        run = do_import()
    except ImportRefused as exc:
        for line in exc.report:
            command.stderr.write(line)
        raise CommandError(refusal(exc)) from exc
    for line in getattr(run, "report", []):
        command.stderr.write(_("skipped: %(problem)s") % {"problem": line})
    for reason, count in getattr(run, "skipped", {}).items():
        command.stdout.write(skipped_text(reason, count))
    if dry_run:
        command.stdout.write(_("Dry run, nothing was written. It would have: %(summary)s") % {"summary": summary(run)})
    else:
        command.stdout.write(summary(run))
    return run
