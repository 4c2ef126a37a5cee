"""A community's threads as a visitor signed out sees them, for its public Atom feed
(``/communities/<slug>/feed.atom``, built in the ``api`` app beside the library's
solutions).

Nothing here decides visibility again: the threads are ``threads_visible_to`` a visitor
(the community read rule, deleted, hidden and held threads left out, as in every list),
and an opening post's text is shown only when the thread page would show it to a
visitor (``decorate_posts``: not deleted, not hidden, not held).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from practice_commons.communities.models import Community
from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..models import Post, Thread
from .common import decorate_author
from .threads import threads_visible_to


def public_threads(community: Community, *, limit: int) -> list[Thread]:
    """The ``limit`` newest threads of ``community`` a visitor may see, newest first,
    each with ``shown_author``/``author_label`` and ``opening_html`` (its opening post's
    sanitised HTML, or "" when a visitor would see a placeholder instead): two queries.
    ``NotFound`` when a visitor cannot read the community."""
    visitor = AnonymousUser()
    openings = safeguarding_selectors.exclude_hidden(
        Post.objects.filter(is_opening=True, deleted_at__isnull=True, hidden_at__isnull=True),
        visitor,
    ).only("pk", "thread_id", "body", "body_html")
    threads = list(
        threads_visible_to(visitor, community, moderator=False)
        .select_related("author")
        .prefetch_related(Prefetch("posts", queryset=openings, to_attr="visible_openings"))
        .order_by("-created_at", "-pk")[:limit]
    )
    for thread in threads:
        thread.community = community
        decorate_author(thread)
        opening = thread.visible_openings[0] if thread.visible_openings else None
        thread.opening_html = str(opening.body_as_html) if opening else ""
    return threads
