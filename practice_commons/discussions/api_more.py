"""More of the threads API, beside ``api.py``: following, moderating, moving, revealing
who asked, the library, polls, editing, deleting and hiding posts
(``/api/v1/threads/...`` and ``/api/v1/communities/{slug}/threads/following``), and
private messages (``/api/v1/messages``). The same selectors and services as the pages."""

from django.http import HttpResponse
from ninja import Router, Schema, Status

from practice_commons.accounts.models import User
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    offset_query,
)
from practice_commons.core.api_schemas import (
    ErrorOut,
    GuardErrorOut,
    ObjectId,
)
from practice_commons.core.errors import NotFound, PermissionDenied

from . import selectors, services
from .api import AuthorOut, PostOut, ThreadOut, post_out, thread_out
from .api_schemas import (
    AcceptedOut,
    BlockIn,
    ConversationDetailOut,
    ConversationIn,
    ConversationListOut,
    FollowingIn,
    FollowingOut,
    MessageIn,
    MessageOut,
    MessagePersonOut,
    ModerationIn,
    ModerationReasonIn,
    MoveIn,
    PollIn,
    PollOut,
    PostEditIn,
    RevisionOut,
    VoteIn,
)

router = Router(tags=["threads"])
community_router = Router(tags=["threads"])
MAX_LIMIT = 50


# --- Following -----------------------------------------------------------------------------


@router.put(
    "/{int:thread_id}/following",
    response={200: FollowingOut, 404: ErrorOut},
    summary="Follow or stop following a thread",
)
def thread_follow(request, thread_id: int, payload: FollowingIn):
    """Turns your following of a thread on or off (followers are notified of replies)
    and answers the new state. For anyone who can see the thread; 404 otherwise."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    following = services.thread_follow(
        actor=request.user, thread=thread, following=payload.following
    )
    return {"following": following}


@community_router.put(
    "/{slug:slug}/threads/following",
    response={200: FollowingOut, 404: ErrorOut},
    summary="Follow or stop following a community's new threads",
)
def community_follow(request, slug: str, payload: FollowingIn):
    """Turns notifications of new threads in a community on or off and answers the
    new state. For anyone who can read the community; 404 otherwise."""
    community = community_selectors.community_for_reader(request.user, slug)
    following = services.community_follow(
        actor=request.user, community=community, following=payload.following
    )
    return {"following": following}


# --- Moderating a thread -------------------------------------------------------------------

MODERATION_ACTIONS = {
    "lock": (services.thread_set_locked, {"locked": True}),
    "unlock": (services.thread_set_locked, {"locked": False}),
    "pin": (services.thread_set_pinned, {"pinned": True}),
    "unpin": (services.thread_set_pinned, {"pinned": False}),
}


def _thread_summary(request, thread_id: int) -> dict:
    thread = selectors.thread_for_reader(request.user, thread_id)
    return thread_out(selectors.decorate_threads(request.user, [thread])[0])


@router.post(
    "/{int:thread_id}/moderation",
    response={200: ThreadOut, 403: ErrorOut, 404: ErrorOut},
    summary="Lock, unlock, pin or unpin a thread (the community's facilitators)",
)
def thread_moderate(request, thread_id: int, payload: ModerationIn):
    """Locks a thread (no replies or edits from anyone but facilitators) or unlocks
    it, pins it (listed first) or unpins it. The community's facilitators only (403
    for others); repeating an action changes nothing, and every change is audited."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    service, kwargs = MODERATION_ACTIONS[payload.action]
    service(actor=request.user, thread=thread, **kwargs)
    return _thread_summary(request, thread_id)


