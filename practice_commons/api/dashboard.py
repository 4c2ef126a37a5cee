"""``GET /api/v1/me/today``: "what needs you today", the signed-in home page's work queue
(``core:dashboard``) as JSON.

It gathers what every app registers with ``core.home`` (join requests, replies and
mentions, events, reflective sessions, CPD drafts, reports to review, …), so it lives in
the top layer with the other operations about the caller (``GET /me``) and is mounted
at ``/me`` by ``api.py``. It calls ``core.home.blocks_for`` exactly as the page does:
each block comes from its own app's selectors and policies, so nothing the caller may
not read appears, and a block that is not for them is left out.
"""

from ninja import Field, Router, Schema

from practice_commons.core.home import MAX_ITEMS, NEEDS, NEW, blocks_for

router = Router(tags=["me"])


class LinkOut(Schema):
    label: str
    url: str


class TodayItemOut(Schema):
    title: str
    url: str
    detail: str = Field(..., description='A short detail: a date, a place, "by 5 Dec".')
    tag: str = Field(..., description='An optional tag ("Trial place", "Overdue").')


class BlockOut(Schema):
    key: str = Field(..., description="The block's name, e.g. join_requests.")
    title: str
    items: list[TodayItemOut] = Field(..., description=f"At most {MAX_ITEMS}, as on the page.")
    empty: str = Field(..., description="What to do next when there are no items.")
    empty_link: LinkOut | None
    see_all: LinkOut | None


class TodayOut(Schema):
    needs: list[BlockOut] = Field(..., description="What needs you, in the page's order.")
    new: list[BlockOut] = Field(..., description="What's new, in the page's order.")


def _link(link) -> dict | None:
    return {"label": str(link.label), "url": link.url} if link else None


def _block_out(block) -> dict:
    return {
        "key": block.key,
        "title": str(block.title),
        "items": [
            {"title": str(i.title), "url": i.url, "detail": str(i.detail), "tag": str(i.tag)}
            for i in block.items
        ],
        "empty": str(block.empty),
        "empty_link": _link(block.empty_link),
        "see_all": _link(block.see_all),
    }


@router.get(
    "/today",
    response={200: TodayOut},
    summary="What needs you today",
    description="The home page's work queue for the caller: blocks of things waiting on "
    "you (`needs`) and what's new (`new`), each with at most "
    f"{MAX_ITEMS} items and links to act or see all. A short, fixed summary, not paged.",
)
def today(request):
    blocks = blocks_for(request.user)
    return {
        "needs": [_block_out(b) for b in blocks[NEEDS]],
        "new": [_block_out(b) for b in blocks[NEW]],
    }
