from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.research.services.search_index import rebuild


class Command(TranslatedCommand):
    help_text = gettext_lazy("Recreate the full-text search index of log entries and harvest records, for after a "
                             "bulk load or a restore.")

    def handle(self, *args, **options):
        count = rebuild()
        if connection.vendor == "sqlite":
            # Merge the FTS5 index into one segment: the freshly written index reads fastest that way.
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO research_search_fts(research_search_fts) VALUES ('optimize')")
        self.stdout.write(_("Search index rebuilt: %(count)d log entries and records.") % {"count": count})
