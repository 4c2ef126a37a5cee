"""``/library/feed.atom``: published items a visitor may read (``selectors.items_list``
for a visitor: published, and host-wide or in a public community), newest update first.
Drafts, items waiting for review and items of members-only or private communities never
appear."""

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from practice_commons.core.feeds import FEED_ENTRIES, PublicAtomFeed, summary, visitor

from . import selectors
from .models import LibraryItem


def public_items(*, kind: str = "", community=None) -> list[LibraryItem]:
    """The newest ``FEED_ENTRIES`` items a visitor may read: one query (the list's tag
    prefetches are not needed by a feed)."""
    qs = selectors.items_list(visitor(), kind=kind, community=community).prefetch_related(None)
    return list(qs[:FEED_ENTRIES])


def item_summary(item: LibraryItem) -> str:
    if item.community_id:
        where = gettext("%(kind)s in %(community)s.") % {
            "kind": item.get_kind_display(),
            "community": item.community.name,
        }
    else:
        where = gettext("%(kind)s.") % {"kind": item.get_kind_display()}
    return summary(where, item.summary)


def item_author(item: LibraryItem) -> str | None:
    """The contact person, as the item's page shows them (no one else is named)."""
    return item.contact.display_name if item.contact_id else None


class LibraryFeed(PublicAtomFeed):
    title = gettext_lazy("Library — Practice Commons")
    subtitle = gettext_lazy(
        "Practice examples, documented solutions and resources shared by practitioners "
        "across professions, newest first."
    )

    def link(self) -> str:
        return reverse("library:home")

    def items(self) -> list[LibraryItem]:
        return public_items()

    def item_title(self, item: LibraryItem) -> str:
        return item.title

    def item_description(self, item: LibraryItem) -> str:
        return item_summary(item)

    def item_author_name(self, item: LibraryItem) -> str | None:
        return item_author(item)

    def item_pubdate(self, item: LibraryItem):
        return item.published_at or item.updated_at

    def item_updateddate(self, item: LibraryItem):
        return item.updated_at

    def item_categories(self, item: LibraryItem) -> list[str]:
        return [str(item.get_kind_display())]
