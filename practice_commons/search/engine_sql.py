# ruff: noqa: S608 - SQL is built from constants and a filter compiled by Django; every
# value (the words, the ids, the filter's parameters) is passed as a parameter.
"""The DDL of each engine's full-text structures, shared by migrations 0002 and 0003, the
bulk loader (``engine.bulk_load``) and nothing else. A migration's constants are never
changed afterwards: a new structure gets new constants and a new migration."""

TABLE = "search_searchdocument"

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    f"title, body, content='{TABLE}', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')"
)
# People's names, cut into trigrams, for names typed with a slip (``engine.similar_names``).
SQLITE_NAMES = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_names USING fts5("
    f"title, content='{TABLE}', content_rowid='id', tokenize='trigram')"
)
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS search_doc_ai AFTER INSERT ON {TABLE} BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS search_doc_ad AFTER DELETE ON {TABLE} BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS search_doc_au AFTER UPDATE OF title, body ON {TABLE} BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS search_name_ai AFTER INSERT ON {TABLE} "
    "WHEN new.kind = 'person' BEGIN "
    "INSERT INTO search_names(rowid, title) VALUES (new.id, new.title); END",
    f"CREATE TRIGGER IF NOT EXISTS search_name_ad AFTER DELETE ON {TABLE} "
    "WHEN old.kind = 'person' BEGIN "
    "INSERT INTO search_names(search_names, rowid, title) "
    "VALUES ('delete', old.id, old.title); END",
    f"CREATE TRIGGER IF NOT EXISTS search_name_au AFTER UPDATE OF title ON {TABLE} "
    "WHEN old.kind = 'person' BEGIN "
    "INSERT INTO search_names(search_names, rowid, title) VALUES ('delete', old.id, old.title); "
    "INSERT INTO search_names(rowid, title) VALUES (new.id, new.title); END",
)
SQLITE_TRIGGER_NAMES = (
    "search_doc_ai",
    "search_doc_ad",
    "search_doc_au",
    "search_name_ai",
    "search_name_ad",
    "search_name_au",
)

# Titles on their own (migration 0003), so that matching a word in titles reads that
# word's title postings only, not every body that holds it.
SQLITE_TITLES = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_titles USING fts5("
    f"title, content='{TABLE}', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')"
)
SQLITE_TITLE_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS search_title_ai AFTER INSERT ON {TABLE} "
    "WHEN new.title != '' BEGIN "
    "INSERT INTO search_titles(rowid, title) VALUES (new.id, new.title); END",
    f"CREATE TRIGGER IF NOT EXISTS search_title_ad AFTER DELETE ON {TABLE} "
    "WHEN old.title != '' BEGIN "
    "INSERT INTO search_titles(search_titles, rowid, title) "
    "VALUES ('delete', old.id, old.title); END",
    # One trigger, so the old title always leaves before the new one arrives (the order
    # of two triggers on one event is not defined, and the reverse corrupts the index).
    f"CREATE TRIGGER IF NOT EXISTS search_title_au AFTER UPDATE OF title ON {TABLE} BEGIN "
    "INSERT INTO search_titles(search_titles, rowid, title) "
    "SELECT 'delete', old.id, old.title WHERE old.title != ''; "
    "INSERT INTO search_titles(rowid, title) SELECT new.id, new.title WHERE new.title != ''; "
    "END",
)
SQLITE_TITLE_TRIGGER_NAMES = (
    "search_title_ai",
    "search_title_ad",
    "search_title_au",
)
SQLITE_TITLES_FILL = (
    f"INSERT INTO search_titles(rowid, title) SELECT id, title FROM {TABLE} WHERE title != ''"
)

POSTGRES_VECTOR = (
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')) STORED"
)
POSTGRES_GIN = f"CREATE INDEX IF NOT EXISTS search_doc_vector ON {TABLE} USING GIN (search_vector)"
# Titles on their own (migration 0003): the GIN index of ``search_vector`` stores no
# weights, so "in a title" (weight A) made PostgreSQL fetch and recheck every row holding
# the word. The expression is the one ``engine.PostgresEngine`` matches against.
POSTGRES_TITLE_VECTOR = "to_tsvector('english'::regconfig, title)"
POSTGRES_TITLE_GIN = (
    f"CREATE INDEX IF NOT EXISTS search_doc_title_vector ON {TABLE} "
    f"USING GIN (({POSTGRES_TITLE_VECTOR})) WHERE title <> ''"
)
POSTGRES_TRGM = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
POSTGRES_NAME_INDEX = (
    f"CREATE INDEX IF NOT EXISTS search_doc_name_trgm ON {TABLE} "
    "USING GIN (title gin_trgm_ops) WHERE kind = 'person'"
)
