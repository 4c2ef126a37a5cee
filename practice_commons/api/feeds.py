"""``/communities/<slug>/feed.atom``: a public community's threads and its documented
solutions, newest first, as a visitor signed out sees them.

Threads belong to ``discussions`` and solutions to ``library``, which sit side by side
and may not import each other, so the feed that joins them lives here, one layer above
(like ``wiring.py``), mounted in ``config/urls.py`` before the communities' URLs.

Visibility is each app's own: the community is ``community_for_reader`` for a visitor
(a members-only or private community is ``NotFound``, a 404 for everyone, its members
included: feeds are public only); threads are ``discussions.selectors.public_threads``
and solutions ``library.selectors.items_list`` for a visitor (published only).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community
from practice_commons.core.feeds import FEED_ENTRIES, PublicAtomFeed, summary, visitor
from practice_commons.discussions import selectors as discussion_selectors
from practice_commons.library import selectors as library_selectors
from practice_commons.library.models import ItemKind


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    published: datetime
    updated: datetime
    summary: str
    author: str | None
    category: str


def _thread_entries(community: Community) -> list[Entry]:
    return [
        Entry(
            title=thread.title,
            url=thread.get_absolute_url(),
            published=thread.created_at,
            updated=max(thread.last_activity_at, thread.created_at),
            summary=summary(f"{thread.get_kind_display()}.", thread.opening_html),
            author=thread.author_label,
            category=str(thread.get_kind_display()),
        )
        for thread in discussion_selectors.public_threads(community, limit=FEED_ENTRIES)
    ]


def _solution_entries(community: Community) -> list[Entry]:
    solutions = library_selectors.items_list(
        visitor(), kind=ItemKind.SOLUTION, community=community
    ).prefetch_related(None)[:FEED_ENTRIES]
    return [
        Entry(
            title=item.title,
            url=item.get_absolute_url(),
            published=item.published_at or item.updated_at,
            updated=item.updated_at,
            summary=summary(f"{item.get_kind_display()}.", item.summary),
            author=item.contact.display_name if item.contact_id else None,
            category=str(item.get_kind_display()),
        )
        for item in solutions
    ]


class CommunityFeed(PublicAtomFeed):
    def get_object(self, request, slug: str) -> Community:
        # The visitor's answer whoever asks: a 404 for a members-only or private
        # community, even for its own members.
        return community_selectors.community_for_reader(visitor(), slug)

    def title(self, community: Community) -> str:
        return _("%(community)s — Practice Commons") % {"community": community.name}

    def subtitle(self, community: Community) -> str:
        return community.purpose

    def link(self, community: Community) -> str:
        return community.get_absolute_url()

    def items(self, community: Community) -> list[Entry]:
        entries = _thread_entries(community) + _solution_entries(community)
        entries.sort(key=lambda e: e.published, reverse=True)
        return entries[:FEED_ENTRIES]

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_link(self, item: Entry) -> str:
        return item.url

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_author_name(self, item: Entry) -> str | None:
        return item.author

    def item_pubdate(self, item: Entry) -> datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> datetime:
        return item.updated

    def item_categories(self, item: Entry) -> list[str]:
        return [item.category]


community_feed = CommunityFeed()
