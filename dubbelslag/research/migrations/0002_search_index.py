"""The full-text index behind SearchEntry, in the form each database does best.

SQLite: an external-content FTS5 table (``unicode61`` with diacritics folded, so "categorie" finds "catégorie")
kept in step with ``research_searchentry`` by triggers. PostgreSQL: a generated ``tsvector`` column with the Dutch
configuration (stemming, stop words), title weighted above body, and a GIN index.

Migration 0004 recreates the SQLite table with prefix indexes; see there for what a later migration that alters
SearchEntry must do.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE research_search_fts USING fts5(title, body, content='research_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
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
POSTGRESQL_CREATE = [
    "ALTER TABLE research_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('pg_catalog.dutch', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('pg_catalog.dutch', coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX research_searchentry_search_vector ON research_searchentry USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS research_searchentry_search_vector",
    "ALTER TABLE research_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_sqlite_index(schema_editor):
    _run(schema_editor, SQLITE_DROP + SQLITE_CREATE)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        create_sqlite_index(schema_editor)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_CREATE)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
