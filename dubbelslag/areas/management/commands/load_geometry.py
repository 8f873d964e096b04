from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.geometry import GeometryRefused, load_geometry
from dubbelslag.core.management import TranslatedCommand


class Command(TranslatedCommand):
    help_text = _("Load gemeente, wijk or buurt outlines of one boundary year from a GeoJSON file (the CBS/PDOK "
                  "wijk- en buurtkaart, WGS84 or RD New) for the scan's map.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("GeoJSON FeatureCollection with Polygon/MultiPolygon features."))
        parser.add_argument("--level", required=True, choices=AreaLevel.values)
        parser.add_argument("--year", required=True, type=int, help=_("Boundary year of the outlines."))

    def handle(self, *args, path, level, year, **options):
        try:
            result = load_geometry(path, level=level, year=year)
        except GeometryRefused as exc:
            for line in exc.report:
                self.stderr.write(line)
            raise CommandError(gettext("The geometry was not loaded: %(count)d problem(s). Nothing was written.")
                               % {"count": exc.total}) from exc
        self.stdout.write(gettext(
            "%(level)s %(year)d: %(features)d outlines (%(crs)s) written to %(path)s; %(without)d of %(areas)d areas "
            "of that year without geometry.") % {
            "level": result.level, "year": result.year, "features": result.features, "crs": result.crs,
            "path": result.path, "without": result.without_geometry, "areas": result.areas})
        if result.shadowed_by:
            self.stderr.write(gettext("Note: the shipped %(path)s has the same level and year; the map keeps using "
                                      "that one.") % {"path": result.shadowed_by})
