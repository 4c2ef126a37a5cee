"""Threads a reader may see: lists, one thread fetched and checked, read state and follows.

What must stay true:

* A reader who cannot read the community gets ``NotFound`` (never 403), so a private
  community does not leak through its threads; the rule is
  ``communities.policies.community_policy``, asked here and nowhere else in this app.
* Deleted and hidden threads are left out of lists for everyone but the community's
  moderators, and a thread under a safeguarding hold is left out for everyone but host
  admins and the people reviewing the report.
* Lists cost a fixed number of queries whatever their size: read state is fetched once
  for the whole page (``decorate_threads``).
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community
from practice_commons.communities.policies import community_policy
from practice_commons.core.errors import NotFound
from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..kinds import ThreadKind
from ..models import CommunityFollow, Thread, ThreadFollow, ThreadReadState
from .common import decorate_author, signed_in

THREADS_PER_PAGE = 20


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
    """Threads of ``community`` that ``user`` may see in a list (``NotFound`` if they
    cannot read the community)."""
    if not community_policy.can_read(user, community):
        raise NotFound
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
    if signed_in(user) and threads:
        states = {
            s.thread_id: s
            for s in ThreadReadState.objects.filter(
                user=user, thread_id__in=[t.pk for t in threads]
            )
        }
    for thread in threads:
        decorate_author(thread)
        state = states.get(thread.pk)
        if not signed_in(user):
            thread.unread, thread.new_replies, thread.is_new = False, 0, False
            continue
        thread.is_new = state is None and (last_visit is None or thread.created_at > last_visit)
        thread.unread = state is None or state.last_seen_number < thread.last_post_number
        thread.new_replies = (thread.last_post_number - state.last_seen_number) if state else 0
    return threads


def thread_for_reader(user, thread_id: int, *, community: Community | None = None) -> Thread:
    """The thread if ``user`` may open it, fetched with what its page and the API show;
    else ``NotFound``, the same whether it does not exist or may not be seen.

    Like Zulip's ``access_stream_by_id``, one call fetches and checks: the community's read
    policy, deletion and hiding (moderators may open those, marked as such), and
    safeguarding holds. Pages pass the ``community`` they resolved from the URL, so a
    thread is only found under its own community. Sets ``viewer_is_moderator``.
    """
    threads = Thread.objects.select_related(
        "community",
        "author",
        "author__profession",
        "answer",
        "answer__author",
        "community__current_rules",
    )
    if community is not None:
        threads = threads.filter(community=community)
    thread = threads.filter(pk=thread_id).first()
    if thread is None or not community_policy.can_read(user, thread.community):
        raise NotFound
    moderator = community_selectors.can_moderate(user, thread.community)
    if not moderator and (
        thread.deleted_at or thread.hidden_at or safeguarding_selectors.hidden_from(user, thread)
    ):
        raise NotFound
    thread.viewer_is_moderator = moderator
    decorate_author(thread)
    return thread


def thread_first_unread_number(user, thread: Thread) -> int | None:
    """The last post number the reader had seen before this visit (None if never)."""
    if not signed_in(user):
        return None
    state = ThreadReadState.objects.filter(user=user, thread=thread).first()
    return state.last_seen_number if state else None


def is_following(user, thread: Thread) -> bool:
    if not signed_in(user):
        return False
    return ThreadFollow.objects.filter(user=user, thread=thread, following=True).exists()


def follows_community(user, community: Community) -> bool:
    if not signed_in(user):
        return False
    return CommunityFollow.objects.filter(user=user, community=community).exists()


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
