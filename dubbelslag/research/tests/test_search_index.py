"""The database's own text index follows the SearchEntry rows: FTS5 triggers on SQLite, a generated column on
PostgreSQL."""

from django.db import connection

from dubbelslag.research.models import SearchEntry, SearchKind
from testing.base import BaseTestCase


def matching_ids(word: str) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM research_search_fts WHERE research_search_fts MATCH %s ORDER BY rowid",
                           [f'"{word}"'])
        else:
            cursor.execute("SELECT id FROM research_searchentry "
                           "WHERE search_vector @@ plainto_tsquery('pg_catalog.dutch', %s) ORDER BY id", [word])
        return [row[0] for row in cursor.fetchall()]


class SearchIndexTests(BaseTestCase):
    def make_entry(self, object_id: int, title: str, body: str) -> SearchEntry:
        return SearchEntry.objects.create(kind=SearchKind.ENTRY, object_id=object_id, programme=self.programme,
                                          experiment=self.experiment, title=title, body=body)

    def test_a_new_row_is_found_by_title_and_body(self):
        row = self.make_entry(1, "Huiskamer geopend", "De energiecoach sprak met de buurvrouw.")
        other = self.make_entry(2, "Bewonersavond", "Over het warmtenet.")
        self.assertEqual(matching_ids("huiskamer"), [row.pk])
        self.assertEqual(matching_ids("energiecoach"), [row.pk])
        self.assertEqual(matching_ids("warmtenet"), [other.pk])

    def test_an_update_replaces_the_old_words(self):
        row = self.make_entry(1, "Huiskamer geopend", "Eerste versie over isolatie.")
        row.body = "Tweede versie over zonnepanelen."
        row.save()
        self.assertEqual(matching_ids("isolatie"), [])
        self.assertEqual(matching_ids("zonnepanelen"), [row.pk])

    def test_a_deleted_row_is_no_longer_found(self):
        row = self.make_entry(1, "Huiskamer geopend", "Over isolatie.")
        row.delete()
        self.assertEqual(matching_ids("isolatie"), [])
        self.assertEqual(matching_ids("huiskamer"), [])
