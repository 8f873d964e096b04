"""Prefix indexes on the SQLite text index, so that a word also finds the compounds it starts ("warmte" finds
"warmtenet", "schuld" finds "schuldhulp") without reading every word of the index that starts with it.

FTS5 keeps a separate index of the first 3–8 characters of every word; a prefix query of that length reads one list.
Longer prefixes are shared by few words and are cheap anyway. The index grows about fourfold, which for the size of
a programme's research log (thousands of texts) is nothing; ``bench/search_bench.py`` measures 100,000.

The FTS5 options cannot be altered, so the table is recreated and rebuilt from ``research_searchentry``, and the
triggers with it. A later migration that alters SearchEntry (SQLite rebuilds the table and drops its triggers) must
call ``create_sqlite_index`` from this module again.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE research_search_fts USING fts5(title, body, content='research_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='3 4 5 6 7 8')",
    "CREATE TRIGGER research_searchentry_ai AFTER INSERT ON research_searchentry BEGIN "
    "INSERT INTO research_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER research_searchentry_ad AFTER DELETE ON research_searchentry BEGIN "
    "INSERT INTO research_search_fts(research_search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER research_searchentry_au AFTER UPDATE ON research_searchentry BEGIN "
    "INSERT INTO research_search_fts(research_search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO research_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO research_search_fts(research_search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS research_searchentry_ai",
    "DROP TRIGGER IF EXISTS research_searchentry_ad",
    "DROP TRIGGER IF EXISTS research_searchentry_au",
    "DROP TABLE IF EXISTS research_search_fts",
]


def create_sqlite_index(schema_editor):
    for statement in SQLITE_DROP + SQLITE_CREATE:
        schema_editor.execute(statement)


def recreate(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        create_sqlite_index(schema_editor)


def restore_previous(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from importlib import import_module

        import_module("dubbelslag.research.migrations.0002_search_index").create_sqlite_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("research", "0003_seed_codebook")]

    operations = [migrations.RunPython(recreate, restore_previous)]
