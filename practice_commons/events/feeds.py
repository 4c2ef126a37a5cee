"""``/events/feed.atom``: the public programme, as a visitor sees the events list
(``selectors.upcoming_listing`` for a visitor: published events that have not ended,
hosted by no community or by a public one, not held; a recurring series once, at its
next date), soonest first.

An entry says what the event's page says to someone signed out: when, where, who hosts
it, who may register (``policies.audience_sentence``) and its description. The online
joining link, shown only to people with a confirmed place, is never in the feed.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.core.feeds import FEED_ENTRIES, PublicAtomFeed, summary, visitor

from . import policies, selectors, timefmt
from .models import Event


def _where(event: Event) -> str:
    places = []
    if event.is_in_person:
        places += [p for p in (event.venue, event.address or event.area) if p]
    if event.is_online:
        places.append(_("online"))
    return ", ".join(places)


class EventsFeed(PublicAtomFeed):
    title = gettext_lazy("Events and joint training — Practice Commons")
    subtitle = gettext_lazy(
        "Upcoming practitioners' forums, joint training across agencies, reflective "
        "sessions, visits and socials, soonest first."
    )

    def link(self) -> str:
        return reverse("events:list")

    def items(self) -> list[Event]:
        # A feed shows no professions: drop the list's prefetch, keep one query.
        return list(selectors.upcoming_listing(visitor()).prefetch_related(None)[:FEED_ENTRIES])

    def item_title(self, item: Event) -> str:
        return _("%(title)s, %(day)s") % {"title": item.title, "day": timefmt.day(item.starts_at)}

    def item_description(self, item: Event) -> str:
        facts = [_("%(when)s (UK time).") % {"when": timefmt.when(item.starts_at, item.ends_at)}]
        where = _where(item)
        if where:
            facts.append(_("Where: %(where)s.") % {"where": where})
        facts.append(_("Hosted by %(host)s.") % {"host": item.host_name})
        facts.append(policies.audience_sentence(item))
        return summary(" ".join(facts), item.description, words=80)

    def item_pubdate(self, item: Event):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Event):
        return item.updated_at

    def item_categories(self, item: Event) -> list[str]:
        return [str(item.get_kind_display())]
