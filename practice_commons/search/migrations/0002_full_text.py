"""The engine's full-text structures beside the index table (see ``engine_sql``):
SQLite FTS5 tables kept in step by triggers, or PostgreSQL's generated ``tsvector``
with its GIN index and a trigram index of people's names (pg_trgm, when the server
lets us create it; without it names match by prefix only)."""

from django.db import migrations

from practice_commons.search import engine_sql


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(engine_sql.SQLITE_FTS)
            cursor.execute(engine_sql.SQLITE_NAMES)
            for statement in engine_sql.SQLITE_TRIGGERS:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(engine_sql.POSTGRES_VECTOR)
            cursor.execute(engine_sql.POSTGRES_GIN)
            cursor.execute("SAVEPOINT search_trgm")
            try:
                cursor.execute(engine_sql.POSTGRES_TRGM)
                cursor.execute(engine_sql.POSTGRES_NAME_INDEX)
            except Exception:  # noqa: BLE001 - no right to create the extension
                cursor.execute("ROLLBACK TO SAVEPOINT search_trgm")
            else:
                cursor.execute("RELEASE SAVEPOINT search_trgm")


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in engine_sql.SQLITE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS search_fts")
            cursor.execute("DROP TABLE IF EXISTS search_names")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_doc_name_trgm")
            cursor.execute("DROP INDEX IF EXISTS search_doc_vector")
            cursor.execute(f"ALTER TABLE {engine_sql.TABLE} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
