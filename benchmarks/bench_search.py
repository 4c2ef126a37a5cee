"""Search latency at national scale, on SQLite (FTS5) and PostgreSQL, in temporary
databases dropped afterwards.

    python benchmarks/bench_search.py
    BENCH_SEARCH_POSTS=200000 python benchmarks/bench_search.py      # smaller, quicker
    BENCH_SEARCH_ENGINES=sqlite python benchmarks/bench_search.py     # one engine
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres    # the default
    BENCH_SEARCH_PG_DB=pc_search_kept python benchmarks/bench_search.py  # keep and reuse it
    BENCH_SEARCH_DATA=national python benchmarks/bench_search.py     # over seed_demo national

What it loads, by ``BENCH_SEARCH_DATA``:

- ``national``: ``seed_demo --scale national`` (2,000,000 posts in 3,000 communities,
  the library, events, jobs and 150,000 people, indexed by the demo seeder's rebuild),
  searched as the demo member (``member@practicecommons.example``). With
  ``BENCH_SEARCH_PG_DB`` naming a database that already holds it, nothing is loaded.
- ``generated`` (the default, quicker to load): no ``seed_demo``; a search-only
  synthetic set of the target size straight into the index table with bulk inserts
  (``BENCH_SEARCH_POSTS`` replies, default 2,000,000, plus a thread for every ten
  replies, library items, jobs, events and 20,000 people), written from a social-work
  vocabulary with a Zipf-like spread of common and rare words, in 600 communities (70%
  public, 20% members-only, 10% private) so that the permission filter does real work.
  The reader is a signed-in host member in 12 of those communities.

It then runs a set of realistic queries through ``selectors.search`` (the page's and the
API's own path: permission filter in the query, ranking on the bounded candidate set,
the first page of 20 with snippets) and prints p50 and p95 latency per engine, and per
query. Target: p95 under 100 ms on both.
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTS = int(os.environ.get("BENCH_SEARCH_POSTS", "2000000"))
ENGINES = os.environ.get("BENCH_SEARCH_ENGINES", "sqlite,postgresql").split(",")
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "5"))
DATA = os.environ.get("BENCH_SEARCH_DATA", "generated")
NATIONAL_READER = "member@practicecommons.example"
COMMUNITIES = 600
PEOPLE = 20_000

QUERIES = [
    "safeguarding",
    "kinship care assessment",
    "section 47 strategy meeting",
    "child protection conference",
    "mental health act assessment",
    "transition to adult services",
    "domestic abuse",
    "supervision",
    "court report template",
    "early help",
    "contextual safeguarding exploitation",
    "care",
    "siob",
    "neglect chronology",
    "family group conference",
    "restorative practice",
]

DOMAIN = [
    "safeguarding",
    "safeguarded",
    "child",
    "children",
    "family",
    "families",
    "kinship",
    "care",
    "carer",
    "carers",
    "assessment",
    "assessments",
    "section",
    "strategy",
    "meeting",
    "conference",
    "protection",
    "plan",
    "core",
    "group",
    "mental",
    "health",
    "act",
    "amhp",
    "approved",
    "practitioner",
    "transition",
    "adult",
    "adults",
    "services",
    "domestic",
    "abuse",
    "supervision",
    "court",
    "report",
    "template",
    "early",
    "help",
    "exploitation",
    "contextual",
    "neglect",
    "chronology",
    "restorative",
    "practice",
    "fostering",
    "adoption",
    "placement",
    "school",
    "teacher",
    "police",
    "health",
    "visitor",
    "youth",
    "justice",
    "housing",
    "referral",
    "threshold",
    "consent",
    "capacity",
    "advocacy",
    "review",
    "panel",
    "legal",
    "gateway",
    "pre-proceedings",
    "letter",
    "workload",
    "caseload",
    "team",
    "manager",
    "duty",
    "visit",
    "home",
    "reflective",
    "social",
    "worker",
    "multi-agency",
    "mash",
    "lado",
    "risk",
]
NAMES = [
    "Siobhan",
    "Aoife",
    "Ciaran",
    "Niamh",
    "Rhys",
    "Cerys",
    "Eilidh",
    "Callum",
    "Priya",
    "Aisha",
    "Kwame",
    "Tomasz",
    "Zofia",
    "Morgan",
    "Alex",
    "Sam",
    "Jo",
    "Kim",
    "Lee",
    "Pat",
    "Chris",
    "Jamie",
    "Robin",
    "Dana",
    "Ola",
    "Mo",
    "Fay",
    "Ben",
    "Ana",
    "Cy",
    "Dee",
]
SURNAMES = [
    "Kelly",
    "Murphy",
    "Jones",
    "Evans",
    "Campbell",
    "MacLeod",
    "Patel",
    "Khan",
    "Mensah",
    "Nowak",
    "Smith",
    "Brown",
    "Taylor",
    "Wilson",
    "Davies",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    filler = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(6000)]
    words = DOMAIN + filler
    # Zipf-like: the i-th word is drawn with weight 1/(i+1)^0.9; domain words spread
    # through the ranks so some are common and some rare.
    order = list(range(len(words)))
    rng.shuffle(order)
    weights = [0.0] * len(words)
    for rank, index in enumerate(order):
        weights[index] = 1 / (rank + 1) ** 0.9
    return words, weights


def text(rng, words, cum_weights, n) -> str:
    return " ".join(rng.choices(words, cum_weights=cum_weights, k=n))


def load(rng: random.Random) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from practice_commons.accounts.models import User
    from practice_commons.communities.models import (
        Community,
        CommunityMembership,
        MembershipStatus,
    )
    from practice_commons.search import engine
    from practice_commons.search.models import SearchDocument

    now = timezone.now()
    visibilities = ["public"] * 7 + ["members_only"] * 2 + ["private"]
    Community.objects.bulk_create(
        [
            Community(
                name=f"Bench community {i}",
                slug=f"bench-{i}",
                purpose="Benchmark",
                domain_statement="Benchmark",
                visibility=visibilities[i % 10],
            )
            for i in range(COMMUNITIES)
        ],
        batch_size=1000,
    )
    community_ids = list(Community.objects.values_list("pk", flat=True))
    User.objects.bulk_create(
        [
            User(
                email=f"bench{i}@example.org",
                full_name=f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                is_active=True,
            )
            for i in range(PEOPLE)
        ],
        batch_size=5000,
    )
    people = list(User.objects.values_list("pk", "full_name"))
    reader = User.objects.get(email="bench0@example.org")
    CommunityMembership.objects.bulk_create(
        [
            CommunityMembership(community_id=c, user=reader, status=MembershipStatus.ACTIVE)
            for c in rng.sample(community_ids, 12)
        ]
    )
    words, weights = vocabulary(rng)
    weights = list(itertools.accumulate(weights))  # cumulative: one bisect a word
    eng = engine.current()
    columns = (
        "kind, object_id, title, body, heading, url, audience, community_id, thread_id, "
        "closes_on, nations, professions, date, solved, endorsements, indexed_at"
    )
    marks = ", ".join(["%s"] * 16)
    sql = f"INSERT INTO {SearchDocument._meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608
    started = time.perf_counter()
    count = 0

    def rows():
        threads = max(POSTS // 10, 1)
        for t in range(threads):
            community = rng.choice(community_ids)
            title = text(rng, words, weights, rng.randint(4, 9))
            yield (
                "thread",
                t,
                title,
                text(rng, words, weights, rng.randint(30, 90)),
                title,
                f"/t/{t}/",
                "community",
                community,
                t,
                None,
                "",
                "",
                now,
                rng.random() < 0.3,
                0,
            )
            for _ in range(10):
                p = len(seen)
                seen.append(1)
                yield (
                    "post",
                    p,
                    "",
                    text(rng, words, weights, rng.randint(20, 80)),
                    title,
                    f"/t/{t}/#post-{p}",
                    "community",
                    community,
                    t,
                    None,
                    "",
                    "",
                    now,
                    False,
                    0,
                )
        for i in range(20_000):
            kind = rng.choice(["solution", "practice_example", "resource"])
            title = text(rng, words, weights, 6)
            yield (
                kind,
                i,
                title,
                text(rng, words, weights, 150),
                title,
                f"/library/items/{i}/",
                "public" if i % 3 else "community",
                None if i % 3 else rng.choice(community_ids),
                None,
                None,
                "",
                "",
                now,
                False,
                rng.randint(0, 12),
            )
        for i in range(5_000):
            title = text(rng, words, weights, 5)
            yield (
                "job",
                i,
                title,
                text(rng, words, weights, 120),
                title,
                f"/jobs/{i}/",
                "public",
                None,
                None,
                None,
                "",
                "",
                now,
                False,
                0,
            )
            yield (
                "event",
                i,
                title,
                text(rng, words, weights, 80),
                title,
                f"/events/{i}/",
                "public",
                None,
                None,
                None,
                "",
                "",
                now,
                False,
                0,
            )
        for pk, name in people:
            yield (
                "person",
                pk,
                name,
                text(rng, words, weights, 8),
                name,
                "/d/",
                "directory",
                None,
                None,
                None,
                "",
                "",
                now,
                False,
                0,
            )

    seen: list[int] = []
    with transaction.atomic(), eng.bulk_load(), connection.cursor() as cursor:
        batch = []
        for row in rows():
            batch.append((*row, now))
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
                if count % 500_000 < 5000:
                    print(
                        f"  … {count:,} documents ({time.perf_counter() - started:.0f} s)",
                        flush=True,
                    )
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        print(
            f"  inserted {count:,} documents in {time.perf_counter() - started:.0f} s; "
            "building the full-text index…",
            flush=True,
        )
    print(f"  loaded and indexed in {time.perf_counter() - started:.0f} s", flush=True)
    return reader.pk


def measure(reader_id: int, label: str) -> list[float]:
    from django.db import reset_queries

    from practice_commons.accounts.models import User
    from practice_commons.search import selectors

    reader = User.objects.get(pk=reader_id)
    all_times: list[float] = []
    for q in QUERIES:
        selectors.search(reader, q)  # warm the page cache for this query's terms
        times = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            page = selectors.search(reader, q)
            times.append((time.perf_counter() - started) * 1000)
            reset_queries()
        all_times += times
        print(
            f"  {label:10} {q!r:42} count {page.count:>5}{'+' if page.more else ' '} "
            f"median {statistics.median(times):6.1f} ms"
        )
    return all_times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def loaded_reader() -> int | None:
    """The reader of a kept database that an earlier run loaded, if any."""
    from practice_commons.accounts.models import User
    from practice_commons.search.models import SearchDocument

    reader = User.objects.filter(email="bench0@example.org").values_list("pk", flat=True).first()
    return reader if reader and SearchDocument.objects.exists() else None


def generated_reader() -> tuple[int, int]:
    reader = loaded_reader()
    if reader is None:
        print(f"loading {POSTS:,} generated posts …", flush=True)
        reader = load(random.Random(20261202))
    else:
        print("reusing the kept database", flush=True)
    return reader, POSTS


def national_reader() -> tuple[int, int]:
    from django.core.management import call_command

    from practice_commons.accounts.models import User
    from practice_commons.discussions.models import Post

    if not User.objects.filter(email=NATIONAL_READER).exists():
        print("loading seed_demo --scale national …", flush=True)
        call_command("seed_demo", "--scale", "national")
    else:
        print("reusing the kept database", flush=True)
    reader = User.objects.get(email=NATIONAL_READER).pk
    return reader, Post.objects.count()


def run(database_url: str, label: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-search-not-secret")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    reader, posts = national_reader() if DATA == "national" else generated_reader()
    print(f"{label}: searching {posts:,} posts ({DATA} data)", flush=True)
    times = measure(reader, label)
    print(
        f"search on {label}: {posts:,} posts ({DATA}), {len(QUERIES)} queries x {REPEAT}: "
        f"p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms "
        f"(target p95 < 100 ms)",
        flush=True,
    )


def child(engine_name: str) -> None:
    """Each engine in a process of its own (Django is set up once per process)."""
    if engine_name == "sqlite":
        keep = os.environ.get("BENCH_SEARCH_SQLITE_DIR")  # keep the database there
        with tempfile.TemporaryDirectory() as tmp:
            tmp = keep or tmp
            os.environ["VAR_DIR"] = tmp
            run(f"sqlite:///{tmp}/bench.sqlite3", "SQLite")
        return
    import psycopg

    keep = os.environ.get("BENCH_SEARCH_PG_DB")  # keep the database under that name
    name = keep or f"pc_bench_search_{os.getpid()}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        run(urlunsplit(urlsplit(ADMIN_URL)._replace(path=f"/{name}")), "PostgreSQL")
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--engine":
        child(sys.argv[2])
        return
    import subprocess

    failed = False
    for name in ENGINES:
        result = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--engine", name.strip()], cwd=ROOT, check=False
        )
        failed |= result.returncode != 0
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
