"""The home page's discussion blocks (``core.home``): requests for information the
person could answer, replies to their threads and mentions of them, and unread threads
in the communities they are in or follow. Each is one query, limited, and only
from communities the person may read (``communities.policies.community_policy``)."""

import datetime as dt

from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.policies import community_policy
from practice_commons.core.home import MAX_ITEMS, NEEDS, NEW, Block, Item, Link, register_block
from practice_commons.core.home import short_date as _short_date
from practice_commons.safeguarding import selectors as safeguarding_selectors

from .kinds import ThreadKind
from .models import CommunityFollow, Mention, Thread, ThreadReadState

# Unread threads older than this are not "new" any more.
NEW_FOR_DAYS = 30


def _readable_ids(user):
    return community_policy.visible_to(user).values("pk")


def _listed(threads, user):
    """Threads anyone may see in a list: not deleted or hidden, no safeguarding hold."""
    qs = threads.filter(deleted_at__isnull=True, hidden_at__isnull=True)
    return safeguarding_selectors.exclude_hidden(qs, user)


def _last_seen(user, thread_ref="pk"):
    return Subquery(
        ThreadReadState.objects.filter(user_id=user.pk, thread=OuterRef(thread_ref)).values(
            "last_seen_number"
        )[:1]
    )


def open_requests_for(user) -> list[Thread]:
    """Unanswered requests for information, not the person's own, whose "by when" has
    not passed, in communities they are an active member of or that are for their
    profession (and that they may read): soonest deadline first, then newest. One query."""
    where = Q(pk__in=community_selectors.community_ids_for_member(user))
    if user.profession_id:
        where |= Q(professions=user.profession_id)
    communities = (
        community_policy.visible_to(user).filter(where, archived_at__isnull=True).values("pk")
    )
    today = timezone.localdate()
    qs = _listed(
        Thread.objects.filter(
            kind=ThreadKind.REQUEST_FOR_INFORMATION,
            answer__isnull=True,
            is_locked=False,
            community_id__in=communities,
        ).filter(Q(key_date__isnull=True) | Q(key_date__gte=today)),
        user,
    ).exclude(author_id=user.pk)
    return list(
        qs.select_related("community").order_by(
            F("key_date").asc(nulls_last=True), "-created_at", "-pk"
        )[:MAX_ITEMS]
    )


def requests_for_information(user) -> Block:
    items = []
    for thread in open_requests_for(user):
        when = (
            _("by %(date)s") % {"date": _short_date(thread.key_date)}
            if thread.key_date
            else _("no deadline")
        )
        soon = thread.key_date and thread.key_date <= timezone.localdate() + dt.timedelta(days=2)
        items.append(
            Item(
                thread.title,
                thread.get_absolute_url(),
                detail=f"{thread.community.name} · {when}",
                tag=_("Due soon") if soon else "",
            )
        )
    return Block(
        title=_("Requests for information you could answer"),
        items=items,
        empty=_(
            "No open requests for information in your communities. Join a community to "
            "help colleagues find what they need."
        ),
        empty_link=Link(_("Find a community"), reverse("communities:directory")),
    )


REPLIES, MENTION = 1, 2