@router.post(
    "/{int:thread_id}/move",
    response={200: ThreadOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Move a thread to another community you facilitate",
)
def thread_move(request, thread_id: int, payload: MoveIn):
    """A facilitator moves a thread, with its posts, to another community they also
    facilitate, named by slug; an anonymous thread stays anonymous. The same
    community is 400, a community you do not facilitate 403, one you cannot read 404."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    target = community_selectors.community_for_reader(request.user, payload.community)
    services.thread_move(actor=request.user, thread=thread, to_community=target)
    return _thread_summary(request, thread_id)


class RevealedOut(Schema):
    author: AuthorOut


@router.post(
    "/{int:thread_id}/reveal",
    response={200: RevealedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Who asked an anonymous question (the community's safeguarding lead, with a "
    "reason that is audited)",
)
def thread_reveal(request, thread_id: int, payload: ModerationReasonIn, response: HttpResponse):
    """Tells the community's safeguarding lead who asked an anonymous question;
    nobody else may know (403, facilitators and host admins included). The reason is
    required, at least 20 characters, goes through the confidentiality guard (422
    unless acknowledged) and is audited; the answer is sent with `Cache-Control: no-
    store`."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    author = services.thread_reveal_author(
        actor=request.user,
        thread=thread,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    response["Cache-Control"] = "no-store"
    return {"author": {"id": author.pk, "name": author.display_name}}


@router.post(
    "/{int:thread_id}/library",
    response={202: AcceptedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Ask for a solved thread to become a documented solution in the library",
)
def thread_library(request, thread_id: int):
    """The person who asked, or a facilitator, asks for a solved thread to become a
    documented solution: the library makes a draft from the question and its marked
    answer. 400 while no answer is marked, 403 for anyone else; asking again is
    harmless."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    services.thread_request_library(actor=request.user, thread=thread)
    return Status(202, {"detail": "The library has a draft documented solution of this thread."})


# --- Polls ---------------------------------------------------------------------------------


def _poll_out(request, thread_id: int) -> dict:
    thread = selectors.thread_for_reader(request.user, thread_id)
    view = selectors.poll_for(request.user, thread)
    if view is None:
        raise NotFound
    shown = view.show_results
    return {
        "question": view.poll.question,
        "allows_multiple": view.poll.allows_multiple,
        "closes_at": view.poll.closes_at,
        "is_closed": view.is_closed,
        "has_voted": view.has_voted,
        "total_voters": view.total_voters if shown else None,
        "options": [
            {"id": o.pk, "label": o.label, "votes": o.votes if shown else None, "chosen": o.chosen}
            for o in view.options
        ],
    }


@router.get(
    "/{int:thread_id}/poll",
    response={200: PollOut, 404: ErrorOut},
    summary="A thread's poll (results once you have voted or it has closed)",
)
def poll_read(request, thread_id: int):
    """The thread's poll (404 when it has none, or you cannot see the thread): its
    question, options, whether it has closed and whether you have voted. Vote counts
    are null until you have voted or the poll has closed."""
    return _poll_out(request, thread_id)


@router.post(
    "/{int:thread_id}/poll",
    response={201: PollOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Add a poll to a thread (who started it, or a facilitator)",
)
def poll_create(request, thread_id: int, payload: PollIn):
    """The person who started the thread, or a facilitator, adds its one poll (403
    for anyone else or on a locked thread; 400 if it already has one). It needs 2 to
    10 different options and a `closes_at`, if any, in the future (400); the question
    and options go through the confidentiality guard (422 unless acknowledged)."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    services.poll_create(
        actor=request.user,
        thread=thread,
        question=payload.question,
        options=payload.options,
        allows_multiple=payload.allows_multiple,
        closes_at=payload.closes_at,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, _poll_out(request, thread_id))


@router.post(
    "/{int:thread_id}/poll/votes",
    response={200: PollOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Vote in a thread's poll (once; a second vote is refused)",
)
def poll_vote(request, thread_id: int, payload: VoteIn):
    """Casts your vote for those who may post in the community: ids of this poll's
    options, only one unless it allows several. Each person votes once: a second vote
    is 400, as are a closed poll and an option of another poll. Answers the poll with
    its results."""
    thread = selectors.thread_for_reader(request.user, thread_id)
    view = selectors.poll_for(request.user, thread)
    if view is None:
        raise NotFound
    services.poll_vote(actor=request.user, poll=view.poll, option_ids=payload.option_ids)
    return _poll_out(request, thread_id)


# --- Editing, deleting and hiding posts ------------------------------------------------------


def _post(request, thread_id: int, post_id: int):
    thread = selectors.thread_for_reader(request.user, thread_id)
    return thread, selectors.post_for_reader(request.user, thread, post_id)


def _post_now(request, thread, post_id: int) -> dict:
    return post_out(selectors.post_for_reader(request.user, thread, post_id), thread.community)


@router.patch(
    "/{int:thread_id}/posts/{int:post_id}",
    response={200: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Edit your post (the earlier text is kept for moderators)",
)
def post_edit(request, thread_id: int, post_id: int, payload: PostEditIn):
    """The author edits their own post (403 for anyone else: moderators hide posts,
    they do not edit them); the earlier version is kept for the community's
    moderators and the post is marked edited. `title` and `details` count for the
    opening post only; the text goes through the confidentiality guard (422 unless
    acknowledged). A deleted or hidden post is 400; a locked thread is 403 unless you
    facilitate."""
    thread, post = _post(request, thread_id, post_id)
    opening = {}
    if post.is_opening:
        opening = {"title": payload.title or thread.title, "details": payload.details}
    services.post_edit(
        actor=request.user,
        post=post,
        body=payload.body,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
        **opening,
    )
    return _post_now(request, thread, post_id)


@router.delete(
    "/{int:thread_id}/posts/{int:post_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Delete your post (moderators: any post); the opening post deletes the thread",
)
def post_delete(request, thread_id: int, post_id: int):
    """The author, or a facilitator, deletes a post: it stays in the thread as a
    placeholder, and deleting the opening post deletes the thread. Deleting again
    changes nothing; 403 for anyone else, 404 if you cannot see the thread."""
    _thread, post = _post(request, thread_id, post_id)
    services.post_delete(actor=request.user, post=post)
    return Status(204, None)


@router.get(
    "/{int:thread_id}/posts/{int:post_id}/history",
    response={200: list[RevisionOut], 404: ErrorOut},
    summary="A post's earlier versions, newest first (the community's moderators)",
)
def post_history(request, thread_id: int, post_id: int):
    """A post's earlier versions, newest first, with when each was written and
    replaced and who edited it. The community's moderators only: 404 for anyone else."""
    _thread, post = _post(request, thread_id, post_id)
    return [
        {
            "title": r.title,
            "body": r.body,
            "written_at": r.written_at,
            "replaced_at": r.replaced_at,
            "edited_by": selectors.revision_editor_label(post, r),
        }
        for r in selectors.revisions_for(request.user, post)
    ]


@router.post(
    "/{int:thread_id}/posts/{int:post_id}/hide",
    response={200: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Hide a post with a reason its author sees (the community's facilitators)",
)
def post_hide(request, thread_id: int, post_id: int, payload: ModerationReasonIn):
    """A facilitator hides a post with a reason, which is required, audited and goes
    through the confidentiality guard (422 unless acknowledged); hiding the opening
    post hides the thread from lists. Answers the post with its placeholder; hiding
    again changes nothing; 403 for anyone else."""
    thread, post = _post(request, thread_id, post_id)
    services.post_hide(
        actor=request.user,
        post=post,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return _post_now(request, thread, post_id)


@router.post(
    "/{int:thread_id}/posts/{int:post_id}/unhide",
    response={200: PostOut, 403: ErrorOut, 404: ErrorOut},
    summary="Show a hidden post again (the community's facilitators)",
)
def post_unhide(request, thread_id: int, post_id: int):
    """A facilitator shows a hidden post again (for the opening post, the thread
    too); 403 for anyone else. A post that is not hidden is unchanged."""
    thread, post = _post(request, thread_id, post_id)
    services.post_unhide(actor=request.user, post=post)
    return _post_now(request, thread, post_id)


# --- Private messages: /api/v1/messages ------------------------------------------------------

messages_router = Router(tags=["messages"])


def _person(user) -> dict | None:
    return {"id": user.pk, "name": user.display_name} if user else None


def _others(conversation, me, *, present_only=False) -> list[dict]:
    return [
        _person(seat.user)
        for seat in conversation.participants.all()
        if seat.user_id != me.pk and not (present_only and seat.left_at is not None)
    ]


def _message_out(message) -> dict:
    held = bool(getattr(message, "is_held", False))
    return {
        "id": message.pk,
        "sender": _person(message.sender),
        "body": None if held else message.body,
        "held": held,
        "created_at": message.created_at,
    }


@messages_router.get(
    "", response={200: ConversationListOut, 400: ErrorOut}, summary="Your private conversations"
)
def conversations(
    request,
    limit: int = limit_query(20, maximum=MAX_LIMIT),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """The private conversations you are in and have not left, most recent message
    first, each marked unread when a message came after you last read it. Paged with
    `limit` and `cursor` (follow `next`)."""
    return cursor_page(
        request,
        selectors.conversations_for(request.user),
        scope="discussions.conversations",
        out=lambda c: {
            "id": c.pk,
            "subject": c.subject,
            "others": _others(c, request.user),
            "unread": c.unread,
            "last_message_at": c.last_message_at,
        },
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


def _conversation_detail(request, conversation_id: int) -> dict:
    conversation = selectors.conversation_for(request.user, conversation_id)
    seat = next(s for s in conversation.participants.all() if s.user_id == request.user.pk)
    return {
        "id": conversation.pk,
        "subject": conversation.subject,
        "others": _others(conversation, request.user, present_only=True),
        "has_left": seat.left_at is not None,
        "messages": [_message_out(m) for m in selectors.messages_in(conversation)],
    }


@messages_router.post(
    "",
    response={201: ConversationDetailOut, 400: ErrorOut, 403: ErrorOut, 422: GuardErrorOut},
    summary="Start a private conversation with people who share a community with you",
)
def conversation_start(request, payload: ConversationIn):
    """Sends a first message to people who share a community with you (at most 7, 403
    for anyone else or when a block stands between you); with one person, your
    existing one-to-one conversation carries on instead. The subject and body go
    through the confidentiality guard (422 unless acknowledged); the recipients are
    notified."""
    conversation = services.conversation_start(
        actor=request.user,
        recipients=list(User.objects.filter(pk__in=payload.recipients, is_active=True)),
        subject=payload.subject,
        body=payload.body,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, _conversation_detail(request, conversation.pk))


@messages_router.get("/blocked", response=list[MessagePersonOut], summary="People you have blocked")
def blocked(request):
    """The people you have blocked. While a block stands neither of you can start a
    conversation with the other, and they cannot send in a conversation you share."""
    return [_person(p) for p in selectors.blocked_people(request.user)]


@messages_router.put(
    "/people/{user_id}/block",
    response={200: BlockIn, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Block or unblock someone you can message or share a conversation with",
)
def block(request, user_id: ObjectId, payload: BlockIn):
    """`blocked: true` blocks someone you could message or already share a
    conversation with (403 otherwise); `false` unblocks them. Yourself, or an unknown
    or inactive person, is 404. Answers the new state; blocking twice changes
    nothing."""
    other = selectors.person_for(request.user, user_id)
    if not payload.blocked:
        services.user_unblock(actor=request.user, user=other)
        return {"blocked": False}
    if not selectors.may_block(request.user, other):
        raise PermissionDenied("You can only block people you can message.")
    services.user_block(actor=request.user, user=other)
    return {"blocked": True}


@messages_router.get(
    "/{conversation_id}",
    response={200: ConversationDetailOut, 404: ErrorOut},
    summary="A conversation you are in, with its latest messages (marks it read)",
)
def conversation_read(request, conversation_id: ObjectId):
    """A conversation you are in, or have left, with the people still in it and its
    latest 50 messages, oldest first; marks it read. A message held for a
    safeguarding review has a null body. 404 for a conversation you were never in,
    whether or not it exists."""
    conversation = selectors.conversation_for(request.user, conversation_id)
    services.conversation_mark_read(actor=request.user, conversation=conversation)
    return _conversation_detail(request, conversation_id)


@messages_router.post(
    "/{conversation_id}/messages",
    response={201: MessageOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Send a message in a conversation you are in",
)
def message_send(request, conversation_id: ObjectId, payload: MessageIn):
    """Sends a message in a conversation you have not left; the others are notified.
    403 once you have left, when everyone else has, when someone in it has blocked
    you, or when you have blocked the only other person. The body goes through the
    confidentiality guard (422 unless acknowledged)."""
    conversation = selectors.conversation_for(request.user, conversation_id)
    message = services.message_send(
        actor=request.user,
        conversation=conversation,
        body=payload.body,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, _message_out(message))


@messages_router.post(
    "/{conversation_id}/leave",
    response={204: None, 404: ErrorOut},
    summary="Leave a conversation",
)
def conversation_leave(request, conversation_id: ObjectId):
    """You leave the conversation: it leaves your list and you can no longer send in
    it, though you may still read it. The others keep it; leaving twice changes
    nothing."""
    conversation = selectors.conversation_for(request.user, conversation_id)
    services.conversation_leave(actor=request.user, conversation=conversation)
    return Status(204, None)
