"""The national scale's volume of posts: the same rules as a real thread, text that passes
the guard, and HTML that is what the renderer would have made."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from practice_commons.communities.models import CommunityMembership, MembershipStatus
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.markdown import render_markdown
from practice_commons.core.seeding import SCALES, SeedContext
from practice_commons.discussions.models import Post, Thread
from practice_commons.discussions.seeding_content import VOLUME_TITLES, VOLUME_TOPICS
from practice_commons.discussions.seeding_volume import (
    MAX_THREAD_POSTS,
    VOLUME_POSTS,
    compose_body,
    seed_volume,
    sentences,
    thread_length,
)


def test_the_national_scale_holds_two_million_posts_and_the_others_none():
    assert VOLUME_POSTS.get("national") == 2_000_000
    assert VOLUME_POSTS.get("small", 0) == 0 and VOLUME_POSTS.get("large", 0) == 0


def test_composed_html_is_what_the_renderer_makes_of_the_body():
    rng = random.Random(7)
    for _ in range(300):
        body, html = compose_body(rng)
        assert html == render_markdown(body)


def test_thread_lengths_have_a_heavy_tail():
    rng = random.Random(3)
    lengths = [thread_length(rng) for _ in range(20_000)]
    assert min(lengths) == 1 and max(lengths) <= MAX_THREAD_POSTS
    assert 6 <= sum(lengths) / len(lengths) <= 14
    assert sorted(lengths)[len(lengths) // 2] <= 5  # most threads are short
    assert sum(n >= 50 for n in lengths) >= 100  # and some are long


@pytest.mark.django_db
def test_volume_texts_pass_the_guard():
    for sentence in sentences():
        guard_texts(texts={"body": sentence})
    for _kind, pattern in VOLUME_TITLES:
        for topic in VOLUME_TOPICS:
            guard_texts(texts={"title": pattern.format(topic=topic)})


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def _context() -> SeedContext:
    ctx = SeedContext(scale=SCALES["small"], log=lambda _line: None)
    ctx.rng = ctx.random_for("discussions_volume")
    return ctx


def test_small_scale_adds_no_volume(seeded):
    before = Post.objects.count()
    assert seed_volume(_context()) == 0
    assert Post.objects.count() == before


def test_volume_tops_the_posts_up_to_the_target_as_real_threads(seeded):
    before_threads = Thread.objects.count()
    target = Post.objects.count() + 2_500
    newest_before = Thread.objects.aggregate(m=Max("pk"))["m"]

    assert seed_volume(_context(), posts=target) == 2_500

    assert Post.objects.count() == target
    added = Thread.objects.filter(pk__gt=newest_before).annotate(
        posts_made=Count("posts"),
        first=Min("posts__number"),
        last=Max("posts__number"),
    )
    assert added.count() > before_threads // 10
    members = set(
        CommunityMembership.objects.filter(status=MembershipStatus.ACTIVE).values_list(
            "community_id", "user_id"
        )
    )
    previous = None
    for thread in added.order_by("pk"):
        assert thread.first == 0 and thread.last == thread.posts_made - 1
        assert thread.reply_count == thread.last_post_number == thread.posts_made - 1
        posts = list(thread.posts.order_by("number"))
        assert posts[0].is_opening and not any(p.is_opening for p in posts[1:])
        assert posts[0].author_id == thread.author_id
        assert thread.last_activity_at == posts[-1].created_at
        assert all((thread.community_id, p.author_id) in members for p in posts)
        assert all(p.body_html for p in posts)
        if previous is not None:
            assert thread.created_at >= previous  # newer ids are newer threads
        previous = thread.created_at