def replies_and_mentions_for(user) -> list[Item]:
    """Replies to the person's threads they have not read yet and posts that mention them
    that they have not seen, newest first, at most ``MAX_ITEMS`` in all. One query: the
    two halves, each reduced to the same columns, joined by ``UNION ALL``."""
    readable = _readable_ids(user)
    replies = (
        _listed(
            Thread.objects.filter(author_id=user.pk, reply_count__gt=0, community_id__in=readable),
            user,
        )
        .annotate(seen=_last_seen(user))
        .filter(Q(seen__isnull=True) | Q(seen__lt=F("last_post_number")))
        .order_by()
        .values(
            item_kind=Value(REPLIES),
            item_when=F("last_activity_at"),
            item_title=F("title"),
            item_community=F("community__name"),
            item_slug=F("community__slug"),
            item_thread=F("pk"),
            item_post=Value(None, output_field=BigIntegerField()),
            item_new=F("last_post_number") - Coalesce(F("seen"), 0),
        )
    )
    mentions = (
        Mention.objects.filter(
            user_id=user.pk,
            post__deleted_at__isnull=True,
            post__hidden_at__isnull=True,
            post__thread__deleted_at__isnull=True,
            post__thread__hidden_at__isnull=True,
            post__thread__community_id__in=readable,
        )
        .exclude(
            post__thread_id__in=safeguarding_selectors.hidden_ids(Thread),
        )
        .annotate(seen=_last_seen(user, "post__thread"))
        .filter(Q(seen__isnull=True) | Q(seen__lt=F("post__number")))
        .order_by()
        .values(
            item_kind=Value(MENTION),
            item_when=F("post__created_at"),
            item_title=F("post__thread__title"),
            item_community=F("post__thread__community__name"),
            item_slug=F("post__thread__community__slug"),
            item_thread=F("post__thread_id"),
            item_post=F("post_id"),
            item_new=Value(0),
        )
    )
    rows = replies.union(mentions, all=True).order_by(
        "-item_when", "item_kind", "-item_thread", "-item_post"
    )
    return [_reply_or_mention(row) for row in rows[:MAX_ITEMS]]


def _reply_or_mention(row: dict) -> Item:
    thread = {"community_slug": row["item_slug"], "pk": row["item_thread"]}
    url = reverse("discussions:thread", kwargs=thread)
    detail = f"{row['item_community']} · {_short_date(row['item_when'])}"
    if row["item_kind"] == MENTION:
        post_url = f"{url}#post-{row['item_post']}"
        return Item(row["item_title"], post_url, detail=detail, tag=_("Mentions you"))
    new = row["item_new"]
    tag = ngettext("%(n)s new reply", "%(n)s new replies", new) % {"n": new}
    return Item(row["item_title"], url, detail=detail, tag=tag)


def replies_and_mentions(user) -> Block:
    return Block(
        title=_("Replies to your threads and mentions"),
        items=replies_and_mentions_for(user),
        empty=_("Nothing new on your threads. Ask your communities a question when you need one."),
        empty_link=Link(_("Your communities"), reverse("communities:directory")),
        see_all=Link(_("All your notifications"), reverse("notifications:list")),
    )


def unread_threads_for(user) -> list[Thread]:
    """Threads with something the person has not read, active in the last
    ``NEW_FOR_DAYS`` days, in communities they are in or follow (and may read). One query."""
    since = timezone.now() - dt.timedelta(days=NEW_FOR_DAYS)
    followed = CommunityFollow.objects.filter(user_id=user.pk).values("community_id")
    communities = (
        community_policy.visible_to(user)
        .filter(
            Q(pk__in=community_selectors.community_ids_for_member(user)) | Q(pk__in=followed),
            archived_at__isnull=True,
        )
        .values("pk")
    )
    qs = (
        _listed(
            Thread.objects.filter(community_id__in=communities, last_activity_at__gte=since), user
        )
        .exclude(author_id=user.pk)
        .annotate(seen=_last_seen(user))
        .filter(Q(seen__isnull=True) | Q(seen__lt=F("last_post_number")))
    )
    return list(qs.select_related("community").order_by("-last_activity_at", "-pk")[:MAX_ITEMS])


def unread_threads(user) -> Block:
    items = []
    for thread in unread_threads_for(user):
        if thread.seen is None:
            tag = _("New")
        else:
            new = thread.last_post_number - thread.seen
            tag = ngettext("%(n)s new reply", "%(n)s new replies", new) % {"n": new}
        items.append(
            Item(
                thread.title,
                thread.get_absolute_url(),
                detail=f"{thread.community.name} · {_short_date(thread.last_activity_at)}",
                tag=tag,
            )
        )
    return Block(
        title=_("Unread in your communities"),
        items=items,
        empty=_("You are up to date. Follow a community to see its new threads here."),
        empty_link=Link(_("Browse communities"), reverse("communities:directory")),
    )


register_block("requests_for_information", requests_for_information, section=NEEDS, order=10)
register_block("replies_and_mentions", replies_and_mentions, section=NEEDS, order=20)
register_block("unread_threads", unread_threads, section=NEW, order=10)
