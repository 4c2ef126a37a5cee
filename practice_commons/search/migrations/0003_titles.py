"""Titles indexed on their own beside the whole text (see ``engine_sql``): an FTS5 table
of titles on SQLite, an index of the titles' ``tsvector`` on PostgreSQL. Matching a word
in titles then reads only titles, however many bodies hold the word."""

from django.db import migrations

from practice_commons.search import engine_sql


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(engine_sql.SQLITE_TITLES)
            cursor.execute(engine_sql.SQLITE_TITLES_FILL)
            for statement in engine_sql.SQLITE_TITLE_TRIGGERS:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(engine_sql.POSTGRES_TITLE_GIN)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in engine_sql.SQLITE_TITLE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS search_titles")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_doc_title_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(forwards, backwards)]
