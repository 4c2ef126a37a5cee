"""The standard discussion shape, the same for Practice Commons and for the peer forum.

Pure Python (no Django), so both loaders (ours, in the project's environment, and the
peer's, in its own virtual environment) build the same threads from the same numbers:

* ``members`` active members, ``communities`` communities (categories for the peer);
* ``threads`` threads spread over the communities with a heavy tail (the first
  community is the busiest: it is the one the benchmark reads);
* ``posts`` posts in all (each thread's opening post included) with a heavy tail of
  thread lengths, and ``exact`` threads of exactly 20 and of exactly 50 posts in the
  first community, the ones the thread pages are measured on.

Everything is drawn from a fixed seed: two runs build the same data.
"""

import os
import random
from dataclasses import dataclass, field

SEED = 20
MAX_THREAD_POSTS = 2_000
EXACT_LENGTHS = (20, 50)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Shape:
    members: int = 1_000
    communities: int = 50
    threads: int = 20_000
    posts: int = 200_000
    exact: int = 5  # threads of exactly 20 posts, and as many of exactly 50

    @classmethod
    def from_env(cls) -> "Shape":
        return cls(
            members=env_int("BENCH_MEMBERS", cls.members),
            communities=env_int("BENCH_COMMUNITIES", cls.communities),
            threads=env_int("BENCH_THREADS", cls.threads),
            posts=env_int("BENCH_POSTS", cls.posts),
            exact=env_int("BENCH_EXACT_THREADS", cls.exact),
        )

    def as_dict(self) -> dict:
        return {
            "members": self.members,
            "communities": self.communities,
            "threads": self.threads,
            "posts": self.posts,
            "exact": self.exact,
        }


@dataclass
class ThreadPlan:
    index: int
    community: int  # index into the communities, 0 is the busiest
    author: int  # index into the members
    posts: int  # including the opening post
    title: str
    age_minutes: int  # how long ago it started
    exact: bool = False
    post_authors: list[int] = field(default_factory=list)


TOPICS = (
    "transfer meetings between locality teams",
    "recording the voice of the child in assessments",
    "joint visits with health visitors",
    "kinship carers' support plans",
    "contextual safeguarding maps",
    "strategy discussions out of hours",
    "supervision when the caseload is high",
    "information sharing with schools",
    "early help assessments that families read",
    "AMHP rota cover at weekends",
    "youth offending panels and education",
    "housing referrals for care leavers",
)
OPENERS = (
    "How do your teams handle",
    "Has anyone found a good way to manage",
    "Looking for experience with",
    "What has worked for you with",
    "Request for examples of",
)
PARAGRAPHS = (
    "We tried a **weekly huddle** with both teams and it cut the handover time in half. "
    "The key was agreeing who writes the summary before the meeting ends.",
    "In our area the health visitors join the first visit when there is a new baby. "
    "It takes planning, but families tell us it feels less like an inspection.",
    "A few things that helped us:\n\n- a shared template\n- one named lead per case\n"
    "- a review date agreed on the day\n\nHappy to share the template.",
    "We found the [practice guidance](https://example.org/guidance) useful, especially "
    "the section on recording what the young person said in their own words.",
    "Not sure this applies everywhere, but our *supervision* notes now start with what the "
    "worker is worried about, not with the case list. It changed the conversation.",
    "Our school liaison meets the designated safeguarding leads once a term. The schools "
    "asked for it after the last review, and attendance has been good.",
    "We are still working this out. The first two months were hard, and we had to be "
    "honest with families about what we could and could not promise.",
    "> Has anyone found a good way to do this?\n\nYes: a short checklist at the front of "
    "the file, reviewed at every visit. It is not perfect but it is read.",
)


def body_for(thread_index: int, number: int) -> str:
    """A realistic markdown body (one to three paragraphs) for post ``number``."""
    n = 1 + (thread_index + number) % 3
    start = (thread_index * 7 + number * 3) % len(PARAGRAPHS)
    return "\n\n".join(PARAGRAPHS[(start + i) % len(PARAGRAPHS)] for i in range(n))


def distinct_bodies() -> list[str]:
    """Every body ``body_for`` can return (so loaders render each once)."""
    cycle = 3 * len(PARAGRAPHS)  # body_for repeats after this many threads and posts
    return sorted({body_for(t, n) for t in range(cycle) for n in range(cycle)})


def _lengths(shape: Shape, rng: random.Random, free: int) -> list[int]:
    """Posts per thread for ``free`` threads, heavy-tailed, summing to what is left."""
    reserved = shape.exact * sum(EXACT_LENGTHS)
    extra = max(shape.posts - reserved - free, 0)
    weights = [rng.paretovariate(1.1) for _ in range(free)]
    total = sum(weights) or 1.0
    lengths = [min(1 + int(extra * w / total), MAX_THREAD_POSTS) for w in weights]
    missing = shape.posts - reserved - sum(lengths)
    i = 0
    while missing > 0 and free:
        if lengths[i % free] < MAX_THREAD_POSTS:
            lengths[i % free] += 1
            missing -= 1
        i += 1
    return lengths


def plan(shape: Shape) -> list[ThreadPlan]:
    """Every thread, oldest first; the exact-length threads are the newest of the first
    community."""
    rng = random.Random(SEED)
    exact = [length for length in EXACT_LENGTHS for _ in range(shape.exact)]
    free = max(shape.threads - len(exact), 0)
    lengths = _lengths(shape, rng, free)
    weights = [1.0 / (c + 1) for c in range(shape.communities)]
    threads = []
    for i in range(free + len(exact)):
        is_exact = i >= free
        community = 0 if is_exact else rng.choices(range(shape.communities), weights)[0]
        n = exact[i - free] if is_exact else lengths[i]
        title = f"{OPENERS[i % len(OPENERS)]} {TOPICS[i % len(TOPICS)]}? ({i + 1})"
        threads.append(
            ThreadPlan(
                index=i,
                community=community,
                author=rng.randrange(shape.members),
                posts=n,
                title=title,
                age_minutes=(free + len(exact) - i) * 3,
                exact=is_exact,
            )
        )
    return threads


def post_authors(thread: ThreadPlan, members: int) -> list[int]:
    """Member indexes for each post of ``thread`` (the opening post is the thread's)."""
    rng = random.Random(SEED * 1_000_003 + thread.index)
    return [thread.author] + [rng.randrange(members) for _ in range(thread.posts - 1)]
