#!/usr/bin/env python
"""Events: registration throughput through the locked, audited service, and the cost of
the list and month pages with many events.

Builds a throw-away SQLite database (``migrate``, ``seed_demo --scale small``), adds
``--events`` published events in the next month, then

* registers ``--people`` people one after another at an event with 50 places (each a
  transaction that locks the event and counts places), printing registrations a second;
* renders the upcoming list and the month calendar as a signed-in member, printing
  milliseconds and queries (the query count must not grow with the number of events).

    python benchmarks/bench_events.py [--events 2000] [--people 500] [--db PATH]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _prepare(db_path: Path, var_dir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": f"sqlite:///{db_path}",
            "VAR_DIR": str(var_dir),
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret"),
            "TASKS_IMMEDIATE": "1",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
        }
    )
    os.environ.pop("REDIS_URL", None)


def _manage(*args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite3"
        _prepare(db, Path(tmp))
        fresh = not db.exists()
        _manage("migrate", "--noinput")
        if fresh:
            _manage("seed_demo", "--scale", "small")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        run(args)


def run(args) -> None:
    from datetime import timedelta
    from decimal import Decimal

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from practice_commons.accounts.models import User
    from practice_commons.accounts.tests.factories import UserFactory
    from practice_commons.events import services
    from practice_commons.events.models import Event

    admin = User.objects.filter(host_role="host_admin").first() or UserFactory(
        host_role="host_admin"
    )
    now = timezone.now()
    Event.objects.bulk_create(
        [
            Event(
                title=f"Benchmark event {i}",
                description="Joint training.",
                kind="joint_training",
                status="published",
                organiser=admin,
                starts_at=now + timedelta(days=1 + i % 28, hours=i % 8),
                ends_at=now + timedelta(days=1 + i % 28, hours=i % 8 + 2),
                venue="Hall",
                capacity=30,
                cpd_hours=Decimal(2),
            )
            for i in range(args.events)
        ],
        batch_size=500,
    )

    start = now + timedelta(days=3)
    event = services.event_create(
        actor=admin,
        publish=True,
        data={
            "title": "Benchmark: one event",
            "description": "Capacity 50.",
            "kind": "joint_training",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "venue": "Hall",
            "capacity": 50,
        },
    )
    people = [UserFactory() for _ in range(args.people)]
    began = time.perf_counter()
    for person in people:
        services.registration_create(actor=person, event=event)
    elapsed = time.perf_counter() - began
    print(
        f"registrations: {args.people} in {elapsed:.2f} s = "
        f"{args.people / elapsed:,.0f} a second (SQLite, one at a time)"
    )

    client = Client()
    client.force_login(people[0])
    local = timezone.localtime(now + timedelta(days=10))
    for label, url in (
        ("list", "/events/"),
        ("month", f"/events/calendar/{local.year}/{local.month}/"),
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, response.status_code
        print(
            f"{label} page with {Event.objects.count():,} events: {ms:.0f} ms, "
            f"{len(queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    main()
