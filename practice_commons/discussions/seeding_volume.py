"""The national scale's volume of discussion: threads and replies added in bulk until
the database holds ``VOLUME_POSTS`` posts (2,000,000 at the ``national`` scale; none at
the smaller ones), after ``seeding.py`` has written its hand-made demo threads.

What must stay true at that size (``seed_demo`` loads it in minutes and bounded memory):

- Streaming: threads are written a batch at a time, and each batch's posts follow before
  the next batch is drawn; only community ids and member ids are held for the whole run.
  Posts go in as plain rows (``core.bulk.insert_rows``): building two million model
  instances took most of the load's time.
- Bodies are one to three paragraphs of one to three sentences from ``seeding_content``
  (the demo threads' own and ``VOLUME_SENTENCES``). Each sentence is rendered once
  (``_inline_html``) and a post's ``body_html`` is built from those pieces the way
  Markdown would join them, so the renderer and sanitiser run a few hundred times, not
  two million (the tests compare the result with ``render_markdown`` of the body).
- A heavy tail of thread lengths (a Pareto draw, most threads a handful of posts, a few
  hundreds), busier communities getting more threads (weighted by members), and ids
  rising with time, as in a forum that has been used for years.
- Every random choice comes from ``ctx.rng``.
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from functools import cache

from django.utils import timezone

from practice_commons.communities.models import Community, CommunityMembership, MembershipStatus
from practice_commons.core.bulk import insert_rows
from practice_commons.core.markdown import render_markdown
from practice_commons.core.seeding import Progress, SeedContext

from .models import Post, Thread
from .seeding_content import DEMO_THREADS, VOLUME_SENTENCES, VOLUME_TITLES, VOLUME_TOPICS

VOLUME_POSTS = {"national": 2_000_000}
THREADS_PER_BATCH = 1_000
POST_FIELDS = (
    "thread",
    "number",
    "is_opening",
    "author",
    "is_anonymous",
    "body",
    "body_html",
    "created_at",
    "hidden_reason",
)
MAX_THREAD_POSTS = 600
HISTORY = timedelta(days=3 * 365)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
PARAGRAPH = '<p class="govuk-body">{}</p>\n'


@cache
def sentences() -> tuple[str, ...]:
    """Every sentence of the demo threads and ``VOLUME_SENTENCES``, once each."""
    texts = [t for demo in DEMO_THREADS for t in (demo.body, *demo.replies)]
    found = [s.strip() for text in texts for s in SENTENCE_END.split(text)]
    found += VOLUME_SENTENCES
    return tuple(dict.fromkeys(s for s in found if len(s) > 12))


@cache
def _inline_html(sentence: str) -> str:
    """The sentence's HTML inside its paragraph element."""
    html = render_markdown(sentence)
    opening, closing = html.index(">") + 1, html.rindex("</p>")
    return html[opening:closing]


def _paragraph_html(chosen: list[str]) -> str:
    return PARAGRAPH.format(" ".join(_inline_html(s) for s in chosen))


def compose_body(rng) -> tuple[str, str]:
    """A post's markdown and its HTML: one to three paragraphs of one to three sentences."""
    pool = sentences()
    paragraphs = [rng.sample(pool, k=rng.randint(1, 3)) for _ in range(rng.randint(1, 3))]
    body = "\n\n".join(" ".join(chosen) for chosen in paragraphs)
    return body, "".join(_paragraph_html(chosen) for chosen in paragraphs)


def thread_length(rng) -> int:
    """Posts in a thread, its opening post included: a heavy tail, mean about ten."""
    return min(MAX_THREAD_POSTS, max(1, int(2.5 * rng.paretovariate(1.2)) - 1))


def _active_members() -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    rows = (
        CommunityMembership.objects.filter(
            status=MembershipStatus.ACTIVE, community__archived_at__isnull=True
        )
        .order_by("community_id", "user_id")
        .values_list("community_id", "user_id")
    )
    for community_id, user_id in rows.iterator(chunk_size=20_000):
        members.setdefault(community_id, []).append(user_id)
    return {c: ids for c, ids in members.items() if len(ids) >= 2}


def seed_volume(ctx: SeedContext, *, posts: int | None = None) -> int:
    """Add threads until the database holds ``posts`` posts (by default the scale's
    ``VOLUME_POSTS``). Returns how many posts were added."""
    target = VOLUME_POSTS.get(ctx.scale.name, 0) if posts is None else posts
    wanted = target - Post.objects.count()
    members = _active_members()
    if wanted <= 0 or not members:
        return 0
    communities = sorted(members)
    weights = list(itertools.accumulate(len(members[c]) for c in communities))
    anonymous_ok = set(
        Community.objects.filter(allow_anonymous_questions=True).values_list("pk", flat=True)
    )
    progress = Progress("posts", wanted, ctx.log, every=250_000)
    now = timezone.now()
    start = now - HISTORY
    made = 0
    while made < wanted:
        lengths: list[int] = []
        drawn = made
        while len(lengths) < THREADS_PER_BATCH and drawn < wanted:
            lengths.append(min(thread_length(ctx.rng), wanted - drawn))
            drawn += lengths[-1]
        # Threads are dated in order across the history, so newer ids are newer threads.
        first = start + HISTORY * (made / wanted)
        step = HISTORY * ((drawn - made) / wanted) / len(lengths)
        threads, planned = [], []
        for i, length in enumerate(lengths):
            community_id = ctx.rng.choices(communities, cum_weights=weights)[0]
            thread, posts = _thread_with_posts(
                ctx.rng,
                community_id,
                members[community_id],
                length,
                created=first + step * i,
                now=now,
                anonymous=community_id in anonymous_ok and ctx.rng.random() < 0.05,
            )
            threads.append(thread)
            planned.append(posts)
        Thread.objects.bulk_create(threads, batch_size=ctx.batch_size)
        rows = [
            (thread.pk, *post)
            for thread, posts in zip(threads, planned, strict=True)
            for post in posts
        ]
        insert_rows(Post, POST_FIELDS, rows, batch_size=ctx.batch_size)
        made += len(rows)
        progress.advance(len(rows))
    ctx.log(f"    discussions volume: {made:,} posts added ({Post.objects.count():,} in all)")
    return made


def _thread_with_posts(rng, community_id, people, length, *, created, now, anonymous):
    """One thread (unsaved) and its ``length`` posts as ``POST_FIELDS`` values after the
    thread's id, replies an hour to a day apart."""
    kind, pattern = rng.choice(VOLUME_TITLES)
    author_id = rng.choice(people)
    posts, at = [], created
    for number in range(length):
        body, html = compose_body(rng)
        writer = author_id if number == 0 else rng.choice(people)
        opening = number == 0
        posts.append((number, opening, writer, anonymous and opening, body, html, min(at, now), ""))
        at += timedelta(hours=rng.randint(1, 30), minutes=rng.randint(0, 59))
    thread = Thread(
        community_id=community_id,
        kind=kind,
        title=pattern.format(topic=rng.choice(VOLUME_TOPICS)),
        author_id=author_id,
        is_anonymous=anonymous,
        created_at=created,
        last_activity_at=posts[-1][6],
        last_post_number=length - 1,
        reply_count=length - 1,
    )
    return thread, posts
