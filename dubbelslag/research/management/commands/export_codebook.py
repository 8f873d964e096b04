from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.research.services.exchange import export_codebook


class Command(TranslatedCommand):
    help_text = gettext_lazy("Write the programme's codebook as a REFI-QDA codebook (.qdc) to a file, or to standard "
                             "output without one.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-",
                            help=gettext_lazy("The .qdc file to write; '-' or nothing for standard output."))

    def handle(self, *args, path, **options):
        try:
            data = export_codebook()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if path == "-":
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        target = Path(path)
        try:
            target.write_bytes(data)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": path, "error": error}) from error
        self.stderr.write(_("Codebook written to %(path)s (%(size)d bytes).") % {"path": path, "size": len(data)})
