"""The full-text index behind ProductSearchEntry, in the form each database does best (as research 0002/0004).

SQLite: an external-content FTS5 table (``unicode61`` with diacritics folded, prefix indexes for Dutch compounds)
kept in step with ``publications_productsearchentry`` by triggers. PostgreSQL: a generated ``tsvector`` column with
the Dutch configuration, title weighted above body, and a GIN index. A later migration that alters
ProductSearchEntry on SQLite (which rebuilds the table and drops its triggers) must call ``create_sqlite_index``
from this module again.
"""

from django.db import migrations

TABLE = "publications_productsearchentry"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE publications_search_fts USING fts5(title, body, content='{TABLE}', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='3 4 5 6 7 8')",
    f"CREATE TRIGGER publications_search_ai AFTER INSERT ON {TABLE} BEGIN "
    "INSERT INTO publications_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER publications_search_ad AFTER DELETE ON {TABLE} BEGIN "
    "INSERT INTO publications_search_fts(publications_search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER publications_search_au AFTER UPDATE ON {TABLE} BEGIN "
    "INSERT INTO publications_search_fts(publications_search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO publications_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO publications_search_fts(publications_search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS publications_search_ai",
    "DROP TRIGGER IF EXISTS publications_search_ad",
    "DROP TRIGGER IF EXISTS publications_search_au",
    "DROP TABLE IF EXISTS publications_search_fts",
]
POSTGRESQL_CREATE = [
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('pg_catalog.dutch', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('pg_catalog.dutch', coalesce(body, '')), 'B')) STORED",
    f"CREATE INDEX publications_search_vector ON {TABLE} USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS publications_search_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
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
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
