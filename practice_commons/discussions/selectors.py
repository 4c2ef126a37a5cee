"""Reads of threads, posts, polls and messages, already filtered to what the reader may see.

Every list costs a fixed number of queries whatever its size: read state, reaction
counts, the reader's own reactions and attachments are fetched once for the whole page
and attached to the rows (``decorate_threads``, ``decorate_posts``).

What must stay true:

* A reader who cannot read the community gets ``Http404`` (never 403), so a private
  community does not leak through its threads.
* Templates and the API never read ``post.author`` for display: they read
  ``post.shown_author`` (``None`` for an anonymous post) and ``post.author_label``.
* Deleted and hidden threads are left out of lists for everyone but the community's
  moderators; posts held by a safeguarding report are shown as hidden to everyone but
  host admins.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.http import Http404
from django.utils.translation import gettext as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community, CommunityMembership, MembershipStatus
from practice_commons.safeguarding import selectors as safeguarding_selectors

from .kinds import ThreadKind
from .models import (
    Attachment,
    Block,
    CommunityFollow,
    Conversation,
    ConversationParticipant,
    Message,
    Poll,
    PollBallot,
    PollChoice,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    Thread,
    ThreadFollow,
    ThreadReadState,
)

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 30


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def anonymous_label() -> str:
    return _("A member")


# --- threads -------------------------------------------------------------------------


class Status:
    ALL = ""
    SOLVED = "solved"
    UNSOLVED = "unsolved"
    UNANSWERED = "unanswered"
    CHOICES = (
        ("", _("All")),
        ("unsolved", _("Not solved yet")),
        ("solved", _("Solved")),
        ("unanswered", _("No replies yet")),
    )


def threads_visible_to(
    user, community: Community, *, moderator: bool | None = None
) -> QuerySet[Thread]:
    """Threads of ``community`` that ``user`` may see in a list (404 if they cannot read
    the community)."""
    if not community_selectors.can_read(user, community):
        raise Http404
    if moderator is None:
        moderator = community_selectors.can_moderate(user, community)
    qs = Thread.objects.filter(community=community, deleted_at__isnull=True)
    if not moderator:
        qs = qs.filter(hidden_at__isnull=True)
    return safeguarding_selectors.exclude_hidden(qs, user)


def thread_list(
    user, community: Community, *, kind: str = "", status: str = "", moderator: bool | None = None
) -> QuerySet[Thread]:
    qs = threads_visible_to(user, community, moderator=moderator)
    if kind in ThreadKind.values:
        qs = qs.filter(kind=kind)
    if status == Status.SOLVED:
        qs = qs.filter(answer__isnull=False)
    elif status == Status.UNSOLVED:
        qs = qs.filter(answer__isnull=True)
    elif status == Status.UNANSWERED:
        qs = qs.filter(reply_count=0)
    return qs.select_related("author", "author__profession", "community").order_by(
        "-is_pinned", "-last_activity_at", "-pk"
    )


def decorate_threads(user, threads: list[Thread], *, last_visit=None) -> list[Thread]:
    """Attach ``shown_author``, ``author_label``, ``unread``, ``new_replies`` and
    ``is_new`` (started since the reader's last visit) to each thread (one query)."""
    states = {}
    if _signed_in(user) and threads:
        states = {
            s.thread_id: s
            for s in ThreadReadState.objects.filter(
                user=user, thread_id__in=[t.pk for t in threads]
            )
        }
    for thread in threads:
        _decorate_author(thread)
        state = states.get(thread.pk)
        if not _signed_in(user):
            thread.unread, thread.new_replies, thread.is_new = False, 0, False
            continue
        thread.is_new = state is None and (last_visit is None or thread.created_at > last_visit)
        thread.unread = state is None or state.last_seen_number < thread.last_post_number
        thread.new_replies = (thread.last_post_number - state.last_seen_number) if state else 0
    return threads


def _decorate_author(obj) -> None:
    if obj.is_anonymous:
        obj.shown_author, obj.author_label = None, anonymous_label()
    elif obj.author_id is None:
        obj.shown_author, obj.author_label = None, _("A former member")
    else:
        obj.shown_author, obj.author_label = obj.author, obj.author.display_name


def thread_for(user, community: Community, pk: int) -> Thread:
    """The thread if ``user`` may open it, else 404. Moderators may open deleted and
    hidden threads (marked as such); a safeguarding hold hides it from everyone else."""
    if not community_selectors.can_read(user, community):
        raise Http404
    thread = (
        Thread.objects.select_related(
            "community",
            "author",
            "author__profession",
            "answer",
            "answer__author",
            "community__current_rules",
        )
        .filter(community=community, pk=pk)
        .first()
    )
    if thread is None:
        raise Http404
    moderator = community_selectors.can_moderate(user, community)
    if (thread.deleted_at or thread.hidden_at) and not moderator:
        raise Http404
    if safeguarding_selectors.hidden_from(user, thread) and not moderator:
        raise Http404
    thread.viewer_is_moderator = moderator
    _decorate_author(thread)
    return thread


def thread_by_id_for(user, pk: int) -> Thread:
    """The same check for the API, which addresses threads by id alone."""
    thread = Thread.objects.select_related("community").filter(pk=pk).first()
    if thread is None:
        raise Http404
    return thread_for(user, thread.community, pk)


def posts_page(
    user, thread: Thread, *, after: int = -1, limit: int = POSTS_PER_PAGE
) -> tuple[list[Post], bool]:
    """Posts numbered after ``after`` (the opening post is 0), at most ``limit``, and
    whether there are more. Deleted and hidden posts stay in place as placeholders so the
    conversation still reads in order."""
    held = safeguarding_selectors.hidden_ids(Post)
    posts = list(
        Post.objects.filter(thread=thread, number__gt=after)
        .select_related(
            "author",
            "author__profession",
            "author__organisation",
            "quoted_post",
            "quoted_post__author",
        )
        .prefetch_related("attachments")
        .annotate(
            is_held=Case(When(pk__in=held, then=True), default=False, output_field=BooleanField())
        )
        .order_by("number")[: limit + 1]
    )
    has_more = len(posts) > limit
    posts = posts[:limit]
    decorate_posts(user, thread, posts)
    return posts, has_more


def post_for(user, thread: Thread, pk: int) -> Post:
    post = (
        Post.objects.select_related("author", "thread", "thread__community", "quoted_post")
        .prefetch_related("attachments")
        .filter(thread=thread, pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    post.thread = thread
    post.is_held = safeguarding_selectors.is_hidden(post)
    decorate_posts(user, thread, [post])
    return post


@dataclass
class ReactionSummary:
    kind: str
    label: str
    count: int = 0
    mine: bool = False


def decorate_posts(user, thread: Thread, posts: list[Post]) -> list[Post]:
    """Attach display state to posts with two queries for the whole page: reaction
    counts, and the reader's own reactions."""
    ids = [p.pk for p in posts]
    counts: dict[tuple[int, str], int] = {}
    mine: set[tuple[int, str]] = set()
    if ids:
        for row in (
            Reaction.objects.filter(post_id__in=ids)
            .values("post_id", "kind")
            .annotate(n=Count("id"))
        ):
            counts[(row["post_id"], row["kind"])] = row["n"]
        if _signed_in(user):
            mine = set(
                Reaction.objects.filter(post_id__in=ids, user=user).values_list("post_id", "kind")
            )
    moderator = getattr(thread, "viewer_is_moderator", None)
    if moderator is None:
        moderator = community_selectors.can_moderate(user, thread.community)
    host_admin = _signed_in(user) and user.is_host_admin
    for post in posts:
        _decorate_author(post)
        post.is_answer = thread.answer_id == post.pk
        post.viewer_is_author = _signed_in(user) and post.author_id == user.pk
        held = getattr(post, "is_held", False)
        # What the reader sees in place of the text, if anything.
        if post.deleted_at is not None:
            post.placeholder = _("This post was deleted.")
        elif post.hidden_at is not None or held:
            post.placeholder = _("This post has been hidden by a moderator.")
        else:
            post.placeholder = ""
        post.show_body = not post.placeholder or (
            moderator and post.deleted_at is None and (not held or host_admin)
        )
        post.reaction_summary = [
            ReactionSummary(
                kind=k, label=label, count=counts.get((post.pk, k), 0), mine=(post.pk, k) in mine
            )
            for k, label in ReactionKind.choices
        ]
        if post.quoted_post is not None:
            _decorate_author(post.quoted_post)
    return posts


def thread_first_unread_number(user, thread: Thread) -> int | None:
    """The last post number the reader had seen before this visit (None if never)."""
    if not _signed_in(user):
        return None
    state = ThreadReadState.objects.filter(user=user, thread=thread).first()
    return state.last_seen_number if state else None


def is_following(user, thread: Thread) -> bool:
    if not _signed_in(user):
        return False
    return ThreadFollow.objects.filter(user=user, thread=thread, following=True).exists()


def follows_community(user, community: Community) -> bool:
    if not _signed_in(user):
        return False
    return CommunityFollow.objects.filter(user=user, community=community).exists()


def revisions_for(user, post: Post) -> QuerySet[PostRevision]:
    """Earlier versions of a post: the community's moderators only."""
    if not community_selectors.can_moderate(user, post.thread.community):
        raise Http404
    return (
        PostRevision.objects.filter(post=post)
        .select_related("edited_by")
        .order_by("-replaced_at", "-pk")
    )


def recent_threads(user, community: Community, *, limit: int = 5) -> list[Thread]:
    threads = list(thread_list(user, community, moderator=False)[:limit])
    return decorate_threads(user, threads)


def solved_threads(user, community: Community, *, limit: int = 5) -> list[Thread]:
    threads = list(
        thread_list(user, community, status=Status.SOLVED, moderator=False).order_by(
            "-answered_at", "-pk"
        )[:limit]
    )
    return decorate_threads(user, threads)


def attachment_for(user, pk: int) -> Attachment:
    """An attachment the reader may download: its post is visible to them."""
    attachment = (
        Attachment.objects.select_related("post", "post__thread", "post__thread__community")
        .filter(pk=pk, post__isnull=False)
        .first()
    )
    if attachment is None:
        raise Http404
    post = attachment.post
    thread = thread_for(user, post.thread.community, post.thread_id)
    post.thread = thread
    moderator = thread.viewer_is_moderator
    if post.deleted_at is not None:
        raise Http404
    if (post.hidden_at is not None or safeguarding_selectors.is_hidden(post)) and not moderator:
        raise Http404
    return attachment


# --- polls ---------------------------------------------------------------------------


@dataclass
class PollOptionView:
    pk: int
    label: str
    votes: int = 0
    percent: int = 0
    chosen: bool = False


@dataclass
class PollView:
    poll: Poll
    options: list[PollOptionView] = field(default_factory=list)
    has_voted: bool = False
    is_closed: bool = False
    total_voters: int = 0

    @property
    def show_results(self) -> bool:
        return self.has_voted or self.is_closed


def poll_for(user, thread: Thread) -> PollView | None:
    """The thread's poll with results the reader may see (after voting or closing)."""
    poll = Poll.objects.filter(thread=thread).prefetch_related("options").first()
    if poll is None:
        return None
    view = PollView(poll=poll, is_closed=poll.is_closed())
    my_choices: set[int] = set()
    if _signed_in(user):
        my_choices = set(
            PollChoice.objects.filter(ballot__poll=poll, ballot__user=user).values_list(
                "option_id", flat=True
            )
        )
        view.has_voted = bool(my_choices)
    counts = {}
    if view.show_results:
        counts = dict(
            PollChoice.objects.filter(ballot__poll=poll)
            .values("option_id")
            .annotate(n=Count("id"))
            .values_list("option_id", "n")
        )
        view.total_voters = PollBallot.objects.filter(poll=poll).count()
    for option in poll.options.all():
        votes = counts.get(option.pk, 0)
        percent = round(100 * votes / view.total_voters) if view.total_voters else 0
        view.options.append(
            PollOptionView(
                pk=option.pk,
                label=option.label,
                votes=votes,
                percent=percent,
                chosen=option.pk in my_choices,
            )
        )
    return view


# --- messages ------------------------------------------------------------------------


def conversations_for(user) -> QuerySet[Conversation]:
    """The reader's conversations, newest first, with ``unread`` annotated."""
    seat = ConversationParticipant.objects.filter(conversation=OuterRef("pk"), user=user)
    return (
        Conversation.objects.filter(participants__user=user, participants__left_at__isnull=True)
        .annotate(
            unread=Exists(
                seat.filter(
                    Q(last_read_at__isnull=True) | Q(last_read_at__lt=OuterRef("last_message_at"))
                )
            )
        )
        .prefetch_related("participants__user")
        .order_by("-last_message_at", "-pk")
        .distinct()
    )


def conversation_for(user, pk: int) -> Conversation:
    """A conversation the reader is in (404 otherwise, whether or not it exists)."""
    if not _signed_in(user):
        raise Http404
    conversation = (
        Conversation.objects.filter(pk=pk, participants__user=user)
        .prefetch_related("participants__user")
        .first()
    )
    if conversation is None:
        raise Http404
    return conversation


def messages_in(conversation: Conversation, *, limit: int = 50) -> list[Message]:
    held = safeguarding_selectors.hidden_ids(Message)
    rows = list(
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .annotate(
            is_held=Case(When(pk__in=held, then=True), default=False, output_field=BooleanField())
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    rows.reverse()
    return rows


def messageable_people(user):
    """People who share at least one community with ``user`` and have not blocked them
    (or been blocked by them), for the "new message" picker."""
    from practice_commons.accounts.models import User

    if not _signed_in(user):
        return User.objects.none()
    mine = CommunityMembership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values(
        "community_id"
    )
    sharing = CommunityMembership.objects.filter(
        community_id__in=mine, status=MembershipStatus.ACTIVE
    ).values("user_id")
    blocked = Block.objects.filter(Q(blocker=user) | Q(blocked=user))
    return (
        User.objects.filter(pk__in=sharing, is_active=True)
        .exclude(pk=user.pk)
        .exclude(pk__in=blocked.filter(blocker=user).values("blocked_id"))
        .exclude(pk__in=blocked.filter(blocked=user).values("blocker_id"))
        .select_related("profession", "organisation")
        .order_by("full_name", "email")
    )


def blocked_people(user):
    from practice_commons.accounts.models import User

    return User.objects.filter(pk__in=Block.objects.filter(blocker=user).values("blocked_id"))


def has_blocked(user, other) -> bool:
    return Block.objects.filter(blocker=user, blocked=other).exists()


def unread_conversation_count(user) -> int:
    if not _signed_in(user):
        return 0
    return (
        ConversationParticipant.objects.filter(user=user, left_at__isnull=True)
        .exclude(last_read_at__gte=F("conversation__last_message_at"))
        .count()
    )


def shares_conversation(user, other) -> bool:
    return ConversationParticipant.objects.filter(
        user=other, conversation__participants__user=user
    ).exists()


def person_for(user, user_id: int):
    """Another active person, for block and unblock (404 for oneself or nobody)."""
    from practice_commons.accounts.models import User

    other = User.objects.filter(pk=user_id, is_active=True).first()
    if other is None or not _signed_in(user) or other.pk == user.pk:
        raise Http404
    return other
