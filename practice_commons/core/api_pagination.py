"""Paging parameters for every JSON API list, bounded once here.

An unbounded ``offset`` or ``page`` reaches the database as a number it cannot hold
(SQLite: "integer overflow", "datatype mismatch"), so a list answered 500 for
``?page=1020978393074028353945600``. Every list takes its paging parameters from this
module instead: a value out of range is refused with the validation 422 before any query,
and the bounds are in the OpenAPI document.

Every list pages with a keyset cursor (``core/api_cursor.py``): ``limit`` items a page,
``cursor`` empty for the first page, and the response's ``next`` passed back as ``cursor``
for the following one (``null`` at the end). A cursor is bound to its list, its filters
and its caller; a bad one is a 400 ``{"detail": ...}``.

* ``limit_query(default, maximum=...)``, ``cursor_query()`` and ``offset_query()`` for
  plain parameters, then ``cursor_page(request, queryset, ...)`` for the response body;
* ``LimitOffset`` for a ``Query[...]`` schema (subclass it to add filters);
* ``CursorPagination`` for ninja's ``@paginate`` (20 a page by default).

``offset`` (and ``page``/``page_size`` where a list had them) still work so no client
breaks, and are marked deprecated in the OpenAPI document: use ``cursor``. Offset pages
get a ``next`` cursor too; a cursor and an offset together are a 400.
"""

from ninja import Field, Query, Schema
from ninja.pagination import PaginationBase

from .api_cursor import CURSOR_HELP, CURSOR_MAX_LENGTH, cursor_query, seek_page

__all__ = ["cursor_query", "cursor_page", "next_field"]

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_PAGE = MAX_OFFSET // MAX_LIMIT
DEFAULT_PAGE_SIZE = 20

LIMIT_HELP = "How many items to return (1 to {maximum})."
OFFSET_HELP = f"Deprecated: use cursor. How many items to skip (0 to {MAX_OFFSET:,})."
NEXT_HELP = "Pass as `cursor` for the next page; null at the end."
PAGING_PARAMETERS = frozenset({"cursor", "limit", "offset", "page", "page_size"})


def limit_query(default: int = 20, *, maximum: int = MAX_LIMIT):
    """``limit: int = limit_query(20)``: 1 to ``maximum`` items."""
    return Query(default, ge=1, le=maximum, description=LIMIT_HELP.format(maximum=maximum))


def offset_query():
    """``offset: int = offset_query()``: 0 to ``MAX_OFFSET``."""
    return Query(0, ge=0, le=MAX_OFFSET, description=OFFSET_HELP)


def next_field():
    """``next: str | None = next_field()`` in a list's response schema."""
    return Field(None, description=NEXT_HELP)


def request_bind(request) -> dict:
    """What a list's page depends on besides the cursor: the path (ids in it), the caller,
    and every non-empty query parameter that is not a paging one (the filters)."""
    filters = {
        name: values
        for name in sorted(request.GET)
        if name not in PAGING_PARAMETERS and (values := [v for v in request.GET.getlist(name) if v])
    }
    return {"path": request.path, "user": request.user.pk, "filters": filters}


def cursor_page(
    request,
    queryset,
    *,
    scope: str,
    out,
    cursor: str,
    limit: int,
    offset: int = 0,
    count=True,
    decorate=None,
) -> dict:
    """``{"count", "limit", "offset", "items", "next"}`` for one list: ``scope`` names the
    list; ``decorate`` (optional) takes the page's rows and returns them ready for ``out``,
    which turns each into its dict; ``count`` only where the list had one."""
    page = seek_page(
        queryset,
        cursor=cursor,
        limit=limit,
        scope=scope,
        bind=request_bind(request),
        offset=offset,
    )
    rows = decorate(page.items) if decorate else page.items
    body = {"limit": limit, "offset": offset, "items": [out(row) for row in rows]}
    if count:
        body["count"] = queryset.count()
    body["next"] = page.next
    return body


class LimitOffset(Schema):
    """``page: Query[LimitOffset]``; subclass it to add a list's filters."""

    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=LIMIT_HELP.format(maximum=MAX_LIMIT))
    cursor: str = Field("", max_length=CURSOR_MAX_LENGTH, description=CURSOR_HELP)
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=OFFSET_HELP)


class CursorPagination(PaginationBase):
    """``@paginate(CursorPagination, scope="...")``: ``limit`` and ``cursor`` in,
    ``{"items", "count", "next"}`` out; ninja's ``page``/``page_size`` still work
    (deprecated: use cursor)."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_LIMIT, description=LIMIT_HELP.format(maximum=MAX_LIMIT)
        )
        cursor: str = Field("", max_length=CURSOR_MAX_LENGTH, description=CURSOR_HELP)
        page: int = Field(
            1,
            ge=1,
            le=MAX_PAGE,
            description=f"Deprecated: use cursor. Page number (1 to {MAX_PAGE:,}).",
        )
        page_size: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_LIMIT,
            description=f"Deprecated: use limit. Items a page (1 to {MAX_LIMIT}).",
        )

    class Output(Schema):
        items: list
        count: int
        next: str | None = next_field()

    def __init__(self, *, scope: str, **kwargs):
        super().__init__(**kwargs)
        self.scope = scope

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        given = pagination.model_fields_set
        limit = pagination.page_size if "page_size" in given else pagination.limit
        page = seek_page(
            queryset,
            cursor=pagination.cursor,
            limit=limit,
            scope=self.scope,
            bind=request_bind(request),
            offset=(pagination.page - 1) * limit,
        )
        return {"items": page.items, "count": queryset.count(), "next": page.next}
