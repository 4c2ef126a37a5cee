"""Keyset ("seek") cursors for every JSON API list.

``seek_page(queryset, cursor=..., limit=..., scope=..., bind=...)`` answers one page of an
ordered queryset and the ``next`` cursor (``None`` at the end) in ONE query of
``limit + 1`` rows: the page starts strictly after the row the cursor names, in the
queryset's own order, so rows inserted between fetches never repeat or shift a page.

* The ordering is the queryset's ``order_by`` (or the model's ``Meta.ordering``); ``pk``
  is added as the last key when the ordering does not already end with it, so ties are
  broken and every row is seen exactly once.
* NULLs sort as the largest value (PostgreSQL's default: last ascending, first
  descending) on every database, explicitly, so the seek condition matches the order.
* The cursor is ``django.core.signing`` of the last row's ordering values (datetimes,
  dates, decimals and UUIDs kept exactly) plus a digest of ``bind`` (the list's filters
  and the caller), salted per ``scope`` (the list). It is opaque and signed, not
  encrypted: it holds nothing but ordering values of a row the caller was already shown.
  A cursor that is malformed, tampered with, or from another list, filter or person is
  refused with ``HttpError(400)`` → ``{"detail": ...}``; it can never widen what the
  caller sees, as the seek only narrows the caller's own queryset.
"""

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import F, OrderBy, Q, QuerySet
from ninja import Query
from ninja.errors import HttpError

CURSOR_MAX_LENGTH = 512
CURSOR_HELP = (
    "Opaque cursor from a previous page's `next`; leave empty for the first page. "
    "Only valid for the same list, filters and caller."
)
BAD_CURSOR = "Invalid cursor: pass `next` from this same list unchanged, or no cursor."
OTHER_LIST = (
    "This cursor belongs to a different list, filter or person: start again without a cursor."
)
OFFSET_WITH_CURSOR = "Use cursor or offset (deprecated), not both."
SALT = "practice_commons.api_cursor."


def cursor_query():
    """``cursor: str = cursor_query()``: bounded, documented in the OpenAPI document."""
    return Query("", max_length=CURSOR_MAX_LENGTH, description=CURSOR_HELP)


@dataclass(frozen=True)
class SeekPage:
    items: list
    next: str | None


@dataclass(frozen=True)
class _Key:
    expression: Any  # a field path/annotation name, or an expression
    descending: bool
    nulls_last: bool

    def order_by(self) -> OrderBy:
        return OrderBy(
            self.expression,
            descending=self.descending,
            nulls_last=self.nulls_last or None,
            nulls_first=(not self.nulls_last) or None,
        )


def _keys(queryset: QuerySet) -> list[_Key]:
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ())
    keys = [_key(item) for item in ordering]
    pk_names = {"pk", queryset.model._meta.pk.name}
    last = keys[-1].expression if keys else None
    if not (isinstance(last, F) and last.name in pk_names):
        keys.append(_key("pk"))
    return keys


def _key(item) -> _Key:
    if isinstance(item, str):
        if item == "?":
            raise TypeError("A random ordering cannot be paged with a cursor.")
        descending = item.startswith("-")
        return _Key(F(item.lstrip("-+")), descending, nulls_last=not descending)
    if isinstance(item, F):
        return _Key(item, False, nulls_last=True)
    if isinstance(item, OrderBy) and isinstance(item.expression, F):
        if item.nulls_last:
            nulls_last = True
        elif item.nulls_first:
            nulls_last = False
        else:
            nulls_last = not item.descending  # NULL as the largest value
        return _Key(item.expression, item.descending, nulls_last)
    raise TypeError(f"Order by a field or an annotation's name to page with a cursor: {item!r}")


# --- values in and out of the cursor ----------------------------------------------------------

_TAGS = {
    "dt": (datetime.datetime, datetime.datetime.isoformat, datetime.datetime.fromisoformat),
    "d": (datetime.date, datetime.date.isoformat, datetime.date.fromisoformat),
    "t": (datetime.time, datetime.time.isoformat, datetime.time.fromisoformat),
    "dec": (decimal.Decimal, str, decimal.Decimal),
    "u": (uuid.UUID, str, uuid.UUID),
}


def _encode(value):
    for tag, (kind, dump, _load) in _TAGS.items():  # datetime before date: it is a date too
        if isinstance(value, kind):
            return [tag, dump(value)]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"Cannot put {type(value).__name__} in a cursor.")


def _decode(value):
    if isinstance(value, list):
        tag, text = value
        return _TAGS[tag][2](text)
    return value


