"""Digest sections for the notifications app's daily and weekly emails.

Each builder answers for a batch of people in a fixed number of queries (the batch's
memberships, then the threads of all their communities at once) and only names
threads in communities where the person is an active member now. That is narrower than
who may read a community (``communities.policies.community_policy``: an active member can
always read it), so a digest never names a thread its reader could not open, and a
public community someone only browses does not fill their inbox. Items carry titles and
community names only, never an author: an anonymous question stays anonymous.
"""

from collections import defaultdict
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.communities.models import CommunityMembership, MembershipStatus
from practice_commons.notifications.digest import DigestItem
from practice_commons.safeguarding import selectors as safeguarding_selectors

from .kinds import ThreadKind
from .models import Post, Thread

MAX_ITEMS = 10


def _memberships(user_ids: list[int]) -> dict[int, set[int]]:
    """{community_id: {user_id, …}} for the batch's active memberships (one query)."""
    by_community: dict[int, set[int]] = defaultdict(set)
    for user_id, community_id in CommunityMembership.objects.filter(
        user_id__in=user_ids, status=MembershipStatus.ACTIVE, community__archived_at__isnull=True
    ).values_list("user_id", "community_id"):
        by_community[community_id].add(user_id)
    return by_community


def _visible(qs):
    return (
        qs.filter(deleted_at__isnull=True, hidden_at__isnull=True)
        .exclude(pk__in=safeguarding_selectors.hidden_ids(Thread))
        .select_related("community")
    )


def _item(thread: Thread, summary: str) -> DigestItem:
    return DigestItem(title=thread.title, url=thread.get_absolute_url(), summary=summary)


def _distribute(
    threads, members: dict[int, set[int]], summary, exclude_author=True
) -> dict[int, list[DigestItem]]:
    result: dict[int, list[DigestItem]] = defaultdict(list)
    for thread in threads:
        for user_id in members.get(thread.community_id, ()):
            if exclude_author and thread.author_id == user_id:
                continue
            if len(result[user_id]) < MAX_ITEMS:
                result[user_id].append(_item(thread, summary(thread)))
    return dict(result)


def new_threads_and_answers(
    user_ids: list[int], since: datetime, until: datetime
) -> dict[int, list[DigestItem]]:
    """Threads started, or replied to, in the period in the person's communities."""
    members = _memberships(user_ids)
    if not members:
        return {}
    threads = _visible(
        Thread.objects.filter(community_id__in=list(members)).filter(
            Q(created_at__gte=since, created_at__lt=until)
            | Q(last_activity_at__gte=since, last_activity_at__lt=until)
        )
    ).order_by("-last_activity_at")[:200]

    def summary(thread):
        if since <= thread.created_at < until:
            return _("New %(kind)s thread in %(community)s") % {
                "kind": thread.get_kind_display().lower(),
                "community": thread.community.name,
            }
        return _("New replies in %(community)s") % {"community": thread.community.name}

    return _distribute(list(threads), members, summary)


def solved_threads(
    user_ids: list[int], since: datetime, until: datetime
) -> dict[int, list[DigestItem]]:
    members = _memberships(user_ids)
    if not members:
        return {}
    threads = _visible(
        Thread.objects.filter(
            community_id__in=list(members),
            answered_at__gte=since,
            answered_at__lt=until,
            answer__isnull=False,
        )
    ).order_by("-answered_at")[:200]
    return _distribute(
        list(threads),
        members,
        lambda t: _("Solved in %(community)s") % {"community": t.community.name},
        exclude_author=False,
    )


def open_requests(
    user_ids: list[int], since: datetime, until: datetime
) -> dict[int, list[DigestItem]]:
    """Unsolved requests for information in the person's communities, whose "by when"
    date has not passed, that they have not already replied to."""
    members = _memberships(user_ids)
    if not members:
        return {}
    today = timezone.localdate(until)
    threads = list(
        _visible(
            Thread.objects.filter(
                community_id__in=list(members),
                kind=ThreadKind.REQUEST_FOR_INFORMATION,
                answer__isnull=True,
                is_locked=False,
            )
            .filter(Q(key_date__isnull=True) | Q(key_date__gte=today))
            .filter(created_at__gte=until - (until - since) * 4)
        ).order_by("key_date", "-created_at")[:100]
    )
    replied = set(
        Post.objects.filter(thread__in=[t.pk for t in threads], author_id__in=user_ids).values_list(
            "thread_id", "author_id"
        )
    )

    result: dict[int, list[DigestItem]] = defaultdict(list)
    for thread in threads:
        for user_id in members.get(thread.community_id, ()):
            if thread.author_id == user_id or (thread.pk, user_id) in replied:
                continue
            if len(result[user_id]) < MAX_ITEMS:
                summary = (
                    _("Needed by %(date)s, in %(community)s")
                    % {
                        "date": thread.key_date.strftime("%-d %B %Y"),
                        "community": thread.community.name,
                    }
                    if thread.key_date
                    else _("In %(community)s") % {"community": thread.community.name}
                )
                result[user_id].append(_item(thread, summary))
    return dict(result)
