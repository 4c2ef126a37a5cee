#!/usr/bin/env python
"""Digest generation at the large demo scale (~20,000 people).

Builds a throw-away SQLite database in a temporary directory (``migrate`` then
``seed_demo --scale large``), records in-app notifications through ``notify_many`` the
way capabilities do (new threads for random groups of people), then builds and
"sends" every daily and weekly digest batch by batch, exactly as the scheduled task
does, with email going to Django's dummy backend so the figure is the platform's own
work (queries, template rendering, MIME building), not a mail server's.

Prints people per second, digests built, and the queries each batch of 500 costs
(which must not grow with the batch: no per-person queries).

    python benchmarks/bench_digest.py [--scale large] [--batch-size 500] [--db PATH]

``--db`` reuses (or keeps) a database so the seeding is paid once.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _prepare_environment(db_path: Path, var_dir: Path, batch_size: int) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{db_path}",
            "VAR_DIR": str(var_dir),
            "EMAIL_URL": "dummymail://",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret"),
            "NOTIFICATIONS_DIGEST_BATCH_SIZE": str(batch_size),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)


def _manage(*args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def _record_notifications(rng: random.Random, user_ids: list[int]) -> tuple[int, float]:
    """New threads in busy communities: 400 events, each telling 20–150 people."""
    from practice_commons.notifications import services
    from practice_commons.notifications.kinds import NotificationKind

    started = time.perf_counter()
    total = 0
    for event in range(400):
        recipients = rng.sample(user_ids, rng.randint(20, 150))
        total += services.notify_many(
            recipients=recipients,
            kind=NotificationKind.NEW_THREAD,
            title=f"New thread: sharing practice on multi-agency meetings ({event})",
            url=f"/communities/{event % 40 + 1}/threads/{event}/",
            body="A practitioner asks how others run strategy discussions with schools.",
            community_id=event % 40 + 1,
        )
    return total, time.perf_counter() - started


def _set_frequencies(rng: random.Random, user_ids: list[int]) -> None:
    from practice_commons.notifications.kinds import DigestFrequency
    from practice_commons.notifications.models import NotificationSettings

    NotificationSettings.objects.all().delete()
    choices = [DigestFrequency.DAILY] * 3 + [DigestFrequency.WEEKLY] * 6 + [DigestFrequency.OFF]
    NotificationSettings.objects.bulk_create(
        [
            NotificationSettings(user_id=uid, digest_frequency=rng.choice(choices))
            for uid in user_ids
        ],
        batch_size=2000,
    )


def _run_period(period: str, batch_size: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from practice_commons.accounts.models import User
    from practice_commons.notifications import services

    ids = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    as_of = timezone.now()
    queries, seconds, sent = [], [], 0
    started = time.perf_counter()
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        batch_started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            sent += services.digest_send_batch(
                period=period, as_of=as_of, first_id=chunk[0], last_id=chunk[-1]
            )
        seconds.append(time.perf_counter() - batch_started)
        queries.append(len(captured))
    elapsed = time.perf_counter() - started
    return {
        "people": len(ids),
        "batches": len(queries),
        "sent": sent,
        "elapsed": elapsed,
        "queries": queries,
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="large", choices=["small", "large", "national"])
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--db", type=Path, help="Reuse or keep this SQLite file.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-digest-"))
    db_path = args.db or workdir / "db.sqlite3"
    _prepare_environment(db_path, workdir / "var", args.batch_size)
    if not db_path.exists():
        started = time.perf_counter()
        _manage("migrate", "--noinput")
        _manage("seed_demo", "--scale", args.scale)
        print(f"seeded the {args.scale} demo scale in {time.perf_counter() - started:.1f} s")

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from practice_commons.accounts.models import User
    from practice_commons.notifications.models import DigestRun, Notification

    rng = random.Random(20250311)
    Notification.objects.all().delete()
    DigestRun.objects.all().delete()
    user_ids = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    _set_frequencies(rng, user_ids)
    recorded, notify_seconds = _record_notifications(rng, user_ids)
    print(
        f"notify_many: {recorded:,} notifications recorded in {notify_seconds:.2f} s "
        f"({recorded / notify_seconds:,.0f}/s)"
    )

    for period in ("daily", "weekly"):
        result = _run_period(period, args.batch_size)
        per_batch = result["queries"]
        print(
            f"{period:>6} digests: {result['people']:,} people in {result['batches']} batches "
            f"of {args.batch_size}, {result['sent']:,} digests built and sent in "
            f"{result['elapsed']:.2f} s = {result['people'] / result['elapsed']:,.0f} people/s; "
            f"queries per batch min {min(per_batch)} / median {statistics.median(per_batch):.0f}"
            f" / max {max(per_batch)}; "
            f"median batch {statistics.median(result['seconds']) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
