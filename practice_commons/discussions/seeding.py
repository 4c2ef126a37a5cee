"""Demo threads for ``manage.py seed_demo``: discovered by ``core.seeding``.

Rows are inserted in bulk, not through the services: the texts are fixed, vetted demo
text (``tests/test_seeding.py`` runs each through the guard), and seeding must not send
notifications. Every random choice comes from ``ctx.rng``.
"""

from datetime import timedelta
from functools import cache

from django.utils import timezone

from practice_commons.communities.models import Community, CommunityMembership, MembershipStatus
from practice_commons.core.markdown import render_markdown
from practice_commons.core.seeding import SeedContext, register_seeder

from .kinds import spec_for
from .models import Post, Reaction, ReactionKind, Thread, ThreadFollow
from .seeding_content import DEMO_THREADS
from .seeding_volume import seed_volume

THREADS_PER_COMMUNITY = {"small": 8, "large": 12, "national": 14}
# The hand-made threads go to the first communities; the national scale's volume of
# posts (``seeding_volume``) is spread over all of them.
MAX_COMMUNITIES = {"small": 40, "large": 400, "national": 600}


@cache
def _html(body: str) -> str:
    """Each demo text rendered once (bulk inserts skip ``Post.save``)."""
    return render_markdown(body)


def _details(demo, now):
    """The demo's details with day offsets turned into ISO dates."""
    details, key_date = {}, None
    spec = spec_for(demo.kind)
    for f in spec.extra_fields:
        value = demo.details.get(f.name)
        if value is None:
            continue
        if f.kind == "date":
            day = (now + timedelta(days=int(value))).date()
            details[f.name] = day.isoformat()
            if f.key_date:
                key_date = day
        else:
            details[f.name] = value
    return details, key_date


def seed_discussions(ctx: SeedContext) -> None:
    rng = ctx.rng
    now = timezone.now()
    per_community = THREADS_PER_COMMUNITY.get(ctx.scale.name, 8)
    communities = list(
        Community.objects.filter(archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "allow_anonymous_questions")[: MAX_COMMUNITIES.get(ctx.scale.name, 40)]
    )
    made = 0
    for community_id, allows_anonymous in communities:
        members = list(
            CommunityMembership.objects.filter(
                community_id=community_id, status=MembershipStatus.ACTIVE
            )
            .order_by("user_id")
            .values_list("user_id", "role")
        )
        if len(members) < 2:
            continue
        member_ids = [m[0] for m in members]
        moderators = [m[0] for m in members if m[1] in ("owner", "facilitator")] or member_ids
        demos = rng.sample(DEMO_THREADS, k=min(per_community, len(DEMO_THREADS)))
        for demo in demos:
            _seed_thread(
                ctx, rng, now, community_id, demo, member_ids, moderators, allows_anonymous
            )
            made += 1
    ctx.log(f"    discussions: {made:,} threads in {len(communities):,} communities")


def _seed_thread(ctx, rng, now, community_id, demo, member_ids, moderators, allows_anonymous):
    started = now - timedelta(
        days=rng.randint(2, 200), hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
    )
    author_id = rng.choice(member_ids)
    anonymous = demo.anonymous and allows_anonymous
    details, key_date = _details(demo, now)
    repliers = [m for m in member_ids if m != author_id] or member_ids
    thread = Thread.objects.create(
        community_id=community_id,
        kind=demo.kind,
        title=demo.title,
        author_id=author_id,
        is_anonymous=anonymous,
        details=details,
        key_date=key_date,
        created_at=started,
        last_activity_at=started,
        last_post_number=len(demo.replies),
        reply_count=len(demo.replies),
        is_pinned=rng.random() < 0.05,
    )
    posts = [
        Post(
            thread=thread,
            number=0,
            is_opening=True,
            author_id=author_id,
            is_anonymous=anonymous,
            body=demo.body,
            created_at=started,
        )
    ]
    at = started
    for number, body in enumerate(demo.replies, start=1):
        at = at + timedelta(hours=rng.randint(1, 40), minutes=rng.randint(0, 59))
        posts.append(
            Post(
                thread=thread,
                number=number,
                author_id=rng.choice(repliers),
                body=body,
                created_at=min(at, now),
            )
        )
    for post in posts:
        post.body_html = _html(post.body)
    Post.objects.bulk_create(posts)
    last = posts[-1].created_at
    update = {"last_activity_at": last}
    if demo.answer is not None and demo.answer < len(demo.replies):
        answer = posts[demo.answer + 1]
        update.update(
            answer_id=answer.pk,
            answered_at=min(last + timedelta(hours=2), now),
            answered_by_id=author_id if rng.random() < 0.8 else rng.choice(moderators),
        )
    Thread.objects.filter(pk=thread.pk).update(**update)
    reactions = []
    for post in posts:
        for kind in ReactionKind.values:
            for user_id in rng.sample(member_ids, k=min(len(member_ids), rng.randint(0, 4))):
                if user_id != post.author_id:
                    reactions.append(
                        Reaction(post=post, user_id=user_id, kind=kind, created_at=post.created_at)
                    )
    Reaction.objects.bulk_create(reactions, ignore_conflicts=True, batch_size=ctx.batch_size)
    followers = {author_id} | {p.author_id for p in posts}
    ThreadFollow.objects.bulk_create(
        [ThreadFollow(user_id=u, thread=thread) for u in sorted(followers)], ignore_conflicts=True
    )


def reset_discussions(ctx: SeedContext) -> None:
    Thread.objects.all().delete()


register_seeder("discussions", seed_discussions, order=300, reset=reset_discussions)
register_seeder("discussions_volume", seed_volume, order=310)
