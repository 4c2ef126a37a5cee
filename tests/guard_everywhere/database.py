"""Look at everything the database holds: row counts of every table, and which columns
hold a given string (model tables, join tables, sessions, task queues alike)."""

from functools import cache

from django.db import connection


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def table_counts() -> dict[str, int]:
    tables = _tables()
    quote = connection.ops.quote_name
    # One query for every table; the names come from introspection, not from input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed_counts(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple]:
    return {
        table: (before.get(table), after.get(table))
        for table in set(before) | set(after)
        if before.get(table) != after.get(table)
    }


@cache
def _columns(table: str) -> tuple[str, ...]:
    # Tables do not change shape during a test run; introspection is the slow part.
    with connection.cursor() as cursor:
        return tuple(c.name for c in connection.introspection.get_table_description(cursor, table))


def _holding(cursor, table: str, columns, patterns) -> bool:
    quote = connection.ops.quote_name
    condition = " OR ".join(
        f"CAST({quote(column)} AS TEXT) LIKE %s" for column in columns for _p in patterns
    )
    cursor.execute(
        f"SELECT 1 FROM {quote(table)} WHERE {condition} LIMIT 1",  # noqa: S608
        [p for _column in columns for p in patterns],
    )
    return cursor.fetchone() is not None


def where_stored(fragments) -> list[str]:
    """``table.column`` for each column holding any of ``fragments`` (every column is
    read as text, so JSON, task payloads and serialised sessions count too)."""
    patterns = [f"%{fragment}%" for fragment in fragments]
    hits = []
    with connection.cursor() as cursor:
        for table in _tables():
            columns = _columns(table)
            if not _holding(cursor, table, columns, patterns):
                continue
            hits += [f"{table}.{c}" for c in columns if _holding(cursor, table, [c], patterns)]
    return hits
