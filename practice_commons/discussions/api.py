"""Threads and posts in the JSON API: the same selectors and services as the pages.

* ``/api/v1/communities/{slug}/threads``: list (filter by kind and status) and create;
* ``/api/v1/threads/{id}``: read (posts paged with ``after``), reply, react, mark answer.

A community the caller may not read is 404 on every endpoint, never 403. An anonymous
post's author is ``null`` with ``author_label`` "A member" for every caller, including
the author and host admins: the API never names them. Blocked writes answer 422 from
the confidentiality guard's handler in ``practice_commons.api.api``.
"""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import (
    MAX_ID,
    ErrorOut,
    GuardErrorOut,
    ObjectId,
    example,
    name_field,
)

from . import selectors, services
from .kinds import ThreadKind
from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, ReactionKind

router = Router(tags=["threads"])
community_router = Router(tags=["threads"])

MAX_LIMIT = 50
DetailKey = Annotated[str, Field(max_length=50)]
DetailValue = Annotated[str, Field(max_length=2000)]


class AuthorOut(Schema):
    id: int
    name: str
    profession: str | None = None


class ThreadOut(Schema):
    id: int
    community: str = Field(..., description="The community's slug.")
    kind: str
    kind_label: str
    title: str
    author: AuthorOut | None = Field(None, description="null for anonymous questions.")
    author_label: str
    is_anonymous: bool
    details: dict
    key_date: date | None
    created_at: datetime
    last_activity_at: datetime
    reply_count: int
    is_solved: bool
    answer_post_id: int | None
    is_pinned: bool
    is_locked: bool
    unread: bool = False
    url: str


class ThreadListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ThreadOut]
    next: str | None = next_field()


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class PostOut(Schema):
    id: int
    number: int
    is_opening: bool
    author: AuthorOut | None
    author_label: str
    body: str | None = Field(None, description="Markdown; null when deleted or hidden.")
    placeholder: str = ""
    quoted_post_id: int | None
    created_at: datetime
    edited_at: datetime | None
    is_answer: bool
    reactions: dict[str, int]
    my_reactions: list[str]
    attachments: list[AttachmentOut]


class ThreadDetailOut(ThreadOut):
    posts: list[PostOut]
    has_more: bool
    next_after: int


class ThreadIn(Schema):
    model_config = example(
        {
            "kind": "problem_solving",
            "title": "Keeping chronologies useful in long-running neglect cases",
            "body": "By the time a case reaches conference our chronologies run "
            "to 40 pages. How do other teams keep them short enough to "
            "read while still showing the pattern of concern?",
            "details": {
                "tried": "A one-page summary at the front, updated at "
                "each review; it drifts out of date quickly."
            },
            "is_anonymous": False,
            "confidentiality_acknowledged": False,
        }
    )

    kind: ThreadKind
    title: name_field("Title", TITLE_MAX_LENGTH)
    body: str = Field("", max_length=BODY_MAX_LENGTH)
    details: dict[DetailKey, DetailValue | None] = Field(
        default_factory=dict,
        max_length=20,
        description="The kind's extra answers (see the thread form); dates as YYYY-MM-DD.",
    )
    is_anonymous: bool = False
    confidentiality_acknowledged: bool = False


class ReplyIn(Schema):
    model_config = example(
        {
            "body": "We keep a rolling chronology of significant events only, "
            "agreed with the IRO at the first review, and link to the "
            "full record rather than copying it.",
            "confidentiality_acknowledged": False,
        }
    )

    body: str = Field(..., max_length=BODY_MAX_LENGTH)
    quoted_post_id: ObjectId | None = None
    confidentiality_acknowledged: bool = False


class ReactionIn(Schema):
    model_config = example({"kind": "helpful"})

    kind: ReactionKind


class ReactionOut(Schema):
    kind: str
    on: bool
    count: int


class AnswerIn(Schema):
    model_config = example({"post_id": 4182})

    post_id: ObjectId


def _author(obj) -> dict | None:
    person = getattr(obj, "shown_author", None)
    if person is None:
        return None
    return {
        "id": person.pk,
        "name": person.display_name,
        "profession": person.profession.name if person.profession_id else None,
    }


def thread_out(thread) -> dict:
    return {
        "id": thread.pk,
        "community": thread.community.slug,
        "kind": thread.kind,
        "kind_label": str(thread.get_kind_display()),
        "title": thread.title,
        "author": _author(thread),
        "author_label": str(thread.author_label),
        "is_anonymous": thread.is_anonymous,
        "details": thread.details or {},
        "key_date": thread.key_date,
        "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at,
        "reply_count": thread.reply_count,
        "is_solved": thread.is_solved,
        "answer_post_id": thread.answer_id,
        "is_pinned": thread.is_pinned,
        "is_locked": thread.is_locked,
        "unread": getattr(thread, "unread", False),
        "url": thread.get_absolute_url(),
    }


def post_out(post, community) -> dict:
    from django.urls import reverse

    visible = post.show_body and not post.placeholder
    return {
        "id": post.pk,
        "number": post.number,
        "is_opening": post.is_opening,
        "author": _author(post),
        "author_label": str(post.author_label),
        "body": post.body if visible else None,
        "placeholder": str(post.placeholder),
        "quoted_post_id": post.quoted_post_id,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "is_answer": post.is_answer,
        "reactions": {r.kind: r.count for r in post.reaction_summary},
        "my_reactions": [r.kind for r in post.reaction_summary if r.mine],
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse(
                    "discussions:attachment", kwargs={"community_slug": community.slug, "pk": a.pk}
                ),
            }
            for a in post.attachment_list
        ]
        if visible
        else [],
    }


