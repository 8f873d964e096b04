from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dubbelslag.areas.services import BUNDLED_DATA, load_areas


class Command(BaseCommand):
    help = "Load the CBS gemeente / wijk / buurt code lists of one boundary year (default: the bundled 2025 lists)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--directory", type=Path, default=BUNDLED_DATA,
                            help="folder with gemeenten_<year>.csv, wijken_<year>.csv, buurten_<year>.csv")

    def handle(self, *args, year, directory, **options):
        try:
            result = load_areas(year=year, directory=directory)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"areas {year}: {result.read} read, {result.created} created, {result.updated} updated"
        )
