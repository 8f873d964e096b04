from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.research.services.exchange import import_codebook


class Command(TranslatedCommand):
    help_text = gettext_lazy("Import the codebook of a REFI-QDA file (.qdc, .qdpx or .qde) into the programme's "
                             "codebook: codes are matched by GUID, then by name under the same parent; the others "
                             "are added. A file that cannot be read is refused and nothing is changed.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext_lazy("The REFI-QDA file to import."))

    def handle(self, *args, path, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}) from error
        try:
            summary = import_codebook(data, by=None)
        except ValidationError as error:
            problems = "\n".join(f"- {message}" for message in error.messages)
            raise CommandError(_("%(path)s was refused; nothing has been imported:\n%(problems)s")
                               % {"path": path, "problems": problems}) from error
        for warning in summary.warnings:
            self.stderr.write(_("Note: %(warning)s") % {"warning": warning})
        self.stdout.write(_("Codebook imported from %(path)s: %(created)d codes added, %(updated)d updated, "
                            "%(unchanged)d unchanged.") % {"path": path, "created": len(summary.created),
                                                          "updated": len(summary.updated),
                                                          "unchanged": len(summary.unchanged)})