def _thread_detail(request, thread, after: int = -1) -> dict:
    posts, has_more = selectors.posts_page(request.user, thread, after=after)
    selectors.decorate_threads(request.user, [thread])
    if posts:
        services.thread_mark_read(actor=request.user, thread=thread, number=posts[-1].number)
    return {
        **thread_out(thread),
        "posts": [post_out(p, thread.community) for p in posts],
        "has_more": has_more,
        "next_after": posts[-1].number if posts else after,
    }


@community_router.get(
    "/{slug:slug}/threads",
    response={200: ThreadListOut, 400: ErrorOut, 404: ErrorOut},
    summary="Threads in a community",
)
def thread_list(
    request,
    slug: str,
    kind: str = Query("", max_length=50),
    status: str = Query("", max_length=50),
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Filter by ``kind`` (a thread kind) and ``status`` (``solved``, ``unsolved`` or
    ``unanswered``); pinned threads first, then by last activity."""
    community = community_selectors.community_for_reader(request.user, slug)
    qs = selectors.thread_list(request.user, community, kind=kind, status=status)
    return cursor_page(
        request,
        qs,
        scope="discussions.threads",
        out=thread_out,
        decorate=lambda threads: selectors.decorate_threads(request.user, threads),
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


@community_router.post(
    "/{slug:slug}/threads",
    response={
        201: ThreadDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: GuardErrorOut,
    },
    summary="Start a thread",
)
def thread_create(request, slug: str, payload: ThreadIn):
    """Starts a thread of the given kind in a community you may post in (404 if you
    cannot read it, 403 if you may not post); you follow it, and the community's
    followers are notified. The title, body (optional for `documenting_solutions`)
    and the kind's extra answers in `details` go through the confidentiality guard
    (422 unless acknowledged); a missing required answer is 400, as is `is_anonymous`
    where the community does not allow anonymous questions."""
    community = community_selectors.community_for_reader(request.user, slug)
    thread = services.thread_create(
        actor=request.user,
        community=community,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        details=payload.details,
        is_anonymous=payload.is_anonymous,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    thread = selectors.thread_for_reader(request.user, thread.pk, community=community)
    return Status(201, _thread_detail(request, thread))


@router.get(
    "/{int:thread_id}",
    response={200: ThreadDetailOut, 404: ErrorOut},
    summary="A thread with its posts",
)
def thread_read(request, thread_id: int, after: int = Query(-1, ge=-1, le=MAX_ID)):
    """Posts come 30 at a time: pass ``after`` = the last ``next_after`` for more."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    return _thread_detail(request, thread, after=after)


@router.post(
    "/{int:thread_id}/replies",
    response={201: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Reply to a thread",
)
def thread_reply(request, thread_id: int, payload: ReplyIn):
    """Adds a reply for those who may post in the thread's community (404 if you
    cannot see the thread; 403 when it is locked, unless you facilitate, or removed).
    The body goes through the confidentiality guard (422 unless acknowledged);
    `quoted_post_id` must be a post of this thread that is not deleted or hidden
    (400). On an anonymous thread its asker replies anonymously too; the thread's
    followers are notified."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    quoted = None
    if payload.quoted_post_id:
        quoted = selectors.post_for_reader(request.user, thread, payload.quoted_post_id)
    post = services.thread_reply(
        actor=request.user,
        thread=thread,
        body=payload.body,
        quoted_post=quoted,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(
        201, post_out(selectors.post_for_reader(request.user, thread, post.pk), thread.community)
    )


@router.post(
    "/{int:thread_id}/posts/{int:post_id}/reactions",
    response={200: ReactionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add or remove a reaction (a toggle)",
)
def post_react(request, thread_id: int, post_id: int, payload: ReactionIn):
    """Toggles your reaction of that kind on a post: adds it if absent, removes it if
    present, and answers whether it is now on with the post's new count for that
    kind. For those who may post in the community; your own post, or a deleted or
    hidden one, is 400."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    post = selectors.post_for_reader(request.user, thread, post_id)
    on = services.reaction_toggle(actor=request.user, post=post, kind=payload.kind)
    post = selectors.post_for_reader(request.user, thread, post_id)
    count = next(r.count for r in post.reaction_summary if r.kind == payload.kind)
    return {"kind": payload.kind, "on": on, "count": count}


@router.post(
    "/{int:thread_id}/answer",
    response={200: ThreadOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark a reply as the answer",
)
def thread_mark_answer(request, thread_id: int, payload: AnswerIn):
    """The person who asked, or a facilitator, marks one reply as the answer, which
    makes the thread solved and notifies the reply's author; 403 for anyone else. The
    opening post, a post of another thread, or a deleted or hidden one is 400;
    marking the current answer again changes nothing."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    post = selectors.post_for_reader(request.user, thread, payload.post_id)
    services.thread_mark_answer(actor=request.user, thread=thread, post=post)
    thread = selectors.thread_for_reader(request.user, thread_id)
    return thread_out(selectors.decorate_threads(request.user, [thread])[0])


@router.delete(
    "/{int:thread_id}/answer",
    response={200: ThreadOut, 403: ErrorOut, 404: ErrorOut},
    summary="Unmark the answer",
)
def thread_clear_answer(request, thread_id: int):
    """The person who asked, or a facilitator, removes the marked answer, so the
    thread is unsolved again; 403 for anyone else, 404 if you cannot see the thread.
    Nothing changes when no answer is marked."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    services.thread_clear_answer(actor=request.user, thread=thread)
    thread = selectors.thread_for_reader(request.user, thread_id)
    return thread_out(selectors.decorate_threads(request.user, [thread])[0])