def _digest(bind) -> str:
    text = json.dumps(bind, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read(cursor: str, scope: str, bind, width: int) -> list:
    try:
        payload = signing.loads(cursor, salt=SALT + scope)
    except signing.BadSignature:
        raise HttpError(400, BAD_CURSOR) from None
    try:
        digest, raw = payload["b"], payload["v"]
        values = [_decode(v) for v in raw]
    except (KeyError, TypeError, ValueError, decimal.InvalidOperation):
        raise HttpError(400, BAD_CURSOR) from None
    if digest != _digest(bind) or len(values) != width:
        raise HttpError(400, OTHER_LIST)
    return values


def _write(values: list, scope: str, bind) -> str:
    payload = {"b": _digest(bind), "v": [_encode(v) for v in values]}
    return signing.dumps(payload, salt=SALT + scope, compress=True)


# --- the seek -------------------------------------------------------------------------------


def _after(key: _Key, value) -> Q | None:
    """Rows strictly after ``value`` on this key alone (None: no row can be)."""
    name = key.expression.name
    if value is None:
        return None if key.nulls_last else Q(**{f"{name}__isnull": False})
    after = Q(**{f"{name}__{'lt' if key.descending else 'gt'}": value})
    return after | Q(**{f"{name}__isnull": True}) if key.nulls_last else after


def _equal(key: _Key, value) -> Q:
    name = key.expression.name
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def _seek(keys: list[_Key], values: list) -> Q:
    """(k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... in the keys' own directions."""
    condition = Q(pk__in=[])
    prefix = Q()
    for key, value in zip(keys, values, strict=True):
        after = _after(key, value)
        if after is not None:
            condition |= prefix & after
        prefix &= _equal(key, value)
    return condition


def _row_value(row, alias: str):
    return row[alias] if isinstance(row, dict) else getattr(row, alias)


def seek_page(
    queryset: QuerySet,
    *,
    cursor: str,
    limit: int,
    scope: str,
    bind=None,
    offset: int = 0,
) -> SeekPage:
    """One page after ``cursor`` and the cursor of the next, in one query.

    ``scope`` names the list (a cursor from another list is refused); ``bind`` is what the
    page depends on besides the cursor (filters, the caller's id): a cursor made under
    other values is refused. ``offset`` keeps deprecated offset paging working, and its
    pages get a ``next`` cursor too; it cannot be combined with a cursor.
    """
    if cursor and offset:
        raise HttpError(400, OFFSET_WITH_CURSOR)
    keys = _keys(queryset)
    aliases = [f"_cursor_{i}" for i in range(len(keys))]
    queryset = queryset.annotate(
        **{alias: key.expression for alias, key in zip(aliases, keys, strict=True)}
    ).order_by(*(key.order_by() for key in keys))
    if cursor:
        queryset = queryset.filter(_seek(keys, _read(cursor, scope, bind, len(keys))))
    rows = list(queryset[offset : offset + limit + 1])
    items, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more:
        last = items[-1]
        next_cursor = _write([_row_value(last, alias) for alias in aliases], scope, bind)
    return SeekPage(items=items, next=next_cursor)


def _is_after(row_key: tuple, cursor_key: tuple, descending: tuple) -> bool:
    for value, last, down in zip(row_key, cursor_key, descending, strict=True):
        if value != last:
            return value < last if down else value > last
    return False


def seek_list(
    rows: list,
    *,
    key,
    descending: tuple[bool, ...],
    cursor: str,
    limit: int,
    scope: str,
    bind=None,
    offset: int = 0,
) -> SeekPage:
    """``seek_page`` for a list already in memory (a list whose order the database cannot
    know, such as one sorted on a sealed value). ``key(row)`` is a tuple of non-null
    values, unique per row (end it with the id), in the list's order; ``descending`` says
    which of them run high to low. The rows are sorted here by that key."""
    if cursor and offset:
        raise HttpError(400, OFFSET_WITH_CURSOR)
    for position in reversed(range(len(descending))):
        rows = sorted(rows, key=lambda row: key(row)[position], reverse=descending[position])
    if cursor:
        last = tuple(_read(cursor, scope, bind, len(descending)))
        rows = [row for row in rows if _is_after(key(row), last, descending)]
    window = rows[offset : offset + limit + 1]
    items = window[:limit]
    next_cursor = _write(list(key(items[-1])), scope, bind) if len(window) > limit else None
    return SeekPage(items=items, next=next_cursor)
