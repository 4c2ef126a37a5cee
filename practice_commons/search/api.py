"""``GET /api/v1/search?q=&kind=&community=&cursor=``: the same search as the page, for
the caller's own permissions. Contract (DESIGN.md, kept exactly)::

    {"count": N, "results": [{"kind", "id", "title", "url", "snippet", "community"}],
     "next": "<cursor>" | null}

``count`` counts what the caller may see, up to the ranked pool (``selectors.POOL``);
``snippet`` is HTML: the text escaped, the matched words in ``<mark>``; ``community`` is
the community's slug (null outside communities); ``next`` is the cursor of the next page.
"""

from ninja import Field, Query, Router, Schema, Status

from practice_commons.core.api_schemas import (
    CHOICE_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    ErrorOut,
    ValidationErrorOut,
)

from . import selectors
from .forms import KIND_CHOICES
from .terms import MAX_QUERY_LENGTH

router = Router(tags=["search"])
KINDS = {value for value, _label in KIND_CHOICES if value}


class ResultOut(Schema):
    kind: str = Field(
        ...,
        description="thread, post, solution, practice_example, resource, "
        "glossary, event, opportunity, job or person",
    )
    id: int = Field(..., description="The id of the thing found (a thread's, a job's…)")
    title: str
    url: str
    snippet: str = Field(..., description="HTML: escaped text, matched words in <mark>")
    community: str | None = Field(None, description="The community's slug, or null")


class SearchOut(Schema):
    count: int
    results: list[ResultOut]
    next: str | None = Field(None, description="Pass as cursor for the next page; null at the end")


@router.get(
    "",
    response={200: SearchOut, 400: ErrorOut, 404: ErrorOut},
    summary="Search everything you may see",
)
def search(
    request,
    q: str = Query("", max_length=MAX_QUERY_LENGTH),
    kind: str = Query("", max_length=CHOICE_MAX_LENGTH),
    community: str = Query("", max_length=SLUG_MAX_LENGTH),
    cursor: str = Query("", max_length=64),
):
    """Ranked results the caller may see. ``kind`` narrows to one kind (or
    ``discussions``/``library``); ``community`` is a slug (404 when the caller may not
    read it); ``cursor`` comes from ``next``. A bad cursor or kind is 400."""
    if kind and kind not in KINDS:
        return Status(400, {"detail": f"Unknown kind. Use one of: {', '.join(sorted(KINDS))}."})
    filters = selectors.Filters(
        kind=kind, community=selectors.community_filter(request.user, community)
    )
    try:
        page = selectors.search(request.user, q, filters=filters, cursor=cursor or None)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    return {
        "count": page.count,
        "results": [
            {
                "kind": r.kind,
                "id": r.id,
                "title": r.title,
                "url": r.url,
                "snippet": str(r.snippet),
                "community": r.community,
            }
            for r in page.results
        ],
        "next": page.next_cursor,
    }


class SuggestOut(Schema):
    results: list[ResultOut] = Field(
        ...,
        description=f"At most {selectors.SUGGESTIONS}, best first (a short list, not paged): "
        "documented solutions and threads you may see.",
    )


@router.get(
    "/suggest",
    response={200: SuggestOut, 422: ValidationErrorOut},
    summary="Existing answers for a thread title being typed",
    description="'Has this been answered already?' on the new thread form: documented "
    "solutions and threads whose words match `title`, as the caller may see them. Fewer "
    "than 3 characters gives no suggestions.",
)
def suggest(request, title: str = Query(..., max_length=200)):
    found = selectors.suggestions(request.user, title)
    return {
        "results": [
            {
                "kind": r.kind,
                "id": r.id,
                "title": r.title,
                "url": r.url,
                "snippet": str(r.snippet),
                "community": r.community,
            }
            for r in found
        ]
    }
