"""Paging parameters for every JSON API list, bounded once here.

An unbounded ``offset`` or ``page`` reaches the database as a number it cannot hold
(SQLite: "integer overflow", "datatype mismatch"), so a list answered 500 for
``?page=1020978393074028353945600``. Every list takes its paging parameters from this
module instead: a value out of range is refused with the validation 422 before any query,
and the bounds are in the OpenAPI document.

* ``limit_query(default, maximum=...)`` and ``offset_query()`` for plain parameters;
* ``LimitOffset`` for a ``Query[...]`` schema (subclass it to add filters);
* ``BoundedPageNumberPagination`` for ninja's ``@paginate`` (20 a page by default).

Lists keep ``limit``/``offset`` (or ``page``/``page_size``) for now; DESIGN.md's cursors
will replace them.
"""

from ninja import Field, Query, Schema
from ninja.pagination import PageNumberPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_PAGE = MAX_OFFSET // MAX_LIMIT
DEFAULT_PAGE_SIZE = 20

LIMIT_HELP = "How many items to return (1 to {maximum})."
OFFSET_HELP = f"How many items to skip (0 to {MAX_OFFSET:,})."


def limit_query(default: int = 20, *, maximum: int = MAX_LIMIT):
    """``limit: int = limit_query(20)``: 1 to ``maximum`` items."""
    return Query(default, ge=1, le=maximum, description=LIMIT_HELP.format(maximum=maximum))


def offset_query():
    """``offset: int = offset_query()``: 0 to ``MAX_OFFSET``."""
    return Query(0, ge=0, le=MAX_OFFSET, description=OFFSET_HELP)


class LimitOffset(Schema):
    """``page: Query[LimitOffset]``; subclass it to add a list's filters."""

    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=LIMIT_HELP.format(maximum=MAX_LIMIT))
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=OFFSET_HELP)


class BoundedPageNumberPagination(PageNumberPagination):
    """``@paginate(BoundedPageNumberPagination)``: ninja's page numbers with ``page`` at
    most ``MAX_PAGE`` and ``page_size`` at most ``MAX_LIMIT``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"Page number (1 to {MAX_PAGE:,}).")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_LIMIT, description=f"Items a page (1 to {MAX_LIMIT})."
        )

    def __init__(self, **kwargs):
        kwargs.pop("page_size", None)  # the Input's default is the one page size
        super().__init__(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_LIMIT, **kwargs)
