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

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community
from practice_commons.communities.policies import community_policy
from practice_commons.core.errors import NotFound
from practice_commons.core.queries import rows_of_either
from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..kinds import ThreadKind
from ..models import CommunityFollow, Thread, ThreadFollow, ThreadReadState
from .common import decorate_author, signed_in

THREADS_PER_PAGE = 20
MAX_PAGE = 500  # "Load more" goes this deep at most (10,000 threads)


@dataclass
class ThreadPage:
    """A page of a thread list for "Load more": one query for the rows and one more row
    to know whether there is a next page, never a ``COUNT`` of the whole list."""

    object_list: list[Thread]
    number: int
    has_next: bool

    def next_page_number(self) -> int:
        return self.number + 1


def thread_page(threads: QuerySet[Thread], page, *, per_page: int = THREADS_PER_PAGE) -> ThreadPage:
    """Page ``page`` (1 for anything that is not a page number) of ``threads``."""
    try:
        number = min(max(int(page), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(threads[start : start + per_page + 1])
    return ThreadPage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)


class Status:
    ALL = ""
    SOLVED = "solved"
    UNSOLVED = "unsolved"
    UNANSWERED = "unanswered"
    # Lazy: the filter form shows them in the reader's language.
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
    return (
        _with_last_seen(qs, user)
        .select_related("author", "author__profession", "community")
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )


def _with_last_seen(threads: QuerySet[Thread], user) -> QuerySet[Thread]:
    """The last post number the reader had seen in each thread (``reader_last_seen``,
    ``None`` if never), as a subquery of the list's own query."""
    if not signed_in(user):
        return threads
    return threads.annotate(
        reader_last_seen=Subquery(
            ThreadReadState.objects.filter(user=user, thread=OuterRef("pk")).values(
                "last_seen_number"
            )[:1]
        )
    )


def decorate_threads(user, threads: list[Thread], *, last_visit=None) -> list[Thread]:
    """Attach ``shown_author``, ``author_label``, ``unread``, ``new_replies`` and
    ``is_new`` (started since the reader's last visit; never without one) to each
    thread: no query for threads from ``thread_list`` (which brings the read state),
    else one."""
    seen: dict[int, int] = {}
    if signed_in(user) and threads:
        missing = [t.pk for t in threads if not hasattr(t, "reader_last_seen")]
        if missing:
            seen = dict(
                ThreadReadState.objects.filter(user=user, thread_id__in=missing).values_list(
                    "thread_id", "last_seen_number"
                )
            )
    for thread in threads:
        decorate_author(thread)
        if not signed_in(user):
            thread.unread, thread.new_replies, thread.is_new = False, 0, False
            continue
        last = getattr(thread, "reader_last_seen", None)
        if last is None:
            last = seen.get(thread.pk)
        # "New since your last visit" only for someone who has visited before.
        thread.is_new = last is None and last_visit is not None and thread.created_at > last_visit
        thread.unread = last is None or last < thread.last_post_number
        thread.new_replies = (thread.last_post_number - last) if last is not None else 0
    return threads


def _with_reader_state(threads: QuerySet[Thread], user) -> QuerySet[Thread]:
    """Annotate what the thread page asks about the reader and the thread, so the one
    query that fetches the thread answers it: a safeguarding hold (``is_held``), whether
    the reader follows it (``reader_follows``) and the last post number they had seen
    (``reader_last_seen``, ``None`` if never)."""
    held = safeguarding_selectors.hidden_ids(Thread).filter(object_id=OuterRef("pk"))
    threads = threads.annotate(is_held=Exists(held))
    if signed_in(user):
        threads = threads.annotate(
            reader_follows=Exists(
                ThreadFollow.objects.filter(user=user, thread=OuterRef("pk"), following=True)
            ),
            reader_last_seen=Subquery(
                ThreadReadState.objects.filter(user=user, thread=OuterRef("pk")).values(
                    "last_seen_number"
                )[:1]
            ),
        )
    return threads


def thread_for_reader(
    user, thread_id: int, *, community: Community | None = None, community_slug: str = ""
) -> Thread:
    """The thread if ``user`` may open it, fetched with what its page and the API show;
    else ``NotFound``, the same whether it does not exist or may not be seen.

    Like Zulip's ``access_stream_by_id``, one call fetches and checks: the community's read
    policy, deletion and hiding (moderators may open those, marked as such), and
    safeguarding holds. Pages pass the ``community`` they resolved from the URL, or its
    ``community_slug`` (then the community comes with the thread, in the same query, and
    the reader's membership is fetched once, ``community_selectors.prime_membership``,
    for every permission question the page asks next), so a thread is only found under
    its own community. Sets ``viewer_is_moderator``.
    """
    # Only what the thread's pages and the API read: PostgreSQL plans each further join
    # (the answer and its author, the community's parent and host took 2.9 ms of
    # planning with them, 0.6 ms without, for a 0.2 ms execution).
    threads = Thread.objects.select_related(
        "community", "author", "author__profession", "community__current_rules", "poll"
    )
    if community is not None:
        threads = threads.filter(community=community)
    if community_slug:
        threads = threads.filter(community__slug=community_slug)
    thread = _with_reader_state(threads, user).filter(pk=thread_id).first()
    if thread is None:
        raise NotFound
    if community is not None:
        thread.community = community
    else:
        # A community object of its own, fetched just now: safe to keep the reader's
        # membership on it for this request.
        community_selectors.prime_membership(user, thread.community)
    if not community_policy.can_read(user, thread.community):
        raise NotFound
    moderator = community_selectors.can_moderate(user, thread.community)
    if not moderator and (
        thread.deleted_at
        or thread.hidden_at
        or (thread.is_held and not safeguarding_selectors.can_see_hidden(user, thread))
    ):
        raise NotFound
    thread.viewer_is_moderator = moderator
    decorate_author(thread)
    return thread


def thread_first_unread_number(user, thread: Thread) -> int | None:
    """The last post number the reader had seen before this visit (None if never);
    no query when the thread came from ``thread_for_reader``."""
    if not signed_in(user):
        return None
    if hasattr(thread, "reader_last_seen"):
        return thread.reader_last_seen
    state = ThreadReadState.objects.filter(user=user, thread=thread).first()
    return state.last_seen_number if state else None


def is_following(user, thread: Thread) -> bool:
    """No query when the thread came from ``thread_for_reader``."""
    if not signed_in(user):
        return False
    if hasattr(thread, "reader_follows"):
        return thread.reader_follows
    return ThreadFollow.objects.filter(user=user, thread=thread, following=True).exists()


def follows_community(user, community: Community) -> bool:
    if not signed_in(user):
        return False
    return CommunityFollow.objects.filter(user=user, community=community).exists()


# Kinds that ask the community something: unsolved, they are its "open questions".
QUESTION_KINDS = frozenset(
    {
        ThreadKind.PROBLEM_SOLVING,
        ThreadKind.REQUEST_FOR_INFORMATION,
        ThreadKind.SEEKING_EXPERIENCE,
    }
)


def recent_threads(user, community: Community, *, limit: int = 5) -> list[Thread]:
    threads = list(thread_list(user, community, moderator=False)[:limit])
    return decorate_threads(user, threads)


def latest_and_solved(
    user, community: Community, *, latest: int, solved: int
) -> tuple[list[Thread], list[Thread]]:
    """The ``latest`` threads (pinned first, then by activity) and the ``solved`` most
    recently solved, in one query (undecorated)."""
    threads = thread_list(user, community, moderator=False)
    newest = threads.values("pk")[:latest]
    answered = threads.filter(answer__isnull=False).order_by("-answered_at", "-pk")
    # Not one filter with OR: PostgreSQL guessed a third of the community's threads and
    # joined the authors by reading every member (10.4 ms at the large demo scale; 0.3 ms).
    rows = rows_of_either(
        threads.filter(pk__in=Subquery(newest)),
        threads.filter(pk__in=Subquery(answered.values("pk")[:solved])),
        order_by=threads.query.order_by,
    )
    # Each list's own members rank above any row that came only for the other list.
    return rows[:latest], sorted(
        (t for t in rows if t.answer_id is not None),
        key=lambda t: (t.answered_at or t.created_at, t.pk),
        reverse=True,
    )[:solved]
