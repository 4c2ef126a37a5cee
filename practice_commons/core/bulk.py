"""Writing many rows at once: lazy batches, and plain-row inserts for millions of rows.

Used by the demo seeders and by the search index rebuild; nothing here knows about
either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from django.db import connection, models

T = TypeVar("T")


def batched(iterable: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` items, drawing from ``iterable`` lazily."""
    if size < 1:
        raise ValueError("size must be at least 1")
    batch: list[T] = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_rows(model, fields: Sequence[str], rows: Iterable[tuple], *, batch_size: int) -> int:
    """``executemany`` plain tuples (values in ``fields`` order) into ``model``'s table, one
    batch at a time; returns how many rows went in.

    For the national scale's millions of rows, where building and preparing a model
    instance per row costs more than the insert itself. Dates and datetimes are adapted
    for the database; every other value must be what the column stores (``thread_id``,
    not a thread). Fields left out must be nullable or have a database default, and no
    primary keys come back: use ``core.seeding.bulk_insert`` for rows that others
    point at.
    """
    meta = model._meta
    chosen = [meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in chosen)
    marks = ", ".join(["%s"] * len(chosen))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from _meta
    adapters = [_adapter(f) for f in chosen]
    total = 0
    with connection.cursor() as cursor:
        for batch in batched(rows, batch_size):
            if any(adapters):
                batch = [_adapted(row, adapters) for row in batch]
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _adapted(row: tuple, adapters: list) -> tuple:
    return tuple(
        a(v) if a is not None and v is not None else v for a, v in zip(adapters, row, strict=True)
    )


def _adapter(model_field) -> Callable | None:
    if isinstance(model_field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(model_field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None
