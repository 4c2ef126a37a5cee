"""What every Atom feed of public content shares (``/communities/<slug>/feed.atom``,
``/events/feed.atom``, ``/library/feed.atom``, ``/jobs/feed.atom``).

What must stay true:

* A feed is what a visitor who is signed out sees, whoever asks: feed readers, proxies
  and caches share one copy, so nothing in it may depend on the requester. Feeds read
  with ``visitor()``, never ``request.user``, through each app's own selectors.
* Entries carry plain text only: a summary is the text a public page already shows,
  with any markup stripped, shortened, and escaped for Atom's ``type="html"`` summary,
  so a post's HTML never reaches a reader.
* A feed costs a fixed number of queries whatever the amount of content (at most
  ``FEED_ENTRIES`` entries, fetched in one go with what they show).
"""

import html
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

FEED_ENTRIES = 30
SUMMARY_WORDS = 60
# Shared caches may keep a feed this long: it is the same for everyone.
FEED_MAX_AGE = 300

_SPACES = re.compile(r"\s+")


def visitor() -> AnonymousUser:
    """The reader every feed is computed for."""
    return AnonymousUser()


def plain_text(*parts: str, words: int = SUMMARY_WORDS) -> str:
    """``parts`` (plain text or sanitised HTML) as one line of plain text, at most
    ``words`` words."""
    text = " ".join(html.unescape(strip_tags(p or "")) for p in parts if p)
    return Truncator(_SPACES.sub(" ", text).strip()).words(words, truncate=" …")


def summary(*parts: str, words: int = SUMMARY_WORDS) -> str:
    """``plain_text`` escaped, for Atom's ``<summary type="html">``: a reader shows the
    text as written (a ``<b>`` typed in a post stays three characters, never markup)."""
    return escape(plain_text(*parts, words=words))


class PublicAtomFeed(Feed):
    """An Atom feed of public content. Subclasses set ``title``, ``link`` and
    ``subtitle`` (or their methods) and ``items``, reading with ``visitor()``."""

    feed_type = Atom1Feed

    @property
    def language(self) -> str:
        # The host's language, not the requester's: one feed for everyone.
        return settings.LANGUAGE_CODE

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def item_title(self, item) -> str:
        return str(item)
