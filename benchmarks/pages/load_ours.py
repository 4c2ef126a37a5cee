"""Load the standard discussion shape (``shape.py``) into a Practice Commons database that
``seed_demo`` has already filled, with bulk inserts in streamed batches.

Run from the repository root with the project's settings in the environment:

    python benchmarks/pages/load_ours.py OUTPUT.json

The demo member (``member@…``) is member 0 and belongs to every benchmark community, so
the pages are read as a member who may post. Writes what the benchmark needs to find its
pages (community slug, thread ids) to OUTPUT.json.
"""

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from shape import Shape, body_for, distinct_bodies, plan, post_authors  # noqa: E402

from practice_commons.accounts.models import User  # noqa: E402
from practice_commons.communities.models import (  # noqa: E402
    Community,
    CommunityMembership,
    MembershipStatus,
    Role,
    Visibility,
)
from practice_commons.core.markdown import render_markdown  # noqa: E402
from practice_commons.discussions.kinds import ThreadKind  # noqa: E402
from practice_commons.discussions.models import Post, Reaction, Thread  # noqa: E402

MEMBER_EMAIL = "member@practicecommons.example"
THREAD_BATCH = 500
POST_BATCH = 5_000
HAS_HTML = any(f.name == "body_html" for f in Post._meta.get_fields())


def members(shape: Shape) -> list[User]:
    """The demo member first, then named people from the demo data, then new people if
    the demo data has too few."""
    member = User.objects.get(email=MEMBER_EMAIL)
    others = list(
        User.objects.exclude(pk=member.pk)
        .exclude(full_name="")
        .filter(is_active=True)
        .order_by("pk")[: shape.members - 1]
    )
    missing = shape.members - 1 - len(others)
    if missing > 0:
        User.objects.bulk_create(
            [
                User(email=f"bench-{i}@bench.example", full_name=f"Bench Member {i}", password="!")  # noqa: S106 - unusable
                for i in range(missing)
            ],
            batch_size=1_000,
        )
        others += list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
    return [member, *others[: shape.members - 1]]


def communities(shape: Shape) -> list[Community]:
    """Existing top-level communities, public ones first (the busiest is public)."""
    found = list(
        Community.objects.filter(parent__isnull=True, archived_at__isnull=True)
        .exclude(visibility=Visibility.PRIVATE)
        .select_related("current_rules")
        .order_by("-visibility", "pk")[: shape.communities]
    )
    found.sort(key=lambda c: (c.visibility != Visibility.PUBLIC, c.pk))
    if len(found) < shape.communities:
        print(f"  only {len(found)} communities to use (asked for {shape.communities})")
    return found


def join_everyone(people: list[User], places: list[Community]) -> None:
    """Every member an active member who has accepted the current rules."""
    now = timezone.now()
    for community in places:
        version = community.current_rules.version if community.current_rules else None
        CommunityMembership.objects.bulk_create(
            [
                CommunityMembership(
                    community=community,
                    user=person,
                    role=Role.MEMBER,
                    status=MembershipStatus.ACTIVE,
                    accepted_rules_version=version,
                    joined_at=now,
                )
                for person in people
            ],
            batch_size=2_000,
            ignore_conflicts=True,
        )
        CommunityMembership.objects.filter(community=community, user__in=people).update(
            status=MembershipStatus.ACTIVE, accepted_rules_version=version, muted_until=None
        )


def _post_rows(thread: Thread, planned, people, now, html) -> list[Post]:
    rows = []
    authors = post_authors(planned, len(people))
    for number, author in enumerate(authors):
        body = body_for(planned.index, number)
        post = Post(
            thread=thread,
            number=number,
            is_opening=number == 0,
            author=people[author],
            body=body,
            created_at=now - timedelta(minutes=planned.age_minutes - number),
        )
        if HAS_HTML:
            post.body_html = html[body]
        rows.append(post)
    return rows


def load_threads(shape: Shape, people, places) -> dict:
    now = timezone.now()
    html = {body: render_markdown(body) for body in distinct_bodies()}
    kinds = list(ThreadKind.values)
    plans = [p for p in plan(shape) if p.community < len(places)]
    exact: dict[int, list[int]] = {}
    posts_done = 0
    started = time.perf_counter()
    for start in range(0, len(plans), THREAD_BATCH):
        batch = plans[start : start + THREAD_BATCH]
        with transaction.atomic():
            threads = Thread.objects.bulk_create(
                [
                    Thread(
                        community=places[p.community],
                        kind=kinds[p.index % len(kinds)],
                        title=p.title,
                        author=people[p.author],
                        created_at=now - timedelta(minutes=p.age_minutes),
                        last_activity_at=now - timedelta(minutes=p.age_minutes - p.posts + 1),
                        last_post_number=p.posts - 1,
                        reply_count=p.posts - 1,
                    )
                    for p in batch
                ]
            )
            pending: list[Post] = []
            for thread, planned in zip(threads, batch, strict=True):
                if planned.exact:
                    exact.setdefault(planned.posts, []).append(thread.pk)
                pending += _post_rows(thread, planned, people, now, html)
                if len(pending) >= POST_BATCH:
                    posts_done += _insert_posts(pending, people)
                    pending = []
            posts_done += _insert_posts(pending, people)
        print(
            f"  threads {start + len(batch):,}/{len(plans):,}, posts {posts_done:,} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    _mark_answers(min(t for ids in exact.values() for t in ids) if exact else 0)
    return {str(length): ids for length, ids in exact.items()}


def _insert_posts(posts: list[Post], people) -> int:
    if not posts:
        return 0
    Post.objects.bulk_create(posts, batch_size=POST_BATCH)
    Reaction.objects.bulk_create(
        [
            Reaction(post=p, user=people[(p.number * 7 + p.thread_id) % len(people)], kind=kind)
            for p in posts
            if p.number % 3 == 1
            for kind in (("helpful",) if p.number % 2 else ("helpful", "thanks"))
        ],
        batch_size=POST_BATCH,
        ignore_conflicts=True,
    )
    return len(posts)


def _mark_answers(first_exact: int) -> None:
    """One thread in five is solved by its first reply (not the measured threads)."""
    threads, posts = Thread._meta.db_table, Post._meta.db_table
    sql = (
        f"UPDATE {threads} AS t SET answer_id = p.id, answered_at = p.created_at"  # noqa: S608
        f" FROM {posts} AS p WHERE p.thread_id = t.id AND p.number = 1"
        " AND mod(t.id, 5) = 0 AND t.answer_id IS NULL AND t.id < %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first_exact or 2**62])
        cursor.execute("ANALYZE")


def main() -> None:
    out = Path(sys.argv[1])
    shape = Shape.from_env()
    started = time.perf_counter()
    people = members(shape)
    places = communities(shape)
    join_everyone(people, places)
    exact = load_threads(shape, people, places)
    result = {
        "member_id": people[0].pk,
        "member_email": people[0].email,
        "community": places[0].slug,
        "communities": len(places),
        "threads": dict(exact),
        "posts": Post.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    out.write_text(json.dumps(result, indent=2))
    print(f"  discussion shape loaded in {result['seconds']} s: {result['posts']:,} posts in all")


if __name__ == "__main__":
    main()
