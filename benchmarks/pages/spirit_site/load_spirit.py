"""Load the standard discussion shape (``shape.py``) into the Spirit forum: members,
categories for communities, topics for threads, comments for posts (each topic's first
comment is its opening post), with Spirit's own markdown rendering stored as it does on
write. Bulk inserts in streamed batches. Run with Spirit's virtual environment:

    DJANGO_SETTINGS_MODULE=spirit_site.settings python spirit_site/load_spirit.py OUT.json
"""

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from shape import Shape, body_for, distinct_bodies, plan, post_authors  # noqa: E402
from spirit.category.models import Category  # noqa: E402
from spirit.comment.like.models import CommentLike  # noqa: E402
from spirit.comment.models import Comment  # noqa: E402
from spirit.core.utils.markdown import Markdown  # noqa: E402
from spirit.topic.models import Topic  # noqa: E402
from spirit.user.models import UserProfile  # noqa: E402

THREAD_BATCH = 500
COMMENT_BATCH = 5_000


def members(shape: Shape) -> list:
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=f"member{i}",
                email=f"member{i}@bench.example",
                first_name=f"Member {i}",
                password="!",  # noqa: S106 - unusable
            )
            for i in range(shape.members)
        ],
        batch_size=1_000,
    )
    UserProfile.objects.bulk_create(
        [
            UserProfile(user=u, slug=u.username, nickname=u.username, is_verified=True)
            for u in users
        ],
        batch_size=1_000,
    )
    return users


def categories(shape: Shape) -> list[Category]:
    return Category.objects.bulk_create(
        [
            Category(title=f"Community {i}", slug=f"community-{i}", description="A community")
            for i in range(shape.communities)
        ]
    )


def load(shape: Shape, people, places) -> dict:
    now = timezone.now()
    html = {body: Markdown().render(body) for body in distinct_bodies()}
    exact: dict[str, list[int]] = {}
    done = 0
    started = time.perf_counter()
    plans = plan(shape)
    for start in range(0, len(plans), THREAD_BATCH):
        batch = plans[start : start + THREAD_BATCH]
        with transaction.atomic():
            topics = Topic.objects.bulk_create(
                [
                    Topic(
                        user=people[p.author],
                        category=places[p.community],
                        title=p.title,
                        slug=slugify(p.title)[:50],
                        date=now - timedelta(minutes=p.age_minutes),
                        last_active=now - timedelta(minutes=p.age_minutes - p.posts + 1),
                        comment_count=p.posts,
                    )
                    for p in batch
                ]
            )
            pending = []
            for topic, planned in zip(topics, batch, strict=True):
                if planned.exact:
                    exact.setdefault(str(planned.posts), []).append(topic.pk)
                for number, author in enumerate(post_authors(planned, len(people))):
                    body = body_for(planned.index, number)
                    pending.append(
                        Comment(
                            user=people[author],
                            topic=topic,
                            comment=body,
                            comment_html=html[body],
                            date=now - timedelta(minutes=planned.age_minutes - number),
                        )
                    )
                if len(pending) >= COMMENT_BATCH:
                    done += _insert(pending, people)
                    pending = []
            done += _insert(pending, people)
        print(
            f"  topics {start + len(batch):,}/{len(plans):,}, comments {done:,} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return exact


def _insert(comments, people) -> int:
    if not comments:
        return 0
    Comment.objects.bulk_create(comments, batch_size=COMMENT_BATCH)
    likes = []
    for i, c in enumerate(comments):
        if i % 3 == 1:
            likes.append(CommentLike(user=people[(i * 7 + c.topic_id) % len(people)], comment=c))
    CommentLike.objects.bulk_create(likes, batch_size=COMMENT_BATCH, ignore_conflicts=True)
    return len(comments)


def main() -> None:
    shape = Shape.from_env()
    started = time.perf_counter()
    people = members(shape)
    places = categories(shape)
    exact = load(shape, people, places)
    result = {
        "member_id": people[0].pk,
        "category": {"pk": places[0].pk, "slug": places[0].slug},
        "topics": {
            k: [{"pk": t.pk, "slug": t.slug} for t in Topic.objects.filter(pk__in=v)]
            for k, v in exact.items()
        },
        "comments": Comment.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    Path(sys.argv[1]).write_text(json.dumps(result, indent=2))
    print(f"  Spirit loaded in {result['seconds']} s: {result['comments']:,} comments")


if __name__ == "__main__":
    main()
